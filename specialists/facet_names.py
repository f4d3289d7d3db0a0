"""Long finder facets are typed, not picked from a list of hundreds.

With hundreds of topics, therapies and towns, a ``<select>`` is unusable by keyboard and
screen reader, and its ~1,500 ``<option>``s were most of the finder page's rendering
time. A facet with more than ``LONG_FACET`` options is shown as a text field instead
(``topic_name``, ``city_name``, …; no JavaScript needed). The typed words are resolved
here, before filtering, to the value the filter takes: a name that matches exactly, or
the only one that contains the words, is chosen; several become links to choose from;
none is a message. One query per typed field; at most ``MAX_SUGGESTIONS`` links.
"""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from cms.search_terms import fold, plain_spellings
from cms.visibility import visible
from topics.models import TherapyPage, TopicPage

from .models import Specialty

LONG_FACET = 30
MAX_SUGGESTIONS = 10
MAX_LENGTH = 100
TYPED = ("topic", "therapy", "specialty", "region", "city")


def name_param(name):
    return f"{name}_name"


@dataclass
class TypedFacets:
    """What the typed facet fields resolved to."""

    params: dict
    texts: dict[str, str] = field(default_factory=dict)
    suggestions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)


def _options(name, locale, base):
    """``(value, label)`` of every option of a typed facet in ``locale`` (one query).

    Matched in Python, not with ``icontains``: SQLite's ``LIKE`` folds ASCII letters only.
    A language has hundreds of these at most.
    """
    if name in ("topic", "therapy"):
        model = TopicPage if name == "topic" else TherapyPage
        return visible(model.objects.filter(locale=locale)).values_list("pk", "title")
    if name == "specialty":
        return Specialty.objects.filter(locale=locale).values_list("pk", "name")
    return base.exclude(**{name: ""}).order_by().values_list(name, name).distinct()


def _candidates(name, text, locale, base):
    """Options whose label contains ``text`` (exact matches only, if there are any).

    Case, accents and German plain spellings don't matter: "ZUERICH" finds Zürich.
    """
    wanted = plain_spellings(text)
    rows = []
    for value, label in _options(name, locale, base):
        spellings = plain_spellings(str(label))
        if any(typed in spelling for typed in wanted for spelling in spellings):
            rows.append((value, label, bool(wanted & spellings)))
    rows.sort(key=lambda row: fold(str(row[1])))
    exact = [(value, label) for value, label, is_exact in rows if is_exact]
    return exact or [(value, label) for value, label, _exact in rows]


def resolve(params, locale, base):
    """``params`` with each typed facet replaced by the value its filter takes."""
    resolved = dict(params.items()) if hasattr(params, "items") else dict(params)
    typed = TypedFacets(params=resolved)
    for name in TYPED:
        text = " ".join(str(resolved.get(name_param(name), "")).split())
        if not text:
            continue
        typed.texts[name] = text[:MAX_LENGTH]
        if len(text) > MAX_LENGTH:
            typed.errors[name_param(name)] = [
                _("Please type at most %(limit)d characters.") % {"limit": MAX_LENGTH}
            ]
            continue
        matches = _candidates(name, text, locale, base)
        if len(matches) == 1:
            resolved[name] = str(matches[0][0])
        elif matches:
            typed.suggestions[name] = [
                (str(label), _choice_query(resolved, name, value))
                for value, label in matches[:MAX_SUGGESTIONS]
            ]
        else:
            typed.errors[name_param(name)] = [
                _("Nothing matches “%(text)s”. Try fewer or other letters.") % {"text": text}
            ]
    return typed


def _choice_query(params, name, value):
    """The finder's query string with ``name`` chosen (and its typed words dropped)."""
    query = QueryDict(mutable=True)
    for key, item in params.items():
        if key not in (name, name_param(name), "page") and item:
            query[key] = item
    query[name] = str(value)
    return query.urlencode()
