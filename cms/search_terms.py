"""Turn what a visitor typed into search terms that are safe for every search engine.

Site search and the specialist finder both pass visitor text to full-text engines whose
query languages treat quotes, ``*``, ``:``, ``&``, ``!`` and parentheses as operators
(SQLite FTS5, PostgreSQL ``to_tsquery``, OpenSearch). Keeping only words (Unicode
letters and digits) makes every input a plain AND of words, so no input can be a syntax
error, whatever it contains.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CleanQuery:
    text: str = ""
    terms: list[str] = field(default_factory=list)
    truncated: bool = False

    def __bool__(self):
        return bool(self.terms)


def clean_query(raw):
    """Words of ``raw``, at most ``MAX_TERMS`` of them from its first ``MAX_QUERY_CHARS``."""
    text = unicodedata.normalize("NFC", CONTROL.sub(" ", raw or ""))
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS].strip()
    terms = WORD.findall(text)
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        truncated = True
    return CleanQuery(text=text, terms=terms, truncated=truncated)


def fold(text):
    """Lower case without accents, one character per character (``Zürich`` -> ``zurich``).

    Keeping the length lets callers map a match in the folded text back to the original.
    """
    return "".join(_fold_char(char) for char in text)


def _fold_char(char):
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def parse_page_number(raw):
    """A results page number from a query string: ``1`` when absent, ``None`` when invalid."""
    if raw in (None, ""):
        return 1
    try:
        number = int(str(raw).strip())
    except ValueError:
        return None
    return number if number >= 1 else None
