"""One exception tree for the whole project.

Every error also derives from the matching built-in, as geopy's do, so callers that only know
``ValueError`` or ``OSError`` still catch them.
"""


class NewsMapError(Exception):
    """Base class of every error this project raises on purpose."""


class ArticleError(NewsMapError, ValueError):
    """An article file is unusable; the message names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class GazetteerError(NewsMapError, ValueError):
    """A gazetteer or overrides file is malformed (message names file, line and problem)."""


class GeocodingError(NewsMapError):
    """An online geocoder failed; recorded, never fatal to a build."""


class IndexMissingError(NewsMapError, FileNotFoundError):
    """The SQLite index does not exist yet (build it first)."""
