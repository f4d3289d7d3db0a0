"""A page's revisions and its unpublish action, on Wagtail's v3 paths.

Wagtail's own pages router (unmounted, see ``api.compat``) offers
``/pages/{id}/revisions/``, ``/pages/{id}/revisions/{rid}/`` and
``/pages/{id}/actions/unpublish/``; v3 clients (wagtail-cli) call them, so ours answer
on the same paths with the same list envelope and revision fields, and a revision's
``content_object`` in our typed detail shape. Revisions are drafts: only users who may
edit the page read them (``api.pages.check_may_read_drafts``). Unpublishing is
Wagtail's ``UnpublishPageAction``, the admin's own path: its permission check
(``can_unpublish``) and the integrity gate's row guard apply unchanged.
"""

from ninja import Body, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.schemas.params import RevisionFilterSchema
from wagtail.api.v3.schemas.revisions import ContentTypeSchema, RevisionSchema
from wagtail.models import Page

from .auth import token_auth
from .context import ReadContext
from .pages import check_may_read_drafts
from .pagetypes import serialize_pages, union
from .writes import read_draft


class UnpublishBody(Schema):
    recursive: bool = False


class RevisionFilters(RevisionFilterSchema):
    """Wagtail's revision filters; ``user_id`` is a number here (Wagtail takes text for
    projects with text user ids, which our integer ids refuse with a 500)."""

    user_id: int | None = None


NOT_RECURSIVE = UnpublishBody()  # an empty body (wagtail-cli sends none)


def _readable_page(request, page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404(_("No page with id %s.") % page_id)
    page = page.specific
    check_may_read_drafts(page, request.user)
    return page


def build_router():
    detail_union = union("detail_schema")

    class PageRevisionDetail(RevisionSchema):
        content_type: ContentTypeSchema
        base_content_type: ContentTypeSchema
        content_object: detail_union

        @staticmethod
        def resolve_content_object(revision):
            return revision.api_content

    router = Router(tags=["pages: revisions"])
    private = {"auth": token_auth}

    @router.get(
        "/{page_id}/revisions/",
        response=list[RevisionSchema],
        url_name="cms_page_revisions",
        operation_id="pages_revisions_list",
        summary="A page's revisions, newest first (users who may edit the page)",
        **private,
    )
    @paginate(WagtailLimitOffsetPagination)
    def list_revisions(request, page_id: int, filters: RevisionFilters = Query(...)):
        """As Wagtail's v3 ``pages_revisions_list``: ``{count, items}``, Wagtail's filters."""
        page = _readable_page(request, page_id)
        request.api_no_store = True
        return filters.filter(page.revisions.order_by("-created_at", "-id"))

    @router.get(
        "/{page_id}/revisions/{revision_id}/",
        response=PageRevisionDetail,
        url_name="cms_page_revision",
        operation_id="pages_revisions_detail",
        summary="One revision of a page, its content in the detail shape",
        **private,
    )
    def revision_detail(request, page_id: int, revision_id: int):
        page = _readable_page(request, page_id)
        revision = (
            page.revisions.select_related("content_type", "base_content_type")
            .filter(pk=revision_id)
            .first()
        )
        if revision is None:
            raise Http404(
                _("Page %(page)s has no revision %(revision)s.")
                % {
                    "page": page_id,
                    "revision": revision_id,
                }
            )
        request.api_no_store = True
        ctx = ReadContext(request, draft=True)
        revision.api_content = serialize_pages([revision.as_object()], ctx, detail=True)[0]
        return revision

    @router.post(
        "/{page_id}/actions/unpublish/",
        response=detail_union,
        url_name="cms_page_unpublish",
        operation_id="pages_unpublish",
        summary="Take a live page (and with `recursive`, its subpages) off the site",
        **private,
    )
    def unpublish(request, page_id: int, data: UnpublishBody = Body(NOT_RECURSIVE)):
        """Wagtail's unpublish action, as the admin's "Unpublish" runs it: who may publish
        the page may unpublish it (Wagtail's ``can_unpublish``); a page that is not
        live is a 409."""
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise Http404(_("No page with id %s.") % page_id)
        page = page.specific
        if not page.live:
            raise HttpError(409, _("This page is not live."))
        with transaction.atomic():
            UnpublishPageAction(
                page, user=request.user, include_descendants=data.recursive
            ).execute()
        return read_draft(request, Page.objects.get(pk=page.pk).specific)

    return router
