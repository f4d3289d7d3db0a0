"""What the OpenAPI document says about the page list's and find's parameters.

Kept apart from ``api.pages`` so the views read as code; the wording follows Wagtail's
v3 contract, which these endpoints accept (``api.page_query``).
"""

from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS

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
ORDER_HELP = (
    "Sort order, repeat for several fields. Ours: `path` (tree order, the default), "
    "`title`, `first_published_at`, `last_published_at` (each also with `-` for "
    "descending). Wagtail's: any of "
    + ", ".join(f"`{name}`" for name in BASE_PAGE_READ_FIELDS)
    + ", `id` or, with one `type`, one of its database API fields, each with an optional "
    "`-`; or `random` alone (not with `offset`). With `search` and no `order`: relevance."
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

FIND_REDIRECT = {
    "description": (
        "Found: the page's detail URL in `Location`, with every parameter but `html_path` "
        "and `id` carried over (`/api/v3/pages/42/?locale=de&fallback=en`)."
    ),
    "headers": {"Location": {"schema": {"type": "string"}, "description": "The detail URL."}},
}
