"""People and organisations named in article text, and the spellings that are one actor.

Finding (``find_actors``), with words from ``articles/lexicon/<lang>/actors.yaml`` and the shared
``articles/lexicon/organisations.yaml``:

* Organisations: every alias in every language, whole words, the longest match first. Aliases
  without a lower-case letter ("UN", "FAR") and the ``exact`` ones match in their own case only;
  the others ignore case and accents. "(FAR)" right after the Royal Armed Forces is not a second
  mention.
* People, never inside an organisation's name. A *name* is a run of capitalised words (name
  particles such as "ould" may be lower case inside it, a Roman numeral may end it, stopwords,
  titles, months and places end it) with 2-6 words, two of them not particles. It is a person when

  1. a title chain stands before it ("Colonel-Engineer", "His Excellency President",
     "le général de corps d'armée", "le président mauritanien");
  2. an apposition follows it: ", " then a title or role word, after a determiner and up to two
     words if there is one ("Abdellatif Loudiyi, Minister Delegate in charge of …");
  3. an apposition ends right before it: "<determiner> [two words] <title or role word> …, "
     ("the Minister of Foreign Affairs, Nasser Bourita");
  4. it is another spelling of a person found by 1-3 in the same text.

  One word alone ("General Chaâbane", "Ghazouani", "El-Ghali") is a person only as the surname of
  someone named in full in the same text (the nearest one before it, else the first after). Such a
  mention keeps the offsets of the word but carries the full name, so ``name`` is not always
  ``text[start:end]``.
* ``role`` is the apposition (the following one first), cut at the end of its clause and dropped
  when longer than ``MAX_ROLE_WORDS``; ``title`` is the title chain, else the title the role opens
  with.

Spellings: ``name_key`` folds accents and case and applies the transliteration rules of every
language's ``spelling`` section. ``same_person`` compares names word by word, leaving out particles
("El", "Ould"): the first and last words must agree and the shorter name's other words must appear
in order in the longer one. Two words agree when their keys are equal; when both are known given
names, only if they are spellings of the same one; otherwise when their consonants agree, they
start with the same letter and their rapidfuzz ratio is at least 50 ("Messaoud" ~ "Massoud"),
or when the ratio is at least 88 (typos).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from articles import lexicon
from articles.text import fold
from articles.windows import DisjointSpans, SpanSet

MAX_NAME_WORDS = 6
MAX_ROLE_WORDS = 16
MAX_ROLE_LEAD = 2  # words between a determiner and the role word: "his new Mauritanian counterpart"

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_GAP = re.compile(r"[ \t\u00a0]+")
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
_ROLE_END = re.compile(r"[,;:!?\n\"“”«»]|\.(?=\s|$)")
_CLAUSE_END = re.compile(r"[,;:!?\n]|\.(?=\s)")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class ActorMention:
    start: int  # offsets of the name (not the title) in the text searched
    end: int
    name: str
    kind: str  # "person" | "organisation"
    title: str | None = None
    role: str | None = None
    org_id: str | None = None

    @classmethod
    def from_json(cls, data: dict) -> ActorMention:
        """From the analysis payload's ``actors`` list (``dataclasses.asdict`` of one)."""
        return cls(
            data["start"],
            data["end"],
            data["name"],
            data["kind"],
            data.get("title"),
            data.get("role"),
            data.get("org_id"),
        )


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    titles: set[str] = field(default_factory=set)
    spellings: dict[str, set[str]] = field(default_factory=dict)  # spelling -> source ids


# Word lists


def _phrase(words: str, sep: str = r"[ \t-]+") -> str:
    return sep.join(re.escape(w) for w in re.split(r"[\s-]+", words.strip()) if w)


def _alternation(phrases: Iterable[str]) -> str:
    unique = sorted({fold(p).strip() for p in phrases if str(p).strip()}, key=len, reverse=True)
    return "(?:" + "|".join(_phrase(p) for p in unique) + ")" if unique else "(?!)"


@dataclass(frozen=True)
class _Words:
    title_chain: re.Pattern
    modifiers: re.Pattern
    role_after: re.Pattern
    role_before: re.Pattern
    comma_before: re.Pattern
    particles: frozenset[str]
    ignored: frozenset[str]
    stop: frozenset[str]


@cache
def _words(language: str) -> _Words:
    data = lexicon.load("actors", language)
    dates = lexicon.load("dates", language)
    titles = [str(t) for t in data.get("titles", [])]
    roles = [*titles, *(str(r) for r in data.get("role_words", []))]
    dets = [str(d) for d in data.get("determiners", [])]
    title = _alternation(titles)
    det = _alternation(dets)
    role = _alternation(roles)
    det_gap = r"(?:[ \t]+|(?<='))"
    lead = rf"(?:[\w'-]+[ \t]+){{0,{MAX_ROLE_LEAD}}}?"
    calendar = [w for key in ("months", "weekdays") for names in dates.get(key, []) for w in names]
    stop = {fold(str(w)) for w in [*data.get("stopwords", []), *calendar, *dets]}
    stop |= {w for phrase in roles for w in re.split(r"[\s-]+", fold(phrase).rstrip(".")) if w}
    return _Words(
        title_chain=re.compile(rf"(?<![\w-]){title}(?:[ \t]+(?:{det}{det_gap})?{title})*(?!\w)"),
        modifiers=re.compile(rf"(?:[ \t]+{_alternation(data.get('title_modifiers', []))}(?!\w))*"),
        role_after=re.compile(
            rf",[ \t]+(?:{det}{det_gap}(?P<lead>{lead}{role})|(?P<bare>{role}))(?!\w)"
        ),
        role_before=re.compile(rf"(?<![\w']){det}{det_gap}(?P<lead>{lead}{role})(?!\w)"),
        comma_before=re.compile(rf",[ \t]+(?:{det}{det_gap})?$"),
        particles=frozenset(fold(str(p)) for p in data.get("particles", [])),
        ignored=frozenset(fold(str(p)) for p in data.get("ignored_particles", [])),
        stop=frozenset(stop),
    )


@dataclass(frozen=True)
class _OrgIndex:
    folded: re.Pattern
    exact: re.Pattern
    ids: dict[str, str]  # folded alias (or exact alias) -> organisation id
    names: dict[str, str]  # organisation id -> display name


def _is_exact(alias: str) -> bool:
    return not any(c.islower() for c in alias) and any(c.isupper() for c in alias)


@cache
def _org_index() -> _OrgIndex:
    ids: dict[str, str] = {}
    folded: list[str] = []
    exact: list[str] = []
    names: dict[str, str] = {}
    for org in lexicon.load("organisations").get("organisations", []):
        names[org["id"]] = org["name"]
        aliases = [str(a) for per_lang in org.get("aliases", {}).values() for a in per_lang]
        for alias in [*aliases, *(str(a) for a in org.get("exact", []))]:
            if _is_exact(alias) or alias in org.get("exact", []):
                exact.append(alias)
                ids.setdefault(_norm_alias(alias), org["id"])
            else:
                folded.append(alias)
                ids.setdefault(_norm_alias(fold(alias)), org["id"])
    exact_alt = "|".join(
        _phrase(a, r"[ \t\u00a0-]+") for a in sorted(set(exact), key=len, reverse=True)
    )
    return _OrgIndex(
        folded=re.compile(rf"(?<!\w)(?=({_alternation(folded)})(?!\w))"),
        exact=re.compile(rf"(?<!\w)(?=({exact_alt or '(?!)'})(?!\w))"),
        ids=ids,
        names=names,
    )


def _norm_alias(alias: str) -> str:
    return " ".join(re.split(r"[\s-]+", alias.strip()))


def organisation_name(org_id: str) -> str | None:
    """The display name of a curated organisation."""
    return _org_index().names.get(org_id)


# Finding


def find_organisations(text: str) -> list[ActorMention]:
    """Curated organisations named in ``text``: longest first, never overlapping."""
    index = _org_index()
    found = []
    for pattern, source, key in ((index.folded, fold(text), fold), (index.exact, text, str)):
        for m in pattern.finditer(source):
            org_id = index.ids.get(_norm_alias(key(m.group(1))))
            if org_id:
                found.append((m.start(), m.start() + len(m.group(1)), org_id))
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    kept: list[tuple[int, int, str]] = []
    free = DisjointSpans()
    for start, end, org_id in found:
        if free.add(start, end):
            kept.append((start, end, org_id))
    kept.sort()
    out: list[ActorMention] = []
    for start, end, org_id in kept:
        if out and out[-1].org_id == org_id and _bracketed(text, out[-1].end, start, end):
            continue
        name = " ".join(text[start:end].split())
        out.append(ActorMention(start, end, name, "organisation", org_id=org_id))
    return out


def _bracketed(text: str, prev_end: int, start: int, end: int) -> bool:
    return bool(re.fullmatch(r"\s*\(\s*", text[prev_end:start])) and text[end:].lstrip()[:1] == ")"


@dataclass(frozen=True)
class _Run:
    """Capitalised words one space apart: the material names are cut from."""

    tokens: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.tokens[0][0]

    @property
    def end(self) -> int:
        return self.tokens[-1][1]


def _token_kind(word: str, words: _Words) -> str | None:
    if word.isascii() and word.islower():  # most words of a text: folding would not change it
        return "particle" if word in words.particles else None
    low = fold(word)
    if low in words.particles:
        return "particle"
    if _ROMAN.fullmatch(word):
        return "roman"
    if not word[0].isupper() or not any(c.islower() for c in word):
        return None
    if low in words.stop or any(part in words.stop for part in low.split("-") if part):
        return None
    return "word"


def _runs(text: str, words: _Words, blocked: Sequence[tuple[int, int]]) -> list[_Run]:
    """Maximal name-like runs, split at Roman numerals, without dangling particles."""
    runs: list[_Run] = []
    current: list[tuple[int, int, str]] = []
    blocked_spans = SpanSet(blocked)

    def close() -> None:
        while current and (
            current[-1][2] == "particle" or (current[-1][2] == "roman" and len(current) == 1)
        ):
            current.pop()
        while current and current[0][2] != "word" and not text[current[0][0]].isupper():
            current.pop(0)
        if current:
            runs.append(_Run(tuple((s, e) for s, e, _ in current)))
        current.clear()

    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
        kind = _token_kind(text[start:end], words)
        if kind is None or blocked_spans.overlaps(start, end):
            close()
            continue
        if current and not _GAP.fullmatch(text, current[-1][1], start):
            close()
        if kind == "roman" and not current:
            continue
        current.append((start, end, kind))
        if kind == "roman":
            close()
    close()
    return runs


def _name(text: str, tokens: Sequence[tuple[int, int]]) -> str:
    return " ".join(text[tokens[0][0] : tokens[-1][1]].split())


def _core_count(name: str, words: _Words) -> int:
    return sum(1 for w in name.split() if fold(w) not in words.ignored)


def _role_after(
    text: str, folded: str, end: int, words: _Words, taken: set[int]
) -> tuple[int, str] | None:
    """The apposition after a name: ", head of …", ", le commandant de …"."""
    m = words.role_after.match(folded, end)
    if not m:
        return None
    start = m.start("lead") if m.group("lead") else m.start("bare")
    role = None if start in taken else _role_text(text, start)
    return (start, role) if role else None


def _role_text(text: str, start: int, end: int | None = None) -> str | None:
    if end is None:
        stop = _ROLE_END.search(text, start)
        end = stop.start() if stop else len(text)
    role = " ".join(text[start:end].split()).strip(" -–—")
    return role if role and len(role.split()) <= MAX_ROLE_WORDS else None


def _clause_start(folded: str, position: int) -> int:
    """Where the clause holding ``position`` starts: after the last clause end before it. Looks
    back in growing windows, so a long article is not scanned from its start for every name."""
    reach = 256
    while True:
        lo = max(0, position - reach)
        ends = [m.end() for m in _CLAUSE_END.finditer(folded, lo, position)]
        if ends or lo == 0:  # a clause end is one character: one in the window is the last
            return ends[-1] if ends else 0
        reach *= 4


def _role_before(text: str, folded: str, start: int, words: _Words) -> tuple[int, str] | None:
    """The apposition in the clause ending in ", " just before ``start``."""
    window = max(0, start - 12)
    comma = words.comma_before.search(folded[window:start])
    if not comma:
        return None
    comma_at = window + comma.start()
    clause_start = _clause_start(folded, comma_at)
    m = words.role_before.search(folded, clause_start, comma_at)
    role = _role_text(text, m.start("lead"), comma_at) if m else None
    return (m.start("lead"), role) if m and role else None


def _role(
    text: str, folded: str, run: _Run, before: int, words: _Words, taken: set[int]
) -> tuple[int, str] | None:
    return _role_after(text, folded, run.end, words, taken) or _role_before(
        text, folded, before, words
    )


def _title_at(text: str, folded: str, position: int, words: _Words) -> str | None:
    m = words.title_chain.match(folded, position)
    return " ".join(text[m.start() : m.end()].split()) if m else None


@dataclass
class _Person:
    start: int
    end: int
    name: str
    title: str | None
    role: str | None
    full: bool  # a name of two words or more; otherwise a surname waiting for one

    def mention(self) -> ActorMention:
        return ActorMention(self.start, self.end, self.name, "person", self.title, self.role)


def _titled(
    text: str, folded: str, runs: dict[int, _Run], words: _Words
) -> tuple[list[_Person], set[int]]:
    """People named after a title chain, and where those chains start."""
    found: list[tuple[int, _Run, str]] = []
    for m in words.title_chain.finditer(folded):
        pos = words.modifiers.match(folded, m.end()).end()
        gap = _GAP.match(folded, pos)
        run = runs.get(gap.end()) if gap else None
        if run is not None and len(run.tokens) <= MAX_NAME_WORDS:
            found.append((m.start(), run, " ".join(text[m.start() : m.end()].split())))
    chain_starts = {start for start, _, _ in found}
    people = []
    for start, run, title in found:
        name = _name(text, run.tokens)
        role = _role(text, folded, run, start, words, chain_starts)
        full = _core_count(name, words) >= 2
        people.append(_Person(run.start, run.end, name, title, role[1] if role else None, full))
    return people, chain_starts


def _apposed(
    text: str, folded: str, runs: Iterable[_Run], words: _Words, chain_starts: set[int]
) -> list[_Person]:
    """Untitled names with an apposition: "Omar Hilal, …", "…, Nasser Bourita"."""
    people = []
    for run in runs:
        name = _name(text, run.tokens)
        if len(run.tokens) > MAX_NAME_WORDS or _core_count(name, words) < 2:
            continue
        role = _role(text, folded, run, run.start, words, chain_starts)
        if role is not None:
            title = _title_at(text, folded, role[0], words)
            people.append(_Person(run.start, run.end, name, title, role[1], True))
    return people


def _surname(name: str) -> str | None:
    core = [t for t in _tokens(name) if not t.particle and not _ROMAN.fullmatch(t.raw.upper())]
    return core[-1].key if core else None


def _by_surname(known: Sequence[_Person]) -> dict[str, list[_Person]]:
    """People named in full, by surname key, in text order."""
    out: dict[str, list[_Person]] = {}
    for k in sorted(known, key=lambda k: k.start):
        key = _surname(k.name)
        if key:
            out.setdefault(key, []).append(k)
    return out


def _full_name_for(word: _Person, by_surname: dict[str, list[_Person]]) -> str | None:
    """The last person named in full before ``word`` with its surname, else the first after."""
    key = _surname(word.name)
    matches = by_surname.get(key, []) if key else []
    if not matches:
        return None
    i = bisect_left(matches, word.start, key=lambda k: k.start)
    return matches[i - 1].name if i else matches[0].name


def find_actors(text: str, language: str) -> list[ActorMention]:
    """People and organisations in ``text``, sorted by offset; see the module docstring."""
    words = _words(language)
    folded = fold(text)
    orgs = find_organisations(text)
    runs = _runs(text, words, [(o.start, o.end) for o in orgs])
    titled, chain_starts = _titled(text, folded, {r.start: r for r in runs}, words)
    taken = SpanSet((p.start, p.end) for p in titled)
    free = [r for r in runs if not taken.overlaps(r.start, r.end)]
    people = sorted(
        [*titled, *_apposed(text, folded, free, words, chain_starts)], key=lambda p: p.start
    )
    known = [p for p in people if p.full]
    known_names = list(dict.fromkeys(k.name for k in known))
    spelling_of_known: dict[str, bool] = {}  # a long article repeats its names: ask once each

    def is_known(name: str) -> bool:
        if name not in spelling_of_known:
            spelling_of_known[name] = any(same_person(name, k) for k in known_names)
        return spelling_of_known[name]

    taken = SpanSet((p.start, p.end) for p in people)
    for run in runs:
        if taken.overlaps(run.start, run.end):
            continue
        for i in range(len(run.tokens)):
            tokens = run.tokens[i:]
            name = _name(text, tokens)
            if len(tokens) > MAX_NAME_WORDS:
                continue
            if _core_count(name, words) >= 2 and is_known(name):
                people.append(_Person(tokens[0][0], run.end, name, None, None, True))
                break
            if _core_count(name, words) == 1:
                people.append(_Person(tokens[0][0], run.end, name, None, None, False))
                break
    resolved = []
    by_surname = _by_surname(known)
    for person in people:
        if not person.full:
            full = _full_name_for(person, by_surname)
            if full is None:
                continue
            person.name = full
        resolved.append(person.mention())
    return sorted([*orgs, *resolved], key=lambda m: (m.start, m.end))


# Spellings


@dataclass(frozen=True)
class _Token:
    raw: str  # folded word
    key: str  # after the spelling rules
    given: str | None  # the given name it spells, if listed
    particle: bool


@dataclass(frozen=True)
class _Spelling:
    rewrite: tuple[tuple[re.Pattern, str], ...]
    given: dict[str, str]
    word_rules: tuple[tuple[re.Pattern, str], ...]
    ignored: frozenset[str]


@cache
def _spelling() -> _Spelling:
    rewrite, word_rules, given, ignored = [], [], {}, set()
    for language in sorted(lexicon.supported_languages()):
        data = lexicon.load("actors", language)
        rules = data.get("spelling", {}) or {}
        rewrite += [(re.compile(p), r) for p, r in rules.get("rewrite", [])]
        word_rules += [(re.compile(p), r) for p, r in rules.get("word_rules", [])]
        for group in rules.get("given_names", []):
            for variant in group:
                given.setdefault(fold(str(variant)), fold(str(group[0])))
        ignored |= {fold(str(p)) for p in data.get("ignored_particles", [])}
    return _Spelling(tuple(rewrite), given, tuple(word_rules), frozenset(ignored))


@cache
def _tokens(name: str) -> tuple[_Token, ...]:
    rules = _spelling()
    text = re.sub(r"['’]", "", fold(name))
    text = " ".join(re.sub(r"[^\w]+|_", " ", text).split())
    for pattern, repl in rules.rewrite:
        text = pattern.sub(repl, text)
    out = []
    for raw in text.split():
        given = rules.given.get(raw)
        key = given or raw
        for pattern, repl in rules.word_rules:
            key = pattern.sub(repl, key)
        out.append(_Token(raw, key, given, raw in rules.ignored))
    return tuple(out)


def name_key(name: str) -> str:
    """The name folded and transliterated: "Iselmou Bedy Messaoud" -> "isilmu bidi misaud"."""
    return " ".join(t.key for t in _tokens(name))


def _skeleton(key: str) -> str:
    return "".join(c for c in key if c not in _VOWELS)


def _same_word(a: _Token, b: _Token) -> bool:
    if a.key == b.key:
        return True
    if a.given and b.given:
        return False
    ratio = fuzz.ratio(a.key, b.key)
    skeleton = _skeleton(a.key)
    if len(skeleton) >= 2 and skeleton == _skeleton(b.key) and a.key[0] == b.key[0]:
        return ratio >= 50
    return ratio >= 88 and min(len(a.key), len(b.key)) >= 5


def _core(name: str) -> tuple[_Token, ...]:
    return tuple(t for t in _tokens(name) if not t.particle)


def same_person(a: str, b: str) -> bool:
    """Whether two names of two words or more are spellings of one person (see module doc)."""
    short, long = sorted((_core(a), _core(b)), key=len)
    if len(short) < 2:
        return False
    if not (_same_word(short[0], long[0]) and _same_word(short[-1], long[-1])):
        return False
    rest = iter(long[1:-1])
    return all(any(_same_word(word, other) for other in rest) for word in short[1:-1])


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "unnamed"


def _distinct(titles: Iterable[str]) -> set[str]:
    """One form of each title whatever its case and accents ("Colonel" and "colonel")."""
    forms: dict[str, str] = {}
    for title in sorted(titles):
        forms.setdefault(fold(title), title)
    return set(forms.values())


def _person_clusters(spellings: Sequence[str]) -> list[list[str]]:
    """Spellings (most frequent first) grouped by ``same_person`` with every member."""
    clusters: list[list[str]] = []
    singles = []
    for spelling in spellings:
        if len(_core(spelling)) < 2:
            singles.append(spelling)
            continue
        home = next((c for c in clusters if all(same_person(spelling, n) for n in c)), None)
        if home is None:
            clusters.append(home := [])
        home.append(spelling)
    for spelling in singles:
        surname = _surname(spelling)
        homes = [c for c in clusters if surname and any(_surname(n) == surname for n in c)]
        if len(homes) == 1:
            homes[0].append(spelling)
        else:
            clusters.append([spelling])
    return clusters


def resolve_actors(mentions: Iterable[tuple[str, ActorMention]]) -> list[Actor]:
    """Cluster ``(source_id, mention)`` pairs into actors, keeping every spelling's sources.

    Organisations cluster by ``org_id`` and take their curated name. People cluster by
    ``same_person`` with every spelling already in the cluster (so "Mohamed Ould Ghazouani" cannot
    join two different longer names); one-word names join the only cluster with that surname. A
    person's name is the most frequent spelling, then the longest.
    """
    counts: Counter[tuple[str, str]] = Counter()  # (org id or "", spelling)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source, m in mentions:
        key = ((m.org_id or m.name) if m.kind == "organisation" else "", m.name)
        counts[key] += 1
        sources[key].add(source)
        if m.title:
            titles[key].add(m.title)
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(k[1]), k[1]))
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)  # org id -> keys
    for key in ranked:
        if key[0]:
            groups[key[0]].append(key)
    people = _person_clusters([spelling for org, spelling in ranked if not org])
    actors: list[Actor] = []
    used: set[str] = set()
    for org, keys in [*groups.items(), *(("", [("", n) for n in c]) for c in people)]:
        name = (organisation_name(org) if org else None) or keys[0][1]
        if org:
            actor_id = f"org:{org}" if organisation_name(org) else f"org:{_slug(org)}"
        else:
            actor_id = f"person:{_slug(name)}"
        base, n = actor_id, 2
        while actor_id in used:
            actor_id, n = f"{base}-{n}", n + 1
        used.add(actor_id)
        actors.append(
            Actor(
                id=actor_id,
                name=name,
                kind="organisation" if org else "person",
                titles=_distinct(t for k in keys for t in titles[k]),
                spellings={k[1]: set(sources[k]) for k in keys},
            )
        )
    return sorted(actors, key=lambda a: (a.kind, a.name))


def actor_lookup(actors: Iterable[Actor]) -> Callable[[str, dict], str | None]:
    """``actor_of(article_id, mention)``: the resolved actor's id for a spelling in an article."""
    by_spelling = {
        (source, spelling): actor.id
        for actor in actors
        for spelling, sources in actor.spellings.items()
        for source in sources
    }

    def actor_of(article_id: str, data: dict) -> str | None:
        return by_spelling.get((article_id, data["name"]))

    return actor_of
