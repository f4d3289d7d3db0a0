"""HTTP behaviour of every API response: JSON errors, caching headers, conditional GET.

Applies to paths under ``/api/`` only. Errors raised outside the API's own handlers
(an unknown path, a wrong method, a CSRF failure, a crash) become RFC 7807 JSON with the
same status (a 405 keeps its ``Allow`` header); a failing search index is a 503 and a
body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` a 413 (``cms.request_size``). Public reads get
``Cache-Control: public, max-age``, an ``ETag`` and a ``Last-Modified`` (when the view
knows one) and answer conditional requests with 304; anything read with a token, and
previews, are ``private, no-store``.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _

from cms.numbers import ASCII_DIGITS, parse_whole_number
from cms.problems import problem
from cms.request_size import too_large
from cms.search_terms import SearchUnavailable

logger = logging.getLogger(__name__)

SEARCH_RETRY_AFTER = "60"


def not_found_detail(request):
    if request.path_info.endswith("/"):
        return _("No API endpoint at %s.") % request.path_info
    return _("No API endpoint at %s (API paths end with '/').") % request.path_info


class APIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        response = (
            _reject_impossible_numbers(request)
            or _reject_non_object_body(request)
            or self.get_response(request)
        )
        if response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            allow = response.get("Allow")
            response = problem(response.status_code, _detail(request, response))
            if allow:
                response["Allow"] = allow
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return self._cache_headers(request, response)
        response["Cache-Control"] = "private, no-store"
        return response

    def process_exception(self, request, exception):
        if not request.path_info.startswith("/api/") or isinstance(exception, RequestDataTooBig):
            return None  # an oversized body is cms.request_size's, on every path
        if isinstance(exception, SearchUnavailable):
            response = problem(503, str(exception))
            response["Retry-After"] = SEARCH_RETRY_AFTER
            return response
        if isinstance(exception, SuspiciousOperation | MultiPartParserError):
            # MultiPartParserError: a multipart body without a boundary, or a broken one.
            return problem(400, _("The request could not be read."))
        logger.exception("API error on %s", request.path_info, exc_info=exception)
        return problem(500, _("Internal server error."))

    def _cache_headers(self, request, response):
        private = (
            "Authorization" in request.headers
            or getattr(request, "api_no_store", False)
            or request.path_info.startswith("/api/v3/preview/")
        )
        if private:
            response["Cache-Control"] = "private, no-store"
            return response
        response["Cache-Control"] = f"public, max-age={settings.CMS_API_CACHE_MAX_AGE}"
        patch_vary_headers(response, ["Origin"])
        if not response.streaming and not response.has_header("ETag"):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'W/"{digest}"'
        last_modified = getattr(request, "api_last_modified", None)
        if last_modified is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(last_modified.timestamp())
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=int(last_modified.timestamp()) if last_modified else None,
            response=response,
        )
        return conditional


def _too_large(value):
    return bool(ASCII_DIGITS.fullmatch(value)) and parse_whole_number(value) is None


def _foreign_number(value):
    """``value`` is a number (``int('٣')`` is 3, ``'½'`` is numeric), but not in 0-9.

    Wagtail's v2 filters and pagination read ids, limits and offsets with ``int()``; a
    number in another script must not quietly mean the same thing, so it is refused here
    for every API route at once. Anything Python cannot read as a number is left to the
    route, which answers 400/422 itself.
    """
    if value.isascii():
        return False
    text = value.strip().lstrip("+-")
    if text and all(char.isnumeric() for char in text):
        return True  # '൰', '½', 'Ⅻ': numbers to a reader, though int() refuses them
    for read in (int, float):
        try:
            read(value)
        except (ValueError, OverflowError):
            continue
        return True
    return False


def _reject_impossible_numbers(request):
    for segment in request.path_info.split("/"):
        if _too_large(segment) or _foreign_number(segment):
            return problem(404, _("No object has this id."))
    for name, values in request.GET.lists():
        if any(_too_large(value) for value in values):
            return problem(422, _("'%s' is too large.") % name)
        if any(_foreign_number(value) for value in values):
            return problem(422, _("'%s' must be written with the digits 0-9.") % name)
    return None


def _reject_non_object_body(request):
    """Every JSON body the API takes is an object (see the OpenAPI document).

    ninja reads a body of a schema whose fields are all optional (Wagtail's image and
    document patches) from any JSON value, so ``[null, null]`` would be an empty update
    answered 200; it is a 422 for every write instead.
    """
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.content_type != "application/json":
        return None
    try:
        raw = request.body
    except RequestDataTooBig:  # a body without a length, found too large while read
        return too_large(request)
    if not raw.strip():
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None  # the view answers unreadable JSON itself
    if isinstance(body, dict):
        return None
    return problem(422, _("The request body must be a JSON object."))


def _detail(request, response):
    if response.status_code == 404:
        return not_found_detail(request)
    if response.status_code == 405:
        return _("Method %s is not allowed here.") % request.method
    if response.status_code == 403:
        return _("This request is not allowed.")
    return ""
