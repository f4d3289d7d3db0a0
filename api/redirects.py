"""API v3 redirects: Wagtail's endpoints, with public reads limited to what visitors see.

Wagtail's redirects router lists every redirect to anyone, including redirects whose
target is a draft, unpublished or private page: their old paths and target ids tell a
visitor the page exists. The router is replaced (as ``/pages/`` is, in ``api.mount``)
by one whose reads keep only redirects to external links and to pages a visitor may see,
and whose writes are Wagtail's own view functions, unchanged.
"""

from typing import cast

from ninja import Query, Router
from ninja.pagination import paginate

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.schemas.params import APIFieldFilterSchema, OrderingSchema
from wagtail.contrib.redirects.api.v3.router import (
    BASE_REDIRECT_READ_FIELDS,
    RedirectSchema,
    create_redirect,
    delete_redirect,
    update_redirect,
)
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms.visibility import visible

PUBLIC_READ = [BearerTokenAuth(), AllowAnonymous()]


def public_redirects():
    """Redirects to external links and to pages a visitor may see."""
    return Redirect.objects.filter(
        Q(redirect_page__isnull=True) | Q(redirect_page__in=visible(Page.objects.all()))
    )


def build_router():
    router = Router(tags=["redirects"], auth=BearerTokenAuth())

    @router.get(
        "/",
        response=list[RedirectSchema],
        url_name="list_redirects",
        summary="List redirects",
        operation_id="redirects_list",
        auth=PUBLIC_READ,
    )
    @paginate(WagtailLimitOffsetPagination, pass_parameter="pagination_info")  # noqa: S106
    def list_redirects(request: HttpRequest, ordering: OrderingSchema = Query(...), **kwargs):
        pagination_info = cast(WagtailLimitOffsetPagination.Input, kwargs.get("pagination_info"))
        fields = BASE_REDIRECT_READ_FIELDS
        field_filter = APIFieldFilterSchema.with_exclude_schemas(
            raw_params=request.GET, schemas=(OrderingSchema,), base_fields=fields
        )
        queryset = field_filter.filter_queryset(public_redirects())
        return ordering.order_queryset(queryset, pagination_info, base_fields=fields)

    @router.get(
        "/find/",
        response=RedirectSchema,
        url_name="find_redirect",
        summary="Find redirect",
        operation_id="redirects_find",
        auth=PUBLIC_READ,
    )
    def find_redirect(request: HttpRequest, id: int | None = None, html_path: str | None = None):
        found = get_redirect(request, html_path) if html_path else None
        if found is None and id:
            found = public_redirects().filter(pk=id).first()
        if found is None or not public_redirects().filter(pk=found.pk).exists():
            raise Http404(f"No {Redirect._meta.object_name} matches the given query.")
        url = reverse("wagtailapi_v3:detail_redirect", kwargs={"redirect_id": found.pk})
        query = request.GET.copy()
        query.pop("id", None)
        query.pop("html_path", None)
        return redirect(f"{url}?{query.urlencode()}")

    @router.get(
        "/{redirect_id}/",
        response=RedirectSchema,
        url_name="detail_redirect",
        summary="Redirect detail",
        operation_id="redirects_detail",
        auth=PUBLIC_READ,
    )
    def get_redirect_detail(request: HttpRequest, redirect_id: int):
        return get_object_or_404(public_redirects(), pk=redirect_id)

    router.post(
        "/",
        response={201: RedirectSchema},
        url_name="create_redirect",
        summary="Create redirect",
        operation_id="redirects_create",
    )(create_redirect)
    router.put(
        "/{redirect_id}/",
        response=RedirectSchema,
        url_name="update_redirect",
        summary="Update redirect",
        operation_id="redirects_update",
    )(update_redirect)
    router.delete(
        "/{redirect_id}/",
        response={204: None},
        url_name="delete_redirect",
        summary="Delete redirect",
        operation_id="redirects_delete",
    )(delete_redirect)
    return router
