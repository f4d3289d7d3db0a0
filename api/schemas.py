"""Schemas every page type shares: links, images, documents, alternates, review dates."""

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from cms.translation_status import Status

from .compat import AnswerSchema as Schema

# The statuses of ``cms.translation_status`` (one list: a new status is documented at once).
TranslationStatus = Literal[tuple(Status.LABELS)]


class PageLink(Schema):
    """A related page, already resolved to the reader's language."""

    id: int
    title: str
    url: str | None
    locale: str


class Rendition(Schema):
    url: str
    width: int
    height: int


class ImageRenditions(Schema):
    thumbnail: Rendition
    medium: Rendition
    large: Rendition


class SrcsetCandidate(Schema):
    url: str
    width: int
    height: int


class ImageSource(Schema):
    """One format of an image in every allowed width up to the original's: a
    ``<source type srcset>`` of a ``<picture>``, or the ``<img srcset>``."""

    format: str = Field(description="`jpeg`, `png`, `gif`, `webp` or `avif`.")
    type: str = Field(description="Its MIME type, for `<source type>`.")
    srcset: str = Field(description="`<url> <width>w, ...`, ready for a `srcset` attribute.")
    candidates: list[SrcsetCandidate]


class ImageSrcset(Schema):
    original: ImageSource = Field(
        description="In the original's format (the `<img>` fallback); empty when the "
        "original is narrower than the smallest allowed width."
    )
    webp: ImageSource | None = Field(description="Null when not configured.")
    avif: ImageSource | None = Field(
        description="Null when not configured or when the server's Pillow cannot write AVIF."
    )


class Image(Schema):
    """A chosen image. URLs are absolute; ``renditions`` are fixed sizes, ``srcset`` the
    allowed widths (``GET /api/v3/images/{id}/rendition/`` makes others from the
    allowed list)."""

    id: int
    title: str
    alt: str
    width: int
    height: int
    renditions: ImageRenditions
    srcset: ImageSrcset | None = Field(description="Null for SVG images.")


class Document(Schema):
    """A document chosen in a block; ``url`` is absolute."""

    id: int
    title: str
    url: str
    filename: str
    content_type: str
    file_size: int | None


class Snippet(Schema):
    """A snippet chosen in a block, in the reader's language when it is translatable."""

    id: int
    type: str
    title: str


class Embed(Schema):
    """An embedded media URL; apps render it with the provider's oEmbed."""

    url: str


class Alternate(Schema):
    """The same page in another language, with how far its translation is."""

    id: int | None
    url: str | None
    status: TranslationStatus


class MedicalReview(Schema):
    reviewed_by: str
    last_reviewed: date | None
    next_review_due: date | None
    overdue: bool


class PageMeta(Schema):
    type: str
    locale: str
    slug: str
    url: str | None
    detail_url: str
    first_published_at: datetime | None
    last_published_at: datetime | None
    fallback: bool
    requested_locale: str | None


class WorkflowTask(Schema):
    id: int = Field(description="The task state (this task's run for this page).")
    name: str
    status: str
    actions: list[str] = Field(
        description="What the reader may do on it now (`approve`, `reject`): "
        "POST /api/v3/pages/{id}/actions/<action>/."
    )


class WorkflowStatus(Schema):
    """The page's review in progress; only for token readers who may edit the page."""

    name: str
    status: str
    requested_at: datetime
    task: WorkflowTask | None


class PageDetailMeta(PageMeta):
    seo_title: str
    search_description: str
    parent: PageLink | None
    breadcrumbs: list[PageLink]
    alternates: dict[str, Alternate]
    draft: bool
    workflow: WorkflowStatus | None = Field(
        None, description="Present for token readers who may edit the page, while it is in review."
    )
