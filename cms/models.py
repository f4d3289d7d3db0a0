"""Mixins and workflow tasks that every content app composes into its page models.

``cms`` owns the editorial machinery (medical review dates, translation rules, review
tasks) so that the workflow code can work on any page without importing a content app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import GroupApprovalTask
from wagtail.models.pages import PagePermissionTester
from wagtail_localize.fields import BaseTranslatableField, SynchronizedField


def synchronised(*names):
    """Fields every translation copies from its source and no translator may override.

    wagtail-localize makes a ``SynchronizedField`` overridable by default, which lets a
    translator forge contact details or review stamps; here they never are.
    """
    return [SynchronizedField(name, overridable=False) for name in names]


class LocalField(BaseTranslatableField):
    """A field each translation keeps for itself: neither translated nor synchronised."""

    def __repr__(self):
        return f"<LocalField {self.field_name}>"


class ReviewedPermissionTester(PagePermissionTester):
    """Wagtail's permission tester, narrowed to what the integrity gate allows.

    The admin and wagtail-localize's editor offer a button only if the tester says so;
    the gate (``cms.integrity``) refuses the same transitions on every other path.
    Only the workflow's final approval, or an administrator, publishes; outside
    administrators, pages in translated languages are never created (except by
    translating), deleted, moved or copied.
    """

    def _administrator(self):
        from .integrity import is_administrator

        return is_administrator(self.user)

    def _translated_tree(self):
        return self.page.depth > 1 and self.page.locale.language_code != settings.CMS_SOURCE_LOCALE

    def can_publish(self):
        from .translation_status import machine_translation_unreviewed

        return (
            self._administrator()
            and super().can_publish()
            and not machine_translation_unreviewed(self.page)
        )

    def can_publish_subpage(self):
        return self._administrator() and super().can_publish_subpage()

    def can_add_subpage(self):
        if self._translated_tree() and not self._administrator():
            return False
        return super().can_add_subpage()

    def can_delete(self, ignore_bulk=False):
        if self._translated_tree() and not self._administrator():
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        if self._translated_tree() and not self._administrator():
            return False
        return super().can_copy()


class EditorialPageMixin:
    """Every page type of the site: routes permission checks through the review rules."""

    def permissions_for_user(self, user):
        return ReviewedPermissionTester(user, self)

    def get_view_restrictions(self):
        """None when the router saw no restriction and no alias above the page (no query)."""
        from wagtail.models import PageViewRestriction

        from .routing import NO_VIEW_RESTRICTIONS

        if getattr(self, NO_VIEW_RESTRICTIONS, False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_context(self, request, *args, **kwargs):
        """Resolve every page the page's StreamFields and rich text link to, up front.

        Blocks render one at a time; without this each call to action, therapy list and
        rich-text link would look its page (and its translation) up on its own.
        """
        from .i18n import prefetch_linked_pages

        prefetch_linked_pages(linked_page_ids(self), self.locale.language_code)
        return super().get_context(request, *args, **kwargs)


def linked_page_ids(page):
    """Pages linked from ``page``'s StreamFields and rich-text fields (no queries)."""
    chosen, in_text = page_links_by_kind(page)
    return chosen | in_text


def page_links_by_kind(page):
    """``(chooser ids, rich-text link ids)`` of ``page``'s StreamFields and rich-text
    fields, from their stored data (no queries): the HTML page prefetches both, the
    API reads the chosen pages with the page's family."""
    from wagtail.fields import RichTextField, StreamField

    from .i18n import page_ids_by_kind as stream_ids_by_kind
    from .i18n import rich_text_page_ids

    chosen, in_text = set(), set()
    for model_field in page._meta.concrete_fields:
        if isinstance(model_field, StreamField):
            value = getattr(page, model_field.attname)
            stream_chosen, stream_text = stream_ids_by_kind(model_field.stream_block, value)
            chosen |= stream_chosen
            in_text |= stream_text
        elif isinstance(model_field, RichTextField):
            in_text |= rich_text_page_ids(getattr(page, model_field.attname))
    return chosen, in_text


class MedicalReviewMixin(models.Model):
    """Who checked a medical page, when, and when it must be checked again.

    The medical review belongs to the content and is synchronised to translations; each
    translation also carries its own translation-review stamp.
    """

    reviewed_by = models.CharField(_("reviewed by"), max_length=255, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    translation_reviewed_by = models.CharField(
        _("translation reviewed by"), max_length=255, blank=True, editable=False
    )
    translation_reviewed_on = models.DateField(
        _("translation reviewed on"), null=True, blank=True, editable=False
    )

    review_panels = [
        MultiFieldPanel(
            [FieldPanel("reviewed_by"), FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading=_("Medical review"),
        )
    ]
    review_translatable_fields = [
        *synchronised("reviewed_by", "last_reviewed", "next_review_due"),
        LocalField("translation_reviewed_by"),
        LocalField("translation_reviewed_on"),
    ]

    class Meta:
        abstract = True

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())


def default_review_interval():
    return getattr(settings, "CMS_REVIEW_INTERVAL_MONTHS", 24)


class FourEyesApprovalMixin:
    """A review task whose approve action is not offered to the change's own authors.

    The gate (``cms.integrity.check_may_approve``) refuses such an approval on every path;
    here the admin stops offering it and explains why.
    """

    def get_actions(self, obj, user):
        from .integrity import IntegrityViolation, check_may_approve

        actions = super().get_actions(obj, user)
        try:
            check_may_approve(obj, user)
        except IntegrityViolation:
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            from .integrity import check_may_approve

            check_may_approve(task_state.workflow_state.content_object, user)
        return super().on_action(task_state, user, action_name, **kwargs)


class MedicalReviewTask(FourEyesApprovalMixin, GroupApprovalTask):
    """Approval by medical reviewers; approving stamps the page's review dates."""

    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=default_review_interval,
        help_text=_("The next review is due this many months after approval."),
    )

    admin_form_fields = GroupApprovalTask.admin_form_fields + ["review_interval_months"]

    class Meta:
        verbose_name = _("medical review task")
        verbose_name_plural = _("medical review tasks")


class TranslationReviewTask(FourEyesApprovalMixin, GroupApprovalTask):
    """Approval of a translation by the reviewers of its language."""

    class Meta:
        verbose_name = _("translation review task")
        verbose_name_plural = _("translation review tasks")


class RevisionProvenance(models.Model):
    """What a page revision renders and who let it go live (written by ``cms.integrity``).

    ``source_text`` fingerprints the source-language text the revision shows: for a
    source page its own translatable text, for a translation the text of the source
    revision it was made from. A live translation whose fingerprint differs from its
    source's live revision is outdated; nothing an export or a sync does can move it.
    A German page is both a translation (of English) and the source of Leichte Sprache:
    ``own_text`` fingerprints its German words, which Leichte Sprache is compared with.
    """

    class Approval(models.TextChoices):
        WORKFLOW = "workflow", _("approved in review")
        ADMINISTRATOR = "administrator", _("published by an administrator")
        SYSTEM = "system", _("published by the system")
        LEGACY = "legacy", _("live before approvals were recorded")

    revision = models.OneToOneField(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    source_text = models.CharField(_("source text fingerprint"), max_length=64, blank=True)
    own_text = models.CharField(
        _("own text fingerprint"),
        max_length=64,
        blank=True,
        help_text=_(
            "The revision's own text, kept for pages another language is translated from "
            "(German pages, for Leichte Sprache)."
        ),
    )
    source_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("source revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approval = models.CharField(_("approval"), max_length=16, choices=Approval.choices, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("revision provenance")
        verbose_name_plural = _("revision provenances")


class SourceSnapshot(models.Model):
    """Which live source revision a wagtail-localize ``TranslationSource`` was synced from."""

    translation_source = models.OneToOneField(
        "wagtail_localize.TranslationSource",
        verbose_name=_("translation source"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_text = models.CharField(_("source text fingerprint"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("source snapshot")
        verbose_name_plural = _("source snapshots")


class ReviewerProfile(models.Model):
    """How a reviewer is named in public: "Medically reviewed by Dr … on …".

    A login name is never shown to visitors; approving needs a display name.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
    )
    display_name = models.CharField(
        _("name shown to visitors"), max_length=255, help_text=_("e.g. 'Dr. med. Clara Weber'")
    )
    qualification = models.CharField(
        _("qualification"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'Specialist in gastroenterology, FMH'"),
    )

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        if self.qualification:
            return f"{self.display_name}, {self.qualification}"
        return self.display_name


class ContentVersion(models.Model):
    """A token that changes whenever published content changes (see cms.page_cache).

    Random rather than a counter, so a bump inside a transaction that is rolled back
    can never be reused for different content later.
    """

    value = models.CharField(_("value"), max_length=32, default="initial")

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return self.value

    @classmethod
    def current(cls):
        value = cls.objects.filter(pk=1).values_list("value", flat=True).first()
        return value or "initial"


class CacheTag(models.Model):
    """When a dependency of cached answers last changed (see ``cms.cache_tags``).

    ``version`` is the value of the sequence row (``tag == "*"``) at the tag's last
    change; a cached answer is fresh while every tag it depends on has a version no
    newer than the sequence value read before it was rendered. ``hard_version`` records
    the last change that must never be served stale (an unpublish, a move, a delete).
    Kept in the database, like ``ContentVersion``, so a cache that comes back after an
    outage cannot bring back what was taken away while it was gone.
    """

    tag = models.CharField(_("tag"), max_length=255, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)
    hard_version = models.BigIntegerField(_("hard version"), default=0)

    class Meta:
        verbose_name = _("cache tag")
        verbose_name_plural = _("cache tags")

    def __str__(self):
        return f"{self.tag}@{self.version}"


class SearchIndexBacklog(models.Model):
    """An object whose search-index update failed and must be retried (cms.indexing).

    Kept in the database, not the cache, so the backlog survives a cache outage and a
    restart, and is visible to every worker and to ``/healthz``.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.CharField(_("object id"), max_length=255)
    first_failed_at = models.DateTimeField(_("first failed at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)

    class Meta:
        verbose_name = _("search index backlog entry")
        verbose_name_plural = _("search index backlog")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_search_index_backlog"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
