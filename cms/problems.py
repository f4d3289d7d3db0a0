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
