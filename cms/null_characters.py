"""Requests that carry a NUL character (U+0000) are refused (400; 422 in the API), on every path.

No text a visitor, editor or app sends may hold one, and PostgreSQL refuses it in every
text value. With parameters bound on the server (``POSTGRESQL_OPTIONS`` in
``cms/settings/base.py``) a NUL reached PostgreSQL and failed the query: a 500 wherever
a view passed the text on (a GraphQL ``page(path:)``, a URL path). Bound on the client
before, libpq cut the text at the NUL without a word, so a write could store less than
was sent. One check at the edge covers every path: the URL path, the query string, and
the bodies of URL-encoded forms (``%00``) and of JSON (``\\u0000`` in a string, parsed to
be sure). Multipart forms go to Django's form fields, which refuse NUL themselves.
"""

import json

from django.utils.translation import gettext as _

from cms.problems import refusal

_ENCODED = b"%00"
_JSON_ESCAPE = b"\\u0000"


def nul_detail(request):
    """What carries a NUL, as the answer says it; ``None`` when nothing does."""
    if "\x00" in request.path:
        return _("The address contains a NUL character, which this site does not accept.")
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        names = [name for name, value in request.GET.lists() if "\x00" in name + "".join(value)]
        return _(
            "The parameter %(names)s contains a NUL character, which this site does not accept."
        ) % {"names": ", ".join(f"“{name.replace(chr(0), '')}”" for name in names)}
    if request.method not in ("GET", "HEAD", "OPTIONS") and _body_carries_nul(request):
        return _("The request body contains a NUL character, which this site does not accept.")
    return None


def _body_carries_nul(request):
    if request.content_type == "application/x-www-form-urlencoded":
        return _ENCODED in request.body or b"\x00" in request.body
    if request.content_type == "application/json" or request.content_type.endswith("+json"):
        body = request.body
        if b"\x00" in body:
            return True
        if _JSON_ESCAPE not in body.lower():
            return False
        try:
            return _holds_nul(json.loads(body))
        except ValueError:
            return False  # not JSON: the view says so
    return False


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        detail = nul_detail(request)
        if detail is not None:
            # The API answers a value it cannot take with a 422 (``api.middleware``),
            # which clients and schemathesis expect for a value of the schema's type.
            return refusal(request, detail, 400, api_status=422)
        return self.get_response(request)
