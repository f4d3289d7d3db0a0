"""Make the OpenAPI document say what the API really answers.

Every operation (ours and Wagtail's) can fail with RFC 9457 problem details; ninja
documents only the statuses a view declares, as ``application/json``. This adds the
error statuses each kind of operation can return, as ``application/problem+json``, so
generated clients and schemathesis see the real contract (``api.compat`` hooks
:func:`describe` into the API's OpenAPI document). Every path under ``/api/`` is in the
``api`` rate-limit group (``cms.ratelimit``): each operation lists the 429 with
``Retry-After``, and every response the ``RateLimit-*`` headers.
"""

from wagtail.api.v3.errors import ProblemDetail

from cms.problems import PROBLEM_JSON
from cms.ratelimit import HEADERS as RATE_LIMIT_HEADERS

PROBLEM_REF = "#/components/schemas/ProblemDetail"
DESCRIPTIONS = {
    "400": "Bad request (unknown query parameter, bad combination)",
    "401": "Missing, invalid or revoked token",
    "403": "The token's user may not do this",
    "404": "Not found",
    "409": "Conflicts with the page's state",
    "422": "Validation failed",
    "429": "Too many requests from this client: wait ``Retry-After`` seconds",
}
HEADER_DESCRIPTIONS = {
    "RateLimit-Limit": "Requests this client may make in the current window.",
    "RateLimit-Remaining": "Requests left in the current window.",
    "RateLimit-Reset": "Seconds until the current window ends.",
    "Retry-After": "Seconds to wait before the next request.",
}


OPTIONAL_AUTH_SCHEMES = {"AllowAnonymous", "ReaderAuth"}


def describe_optional_auth(schema):
    """Public reads take a token but do not need one: ``security: [{}, {bearer}]``.

    Wagtail's ``AllowAnonymous`` is declared as an HTTP scheme without a ``scheme``
    (invalid OpenAPI) and our ``ReaderAuth`` as a second bearer scheme; both really
    mean "anonymous, or the usual bearer token".
    """
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    for name in OPTIONAL_AUTH_SCHEMES:
        schemes.pop(name, None)
    schemes.setdefault("BearerTokenAuth", {"type": "http", "scheme": "bearer"})
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            security = operation.get("security")
            if not security:
                continue
            names = {name for requirement in security for name in requirement}
            if names & OPTIONAL_AUTH_SCHEMES:
                operation["security"] = [{}, {"BearerTokenAuth": []}]
    return schema


def add_problem_responses(schema):
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ProblemDetail", ProblemDetail.model_json_schema())
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            statuses = ["400", "401", "403", "404", "422"]
            if method != "get":
                statuses.append("409")
            responses = operation.setdefault("responses", {})
            for status in statuses:
                response = responses.setdefault(status, {"description": DESCRIPTIONS[status]})
                response["content"] = {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}
    return schema


def _header_ref(name):
    return {"$ref": f"#/components/headers/{name}"}


def add_rate_limit_responses(schema):
    """429 on every operation; the ``RateLimit-*`` headers on every response
    (draft-ietf-httpapi-ratelimit-headers-03, why in ``cms.ratelimit``)."""
    headers = schema.setdefault("components", {}).setdefault("headers", {})
    for name, description in HEADER_DESCRIPTIONS.items():
        headers.setdefault(
            name, {"description": description, "schema": {"type": "integer", "minimum": 0}}
        )
    for path, path_item in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            responses["429"] = {
                "description": DESCRIPTIONS["429"],
                "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
            }
            for status, response in responses.items():
                names = [*RATE_LIMIT_HEADERS, *(["Retry-After"] if status == "429" else [])]
                response_headers = response.setdefault("headers", {})
                for name in names:
                    response_headers.setdefault(name, _header_ref(name))
    return schema


def describe(schema):
    """The generated OpenAPI document, with the problem and rate-limit responses and
    optional auth."""
    return describe_optional_auth(add_rate_limit_responses(add_problem_responses(schema)))
