"""Bodies over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` are answered 413, on every path.

Django refuses an oversized body only when something reads it, by raising
``RequestDataTooBig``: a view's exception then became a 500 (the API turned it into
one), and one raised by middleware a 400. A declared ``Content-Length`` over the limit
is refused before anything runs; a body found too large while it is read (a multipart
form's fields, a body without a length) is refused when the exception reaches here.
Multipart uploads are measured by their fields only, as Django does: files have their
own limits (``WAGTAILIMAGES_MAX_UPLOAD_SIZE``).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _

from cms.numbers import parse_whole_number
from cms.problems import refusal


def too_large(request):
    detail = _("The request body is larger than this site accepts (%(limit)d bytes).") % {
        "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    }
    return refusal(request, detail, 413)


def declared_too_large(request):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False
    length = parse_whole_number(request.META.get("CONTENT_LENGTH"))
    return length is not None and length > limit


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_too_large(request):
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        return None
