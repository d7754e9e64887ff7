"""Turning an article file's bytes into text: UTF-8 first, then only what can be told apart.

Pure: bytes in, ``Decoded`` out, ``ValueError`` with the offending byte named otherwise. UTF-8
(with or without a byte-order mark) and UTF-16 with a byte-order mark are certain. Windows-1252
(a superset of Latin-1's printable range) is accepted only when every non-ASCII character it
yields is a letter inside a word or common typographic punctuation; anything else (binary data,
another legacy encoding) is refused rather than guessed, because a wrong guess is silent mojibake
in the index.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

#: Non-letters a Windows-1252 news text plausibly holds (quotes, dashes, currency, degrees...).
_CP1252_PUNCT = frozenset("’‘“”„‚–—…«»°€£¥§©®™·•¡¿×÷¢¤¦¨ª¬¯±²³´µ¶¸¹º¼½¾\u00a0†‡‰‹›ˆ˜")
#: One-letter words of French, Spanish and Portuguese ("à Rabat", "ó", "é").
_LONE_LETTERS = frozenset("àÀáóòéèô")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-16", "windows-1252"

    @property
    def note(self) -> str | None:
        """What a reader should be told (None for plain UTF-8)."""
        if self.encoding == "utf-8":
            return None
        return f"decoded as {self.encoding} (not UTF-8); save it as UTF-8 to silence this"


def _plausible_cp1252(text: str) -> bool:
    """Every non-ASCII character a letter next to an ASCII letter, or known punctuation."""
    for i, ch in enumerate(text):
        if ch.isascii() or ch in _CP1252_PUNCT:
            continue
        if not unicodedata.category(ch).startswith("L"):
            return False
        # A word such as "café" or "Nouakchott-Ouest": find an ASCII letter in the same run.
        j = i
        while j > 0 and not text[j - 1].isascii() and text[j - 1].isalpha():
            j -= 1
        k = i
        while k + 1 < len(text) and not text[k + 1].isascii() and text[k + 1].isalpha():
            k += 1
        before = text[j - 1] if j > 0 else ""
        after = text[k + 1] if k + 1 < len(text) else ""
        in_word = (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
        if not in_word and not (i == j == k and ch in _LONE_LETTERS):
            return False
    return True


def decode_article(data: bytes) -> Decoded:
    """The text of an article file, line ends normalised to ``\\n``; ``ValueError`` if unsure."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-16 despite its byte-order mark: {exc.reason}") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            bad = data[exc.start : exc.start + 1].hex()
            try:
                text, encoding = data.decode("cp1252"), "windows-1252"
            except UnicodeDecodeError:
                text = ""
            if not text or "\x00" in text or not _plausible_cp1252(text):
                raise ValueError(
                    f"not UTF-8: byte 0x{bad} at offset {exc.start} (nor text in Windows-1252 "
                    "or Latin-1 that can be told apart); save it as UTF-8"
                ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise ValueError(f"NUL character at offset {nul}: a binary file, not an article")
    text = text.removeprefix("\ufeff")
    # CRLF (Windows) and lone CR (old Mac) line ends: one kind, so lines and offsets agree.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)
