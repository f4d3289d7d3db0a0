"""Images in the API: fixed renditions, a ``srcset`` per format, renditions on request.

Every image value (page fields such as a specialist's photo, image blocks) carries the
three fixed renditions apps have always had and a ``srcset`` per format (the original
format, WebP, AVIF where Pillow can write it) in the allowed widths up to the original's
width, ready for ``<picture>``/``<img srcset>``. ``GET /api/v3/images/{id}/rendition/``
answers one rendition by width, height, format and fit.

Renditions are Wagtail's, made from its filter specs (``fill-800x600|format-webp``),
and only from ``CMS_API_IMAGE_RENDITIONS``: a request cannot make the server render a
size or format the settings do not list (a value outside the list is a 400 naming the
parameter). A rendition a GET creates is a cache of the original, not a change of
content. Every URL is absolute on ``CMS_PUBLIC_BASE_URL`` (``cms.public_urls``), or the
storage's own absolute URL when media live on object storage.
"""

import functools
import logging
import posixpath
from dataclasses import dataclass

from django_tasks import task
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

from cms.numbers import parse_whole_number
from cms.public_urls import absolute

from .auth import reader_auth

logger = logging.getLogger(__name__)

RENDITIONS = {
    "thumbnail": "fill-200x200",
    "medium": "max-800x800",
    "large": "max-1600x1600",
}

# The formats a srcset may offer besides the original's: the schema has a key for each.
SRCSET_FORMATS = ("avif", "webp")
MIME_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "svg": "image/svg+xml",
}
EXTENSION_FORMATS = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "gif": "gif", "webp": "webp"}
EXTENSION_FORMATS |= {"avif": "avif", "svg": "svg"}


@functools.cache
def can_write(image_format):
    """Whether this machine's Pillow writes ``image_format``: AVIF needs Pillow 11.2+
    built with libavif (without it an AVIF rendition would fail on every request)."""
    from PIL import features

    return bool(features.check("avif")) if image_format == "avif" else True


def allowed():
    """The allowed list (``CMS_API_IMAGE_RENDITIONS``), minus formats Pillow cannot write."""
    config = settings.CMS_API_IMAGE_RENDITIONS
    return {
        "widths": sorted(config["widths"]),
        "heights": sorted(config["heights"]),
        "formats": [name for name in config["formats"] if can_write(name)],
        "fits": list(config["fits"]),
    }


def srcset_formats():
    """The extra formats of every srcset: configured, allowed and writable here (and
    one of ``SRCSET_FORMATS``, the keys the schema has)."""
    formats = [name for name in allowed()["formats"] if name in SRCSET_FORMATS]
    return [name for name in settings.CMS_API_IMAGE_SRCSET_FORMATS if name in formats]


def _with_format(spec, image_format):
    return f"{spec}|format-{image_format}" if image_format else spec


def srcset_specs(image):
    """``{key: [(width, spec), ...]}`` for ``image``: ``original`` (Wagtail's output
    format for the original, as templates get it) and each srcset format, in the
    allowed widths not larger than the original."""
    if image.is_svg():
        return {}
    widths = [width for width in allowed()["widths"] if width <= image.width]
    keys = [("original", None), *((name, name) for name in srcset_formats())]
    return {key: [(w, _with_format(f"width-{w}", fmt)) for w in widths] for key, fmt in keys}


def all_specs():
    """Every spec an image value may show, for prefetching renditions in one query."""
    specs = list(RENDITIONS.values())
    for image_format in (None, *srcset_formats()):
        specs += [_with_format(f"width-{width}", image_format) for width in allowed()["widths"]]
    return specs


def images_by_id(ids):
    """One query for the images and one for their renditions, however many there are."""
    ids = {pk for pk in ids if pk}
    if not ids:
        return {}
    queryset = get_image_model().objects.filter(pk__in=ids)
    return queryset.prefetch_renditions(*all_specs()).in_bulk()


def rendition_format(rendition):
    extension = posixpath.splitext(rendition.file.name)[1].lstrip(".").lower()
    return EXTENSION_FORMATS.get(extension, extension)


def _candidate(rendition):
    return {"url": absolute(rendition.url), "width": rendition.width, "height": rendition.height}


def serialize_image(image, alt=None):
    """An image value. Its renditions are read (and made, the first time) in one batch
    (``get_renditions``): from the prefetched ones when the image came with them
    (``images_by_id``, ``home.blocks.PrefetchingImageChooserBlock``), so a list costs no
    query per image."""
    if image is None:
        return None
    sources = srcset_specs(image)
    specs = [*RENDITIONS.values(), *(spec for pairs in sources.values() for _w, spec in pairs)]
    renditions = image.get_renditions(*specs)
    srcset = {key: None for key in ("original", *SRCSET_FORMATS)}
    for key, pairs in sources.items():
        candidates = [_candidate(renditions[spec]) for _width, spec in pairs]
        # An original narrower than every allowed width has no candidates; its format
        # is still the one Wagtail writes it in (the fixed renditions').
        sample = renditions[pairs[0][1] if pairs else RENDITIONS["large"]]
        image_format = key if key != "original" else rendition_format(sample)
        srcset[key] = {
            "format": image_format,
            "type": MIME_TYPES.get(image_format, "application/octet-stream"),
            "srcset": ", ".join(f"{c['url']} {c['width']}w" for c in candidates),
            "candidates": candidates,
        }
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else (getattr(image, "description", "") or ""),
        "width": image.width,
        "height": image.height,
        "renditions": {name: _candidate(renditions[spec]) for name, spec in RENDITIONS.items()},
        "srcset": srcset if sources else None,
    }


# Made ahead: a new or changed image gets its renditions from the task queue.


@task()
def make_renditions(image_id):
    """Every rendition an image value of ``image_id`` shows, made in one batch.

    An AVIF and WebP srcset of a 2000-pixel photo takes seconds to write (see
    ``docs/operations.md``); made here, by the worker (``TASKS_BACKEND=database``) or
    right after the upload's commit (the immediate backend), the first API read finds
    them instead of making them. Idempotent: existing renditions are only read.
    """
    queryset = get_image_model().objects.filter(pk=image_id).prefetch_renditions(*all_specs())
    image = queryset.first()
    if image is not None:
        serialize_image(image)


def _enqueue(image_id):
    try:
        make_renditions.enqueue(image_id)
    except Exception:
        # The upload is committed; the renditions are made on the first read instead.
        logger.exception("Could not make the API renditions of image %s", image_id)


def _image_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures and restores (``cms.backup``) load rows, not uploads
        transaction.on_commit(functools.partial(_enqueue, instance.pk), robust=True)


def connect_signals():
    post_save.connect(_image_saved, sender=get_image_model(), dispatch_uid="api_image_renditions")


# One rendition on request: GET /api/v3/images/{id}/rendition/


@dataclass(frozen=True)
class RenditionRequest:
    width: int
    height: int | None
    fit: str
    format: str | None

    @property
    def spec(self):
        size = f"{self.width}" if self.fit == "width" else f"{self.width}x{self.height}"
        return _with_format(f"{self.fit}-{size}", self.format)


def _bad(name, message):
    return HttpError(400, f"'{name}': {message}")


def _listed_number(params, name, choices):
    raw = params.get(name)
    if raw is None:
        return None
    number = parse_whole_number(raw)
    if number not in choices:
        listed = ", ".join(str(choice) for choice in choices)
        raise _bad(name, _("must be one of %s.") % listed)
    return number


def _listed_word(params, name, choices):
    raw = params.get(name)
    if raw is None:
        return None
    if raw not in choices:
        raise _bad(name, _("must be one of %s.") % ", ".join(choices))
    return raw


RENDITION_PARAMETERS = ("width", "height", "fit", "format")


def parse_rendition_request(params):
    """``width``, ``height``, ``fit`` and ``format`` of a request, each checked against
    the allowed list; anything else is a 400 that names the parameter."""
    unknown = sorted(set(params) - set(RENDITION_PARAMETERS))
    if unknown:
        raise HttpError(400, _("Unknown query parameter(s): %s.") % ", ".join(unknown))
    for name in RENDITION_PARAMETERS:
        if len(params.getlist(name)) > 1:
            raise _bad(name, _("give it once."))
    limits = allowed()
    width = _listed_number(params, "width", limits["widths"])
    height = _listed_number(params, "height", limits["heights"])
    fit = _listed_word(params, "fit", limits["fits"])
    image_format = _listed_word(params, "format", limits["formats"])
    if width is None:
        raise _bad("width", _("is required."))
    fit = fit or ("width" if height is None else "max")
    if fit == "width" and height is not None:
        raise _bad("height", _("fit=width keeps the image's proportions: leave height out."))
    if fit != "width" and height is None:
        raise _bad("height", _("fit=%s needs a height.") % fit)
    return RenditionRequest(width=width, height=height, fit=fit, format=image_format)


class RenditionOut(Schema):
    url: str = Field(description="Absolute URL of the rendition file.")
    width: int = Field(description="Its real width (never larger than the original's).")
    height: int
    format: str = Field(description="`jpeg`, `png`, `gif`, `webp` or `avif`.")


def _allowed_values(key):
    """The allowed list as the parameter's ``enum``, read when the document is built (so
    a typed client gets the values this server accepts) while the value itself is still
    read as text by ``parse_rendition_request``."""

    def add_enum(schema):
        schema["enum"] = [str(value) for value in allowed()[key]]

    return add_enum


class RenditionParameters(Schema):
    """The documented parameters; they are read and checked by ``parse_rendition_request``
    (as text, so a value outside the allowed list is a 400 naming it, not a 422)."""

    width: str = Field(
        description="One of `CMS_API_IMAGE_RENDITIONS['widths']`.",
        json_schema_extra=_allowed_values("widths"),
    )
    height: str | None = Field(
        None,
        description="Needed by `fill` and `max`, refused by `width`. "
        "One of `CMS_API_IMAGE_RENDITIONS['heights']`.",
        json_schema_extra=_allowed_values("heights"),
    )
    fit: str | None = Field(
        None,
        description="`width` (scale to the width; the default without height), `max` "
        "(fit inside width x height; the default with height) or `fill` (crop to "
        "exactly width x height around the image's focal point set in the admin).",
        json_schema_extra=_allowed_values("fits"),
    )
    format: str | None = Field(
        None,
        description="`jpeg`, `png`, `webp` or `avif` (where the server can write it); "
        "the original's format when left out.",
        json_schema_extra=_allowed_values("formats"),
    )


def build_router():
    router = Router(tags=["images"])

    @router.get(
        "/{image_id}/rendition/",
        response=RenditionOut,
        auth=reader_auth,
        url_name="cms_image_rendition",
        operation_id="images_rendition",
        summary="One rendition of an image, in an allowed size and format",
        description=(
            "Width, height, format and fit from the allowed list only "
            "(`CMS_API_IMAGE_RENDITIONS`; anything else is a 400 naming the parameter). "
            "`fill` crops around the focal point editors set on the image. The rendition "
            "is made on the first request and reused after."
        ),
    )
    def rendition(request, image_id: int, parameters: Query[RenditionParameters]):
        from wagtail.images.api.v3 import router as wagtail_images

        wanted = parse_rendition_request(request.GET)
        # Wagtail's own list query: images in restricted collections are not found.
        image = get_object_or_404(wagtail_images.get_images_queryset(request), pk=image_id)
        result = image.get_rendition(wanted.spec)
        return {**_candidate(result), "format": rendition_format(result)}

    return router
