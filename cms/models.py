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


class LocalField(BaseTranslatableField):
    """A field each translation keeps for itself: neither translated nor synchronised."""

    def __repr__(self):
        return f"<LocalField {self.field_name}>"


class ReviewedPermissionTester(PagePermissionTester):
    """Wagtail's permission tester, except that unreviewed machine translation can't go live.

    Publishing through the translation-review workflow is unaffected: the approved task
    counts as the review before the workflow publishes.
    """

    def can_publish(self):
        from .translation_status import machine_translation_unreviewed

        return super().can_publish() and not machine_translation_unreviewed(self.page)


class EditorialPageMixin:
    """Every page type of the site: routes permission checks through the review rules."""

    def permissions_for_user(self, user):
        return ReviewedPermissionTester(user, self)

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
    from wagtail.fields import RichTextField, StreamField

    from .i18n import linked_page_ids as stream_ids
    from .i18n import rich_text_page_ids

    ids = set()
    for model_field in page._meta.concrete_fields:
        if isinstance(model_field, StreamField):
            ids |= stream_ids(model_field.stream_block, getattr(page, model_field.attname))
        elif isinstance(model_field, RichTextField):
            ids |= rich_text_page_ids(getattr(page, model_field.attname))
    return ids


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
        SynchronizedField("reviewed_by"),
        SynchronizedField("last_reviewed"),
        SynchronizedField("next_review_due"),
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


class MedicalReviewTask(GroupApprovalTask):
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


class TranslationReviewTask(GroupApprovalTask):
    """Approval of a translation by the reviewers of its language."""

    class Meta:
        verbose_name = _("translation review task")
        verbose_name_plural = _("translation review tasks")


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
