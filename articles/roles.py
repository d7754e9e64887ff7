"""Conflict events: one event per sentence, the parties' roles, the kind of attack, the place's
relation, and the order of an undated event before another.

Word lists in ``articles/lexicon/<lang>/conflict.yaml`` (patterns on folded text) and the
``side`` of organisations in ``articles/lexicon/organisations.yaml``.

- Triggers of a ``sentence_families`` family in one sentence are one event ("attacked the
  village, killing five"): the first trigger's position, the type ranked first in
  ``type_priority`` among them.
- Roles of the organisations of the event's sentence: ``associated`` after "with the support
  of", "in cooperation with"…; ``actor1`` after a passive "by" ("attacked by JNIM"), or before the
  trigger in the active voice; ``actor2`` before a passive trigger ("soldiers were ambushed") or
  after an active one ("attacked the Fulani village", "clashed with GATIA"). A second ``actor1``
  before the trigger ("MSA and GATIA clashed") is ``associated``; a name followed by "claimed
  responsibility" is ``actor1`` wherever it stands, and so is a name that is the trigger itself
  ("protesters"). A name right after "at",
  "according to"… is where something was said, not a party, and is left out; so is one named
  more than ``ROLE_WINDOW`` characters from the trigger (another clause's).
- An ``attack`` is an ``armed_clash`` when one of its targets (actor2, else the first target
  word after an active trigger or before a passive one) is armed, an ``attack_on_civilians`` when
  they are all civilians. Victims named by a civilian word, not an organisation ("killed two
  herders"), are an ``actor2`` of organisation ``civilians``; a protest or riot with no
  ``actor1`` was held by ``default_actor1`` (protesters, rioters), named by its trigger word.
- A bomb followed by gunfire (``complex_attack``) is an ``armed_clash``.
- ``place_relation``: "near" or "between" when the event's first place follows such words.
- An undated event whose trigger follows "after", "following", "après"… ended before the event
  it is ordered against (the other event of its sentence, else the article's first dated one).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from articles import lexicon

LOOK_BEHIND = 48  # characters before a name or trigger searched for role words
ROLE_WINDOW = 150  # a party is named within this many characters of its trigger


def _re(value: str | None) -> re.Pattern | None:
    return re.compile(value) if value else None


@dataclass(frozen=True)
class ConflictWords:
    passive_by: re.Pattern | None
    associated: re.Pattern | None
    passive_voice: re.Pattern | None
    mention_only: re.Pattern | None
    civilian: re.Pattern | None
    armed: re.Pattern | None
    relations: dict[str, re.Pattern]
    before_markers: re.Pattern | None
    complex_attack: re.Pattern | None = None
    claims: re.Pattern | None = None
    default_actor1: dict[str, str] = dataclasses.field(default_factory=dict)
    remote_types: frozenset[str] = frozenset()


@cache
def conflict_words(language: str) -> ConflictWords:
    data = lexicon.load("conflict", language)
    return ConflictWords(
        passive_by=_re(data.get("passive_by")),
        associated=_re(data.get("associated")),
        passive_voice=_re(data.get("passive_voice")),
        mention_only=_re(data.get("mention_only")),
        civilian=_re(data.get("civilian_targets")),
        armed=_re(data.get("armed_targets")),
        relations={k: re.compile(v) for k, v in (data.get("place_relations") or {}).items()},
        before_markers=_re(data.get("before_markers")),
        complex_attack=_re(data.get("complex_attack")),
        claims=_re(data.get("claims")),
        default_actor1=dict(data.get("default_actor1") or {}),
        remote_types=frozenset(data.get("remote_types", [])),
    )


@cache
def organisation_sides() -> dict[str, str]:
    """Organisation id -> side ("civilians") for the organisations that have one."""
    orgs = lexicon.load("organisations").get("organisations", [])
    return {o["id"]: o["side"] for o in orgs if o.get("side")}


def collapse_triggers(
    found: list, families: dict[str, str], one_per_sentence: Sequence[str], priority: Sequence[str]
) -> list:
    """One trigger per sentence family: the first's position, the highest-priority type."""
    rank = {t: i for i, t in enumerate(priority)}
    kept: list = []
    firsts: dict[str, int] = {}
    for f in found:
        family = families.get(f.trigger.type)
        if family not in one_per_sentence:
            kept.append(f)
            continue
        if family not in firsts:
            firsts[family] = len(kept)
            kept.append(f)
            continue
        first = kept[firsts[family]]
        if rank.get(f.trigger.type, len(rank)) < rank.get(first.trigger.type, len(rank)):
            first.trigger = dataclasses.replace(first.trigger, type=f.trigger.type)
    return kept


def _before(folded: str, position: int, floor: int) -> str:
    return folded[max(floor, position - LOOK_BEHIND) : position]


def _is_passive(folded: str, trigger: tuple[int, int], floor: int, words: ConflictWords) -> bool:
    """A passive before the trigger's last word: "soldiers were ambushed", "were wounded"."""
    if words.passive_voice is None:
        return False
    window = folded[max(floor, trigger[0] - LOOK_BEHIND) : trigger[1]]
    return bool(words.passive_voice.search(window[: window.rstrip().rfind(" ") + 1]))


def is_mention_only(folded: str, start: int, floor: int, language: str) -> bool:
    words = conflict_words(language)
    return bool(words.mention_only and words.mention_only.search(_before(folded, start, floor)))


def conflict_parties(
    kind: str,
    actors: list[dict],
    body: str,
    folded: str,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    language: str,
) -> tuple[str, list[dict]]:
    """A conflict event's refined type and its actors with their roles, victims and protesters
    named by a word included."""
    actors = assign_roles(actors, folded, trigger, sentence, language)
    kind = refine_attack(kind, actors, folded, trigger, sentence, language)
    actors = add_victims(actors, body, folded, trigger, sentence, language)
    return kind, add_default_actor1(kind, actors, body, trigger, language)


def assign_roles(
    actors: list[dict],
    folded: str,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    language: str,
) -> list[dict]:
    """The sentence's organisations with their ``party`` role; mere mentions left out."""
    words = conflict_words(language)
    t_start, t_end = trigger
    floor = sentence[0]
    passive = _is_passive(folded, trigger, floor, words)
    out: list[dict] = []
    for actor in sorted(actors, key=lambda a: a["start"]):
        if actor["end"] < t_start - ROLE_WINDOW or actor["start"] > t_end + ROLE_WINDOW:
            continue  # another clause's organisation
        prefix = _before(folded, actor["start"], floor)
        if words.mention_only and words.mention_only.search(prefix):
            continue
        if words.claims and words.claims.match(folded, actor["end"], actor["end"] + 60):
            party = "actor1"  # "JNIM claimed responsibility"
        elif actor["start"] <= t_start and t_end <= actor["end"]:
            party = "actor1"  # the name is the trigger: "protesters", "rioters"
        elif words.associated and words.associated.search(prefix):
            party = "associated"
        elif actor["start"] >= t_end and words.passive_by and words.passive_by.search(prefix):
            party = "actor1"
        elif actor["start"] < t_start:
            party = "actor2" if passive else "actor1"
        else:
            party = "actor2"
        if party == "actor1" and any(a["party"] == "actor1" for a in out):
            party = "associated"
        out.append({**actor, "party": party})
    return out


def refine_attack(
    kind: str,
    actors: list[dict],
    folded: str,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    language: str,
) -> str:
    """An ``attack`` on civilians or on armed men, when its target says which; a bomb followed
    by gunfire ("complex attack") an armed clash."""
    words = conflict_words(language)
    complex_attack = words.complex_attack
    if kind in words.remote_types and complex_attack and complex_attack.search(folded, *sentence):
        return "armed_clash"
    if kind != "attack":
        return kind
    sides = organisation_sides()
    targets = [a for a in actors if a.get("party") == "actor2"]
    if targets:
        armed = any(sides.get(a.get("org_id") or "") != "civilians" for a in targets)
        return "armed_clash" if armed else "attack_on_civilians"
    side, _ = _target_words(folded, trigger, sentence, language)
    return {"civilians": "attack_on_civilians", "armed": "armed_clash"}.get(side or "", kind)


def _target_words(
    folded: str, trigger: tuple[int, int], sentence: tuple[int, int], language: str
) -> tuple[str | None, tuple[int, int] | None]:
    """The side ("civilians", "armed") of the first target word after an active trigger (the
    last before a passive one), and where it is."""
    words = conflict_words(language)
    t_start, t_end = trigger
    passive = _is_passive(folded, trigger, sentence[0], words)
    lo, hi = (sentence[0], t_start) if passive else (t_end, sentence[1])
    hits = []
    for side, pattern in (("civilians", words.civilian), ("armed", words.armed)):
        found = list(pattern.finditer(folded, lo, hi)) if pattern is not None else []
        if found:
            m = found[-1] if passive else found[0]
            hits.append((-m.start() if passive else m.start(), side, (m.start(), m.end())))
    if not hits:
        return None, None
    _, side, span = min(hits)
    return side, span


def add_default_actor1(
    kind: str, actors: list[dict], body: str, trigger: tuple[int, int], language: str
) -> list[dict]:
    """A protest with no one named was held by protesters: the trigger word names them."""
    org_id = conflict_words(language).default_actor1.get(kind)
    if org_id is None or any(a.get("party") == "actor1" for a in actors):
        return actors
    return [*actors, _group(body, trigger, org_id, "actor1")]


def _group(body: str, span: tuple[int, int], org_id: str, party: str) -> dict:
    return {
        "name": body[span[0] : span[1]],
        "kind": "organisation",
        "title": None,
        "role": None,
        "org_id": org_id,
        "start": span[0],
        "end": span[1],
        "party": party,
    }


def add_victims(
    actors: list[dict],
    body: str,
    folded: str,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    language: str,
) -> list[dict]:
    """Civilian victims named by a word, not an organisation ("killed two herders"): actor2."""
    if any(a.get("party") == "actor2" for a in actors):
        return actors
    side, span = _target_words(folded, trigger, sentence, language)
    if side != "civilians" or span is None:
        return actors
    return [*actors, _group(body, span, "civilians", "actor2")]


def place_relation(folded: str, place_start: int, floor: int, language: str) -> str | None:
    before = _before(folded, place_start, floor)
    for relation, pattern in conflict_words(language).relations.items():
        if pattern.search(before):
            return relation
    return None


def ordered_after_marker(folded: str, trigger_start: int, floor: int, language: str) -> bool:
    """The trigger follows "after" / "après" closely: that event came before another."""
    words = conflict_words(language)
    if words.before_markers is None:
        return False
    window = folded[max(floor, trigger_start - 24) : trigger_start]
    return bool(words.before_markers.search(window))
