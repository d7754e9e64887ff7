"""Rendering the HTML that carries article text: Jinja2 templates with autoescape on.

Every value a template prints is escaped unless it is already ``Markup`` (HTML this package
built from escaped parts), so a forgotten call cannot open a hole. The output is one line: a
newline in a title ("…\\n\\n## Official correction [x](http://evil)") becomes a space, so even a
Markdown renderer would see a single raw-HTML block, never a blank line that ends it. (The app
renders with ``st.html``, which reads no Markdown at all.)

Named ``templating`` and not ``html``: ``streamlit run dashboard/ui/app.py`` puts ``dashboard/`` on
``sys.path``, where an ``html.py`` would shadow the standard library's ``html``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_HTTP = re.compile(r"(?i)https?://[^\s/?#]+")


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 source``, ``2 sources``."""
    return f"{n} {word if n == 1 else words or word + 's'}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,  # a misspelt field is an error, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["plural"] = plural
    return env


def one_line(markup: str) -> Markup:
    """Markup with every line break (and the spaces around it) turned into one space.

    Safe on escaped HTML: whitespace between tags and inside text renders the same (no template
    uses ``<pre>``), and a space cannot open or close a tag.
    """
    return Markup(_LINE_BREAKS.sub(" ", str(markup)).strip())


def render(template: str, /, **context: object) -> Markup:
    """The template ``dashboard/ui/templates/<template>`` rendered on one line."""
    return one_line(environment().get_template(template).render(**context))


def safe_url(url: object) -> str | None:
    """The URL if it is http(s) with a host, else None: a ``javascript:``, ``data:`` or relative
    link from an index is shown as text, never as a link."""
    text = str(url or "").strip()
    return text if _HTTP.match(text) else None


@cache
def stylesheet(name: str) -> Markup:
    """A stylesheet of ours (no article text in it) as a ``<style>`` element."""
    return Markup("<style>{}</style>").format(Markup((TEMPLATES / name).read_text("utf-8")))
