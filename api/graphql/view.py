"""``/api/graphql/``: POST, or GET for queries; bearer tokens, never session cookies.

The reader is who ``api.auth.reader_auth`` says, exactly as for REST: anonymous without
an ``Authorization`` header (a signed-in admin's session cookie counts for nothing),
the token's user with a valid token, and a 401 problem for a wrong one. Since no cookie
authenticates anything here, the view is CSRF-exempt like every API view. GET runs
queries only (strawberry refuses mutations over GET, and the schema has none).

Everything around the view is the API's: CORS (``CORS_URLS_REGEX``), the ``api`` rate
limit group (``cms.ratelimit`` limits every ``/api/`` path), JSON errors and caching
headers (``api.middleware``: a GET read anonymously is ``public``, anything with a token
or a draft ``private, no-store``). The page cache stores only ``/api/v2/`` and
``/api/v3/`` GETs, so no GraphQL answer, POST or GET, is ever stored server-side.
"""

from ninja.errors import AuthenticationError
from strawberry.django.views import GraphQLView

from django.views.decorators.csrf import csrf_exempt

from api.auth import reader_auth
from cms.problems import problem

from .schema import schema


class ReaderGraphQLView(GraphQLView):
    graphql_ide = None
    allow_queries_via_get = True

    def dispatch(self, request, *args, **kwargs):
        try:
            reader_auth(request)
        except AuthenticationError as error:
            return problem(401, str(error.message))
        return super().dispatch(request, *args, **kwargs)


def graphql_view():
    return csrf_exempt(ReaderGraphQLView.as_view(schema=schema()))
