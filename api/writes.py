"""Page writes with a token: create, update, submit for review, publish, preview links.

Everything goes through Wagtail's own permissions, actions and workflows, so the API
can do exactly what the token's user could do in the admin: editors save drafts and
submit them, medical reviewers publish, translators work only in their language (and
only through wagtail-localize, see ``translations``). Bodies are strict: a field that
is unknown or read-only is a 422 naming it, never silently dropped.
"""

from datetime import timedelta
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin

from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Discriminator, Tag, WrapValidator, create_model

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from wagtail.actions.create_page import CreatePageAction
from wagtail.actions.edit_page import EditPageAction
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.form_data import build_page_form, build_page_update_form
from wagtail.api.v3.registry import registry
from wagtail.api.v3.schemas.pages import PageTypeInjectingBody, PageTypeInjectingBodyModel
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.utils.forms import FormValidationError

from cms.numbers import parse_whole_number
from cms.workflows import translation_for

from .auth import token_auth
from .block_errors import precise_form_errors
from .blocks import BlockSchemaBuilder, by_type, camel
from .context import ReadContext
from .pages import check_may_read_drafts
from .pagetypes import page_types, serialize_pages, union

Action = Literal["draft", "submit", "publish"]


class IdCheckedBodyModel(PageTypeInjectingBodyModel):
    """Wagtail's body binding for page updates, which looks the page up by the raw path
    segment before the path is validated: a segment that is no id (``abc``, ``൰``)
    failed in the database lookup (a 500) instead of being a 404."""

    @classmethod
    def get_meta_type(cls, request, api, path_params):
        if parse_whole_number(path_params.get(cls.page_id_param)) is None:
            raise Http404(_("No page with id %s.") % path_params.get(cls.page_id_param))
        return super().get_meta_type(request, api, path_params)


class IdCheckedBody(PageTypeInjectingBody):
    _model = IdCheckedBodyModel


class StrictSchema(Schema):
    """Rejects fields it does not declare, so nothing a client sends is silently lost."""

    model_config = ConfigDict(extra="forbid")


# The salt predates the move out of ``cms``: kept, so preview links already issued stay valid.
PREVIEW_SALT = "cms.api.preview"


def _meta_type(value):
    """The page type a write names, if it names one as text (a client may send any JSON
    there: a list or an object is no tag, and the union's 422 names the expected ones)."""
    if isinstance(value, dict):
        meta = value.get("meta") or {}
        tag = meta.get("type") if isinstance(meta, dict) else None
    else:
        tag = getattr(getattr(value, "meta", None), "type", None)
    return tag if isinstance(tag, str) else None


_strict_children = {}


def _strict(annotation):
    """``annotation`` with every nested model (InlinePanel children) strict as well."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in _strict_children:
            fields = {
                name: (_strict(info.annotation), info)
                for name, info in annotation.model_fields.items()
            }
            name = annotation.__name__.removesuffix("Schema")
            name = name if name.endswith("Input") else f"{name}Input"
            _strict_children[annotation] = create_model(name, __base__=StrictSchema, **fields)
        return _strict_children[annotation]
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list and args:
        return list[_strict(args[0])]
    if origin in (Union, UnionType):
        return Union[tuple(_strict(arg) for arg in args)]  # noqa: UP007
    return annotation


input_block_schemas = BlockSchemaBuilder(for_input=True)


def _input_annotation(model, name, annotation):
    """Wagtail types a StreamField as ``list[Any]``; ours is typed block by block with
    the structures the reads document (``api.blocks``), so a misshapen block is a 422
    at its own location."""
    field = next((f for f in model._meta.fields if f.name == name), None)
    if isinstance(field, StreamField):
        typed = input_block_schemas.annotation(field.stream_block, f"{model.__name__}{camel(name)}")
        return typed | None if type(None) in get_args(annotation) else typed
    return _strict(annotation)


def _input_schemas(kind, direction):
    """A strict copy of Wagtail's generated create/patch schema for one page type."""
    registration = registry.get(kind.label)
    wagtail_schema = getattr(
        registration, "create_schema" if direction == "create" else "patch_schema"
    )
    name = kind.model.__name__
    fields = {
        field: (_input_annotation(kind.model, field, info.annotation), info)
        for field, info in wagtail_schema.model_fields.items()
        if field != "meta"
    }
    if direction == "create":
        meta = create_model(
            f"{name}CreateMeta",
            __base__=StrictSchema,
            type=(Literal[kind.label], ...),
            parent_id=(int, ...),
            action=(Action, "draft"),
        )
        meta_field = (meta, ...)
    else:
        meta = create_model(
            f"{name}UpdateMeta",
            __base__=StrictSchema,
            type=(Literal[kind.label] | None, None),
            action=(Action, "draft"),
        )
        meta_field = (meta | None, None)
    suffix = "Create" if direction == "create" else "Update"
    return create_model(f"{name}{suffix}", __base__=StrictSchema, meta=meta_field, **fields)


def _write_union(direction):
    schemas = {
        kind.label: _input_schemas(kind, direction)
        for kind in page_types().values()
        if kind.writable
    }
    members = tuple(Annotated[schema, Tag(label)] for label, schema in schemas.items())
    union = Annotated[Union[members], Discriminator(_meta_type)]  # noqa: UP007
    return Annotated[union, WrapValidator(by_type(schemas, _meta_type))]


def _action(data):
    meta = getattr(data, "meta", None)
    return getattr(meta, "action", "draft") or "draft"


def read_draft(request, page, status=200):
    ctx = ReadContext(request, draft=True)
    request.api_no_store = True
    latest = page.get_latest_revision_as_object()
    return Status(status, serialize_pages([latest], ctx, detail=True)[0])


def is_localize_translation(page):
    """True for pages wagtail-localize maintains from a source in another language (a
    German page that is itself the source of its Leichte Sprache version stays one)."""
    return translation_for(page) is not None


def _may_not_publish():
    return PermissionDenied(
        _(
            "You may save drafts and submit them for review, but not publish: pages go "
            "live through their review workflow (approved by someone other than the "
            "author) or by an administrator."
        )
    )


def submit_for_review(page, user):
    """Start the page's workflow, as the admin's "Submit for review" does."""
    workflow = page.get_workflow()
    if workflow is None:
        raise HttpError(422, _("This page has no review workflow to submit to."))
    if page.workflow_in_progress:
        raise HttpError(409, _("This page is already in review."))
    if not page.permissions_for_user(user).can_submit_for_moderation():
        raise PermissionDenied(_("You may not submit this page for review."))
    return workflow.start(page, user)


def execute(action, kind):
    """Run a create or edit action; a StreamField's errors point at their blocks.

    As in the admin, only a draft may leave required fields empty: Wagtail's actions
    defer them unless publishing, the admin's "Submit for review" does not, so a
    submission is validated in full first.
    """
    if kind == "submit" and not action.form.is_valid():
        raise precise_form_errors(action.form)
    try:
        return action.execute()
    except FormValidationError:
        raise precise_form_errors(action.form) from None


def add_write_operations(router):
    """Add the write operations to the pages router (same paths as the reads)."""
    create_union = _write_union("create")
    update_union = _write_union("update")
    detail_union = union("detail_schema")
    writes = {"auth": token_auth, "tags": ["pages: writes"]}

    @router.post(
        "/",
        response={201: detail_union},
        url_name="cms_page_create",
        **writes,
        operation_id="pages_create",
        summary="Create a page (draft, submitted for review, or published)",
    )
    def create_page(request, data: create_union = Body(...)):
        model = page_types_by_label()[data.meta.type]
        parent = Page.objects.filter(pk=data.meta.parent_id).first()
        if parent is None:
            raise as_validation_error(
                Page.DoesNotExist(), _("No page with this parent_id."), loc=("meta", "parent_id")
            )
        parent = parent.specific
        if parent.locale.language_code != settings.CMS_SOURCE_LOCALE:
            raise PermissionDenied(
                _(
                    "New pages are written in the source language; the other languages "
                    "are translations made through wagtail-localize."
                )
            )
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied(_("You may not add pages here."))
        if model not in parent.creatable_subpage_models() or not model.can_create_at(parent):
            raise as_validation_error(
                ValueError(),
                _("A %(type)s cannot be created under a %(parent)s.")
                % {"type": data.meta.type, "parent": parent._meta.label},
                loc=("meta", "parent_id"),
            )
        action = _action(data)
        permissions = parent.permissions_for_user(request.user)
        if action == "publish" and not permissions.can_publish_subpage():
            raise _may_not_publish()
        form = build_page_form(model, parent, data, request.user)
        with transaction.atomic():
            page = execute(
                CreatePageAction(
                    form.instance, parent, user=request.user, form=form, publish=action == "publish"
                ),
                action,
            )
            if action == "submit":
                submit_for_review(page, request.user)
        return read_draft(request, page, 201)

    @router.patch(
        "/{page_id}/",
        response=detail_union,
        url_name="cms_page_update",
        **writes,
        operation_id="pages_update",
        summary="Update a page: save a draft, submit it for review, or publish it",
    )
    def update_page(request, page_id: int, data: update_union = IdCheckedBody(...)):
        page = editable_page(request, page_id)
        if data.meta is not None and data.meta.type not in (None, page._meta.label):
            raise as_validation_error(
                ValueError(),
                _("This page is a %s.") % page._meta.label,
                loc=("body", "data", "meta", "type"),
            )
        action = _action(data)
        if action == "publish" and not page.permissions_for_user(request.user).can_publish():
            raise _may_not_publish()
        latest = page.get_latest_revision_as_object()
        form = build_page_update_form(latest, data, request.user)
        with transaction.atomic():
            page = execute(
                EditPageAction(
                    form.instance, user=request.user, form=form, publish=action == "publish"
                ),
                action,
            )
            if action == "submit":
                submit_for_review(page, request.user)
        return read_draft(request, page)

    @router.post(
        "/{page_id}/actions/submit/",
        response=detail_union,
        url_name="cms_page_submit",
        **writes,
        operation_id="pages_submit",
        summary="Submit the latest draft to the page's review workflow",
    )
    def submit(request, page_id: int):
        page = editable_page(request, page_id)
        if page.get_latest_revision() is None:
            page.save_revision(user=request.user)
        submit_for_review(page, request.user)
        return read_draft(request, page)

    @router.post(
        "/{page_id}/actions/publish/",
        response=detail_union,
        url_name="cms_page_publish",
        **writes,
        operation_id="pages_publish",
        summary="Publish the latest revision (medical reviewers)",
    )
    def publish(request, page_id: int):
        page = editable_page(request, page_id, allow_translation=True)
        if not page.permissions_for_user(request.user).can_publish():
            raise _may_not_publish()
        with transaction.atomic():
            revision = page.get_latest_revision() or page.save_revision(user=request.user)
            revision.publish(user=request.user)
        return read_draft(request, Page.objects.get(pk=page.pk).specific)

    class PreviewLink(Schema):
        url: str
        expires_at: str

    @router.post(
        "/{page_id}/preview-link/",
        response=PreviewLink,
        url_name="cms_page_preview_link",
        **writes,
        operation_id="pages_preview_link",
        summary="A signed, expiring link to the latest draft, for reviewers without a token",
    )
    def preview_link(request, page_id: int):
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise Http404(_("No page with id %s.") % page_id)
        check_may_read_drafts(page.specific, request.user)
        revision = page.get_latest_revision() or page.specific.save_revision(user=request.user)
        token = signing.dumps({"page": page.pk, "revision": revision.pk}, salt=PREVIEW_SALT)
        url = request.build_absolute_uri(reverse("wagtailapi_v3:cms_preview")) + f"?token={token}"
        expires = timezone.now() + timedelta(seconds=settings.CMS_API_PREVIEW_MAX_AGE)
        request.api_no_store = True
        return {"url": url, "expires_at": expires.isoformat()}


def editable_page(request, page_id, *, allow_translation=False):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404(_("No page with id %s.") % page_id)
    page = page.specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied(_("You may not edit this page."))
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        # The admin refuses to save a page someone else locked; so does the API.
        raise HttpError(409, str(strip_tags(lock.get_message(request.user))))
    if not allow_translation and is_localize_translation(page):
        raise HttpError(
            409,
            _(
                "This page is a translation maintained by wagtail-localize: change its "
                "strings through /api/v3/pages/<source id>/translations/%s/."
            )
            % page.locale.language_code,
        )
    return page


def page_types_by_label():
    return {kind.label: model for model, kind in page_types().items()}


def build_preview_router():
    router = Router(tags=["pages"])

    @router.get(
        "/",
        response=union("detail_schema"),
        url_name="cms_preview",
        operation_id="preview",
        summary="The draft a signed preview link points at (no token needed)",
    )
    def signed_preview(request, token: str):
        try:
            data = signing.loads(token, salt=PREVIEW_SALT, max_age=settings.CMS_API_PREVIEW_MAX_AGE)
            revision = Revision.page_revisions.get(pk=data["revision"], object_id=str(data["page"]))
        except (signing.BadSignature, KeyError, TypeError, Revision.DoesNotExist) as error:
            raise HttpError(403, _("This preview link is invalid or has expired.")) from error
        request.api_no_store = True
        ctx = ReadContext(request, draft=True)
        return serialize_pages([revision.as_object()], ctx, detail=True)[0]

    return router
