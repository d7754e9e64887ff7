"""Dates in article text: absolute, partial, relative to publication, relative to another date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from articles import dates, lexicon
from articles.dates import DateMention, find_dates

WED = date(2022, 5, 25)
TUE = date(2022, 5, 24)
MON = date(2022, 5, 23)
SUN = date(2022, 5, 29)


def only(text: str, published: date = WED, language: str = "en") -> DateMention:
    found = find_dates(text, published, language)
    assert len(found) == 1, found
    return found[0]


def summary(m: DateMention) -> tuple:
    return (m.text, m.date_start, m.date_end, m.precision, m.basis, m.kind)


# Absolute and partial dates


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("signed on 21 July 2006, in Rabat", "en", ("21 July 2006", date(2006, 7, 21))),
        ("signed on July 21, 2006 in Rabat", "en", ("July 21, 2006", date(2006, 7, 21))),
        ("on the 21st of July 2006", "en", ("21st of July 2006", date(2006, 7, 21))),
        ("on 29 January 2020 with a meeting", "en", ("29 January 2020", date(2020, 1, 29))),
        ("on Tuesday 24 May 2022", "en", ("Tuesday 24 May 2022", date(2022, 5, 24))),
        ("le 29 janvier 2020 à Rabat", "fr", ("29 janvier 2020", date(2020, 1, 29))),
        ("le 1er mars 2023", "fr", ("1er mars 2023", date(2023, 3, 1))),
        ("le mardi 24 mai 2022", "fr", ("mardi 24 mai 2022", date(2022, 5, 24))),
        ("le 3 déc. 2021", "fr", ("3 déc. 2021", date(2021, 12, 3))),
    ],
)
def test_full_dates_are_stated_days(text: str, language: str, expected: tuple) -> None:
    m = only(text, language=language)
    assert (m.text, m.date_start) == expected
    assert (m.date_end, m.precision, m.basis, m.kind) == (m.date_start, "day", "stated", "point")
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("in December 2021, the", "en", ("December 2021", date(2021, 12, 1), date(2021, 12, 31))),
        ("en décembre 2021, le", "fr", ("décembre 2021", date(2021, 12, 1), date(2021, 12, 31))),
        ("in Dec. 2021", "en", ("Dec. 2021", date(2021, 12, 1), date(2021, 12, 31))),
        ("en février 2024", "fr", ("février 2024", date(2024, 2, 1), date(2024, 2, 29))),
    ],
)
def test_month_and_year(text: str, language: str, expected: tuple) -> None:
    m = only(text, language=language)
    assert (m.text, m.date_start, m.date_end) == expected
    assert (m.precision, m.basis, m.kind) == ("month", "stated", "point")


@pytest.mark.parametrize(("text", "language"), [("held in 2022.", "en"), ("tenue en 2022.", "fr")])
def test_year_alone(text: str, language: str) -> None:
    m = only(text, language=language)
    assert summary(m) == ("2022", date(2022, 1, 1), date(2022, 12, 31), "year", "stated", "point")


@pytest.mark.parametrize(
    ("text", "language", "span", "start", "end", "precision"),
    [
        ("in mid-November 2020", "en", "mid-November 2020", (2020, 11, 11), (2020, 11, 20), "days"),
        (
            "à la mi-novembre 2020",
            "fr",
            "à la mi-novembre 2020",
            (2020, 11, 11),
            (2020, 11, 20),
            "days",
        ),
        ("mi-novembre 2020", "fr", "mi-novembre 2020", (2020, 11, 11), (2020, 11, 20), "days"),
        ("early November 2020", "en", "early November 2020", (2020, 11, 1), (2020, 11, 10), "days"),
        ("fin novembre 2020", "fr", "fin novembre 2020", (2020, 11, 21), (2020, 11, 30), "days"),
        ("in early 2021", "en", "early 2021", (2021, 1, 1), (2021, 4, 30), "months"),
        ("in mid-2021", "en", "mid-2021", (2021, 5, 1), (2021, 8, 31), "months"),
        ("by late 2021", "en", "late 2021", (2021, 9, 1), (2021, 12, 31), "months"),
        ("at the end of 2021", "en", "the end of 2021", (2021, 9, 1), (2021, 12, 31), "months"),
        ("début 2021", "fr", "début 2021", (2021, 1, 1), (2021, 4, 30), "months"),
        ("fin 2021", "fr", "fin 2021", (2021, 9, 1), (2021, 12, 31), "months"),
    ],
)
def test_qualified_month_and_year(
    text: str, language: str, span: str, start: tuple, end: tuple, precision: str
) -> None:
    m = only(text, language=language)
    assert (m.text, m.date_start, m.date_end) == (span, date(*start), date(*end))
    assert (m.precision, m.basis, m.kind) == (precision, "stated", "point")


# Ranges and open ranges


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("for the period 2022-2023, all", "en", "2022-2023"),
        ("for the period 2022–2023, all", "en", "2022–2023"),
        ("for the period 2022 - 2023", "en", "2022 - 2023"),
        ("for the 2022/23 season", "en", "2022/23"),
        ("between 2022 and 2023", "en", "between 2022 and 2023"),
        ("from 2022 to 2023", "en", "from 2022 to 2023"),
        ("pour la période 2022-2023", "fr", "2022-2023"),
        ("entre 2022 et 2023", "fr", "entre 2022 et 2023"),
        ("de 2022 à 2023", "fr", "de 2022 à 2023"),
    ],
)
def test_year_ranges(text: str, language: str, span: str) -> None:
    m = only(text, language=language)
    assert summary(m) == (span, date(2022, 1, 1), date(2023, 12, 31), "years", "stated", "range")


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("du 3 au 5 mai 2023 à Rabat", "fr", "du 3 au 5 mai 2023"),
        ("entre le 3 et le 5 mai 2023", "fr", "entre le 3 et le 5 mai 2023"),
        ("from 3 to 5 May 2023 in Rabat", "en", "from 3 to 5 May 2023"),
        ("between 3 and 5 May 2023", "en", "between 3 and 5 May 2023"),
        ("on 3-5 May 2023", "en", "3-5 May 2023"),
    ],
)
def test_day_ranges(text: str, language: str, span: str) -> None:
    m = only(text, language=language)
    assert summary(m) == (span, date(2023, 5, 3), date(2023, 5, 5), "days", "stated", "range")


def test_month_range_borrows_the_year() -> None:
    m = only("from March to May 2023")
    assert summary(m) == (
        "from March to May 2023",
        date(2023, 3, 1),
        date(2023, 5, 31),
        "months",
        "stated",
        "range",
    )
    m = only("du 30 avril au 2 mai 2023", language="fr")
    assert (m.date_start, m.date_end, m.precision) == (date(2023, 4, 30), date(2023, 5, 2), "days")


def test_backwards_range_is_not_a_range() -> None:
    assert [m.text for m in find_dates("between 2023 and 2022", WED, "en")] == ["2023", "2022"]


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("planifier des activités jusqu'en 2024.", "fr", "jusqu'en 2024"),
        ("planifier des activités jusqu’en 2024.", "fr", "jusqu’en 2024"),
        ("activities until 2024.", "en", "until 2024"),
        ("activities through 2024.", "en", "through 2024"),
        ("by the end of 2024", "en", "by the end of 2024"),
    ],
)
def test_until(text: str, language: str, span: str) -> None:
    m = only(text, language=language)
    assert summary(m) == (span, None, date(2024, 12, 31), "year", "stated", "until")


def test_since_before_after() -> None:
    since = only("since 2020 the two armies")
    assert summary(since) == ("since 2020", date(2020, 1, 1), None, "year", "stated", "since")
    depuis = only("depuis le 3 mai 2023", language="fr")
    assert (depuis.kind, depuis.date_start, depuis.date_end) == ("since", date(2023, 5, 3), None)
    before = only("before 2024")
    assert (before.kind, before.date_start, before.date_end) == ("until", None, date(2023, 12, 31))
    apres = only("après 2020", language="fr")
    assert (apres.kind, apres.date_start, apres.date_end) == ("since", date(2021, 1, 1), None)
    end_of = only("jusqu'à fin 2024", language="fr")
    assert (end_of.kind, end_of.date_end, end_of.precision) == (
        "until",
        date(2024, 12, 31),
        "months",
    )
    until_relative = only("jusqu'à la semaine prochaine", published=WED, language="fr")
    assert (until_relative.kind, until_relative.date_end) == ("until", date(2022, 6, 5))


# Relative to the publication date


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (WED, date(2022, 5, 24)),  # the day before
        (TUE, date(2022, 5, 24)),  # that very day
        (MON, date(2022, 5, 17)),  # the previous week
        (SUN, date(2022, 5, 24)),
    ],
)
@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("Rabat hosted on Tuesday the session", "en", "Tuesday"),
        ("Tuesday's meeting", "en", "Tuesday"),
        ("Rabat a accueilli mardi la session", "fr", "mardi"),
    ],
)
def test_weekday_is_latest_on_or_before_publication(
    published: date, expected: date, text: str, language: str, span: str
) -> None:
    m = only(text, published, language)
    assert summary(m) == (span, expected, expected, "day", "relative", "point")


def test_last_and_next_weekday() -> None:
    assert only("last Tuesday", TUE).date_start == date(2022, 5, 17)
    assert only("last Tuesday", WED).date_start == date(2022, 5, 24)
    assert only("mardi dernier", TUE, "fr").date_start == date(2022, 5, 17)
    assert only("mardi prochain", TUE, "fr").date_start == date(2022, 5, 31)
    assert only("next Tuesday", MON).date_start == date(2022, 5, 24)


@pytest.mark.parametrize(
    ("text", "language", "published", "start", "end", "precision"),
    [
        ("yesterday", "en", WED, date(2022, 5, 24), date(2022, 5, 24), "day"),
        ("hier", "fr", date(2023, 3, 1), date(2023, 2, 28), date(2023, 2, 28), "day"),
        ("today", "en", WED, WED, WED, "day"),
        ("aujourd’hui", "fr", WED, WED, WED, "day"),
        ("avant-hier", "fr", WED, date(2022, 5, 23), date(2022, 5, 23), "day"),
        ("last week", "en", WED, date(2022, 5, 16), date(2022, 5, 22), "days"),
        ("last week", "en", MON, date(2022, 5, 16), date(2022, 5, 22), "days"),
        ("last week", "en", SUN, date(2022, 5, 16), date(2022, 5, 22), "days"),
        (
            "la semaine dernière",
            "fr",
            date(2023, 11, 6),
            date(2023, 10, 30),
            date(2023, 11, 5),
            "days",
        ),
        ("this week", "en", WED, date(2022, 5, 23), date(2022, 5, 29), "days"),
        ("next week", "en", WED, date(2022, 5, 30), date(2022, 6, 5), "days"),
        ("last month", "en", date(2023, 1, 15), date(2022, 12, 1), date(2022, 12, 31), "month"),
        ("le mois dernier", "fr", date(2024, 3, 31), date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("last year", "en", WED, date(2021, 1, 1), date(2021, 12, 31), "year"),
        ("l'an dernier", "fr", WED, date(2021, 1, 1), date(2021, 12, 31), "year"),
        ("l'année dernière", "fr", date(2020, 1, 1), date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("in the coming days", "en", WED, date(2022, 5, 26), date(2022, 6, 1), "days"),
        ("dans les prochains jours", "fr", WED, date(2022, 5, 26), date(2022, 6, 1), "days"),
    ],
)
def test_relative_to_publication(
    text: str, language: str, published: date, start: date, end: date, precision: str
) -> None:
    m = only(text, published, language)
    assert summary(m) == (text, start, end, precision, "relative", "point")


@pytest.mark.parametrize(
    ("text", "language", "published", "span", "start", "end", "precision"),
    [
        ("they met on 21 July", "en", WED, "21 July", date(2021, 7, 21), date(2021, 7, 21), "day"),
        ("le 3 mai", "fr", date(2023, 5, 10), "3 mai", date(2023, 5, 3), date(2023, 5, 3), "day"),
        (
            "le 3 mai dernier",
            "fr",
            date(2023, 5, 3),
            "3 mai dernier",
            date(2022, 5, 3),
            None,
            "day",
        ),
        ("in March", "en", WED, "March", date(2022, 3, 1), date(2022, 3, 31), "month"),
        (
            "il s'est réuni en novembre",
            "fr",
            WED,
            "novembre",
            date(2021, 11, 1),
            date(2021, 11, 30),
            "month",
        ),
        (
            "it was held in mid-November",
            "en",
            WED,
            "mid-November",
            date(2021, 11, 11),
            date(2021, 11, 20),
            "days",
        ),
        ("in March last year", "en", WED, "March last year", date(2021, 3, 1), None, "month"),
        (
            "en mars de l'année dernière",
            "fr",
            WED,
            "mars de l'année dernière",
            date(2021, 3, 1),
            None,
            "month",
        ),
    ],
)
def test_dates_without_a_year_in_a_past_sentence_are_in_the_past(
    text: str,
    language: str,
    published: date,
    span: str,
    start: date,
    end: date | None,
    precision: str,
) -> None:
    m = only(text, published, language)
    assert (m.text, m.date_start, m.precision, m.basis) == (span, start, precision, "relative")
    if end is not None:
        assert m.date_end == end


# Relative to another date in the same sentence


def test_few_weeks_after_a_later_date_in_the_sentence() -> None:
    text = (
        "The second session took place in Nouakchott, a few weeks after the FAR's military "
        "operation in mid-November 2020 in El Guerguerat."
    )
    shift, anchor = find_dates(text, WED, "en")
    assert summary(anchor)[:4] == (
        "mid-November 2020",
        date(2020, 11, 11),
        date(2020, 11, 20),
        "days",
    )
    assert summary(shift) == (
        "a few weeks after",
        date(2020, 11, 25),
        date(2021, 1, 1),
        "days",
        "stated",  # rests on a date the text states, not on the publication date
        "point",
    )


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("It took place two weeks after the summit of 3 May 2023.", "en", "two weeks after"),
        (
            "Elle a eu lieu deux semaines après le sommet du 3 mai 2023.",
            "fr",
            "deux semaines après",
        ),
    ],
)
def test_two_weeks_after_is_fourteen_days_give_or_take_three(
    text: str, language: str, span: str
) -> None:
    shift = find_dates(text, WED, language)[0]
    assert summary(shift) == (
        span,
        date(2023, 5, 14),
        date(2023, 5, 20),
        "days",
        "stated",
        "point",
    )


def test_shift_without_a_date_in_the_sentence_is_unknown() -> None:
    text = "It took place two weeks after the first meeting. On 3 May 2023 the ministers met."
    shift, later = find_dates(text, WED, "en")
    assert summary(shift) == ("two weeks after", None, None, "unknown", "relative", "point")
    assert later.date_start == date(2023, 5, 3)
    fr = find_dates("Elle a eu lieu à la veille de l'ouverture d'un consulat.", WED, "fr")
    assert [summary(m) for m in fr] == [
        ("à la veille de", None, None, "unknown", "relative", "point")
    ]


def test_other_shifts() -> None:
    eve = find_dates("à la veille du 1er mai 2023", WED, "fr")[0]
    assert (eve.text, eve.date_start, eve.date_end, eve.precision) == (
        "à la veille du",
        date(2023, 4, 30),
        date(2023, 4, 30),
        "day",
    )
    ago = only("il y a deux semaines", WED, "fr")  # the Monday-Sunday week it lands in
    assert (ago.date_start, ago.date_end) == (date(2022, 5, 9), date(2022, 5, 15))
    later = find_dates("They met on 3 May 2023 and again three days later.", WED, "en")[1]
    assert (later.text, later.date_start, later.precision) == (
        "three days later",
        date(2023, 5, 6),
        "day",
    )
    months = find_dates("two months after December 2021", WED, "en")[0]
    assert (months.date_start, months.date_end, months.precision) == (
        date(2022, 2, 1),
        date(2022, 2, 28),
        "month",
    )


# Things that are not dates


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("within the 5+5 Defence initiative", "en"),
        ("the adoption of Resolution 2703.", "en"),
        ("l'adoption de la Résolution 2703.", "fr"),
        ("Security Council Resolution 2020 was adopted", "en"),
        ("more than 2,000 people", "en"),
        ("some 2000 soldiers were deployed", "en"),
        ("2000 soldats ont été déployés", "fr"),
        ("3 blessés et 2 morts", "fr"),
        ("at 10:30 or 20:22 local time", "en"),
        ("à 20h22", "fr"),
        ("https://example.org/2023/11/06/article-2023.html", "en"),
        ("Tel: +222 45 25 2022", "en"),
        ("Morocco may hold the presidency", "en"),
        ("the march on the capital", "en"),
        ("Mars is a planet", "fr"),
        ("PHOTO/FILE - Page 2021", "en"),
        ("he said on the show ''60 Minutes.''", "en"),
    ],
)
def test_not_dates(text: str, language: str) -> None:
    assert find_dates(text, WED, language) == []


def test_the_1991_ceasefire_is_a_year() -> None:
    assert only("since the 1991 ceasefire").date_start == date(1991, 1, 1)


# Real sentences


def test_real_english_sentence() -> None:
    text = (
        "Rabat hosted on Tuesday the third session of the Moroccan-Mauritanian Joint Military "
        "Commission, in the presence of the new Chief of Staff of the Mauritanian Armed Forces, "
        "General El Mokhtar Bolle Chaâbane, who assumed the post of leader of the Mauritanian "
        "Army in December 2021, and the Inspector General of the Royal Moroccan Armed Forces "
        "(FAR), with the aim of analysing various bilateral cooperation activities of the past "
        "year and planning military initiatives for the period 2022-2023, all in the presence of "
        "the heads of departments."
    )
    found = {m.text: m for m in find_dates(text, date(2022, 5, 25), "en")}
    assert summary(found["Tuesday"])[1:4] == (date(2022, 5, 24), date(2022, 5, 24), "day")
    assert summary(found["December 2021"])[1:5] == (
        date(2021, 12, 1),
        date(2021, 12, 31),
        "month",
        "stated",
    )
    assert summary(found["2022-2023"])[1:] == (
        date(2022, 1, 1),
        date(2023, 12, 31),
        "years",
        "stated",
        "range",
    )


def test_real_french_sentences() -> None:
    published = date(2023, 11, 6)
    week = only(
        "Afin de renforcer ce partenariat, les deux parties ont tenu la semaine dernière à "
        "Nouakchott une séance de travail de la Commission militaire mixte.",
        published,
        "fr",
    )
    assert summary(week) == (
        "la semaine dernière",
        date(2023, 10, 30),
        date(2023, 11, 5),
        "days",
        "relative",
        "point",
    )
    until = only(
        "La réunion a également été l'occasion pour les deux parties de planifier "
        "conjointement des activités jusqu'en 2024.",
        published,
        "fr",
    )
    assert (until.kind, until.date_start, until.date_end) == ("until", None, date(2024, 12, 31))


# Mechanics


def test_mentions_are_ordered_and_never_overlap() -> None:
    text = (
        "Between 2022 and 2023, then from 3 to 5 May 2023, two weeks after mid-November 2020, "
        "until 2024, yesterday and last week; le 1er mars 2023."
    )
    found = find_dates(text, WED, "en")
    assert [m.start for m in found] == sorted(m.start for m in found)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    assert all(text[m.start : m.end] == m.text for m in found)
    assert found[0].text == "Between 2022 and 2023"


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="xx"):
        find_dates("21 July 2006", WED, "xx")


SPANISH = """
months: [[enero], [febrero], [marzo], [abril], [mayo], [junio], [julio], [agosto],
  [septiembre], [octubre], [noviembre], [diciembre]]
weekdays: [[lunes], [martes], [miércoles], [jueves], [viernes], [sábado], [domingo]]
day_month_joiners: [de]
month_year_joiners: [de, del]
relative: {ayer: {day: -1}, la semana pasada: {week: -1}}
until: [hasta]
numbers: {dos: 2}
units: {week: [semana, semanas]}
shifts: [{pattern: "{n} {unit} después de", sign: 1, anchor: next}]
"""


@pytest.fixture
def spanish(tmp_path, monkeypatch):
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "dates.yaml").write_text(SPANISH, encoding="utf-8")
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)
    lexicon.load.cache_clear()
    dates._lexicon.cache_clear()
    yield
    lexicon.load.cache_clear()
    dates._lexicon.cache_clear()


def test_a_third_language_is_only_data(spanish: None) -> None:
    text = (
        "firmado el 21 de julio de 2006; ayer, hasta 2024, dos semanas después de la cumbre "
        "del 3 de mayo de 2023."
    )
    found = [summary(m)[:4] for m in find_dates(text, WED, "es")]
    assert found == [
        ("21 de julio de 2006", date(2006, 7, 21), date(2006, 7, 21), "day"),
        ("ayer", date(2022, 5, 24), date(2022, 5, 24), "day"),
        ("hasta 2024", None, date(2024, 12, 31), "year"),
        ("dos semanas después de", date(2023, 5, 14), date(2023, 5, 20), "days"),
        ("3 de mayo de 2023", date(2023, 5, 3), date(2023, 5, 3), "day"),
    ]


# Years left unsaid: nearest the publication date, the tense and a stated weekday decide


SAT_1999 = date(1999, 5, 22)


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        ("The ministers will meet on 30 June.", "en", SAT_1999, date(1999, 6, 30)),
        ("The ministers met on 30 June.", "en", SAT_1999, date(1998, 6, 30)),
        ("Les ministres se réuniront le 30 juin.", "fr", SAT_1999, date(1999, 6, 30)),
        ("Le conseil s'est réuni le 30 juin.", "fr", SAT_1999, date(1998, 6, 30)),
        ("The vote is on 30 June.", "en", SAT_1999, date(1999, 6, 30)),  # nearest
        ("The vote is on 2 March.", "en", SAT_1999, date(1999, 3, 2)),  # nearest
        ("The board will meet on 2 March.", "en", SAT_1999, date(2000, 3, 2)),
        ("Le vote aura lieu le 10 janvier.", "fr", date(1999, 12, 20), date(2000, 1, 10)),
        ("Le vote du 10 décembre.", "fr", date(2000, 1, 5), date(1999, 12, 10)),
    ],
)
def test_day_without_a_year_is_nearest_in_the_tense_direction(
    text: str, language: str, published: date, expected: date
) -> None:
    m = only(text, published, language)
    assert (m.date_start, m.date_end, m.precision) == (expected, expected, "day")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le match aura lieu samedi 5 juin.", "fr"),
        ("Le match a eu lieu samedi 5 juin.", "fr"),  # the weekday wins over the tense
        ("The final is on Saturday, June 5.", "en"),
        ("The final was played on Saturday, June 5.", "en"),
    ],
)
def test_a_stated_weekday_picks_the_year(text: str, language: str) -> None:
    m = only(text, SAT_1999, language)
    assert m.date_start == date(1999, 6, 5)  # a Saturday; 5 June 1998 was a Friday


def test_month_without_a_year_follows_the_tense() -> None:
    published = date(1998, 3, 4)
    assert only("The talks will resume in December.", published).date_start == date(1998, 12, 1)
    assert only("The talks broke down in December.", published).date_start == date(1997, 12, 1)
    assert only("Les négociations reprendront en décembre.", published, "fr").date_start == date(
        1998, 12, 1
    )
    assert only("in September", date(1990, 8, 16)).date_start == date(1990, 9, 1)  # nearest


def test_weekday_in_a_future_sentence_is_ahead() -> None:
    assert only("The ministers will meet on Monday.", SUN).date_start == date(2022, 5, 30)
    assert only("The ministers met on Monday.", SUN).date_start == date(2022, 5, 23)


# Two-digit years


@pytest.mark.parametrize(
    ("text", "language", "published", "start", "end"),
    [
        ("en octobre 98, le", "fr", date(1999, 5, 23), date(1998, 10, 1), date(1998, 10, 31)),
        ("le 10 novembre 93.", "fr", date(2002, 1, 21), date(1993, 11, 10), date(1993, 11, 10)),
        ("as in '98, the", "en", date(1999, 5, 23), date(1998, 1, 1), date(1998, 12, 31)),
        ("since Oct. '05", "en", date(2004, 1, 1), date(2005, 10, 1), None),
        ("in '15, the", "en", date(1999, 5, 23), date(1915, 1, 1), date(1915, 12, 31)),
        ("on Oct. 3, '05", "en", date(2006, 1, 1), date(2005, 10, 3), date(2005, 10, 3)),
    ],
)
def test_two_digit_years(
    text: str, language: str, published: date, start: date, end: date | None
) -> None:
    m = only(text, published, language)
    assert (m.date_start, m.date_end, m.basis) == (start, end, "stated")


def test_a_count_after_a_day_is_not_a_two_digit_year() -> None:
    m = only("le 10 novembre 12 personnes ont été tuées", date(2002, 1, 21), "fr")
    assert (m.text, m.date_start) == ("10 novembre", date(2001, 11, 10))


def test_ranges_and_bounds_keep_their_parts() -> None:
    m = only("between 1994 and 1997")
    assert [(p.text, p.date_start, p.date_end, p.kind) for p in m.parts] == [
        ("1994", date(1994, 1, 1), date(1994, 12, 31), "point"),
        ("1997", date(1997, 1, 1), date(1997, 12, 31), "point"),
    ]
    since = only("depuis octobre 98", date(1999, 5, 23), "fr")
    (part,) = since.parts
    assert (part.text, part.date_start, part.date_end) == (
        "octobre 98",
        date(1998, 10, 1),
        date(1998, 10, 31),
    )
    assert only("in 1994").parts == ()


@pytest.mark.parametrize(
    ("text", "language", "start", "end", "precision"),
    [
        ("two years ago", "en", date(2020, 1, 1), date(2020, 12, 31), "year"),
        ("five months ago", "en", date(2021, 12, 1), date(2021, 12, 31), "month"),
        ("ten days ago", "en", date(2022, 5, 15), date(2022, 5, 15), "day"),
        ("il y a trois ans", "fr", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ],
)
def test_ago_names_the_calendar_unit(
    text: str, language: str, start: date, end: date, precision: str
) -> None:
    m = only(text, WED, language)
    assert (m.date_start, m.date_end, m.precision) == (start, end, precision)


# Relative to the date mentioned before, or to the publication date


PUB = date(1999, 5, 22)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The talks opened on 3 May 1999. The next day, they failed.", "en", date(1999, 5, 4)),
        ("The talks opened on 3 May 1999. They had met the day before.", "en", date(1999, 5, 2)),
        ("It opened on 3 May 1999, and closed the same day.", "en", date(1999, 5, 3)),
        (
            "Le sommet s'est ouvert le 3 mai 1999. Le lendemain, il a échoué.",
            "fr",
            date(1999, 5, 4),
        ),
        ("Le sommet s'est ouvert le 3 mai 1999. La veille, ils ont parlé.", "fr", date(1999, 5, 2)),
        ("Il a ouvert le 3 mai 1999 et fermé le même jour.", "fr", date(1999, 5, 3)),
        ("Ils sont arrivés hier. Le lendemain, ils partiront.", "fr", date(1999, 5, 22)),
        ("Le lendemain, ils sont partis.", "fr", date(1999, 5, 23)),  # from publication
        ("They left the next day.", "en", date(1999, 5, 23)),
    ],
)
def test_day_relative_to_the_date_before(text: str, language: str, expected: date) -> None:
    m = find_dates(text, PUB, language)[-1]
    assert (m.date_start, m.date_end, m.precision) == (expected, expected, "day")


def test_the_day_before_a_date_still_looks_ahead() -> None:
    m = find_dates("the day before 3 May 1999", PUB, "en")[0]
    assert (m.text, m.date_start) == ("the day before", date(1999, 5, 2))


@pytest.mark.parametrize(
    ("text", "language", "start", "end"),
    [
        ("this year", "en", date(1999, 1, 1), date(1999, 12, 31)),
        ("next year", "en", date(2000, 1, 1), date(2000, 12, 31)),
        ("last year", "en", date(1998, 1, 1), date(1998, 12, 31)),
        ("cette année", "fr", date(1999, 1, 1), date(1999, 12, 31)),
        ("l'an prochain", "fr", date(2000, 1, 1), date(2000, 12, 31)),
        ("l'année dernière", "fr", date(1998, 1, 1), date(1998, 12, 31)),
        ("la fin de l'année", "fr", date(1999, 9, 1), date(1999, 12, 31)),
        ("the end of the year", "en", date(1999, 9, 1), date(1999, 12, 31)),
        ("la fin de l'année dernière", "fr", date(1998, 9, 1), date(1998, 12, 31)),
        ("late last year", "en", date(1998, 9, 1), date(1998, 12, 31)),
    ],
)
def test_relative_years(text: str, language: str, start: date, end: date) -> None:
    m = only(text, PUB, language)
    assert (m.text, m.date_start, m.date_end) == (text, start, end)


def test_year_relative_to_the_date_before() -> None:
    found = find_dates("The war began in 1994. The following year, it spread.", PUB, "en")
    assert (found[-1].text, found[-1].date_start, found[-1].date_end) == (
        "The following year",
        date(1995, 1, 1),
        date(1995, 12, 31),
    )
    fr = find_dates(
        "La guerre a éclaté en mars 1994. L'année suivante, elle s'est étendue.", PUB, "fr"
    )
    assert (fr[-1].date_start, fr[-1].date_end) == (date(1995, 1, 1), date(1995, 12, 31))


def test_a_qualified_period_keeps_the_whole_one_as_its_part() -> None:
    m = only("in late November 2020")
    (part,) = m.parts
    assert (m.date_start, m.date_end) == (date(2020, 11, 21), date(2020, 11, 30))
    assert (part.text, part.date_start, part.date_end) == (
        "November 2020",
        date(2020, 11, 1),
        date(2020, 11, 30),
    )
    (year,) = only("début 2021", language="fr").parts
    assert (year.text, year.date_start, year.date_end) == (
        "2021",
        date(2021, 1, 1),
        date(2021, 12, 31),
    )


def test_more_english_forms() -> None:
    pub = date(1998, 9, 11)
    day = only("The bombings on Aug. 7 killed 258 people.", pub)
    assert (day.text, day.date_start) == ("Aug. 7", date(1998, 8, 7))
    assert find_dates("some 2000 killed", pub, "en") == []
    assert only("the March accession", date(1999, 2, 10)).date_start == date(1999, 3, 1)
    end = only("to close around year-end.", date(1989, 11, 2))
    assert (end.date_start, end.date_end) == (date(1989, 9, 1), date(1989, 12, 31))
    ago = only("compared with year-earlier results", date(1989, 11, 2))
    assert (ago.date_start, ago.date_end) == (date(1988, 1, 1), date(1988, 12, 31))
    prev = only("the previous Friday", date(1989, 10, 30))
    assert prev.date_start == date(1989, 10, 27)


def test_later_without_a_date_in_its_sentence_takes_the_date_before() -> None:
    text = "They met on 3 May 2023. Two years later, they met again."
    later = find_dates(text, WED, "en")[-1]
    assert (later.text, later.date_start, later.date_end) == (
        "Two years later",
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    alone = only("Net income fell from a year earlier.", date(1989, 11, 2))
    assert (alone.date_start, alone.date_end) == (date(1988, 1, 1), date(1988, 12, 31))


def test_a_date_days_away_keeps_its_year_whatever_the_tense() -> None:
    m = only("The offer was extended to Oct. 31.", date(1989, 10, 27))
    assert m.date_start == date(1989, 10, 31)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("In nineteen ninety-one the bank failed.", date(1991, 1, 1), date(1991, 12, 31)),
        ("January nineteen ninety-seven. Again.", date(1997, 1, 1), date(1997, 1, 31)),
        ("until the year two thousand", None, date(2000, 12, 31)),
        ("in nineteen oh five", date(1905, 1, 1), date(1905, 12, 31)),
        ("in two thousand and one", date(2001, 1, 1), date(2001, 12, 31)),
    ],
)
def test_years_in_words(text: str, start: date | None, end: date) -> None:
    m = only(text, date(1998, 2, 27))
    assert (m.date_start, m.date_end) == (start, end)


def test_counts_in_words_are_not_years() -> None:
    assert find_dates("twenty five people and two thousand soldiers", WED, "en") == []


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        ("He was found on Thanksgiving Day.", "en", date(2000, 1, 7), date(1999, 11, 25)),
        ("They will meet on Easter Monday.", "en", date(2000, 4, 1), date(2000, 4, 24)),
        ("They met last Christmas.", "en", date(2000, 2, 10), date(1999, 12, 25)),
        ("Le lundi de Pâques sera férié.", "fr", date(2024, 3, 1), date(2024, 4, 1)),
        ("Il est rentré pour la Toussaint.", "fr", date(1999, 12, 2), date(1999, 11, 1)),
    ],
)
def test_holidays(text: str, language: str, published: date, expected: date) -> None:
    m = only(text, published, language)
    assert (m.date_start, m.date_end, m.precision) == (expected, expected, "day")


def test_easter() -> None:
    from articles.date_rules import easter

    assert [easter(y) for y in (1999, 2000, 2024)] == [
        date(1999, 4, 4),
        date(2000, 4, 23),
        date(2024, 3, 31),
    ]


def test_season_of_two_full_years_and_french_month_after_de() -> None:
    m = only("pour cette saison 2002/2003, le club", date(2002, 9, 10), "fr")
    assert (m.date_start, m.date_end, m.kind) == (date(2002, 1, 1), date(2003, 12, 31), "range")
    rentree = only("à la rentrée de septembre", date(2002, 9, 1), "fr")
    assert (rentree.text, rentree.date_start) == ("septembre", date(2002, 9, 1))
    assert only("sales for the full year", date(1989, 10, 30)).date_start == date(1989, 1, 1)


@pytest.mark.parametrize(
    ("text", "language", "delta"),
    [("tonight", "en", 0), ("last night", "en", -1), ("ce soir", "fr", 0), ("hier soir", "fr", -1)],
)
def test_parts_of_a_day(text: str, language: str, delta: int) -> None:
    m = only(text, WED, language)
    assert m.date_start == m.date_end == WED + timedelta(days=delta)


def test_this_month_name_is_this_years() -> None:
    m = only("The games open this September.", date(1998, 2, 5))
    assert (m.date_start, m.date_end) == (date(1998, 9, 1), date(1998, 9, 30))


def test_month_day_and_a_second_day() -> None:
    m = only("at the summit on April 24 and 25.", date(1999, 2, 10))
    assert (m.date_start, m.date_end, m.kind) == (date(1999, 4, 24), date(1999, 4, 25), "range")
    assert [p.text for p in m.parts] == ["April 24", "25"]
    assert only("on May 3-5, the", date(2023, 4, 1)).date_end == date(2023, 5, 5)
    assert only("on June 4 and 20 people", date(2023, 4, 1)).text == "June 4"


def test_a_passive_participle_is_not_past() -> None:
    m = only("The accession would still be held on April 24.", date(1999, 2, 10))
    assert m.date_start == date(1999, 4, 24)


def test_years_before_1900() -> None:
    assert only("independence from Spain in 1898.").date_start == date(1898, 1, 1)
    assert only("since 1850 the town").kind == "since"
    assert only("le 14 juillet 1789", language="fr").date_start == date(1789, 7, 14)
    assert find_dates("some 1850 soldiers and 1600 others", WED, "en") == []


@pytest.mark.parametrize(
    ("text", "language"), [("in the week of March 8", "en"), ("pendant la semaine du 8 mars", "fr")]
)
def test_the_week_of_a_day(text: str, language: str) -> None:
    m = only(text, date(2000, 2, 24), language)
    assert (m.date_start, m.date_end, m.precision) == (date(2000, 3, 6), date(2000, 3, 12), "days")
