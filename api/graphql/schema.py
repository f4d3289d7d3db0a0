"""The GraphQL schema, built once every app has registered its page types.

Limits keep one request from costing more than a REST page of answers: a query may
nest ``MAX_DEPTH`` levels, use ``MAX_ALIASES`` aliases and ``MAX_TOKENS`` tokens; the
lists inside are bounded by REST's own limits (``WAGTAILAPI_LIMIT_MAX`` pages, the
finder's and search's page sizes). Errors the reader caused (``ReaderError``, invalid
queries, limits) are shown; anything else is masked as "Unexpected error.".
"""

from functools import cache

import strawberry
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from .pages import PageTypes
from .queries import ReaderError, build_query
from .types import TypeBuilder

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 1000


def _masked(error):
    original = error.original_error
    return original is not None and not isinstance(original, ReaderError)


@cache
def schema():
    builder = TypeBuilder()
    page_types = PageTypes(builder)
    query = build_query(page_types, builder)
    return strawberry.Schema(
        query=query,
        types=list(page_types.objects.values()),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaskErrors(should_mask_error=_masked),
        ],
    )


def schema_text():
    """The schema in SDL, as ``api/graphql/schema.graphql`` holds it."""
    return schema().as_str() + "\n"
