"""RFC 9457 problem details: the JSON error every path under ``/api/`` answers with.

In ``cms`` (HTTP infrastructure) because ``cms.request_size`` answers oversized API
bodies before the API runs; ``api.middleware`` answers every other API error with it.
"""

import json
from http import HTTPStatus

from django.http import HttpResponse

PROBLEM_JSON = "application/problem+json"


def problem(status, detail=""):
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_JSON)


def refusal(request, detail, status, api_status=None):
    """An answer refusing a request before any view runs (``cms.request_size``,
    ``cms.null_characters``): a problem under ``/api/`` (``api_status`` there when the
    API's convention differs), plain text on the site; never stored by a cache."""
    if request.path_info.startswith("/api/"):
        response = problem(api_status or status, detail)
    else:
        response = HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
