"""The pages and feeds the ingest tests serve: every text written for these tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from news_server import HANG, HTML, XML, Route, Stream, news_server, page

BORDER_TALKS = [
    "Military delegations from Morocco and Mauritania met in Nouakchott on Monday to discuss "
    "security along their shared border, the Mauritanian army said in a statement.",
    "The talks covered trafficking routes, joint patrols and the movement of goods through the "
    "crossing at Guerguerat, according to officials who attended the meeting.",
    "Both sides agreed to meet again in Rabat before the end of the year to review the results "
    "of the joint patrols and to plan training for border units.",
]
CAPTION = (
    "<figure><img src='/trucks.jpg' alt=''>"
    "<figcaption>AFP/TEST PHOTO - Trucks queue at the Guerguerat crossing</figcaption></figure>"
)
PATROLS = [
    "Mauritanian patrols resumed near Tichitt this week, officials in Nouakchott said, under the "
    "memorandum signed on 21 July 2006 by the two armies.",
    "The patrols cover the desert tracks used by smugglers between the two countries, according "
    "to a statement read on national radio.",
]
COOPERATION_FR = [
    "Une délégation militaire marocaine s'est rendue à Nouakchott mercredi pour une réunion de "
    "travail avec l'état-major mauritanien, selon un communiqué de l'armée.",
    "Les deux parties ont discuté de la sécurité de la frontière commune et de la lutte contre "
    "le trafic de drogue, a précisé le communiqué publié à Rabat.",
]
GERMAN = [
    "Marokko und Mauretanien haben am Montag in Nouakchott über die Sicherheit an ihrer "
    "gemeinsamen Grenze gesprochen, teilte die Armee in einer Erklärung mit.",
    "Die Gespräche betrafen Schmuggelrouten, gemeinsame Patrouillen und den Warenverkehr über "
    "den Grenzübergang, sagten Beamte, die an dem Treffen teilnahmen.",
]
BORDER_POST = [
    "Mauritania opened a new customs post near Nouadhibou on Thursday to speed up trade with "
    "Morocco, the ministry of commerce announced in the capital.",
    "Officials said the post would handle fish exports and fuel imports, and would be staffed "
    "by customs officers trained in Rabat last spring.",
]
LINKS = "".join(f'<li><a href="/news/{i}">Story number {i} of the day</a></li>' for i in range(30))


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, link, RFC 822 date) items."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
        for t, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>Test</description>"
        f"{body}</channel></rss>"
    )


def routes(base: str) -> dict[str, Route]:
    """Every page and feed, with links pointing at ``base`` (the running server)."""
    talks = f"{base}/news/border-talks"
    return {
        "/news/border-talks": (
            200,
            HTML,
            page(
                "Morocco and Mauritania hold border talks in Nouakchott",
                BORDER_TALKS,
                site="Sahel Test Wire",
                published="2024-03-05",
                canonical=talks,
                extra_body=CAPTION,
            )
            + "<p>Leave a Reply</p>",
        ),
        "/news/patrols": (200, HTML, page("Patrols resume near Tichitt", PATROLS, site="Notes")),
        "/fr/cooperation": (
            200,
            HTML,
            page(
                "Le Maroc et la Mauritanie renforcent leur coopération",
                COOPERATION_FR,
                site="Le Courrier du Sahel",
                published="2024-04-10",
                lang="",
            ),
        ),
        "/fr/latin1": (
            200,
            {"Content-Type": "text/html"},
            page(
                "Le Maroc et la Mauritanie renforcent leur coopération",
                COOPERATION_FR,
                site="Le Courrier du Sahel",
                published="2024-04-10",
                lang="fr",
            )
            .replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
            .encode("iso-8859-1"),
        ),
        "/de/grenze": (
            200,
            HTML,
            page("Grenzgespräche", GERMAN, site="Grenzbote", published="2024-03-06", lang="de"),
        ),
        "/news/border-post": (
            200,
            HTML,
            page(
                "Mauritania opens a customs post near Nouadhibou",
                BORDER_POST,
                site="Sahel Test Wire",
                published="2024-05-02",
            ),
        ),
        "/syndicated/border-talks": (
            200,
            HTML,
            page(
                "Border talks: Morocco, Mauritania meet in Nouakchott",
                [*BORDER_TALKS, "This story was first published by Sahel Test Wire."],
                site="Atlantic Syndicate",
                published="2024-03-05",
                canonical=f"{base}/syndicated/border-talks",
            ),
        ),
        "/index": (200, HTML, f"<html><head><title>Index</title></head><ul>{LINKS}</ul></html>"),
        "/old/border-talks": (301, {"Location": "/news/border-talks"}, b""),
        "/hang": (200, HTML, HANG),
        "/huge": (200, HTML, Stream(20 * 1024 * 1024)),
        "/huge-declared": (200, HTML, b"<p>" + b"x" * (20 * 1024 * 1024) + b"</p>"),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1/file"}, b""),
        "/feed.xml": (
            200,
            XML,
            rss(
                "Sahel Test Wire",
                [
                    ("Customs post", f"{base}/news/border-post", "Thu, 02 May 2024 09:00:00 GMT"),
                    ("Border talks", f"{talks}?utm_source=rss", "Tue, 05 Mar 2024 08:00:00 GMT"),
                    ("Syndicated", f"{base}/syndicated/border-talks", "Tue, 05 Mar 2024 GMT"),
                ],
            ),
        ),
        "/broken.xml": (200, XML, b"this is not a feed at all <<< >>>"),
        "/gone.xml": (
            200,
            XML,
            rss("Gone", [("Missing page", f"{base}/news/missing", "Tue, 05 Mar 2024 GMT")]),
        ),
    }


@contextmanager
def serve() -> Iterator[str]:
    """The site on a free port of 127.0.0.1; yields its base URL."""
    table: dict[str, Route] = {}
    with news_server(table) as base:
        table.update(routes(base))
        yield base
