"""Mixins that every content app composes into its page models.

``cms`` owns the editorial machinery (medical review dates, translation rules) so that
the workflow code can work on any page that carries these fields without importing a
content app.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class MedicalReviewMixin(models.Model):
    """Who checked a medical page, when, and when it must be checked again.

    Visitors see these dates; the review report lists pages whose next review is due.
    """

    reviewed_by = models.CharField(_("reviewed by"), max_length=255, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)

    review_panels = [
        MultiFieldPanel(
            [FieldPanel("reviewed_by"), FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading=_("Medical review"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())
