"""Make the OpenAPI document say what the API really answers.

Every operation (ours and Wagtail's) can fail with RFC 7807 problem details; ninja
documents only the statuses a view declares, as ``application/json``. This adds the
error statuses each kind of operation can return, as ``application/problem+json``, so
generated clients and schemathesis see the real contract.
"""

from wagtail.api.v3.errors import ProblemDetail

PROBLEM_JSON = "application/problem+json"
PROBLEM_REF = "#/components/schemas/ProblemDetail"
DESCRIPTIONS = {
    "400": "Bad request (unknown query parameter, bad combination)",
    "401": "Missing, invalid or revoked token",
    "403": "The token's user may not do this",
    "404": "Not found",
    "409": "Conflicts with the page's state",
    "422": "Validation failed",
}


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


def install(api):
    original = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return add_problem_responses(original(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema
