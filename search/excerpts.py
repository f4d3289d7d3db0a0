"""A short excerpt of a result with the searched words marked.

Page text is editor-controlled HTML and the query is visitor-controlled, so the excerpt is
built from plain text, every piece is escaped, and only then are ``<mark>`` tags put
around the matches. Nothing from either side reaches the page unescaped.
"""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from cms.search_terms import fold

EXCERPT_CHARS = 240
TEXT_FIELDS = ["search_description", "summary", "introduction", "focus", "finder_text"]
NOT_TEXT = {"type", "id", "kind", "level", "style", "country", "page", "therapies", "image"}


def page_texts(page):
    """Plain-text candidates for the excerpt, most descriptive first (no queries)."""
    texts = [getattr(page, name, "") for name in TEXT_FIELDS]
    if getattr(page, "city", ""):
        texts.append(f"{page.city}")
    body = getattr(page, "body", None)
    if body is not None:
        texts.extend(_stream_strings(getattr(body, "raw_data", [])))
    return [" ".join(strip_tags(str(text)).split()) for text in texts if text]


def _stream_strings(value):
    """Strings inside StreamField raw data, without resolving pages or images."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT:
                yield from _stream_strings(item)
    elif isinstance(value, list | tuple) or hasattr(value, "__iter__"):
        for item in value:
            yield from _stream_strings(item)


def term_pattern(terms):
    """A regex over folded text matching words that start like a term.

    Stemming engines match "metastasis" for "metastases", so a term's last two letters are
    optional when it is long enough.
    """
    stems = []
    for term in terms:
        folded = fold(term)
        stems.append(folded[:-2] if len(folded) > 5 else folded)
    stems = sorted({stem for stem in stems if stem}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*")


def excerpt(texts, terms, length=EXCERPT_CHARS):
    """An escaped excerpt of the first text that contains a term, matches in ``<mark>``."""
    pattern = term_pattern(terms)
    chosen, first = (texts[0] if texts else ""), None
    if pattern is not None:
        for text in texts:
            match = pattern.search(fold(text))
            if match:
                chosen, first = text, match.start()
                break
    start = 0 if first is None or first < length // 3 else first - length // 3
    window = chosen[start : start + length]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(chosen) else ""
    return mark_safe(prefix + highlight(window, pattern) + suffix)  # noqa: S308 - escaped in highlight


def highlight(text, pattern):
    """Escape ``text``, then wrap the matches of ``pattern`` in ``<mark>``."""
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(fold(text)):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)
