from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import pdf, views

urlpatterns = [
    path(_("accessibility-settings/"), views.accessibility_settings, name="accessibility_settings"),
    path(_("language/"), views.choose_language, name="choose_language"),
    path("pdf/<int:page_id>/", pdf.page_pdf, name="page_pdf"),
]
