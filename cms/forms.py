from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class TranslationFileForm(forms.Form):
    """One uploaded translation file (PO, XLIFF or a zip of PO files)."""

    file = forms.FileField(label=_("Translation file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        return upload.read()


class ImageForm(BaseImageForm):
    """Wagtail's image form, with a broken image file reported as a form error.

    Wagtail 8.0.1's ``WagtailImageField.check_image_pixel_size`` lets Pillow's
    ``UnidentifiedImageError`` escape for a truncated file, which becomes a 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:
            return
        check = field.check_image_pixel_size

        def check_image_pixel_size(upload):
            try:
                return check(upload)
            except forms.ValidationError:
                raise
            except Exception as error:
                raise forms.ValidationError(
                    field.error_messages["invalid_image"], code="invalid_image"
                ) from error

        field.check_image_pixel_size = check_image_pixel_size
