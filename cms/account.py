"""Account → Reviewer profile: the name under which a reviewer's approvals are shown.

A review stamp names a person and a qualification ("Dr. med. Clara Weber, specialist
in visceral surgery"), never a login; ``cms.integrity`` refuses an approval without one.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.account import BaseSettingsPanel

from . import roles
from .integrity import is_administrator
from .models import ReviewerProfile


class ReviewerProfileForm(forms.ModelForm):
    class Meta:
        model = ReviewerProfile
        fields = ["display_name", "qualification"]


class ReviewerProfilePanel(BaseSettingsPanel):
    name = "reviewer_profile"
    title = _("Reviewer profile")
    help_text = _("Shown to visitors under every page you approve. Your login name never is.")
    order = 150
    form_class = ReviewerProfileForm

    def is_active(self):
        return (
            is_administrator(self.user)
            or self.user.groups.filter(name__in=roles.reviewer_groups()).exists()
        )

    def get_form(self):
        profile = ReviewerProfile.objects.filter(user=self.user).first() or ReviewerProfile(
            user=self.user
        )
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        return self.form_class(*data, instance=profile, prefix=self.name)
