"""HTTP behaviour of every API response: JSON errors, caching headers, conditional GET.

Applies to paths under ``/api/`` only. Errors raised outside the API's own handlers
(an unknown path, a wrong method, a CSRF failure, a crash) become RFC 7807 JSON with the
same status. Public reads get ``Cache-Control: public, max-age``, an ``ETag`` and a
``Last-Modified`` (when the view knows one) and answer conditional requests with 304;
anything read with a token, and previews, are ``private, no-store``.
"""

import hashlib
import json
import logging
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# Ids and offsets beyond a 63-bit integer cannot exist; databases fail on them (SQLite
# with OverflowError, PostgreSQL with "out of range"), so they are answered up front.
LARGEST_NUMBER = 2**63 - 1


def not_found_detail(request):
    if request.path_info.endswith("/"):
        return _("No API endpoint at %s.") % request.path_info
    return _("No API endpoint at %s (API paths end with '/').") % request.path_info


def problem(status, detail=""):
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_JSON)


class APIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        response = _reject_impossible_numbers(request) or self.get_response(request)
        if response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            response = problem(response.status_code, _detail(request, response))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return self._cache_headers(request, response)
        response["Cache-Control"] = "private, no-store"
        return response

    def process_exception(self, request, exception):
        if not request.path_info.startswith("/api/"):
            return None
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
    return value.isdigit() and int(value) > LARGEST_NUMBER


def _reject_impossible_numbers(request):
    if any(_too_large(segment) for segment in request.path_info.split("/")):
        return problem(404, _("No object has this id."))
    for name, values in request.GET.lists():
        if any(_too_large(value) for value in values):
            return problem(422, _("'%s' is too large.") % name)
    return None


def _detail(request, response):
    if response.status_code == 404:
        return not_found_detail(request)
    if response.status_code == 405:
        return _("Method %s is not allowed here.") % request.method
    return ""
