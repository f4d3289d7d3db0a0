"""A short excerpt of a result with the searched words marked.

Page text is editor-controlled HTML and the query is visitor-controlled, so the excerpt is
built from plain text, every piece is escaped, and only then are ``<mark>`` tags put
around the matches. Nothing from either side reaches the page unescaped.
"""

import functools
import re

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ExpressionWrapper, F, JSONField
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.models import Page, get_page_models

from cms.search_terms import fold

EXCERPT_CHARS = 240
TEXT_FIELDS = ["search_description", "summary", "introduction", "focus", "finder_text"]
EXCERPT_FIELDS = [*TEXT_FIELDS, "city", "body"]
NOT_TEXT = {"type", "id", "kind", "level", "style", "country", "page", "therapies", "image"}


def page_texts(fields):
    """Plain-text candidates for the excerpt, most descriptive first.

    ``fields`` maps a page's ``EXCERPT_FIELDS`` to their values (``body``: the StreamField
    data as stored), as ``with_texts`` loads them.
    """
    texts = [fields.get(name) or "" for name in TEXT_FIELDS]
    if fields.get("city"):
        texts.append(f"{fields['city']}")
    texts.extend(_stream_strings(fields.get("body") or []))
    return [" ".join(strip_tags(str(text)).split()) for text in texts if text]


def _parent_lookup(model):
    """The lookup from ``Page`` to ``model``'s row (``topicpage``, or ``a__b`` for a page
    type that extends another concrete one)."""
    names = []
    while model is not Page:
        parent, link = next(
            (parent, link)
            for parent, link in model._meta.parents.items()
            if issubclass(parent, Page)
        )
        names.append(link.related_query_name())
        model = parent
    return "__".join(reversed(names))


@functools.cache
def _columns():
    """``(annotations, {page model: {field name: attribute}})`` for every excerpt field of
    every page type: one query over plain ``Page`` rows reads them for any mix of types."""
    annotations, per_model = {}, {}
    for model in get_page_models():
        found = {}
        for name in EXCERPT_FIELDS:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.model is Page:
                found[name] = name
                continue
            alias = f"_excerpt_{field.model._meta.label_lower.replace('.', '_')}_{name}"
            lookup = f"{_parent_lookup(field.model)}__{name}"
            # Stored data, not a StreamValue: the excerpt needs strings, not blocks.
            output = JSONField() if name == "body" else field
            annotations[alias] = ExpressionWrapper(F(lookup), output_field=output)
            found[name] = alias
        per_model[model] = found
    return annotations, per_model


def with_texts(pages):
    """``pages`` (a ``Page`` queryset) with every type's excerpt fields, in the same query."""
    annotations, _per_model = _columns()
    return pages.annotate(**annotations)


def texts_of(page):
    """The excerpt candidates of a page loaded through ``with_texts``."""
    _annotations, per_model = _columns()
    fields = per_model.get(page.specific_class, {})
    return page_texts({name: getattr(page, attribute, None) for name, attribute in fields.items()})


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
