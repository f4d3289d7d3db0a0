"""Turn what a visitor typed into search terms that are safe for every search engine.

Site search and the specialist finder both pass visitor text to full-text engines whose
query languages treat quotes, ``*``, ``:``, ``&``, ``!`` and parentheses as operators
(SQLite FTS5, PostgreSQL ``to_tsquery``, OpenSearch). Keeping only words (Unicode
letters and digits) makes every input a plain AND of words, so no input can be a syntax
error, whatever it contains.

Every caller of a search backend (site search, suggestions, the finder, Wagtail's own
API v2 and v3 ``search``) runs it inside ``search_guard``: an index that is missing,
damaged or unreachable becomes ``SearchUnavailable``, answered the same way everywhere
(a 503 problem in the API, ``UNAVAILABLE_MESSAGE`` on HTML pages) and logged.
"""

import logging
import re
import unicodedata
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils.translation import gettext_lazy

from cms.numbers import parse_whole_number

logger = logging.getLogger(__name__)

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

    @property
    def search_text(self):
        """The terms as one backend query; lower case, so no word is an FTS5 operator
        (``AND``, ``OR``, ``NOT``, ``NEAR``). Every engine here folds case anyway."""
        return " ".join(term.lower() for term in self.terms)


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


UNAVAILABLE_MESSAGE = gettext_lazy(
    "Search is temporarily unavailable. Please try again in a few minutes, or "
    "browse the topics and therapies from the home page."
)


class SearchUnavailable(Exception):  # noqa: N818 - reads as the state it reports
    """The search index failed (missing, damaged or unreachable); not the visitor's fault."""

    def __init__(self, message=None):
        super().__init__(str(message or UNAVAILABLE_MESSAGE))


def _backend_errors():
    errors = [DatabaseError, OSError]
    try:
        from opensearchpy.exceptions import OpenSearchException
    except ImportError:
        pass
    else:
        errors.append(OpenSearchException)
    return tuple(errors)


@contextmanager
def search_guard(what):
    """Run a search (and read its results); a backend failure is logged and raised as
    ``SearchUnavailable``.

    Inside a transaction the search runs in a savepoint, so a failure leaves the
    transaction usable. Outside one (a visitor's request) it opens none: a failed
    statement in autocommit spoils nothing, and on SQLite, whose transactions take the
    write lock at ``BEGIN`` (``transaction_mode=IMMEDIATE``), every search waited behind
    each publish and held a worker thread meanwhile."""
    inside = transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic() if inside else nullcontext():
            yield
    except _backend_errors() as error:
        logger.exception("Search backend failed (%s)", what)
        raise SearchUnavailable from error


def fold(text):
    """Lower case without accents, one character per character (``Zürich`` -> ``zurich``).

    Keeping the length lets callers map a match in the folded text back to the original.
    """
    return "".join(_fold_char(char) for char in text)


def _fold_char(char):
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


GERMAN_PLAIN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def plain_spellings(word):
    """``word`` in lower-case plain letters, both ways: ``Würschmidt`` -> ``{"wurschmidt",
    "wuerschmidt"}`` (accents dropped; German umlauts also as ``ae``/``oe``/``ue``, ``ß`` as
    ``ss``), for visitors whose keyboard has no umlauts."""
    lower = word.lower()
    return {fold(lower.replace("ß", "ss")), fold(lower.translate(GERMAN_PLAIN_LETTERS))}


def within_one_edit(a, b):
    """At most one letter inserted, deleted or replaced: a typo (linear, no full edit distance)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        return a[start + 1 :] == b[start + 1 :]
    return a[start:] == b[start + 1 :]


def parse_page_number(raw):
    """A results page number from a query string: ``1`` when absent, ``None`` when invalid."""
    if raw in (None, ""):
        return 1
    return parse_whole_number(raw, minimum=1, clamp=True)
