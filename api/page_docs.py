"""What the OpenAPI document says about the page list's and find's parameters.

Kept apart from ``api.pages`` so the views read as code; the wording follows Wagtail's
v3 contract, which these endpoints accept (``api.page_query``).
"""

from django.conf import settings

from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS

from .filters import MAX_VALUES, STATUS_FIELD, declared, sortable
from .selection import MAX_DEPTH

TYPE_HELP = "Only pages of these types (repeat for several), e.g. `topics.TopicPage`."
FALLBACK_HELP = (
    "With `locale`: pages not translated into `locale` are listed in this language instead."
)
SITE_HELP = (
    "The site's hostname (`host` or `host:port`), as in Wagtail's v3 API; default: the "
    "site of the request. Unknown: 404; ambiguous without a port: 400."
)
CHILD_OF_HELP = (
    "Direct children of this page id, or `root` (the site's root page). A page the reader "
    "cannot see is a 422 naming the parameter."
)
DESCENDANT_OF_HELP = "Pages below this page id (any depth), or `root`. Not with `child_of`."
ANCESTOR_OF_HELP = "The ancestors of this page id (not the page itself), as in Wagtail's v3 API."
TRANSLATION_OF_HELP = (
    "The other language versions of this page id (or `root`), not the page itself; with "
    "`locale`, only the version in that language."
)


def order_help(models):
    """The ``order`` text, with the fields each page type declares (``api.filters``)."""
    declared = [
        f"`{model._meta.label}`: " + ", ".join(f"`{name}`" for name in sortable(model))
        for model in models
        if sortable(model)
    ]
    return (
        "Sort order, repeat for several fields. Ours: `path` (tree order, the default), "
        "`title`, `first_published_at`, `last_published_at` (each also with `-` for "
        "descending). Wagtail's: any of "
        + ", ".join(f"`{name}`" for name in BASE_PAGE_READ_FIELDS)
        + ", `id` or, with one `type`, one of its database API fields, each with an "
        "optional `-`; or `random` alone (not with `offset`). With `search` and no "
        "`order`: relevance. Declared per type (with that `type`): " + "; ".join(declared) + "."
    )


SEARCH_HELP = (
    "Full-text search. Only the words count (letters and digits): quotes, `*`, `:` and "
    "other search syntax are ignored; no words, no results."
)
OPERATOR_HELP = "`and`: pages with every word; `or`: pages with any word (the backend's default)."
HTML_PATH_HELP = "A site URL or path with its language prefix, e.g. `/de/themen/lebermetastasen/`."
FIND_ID_HELP = "A page id, used when `html_path` is absent or shows no page."
CARRIED_HELP = "Carried over to the detail URL in `Location` (see the detail's parameters)."

FIELD_FILTER_PARAMETERS = [
    {
        "in": "query",
        "name": name,
        "required": False,
        "schema": {"type": "string"},
        "description": (
            f"Wagtail's field filter: pages whose `{name}` equals this value. With one "
            "`type`, that type's database API fields (not StreamFields) filter the same way."
        ),
    }
    for name in ["id", *[name for name in BASE_PAGE_READ_FIELDS if name not in ("pk", "locale")]]
]

LIMIT_HELP = (
    f"Items per answer, at most {settings.WAGTAILAPI_LIMIT_MAX}; `count` is the number of "
    "items of the whole list (page through with `offset`)."
)
FIELDS_HELP = (
    "Wagtail's field selection: `fields=body,references` adds fields to the default (a "
    "list's summary card, a detail's every field); `*` every field; `_` only `id`, `type` "
    "and `meta`; `-body` removes a field; `therapies(title,summary)` selects inside a value "
    "and expands a relation to cards with those fields. An unknown field is a 400 naming "
    "it. A selection gives answers with fewer (or more) fields than the schema shown here."
)
EXPAND_HELP = (
    "Relations to show as the related pages' summary cards (the `...Summary` schemas, in "
    "the reader's language; only live, public pages) instead of `{id, title, url, "
    f"locale}}`: `expand=therapies,specialists`; `therapies.specialists` for a second level "
    f"(at most {MAX_DEPTH})."
)
DEPTH_HELP = (
    f"Expand every relation this many levels deep (0 to {MAX_DEPTH}); `expand` and "
    "`fields` add to it."
)


def typed_filter_parameters(models):
    """One OpenAPI parameter per typed filter (``api.filters``), naming its page types."""
    parameters = {}
    for model in models:
        for name, (typed, operator) in declared(model).items():
            entry = parameters.setdefault(name, (typed, operator, []))
            entry[2].append(f"`{model._meta.label}`")
    statuses = {
        STATUS_FIELD.name: (STATUS_FIELD, ""),
        f"{STATUS_FIELD.name}__in": (STATUS_FIELD, "in"),
    }
    result = [
        _parameter(name, typed, operator, "Any page type (`source` for source pages).")
        for name, (typed, operator) in statuses.items()
    ]
    for name, (typed, operator, labels) in sorted(parameters.items()):
        result.append(_parameter(name, typed, operator, f"With `type` {' or '.join(labels)}."))
    return result


OPERATOR_TEXT = {
    "": "equal to this value",
    "in": f"equal to one of these comma-separated values (at most {MAX_VALUES})",
    "lt": "before (less than) this value",
    "lte": "on or before (at most) this value",
    "gt": "after (greater than) this value",
    "gte": "on or after (at least) this value",
}


def _parameter(name, typed, operator, scope):
    schema = dict(typed.schema)
    if operator == "in":
        schema = {"type": "string", "description": "comma-separated"}
    return {
        "in": "query",
        "name": name,
        "required": False,
        "schema": schema,
        "description": (
            f"Pages whose `{typed.name}` is {OPERATOR_TEXT[operator]}. {scope} A bad value is "
            "a 400 naming the parameter."
        ),
    }


FIND_REDIRECT = {
    "description": (
        "Found: the page's detail URL in `Location`, with every parameter but `html_path` "
        "and `id` carried over (`/api/v3/pages/42/?locale=de&fallback=en`)."
    ),
    "headers": {"Location": {"schema": {"type": "string"}, "description": "The detail URL."}},
}
