"""The visitors' accessibility settings form: strict choices, a return address we trust."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from .accessibility import CONTRAST_CHOICES, TEXT_SIZE_CHOICES
from .preferences import Preferences


class PreferencesForm(forms.Form):
    text = forms.ChoiceField(choices=TEXT_SIZE_CHOICES, widget=forms.RadioSelect)
    contrast = forms.ChoiceField(choices=CONTRAST_CHOICES, widget=forms.RadioSelect)
    motion = forms.BooleanField(required=False)
    spacing = forms.BooleanField(required=False)
    underline = forms.BooleanField(required=False)
    font = forms.BooleanField(required=False)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, prefs: Preferences, next_url=""):
        return {
            "text": prefs.text,
            "contrast": prefs.contrast,
            "motion": prefs.motion,
            "spacing": prefs.spacing,
            "underline": prefs.underline,
            "font": prefs.font,
            "next": next_url,
        }

    def preferences(self):
        data = self.cleaned_data
        return Preferences(
            text=data["text"],
            contrast=data["contrast"],
            motion=data["motion"],
            spacing=data["spacing"],
            underline=data["underline"],
            font=data["font"],
        )


def safe_return_url(request, url):
    """``url`` if it is a path on this site, else ``None`` (no open redirects)."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return url
