"""API v2 for existing Wagtail clients: pages, images and documents, JSON only.

Wagtail's own viewsets, minus the browsable HTML renderer: every answer, errors
included, is JSON whatever the ``Accept`` header says.
"""

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class AlwaysJSON(BaseContentNegotiation):
    """JSON whatever the client accepts: a browser's Accept header gets JSON, not a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class JSONOnly:
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AlwaysJSON


class PagesV2(JSONOnly, PagesAPIViewSet):
    pass


class ImagesV2(JSONOnly, ImagesAPIViewSet):
    pass


class DocumentsV2(JSONOnly, DocumentsAPIViewSet):
    pass


router = WagtailAPIRouter("wagtailapi_v2")
router.register_endpoint("pages", PagesV2)
router.register_endpoint("images", ImagesV2)
router.register_endpoint("documents", DocumentsV2)
