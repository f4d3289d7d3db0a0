from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class TranslationFileForm(forms.Form):
    """One uploaded translation file (PO, XLIFF or a zip of PO files)."""

    file = forms.FileField(label=_("Translation file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        return upload.read()
