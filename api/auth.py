"""Bearer-token authentication for reads and writes.

Reads are public, but a request that sends a token must send a valid one: a wrong or
revoked token is a 401, never a silent downgrade to an anonymous reader.
"""

from ninja.errors import AuthenticationError
from ninja.security.http import HttpAuthBase

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from wagtail.api.v3.auth import BearerTokenAuth


class ReaderAuth(HttpAuthBase):
    """Anonymous without an ``Authorization`` header, the token's user with a valid one."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            request.user = AnonymousUser()
            return request.user
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise AuthenticationError(401, _("Authorization must be 'Bearer <token>'."))
        api_token = BearerTokenAuth().authenticate(request, token.strip())
        if api_token is None:
            raise AuthenticationError(401, _("Invalid or revoked token."))
        return api_token


token_auth = BearerTokenAuth()
reader_auth = ReaderAuth()
