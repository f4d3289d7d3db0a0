"""Make the OpenAPI document say what the API really answers.

Every operation (ours and Wagtail's) can fail with RFC 9457 problem details; ninja
documents only the statuses a view declares, as ``application/json``. This adds the
error statuses each kind of operation can return, as ``application/problem+json``, so
generated clients and schemathesis see the real contract (``api.compat`` hooks
:func:`describe` into the API's OpenAPI document). Every path under ``/api/`` is in the
``api`` rate-limit group (``cms.ratelimit``): each operation lists the 429 with
``Retry-After``, and every response the ``RateLimit-*`` headers. It also states the
bounds the API enforces that ninja does not document, gives optional bodies as plain
references and documents expanded relations (``PageCard``): schemathesis
(``tests/api/test_live.py``) and a generated client (``tests/api/test_generated_client.py``)
check the document against the real answers.
"""

from django.conf import settings

from wagtail.api.v3.errors import ProblemDetail

from cms.numbers import LARGEST_NUMBER
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


def _integer_schemas(schema):
    """The integer schemas in ``schema`` and in its ``anyOf`` (``int | None``)."""
    if schema.get("type") == "integer":
        yield schema
    for option in schema.get("anyOf", []):
        yield from _integer_schemas(option)


def bound_numbers(schema):
    """Query numbers state the bounds the API enforces.

    ``APIMiddleware`` answers a number beyond ``LARGEST_NUMBER`` with a 422 before any
    view runs, and Wagtail's pagination refuses a ``limit`` over
    ``WAGTAILAPI_LIMIT_MAX`` (400); ninja documents neither, so a client (or
    schemathesis) would send such a value as valid.
    """
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                for number in _integer_schemas(parameter.get("schema", {})):
                    number.setdefault("maximum", LARGEST_NUMBER)
                    if parameter["name"] == "limit" and settings.WAGTAILAPI_LIMIT_MAX:
                        number["maximum"] = min(number["maximum"], settings.WAGTAILAPI_LIMIT_MAX)
    return schema


FOCAL_POINT_FIELDS = {"focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"}
LARGEST_POSITIVE_FIELD = 2**31 - 1  # Django's PositiveIntegerField, on every database


def _media_write_schemas(schema):
    components = schema.get("components", {}).get("schemas", {})
    for name in (
        "ImageCreateSchema",
        "ImagePatchSchema",
        "DocumentCreateSchema",
        "DocumentPatchSchema",
    ):
        if name in components:
            yield components[name]
    for path, path_item in schema.get("paths", {}).items():
        if path.startswith(("/api/v3/images/", "/api/v3/documents/")):
            for operation in path_item.values():
                for media in operation.get("requestBody", {}).get("content", {}).values():
                    if "properties" in media.get("schema", {}):
                        yield media["schema"]


def bound_media_fields(schema):
    """Image and document writes state what Wagtail's forms refuse.

    A focal point is a ``PositiveIntegerField`` (a negative or oversized one is a 422)
    and a new image or document needs a title (an empty one is "This field is
    required"); Wagtail's schemas declare plain integers and strings.
    """
    for body in _media_write_schemas(schema):
        properties = body.get("properties", {})
        for name in FOCAL_POINT_FIELDS & set(properties):
            for number in _integer_schemas(properties[name]):
                number.update(minimum=0, maximum=LARGEST_POSITIVE_FIELD)
        if "title" in body.get("required", []):
            properties["title"]["minLength"] = 1
    return schema


def plain_request_bodies(schema):
    """An optional body is its schema's ``$ref``, without ninja's ``allOf`` + ``default``.

    ninja wraps the schema of a body with a default (``Body(NO_COMMENT)``) in a one-item
    ``allOf`` carrying the default object; openapi-python-client cannot give a model a
    default and drops such operations. The body is optional and its fields have their
    own defaults, which say the same.
    """
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = media.get("schema", {})
                if len(body.get("allOf", [])) == 1 and "default" in body:
                    media["schema"] = body["allOf"][0]
    return schema


PAGE_LINK_REF = "#/components/schemas/PageLink"
PAGE_CARD = "PageCard"


def _page_link_options(value):
    """The ``anyOf`` lists and ``items`` of ``value`` that hold the ``PageLink`` ref."""
    if value.get("items", {}).get("$ref") == PAGE_LINK_REF:
        yield value["items"]
    for option in value.get("anyOf", []):
        if option.get("$ref") == PAGE_LINK_REF:
            yield option


def describe_expanded_relations(schema):
    """A relation is a ``PageLink`` or, with ``expand=``/``depth=``, a summary card.

    ``api.expand`` replaces a relation's ``{id, title, url, locale}`` by the related
    page's summary card (the page list's items); the pydantic schemas name only the link,
    so a generated client could not read an expanded answer. Every relation of a page
    type's detail and summary schema (the fields ``api.selection`` expands) becomes
    ``PageLink`` or ``PageCard`` (the summaries' union, discriminated on ``type``).
    """
    components = schema.get("components", {}).get("schemas", {})
    page_list = components.get("PageList", {}).get("properties", {}).get("items", {})
    detail = schema.get("paths", {}).get("/api/v3/pages/{page_id}/", {}).get("get", {})
    responses = detail.get("responses", {})
    detail = (responses.get(200) or responses.get("200") or {}).get("content", {})  # ninja: int
    detail = detail.get("application/json", {}).get("schema", {})
    summaries = page_list.get("items", {})
    if not summaries.get("discriminator"):
        return schema
    components[PAGE_CARD] = {
        "description": "A related page's summary card (an expanded relation).",
        **summaries,
    }
    page_types = [
        reference.rsplit("/", 1)[-1]
        for union in (summaries, detail)
        for reference in union.get("discriminator", {}).get("mapping", {}).values()
    ]
    for name in page_types:
        for value in components.get(name, {}).get("properties", {}).values():
            for option in _page_link_options(value):
                option.pop("$ref")
                option["anyOf"] = [
                    {"$ref": PAGE_LINK_REF},
                    {"$ref": f"#/components/schemas/{PAGE_CARD}"},
                ]
    return schema


def describe(schema):
    """The generated OpenAPI document, with the problem and rate-limit responses,
    optional auth, the enforced number bounds, plain request bodies and expanded
    relations."""
    schema = add_rate_limit_responses(add_problem_responses(schema))
    schema = bound_media_fields(bound_numbers(describe_optional_auth(schema)))
    schema = plain_request_bodies(schema)
    return describe_expanded_relations(schema)
