"""Bringing articles in: pure parts (HTML to a draft, front matter, language, near-duplicates).

Nothing here touches the network or the corpus folder: ``dashboard/fetch.py`` fetches and
``dashboard/ingest.py`` reads and writes files.
"""

from articles.errors import NewsMapError


class IngestError(NewsMapError, ValueError):
    """A source cannot become an article; the message names the source and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")
