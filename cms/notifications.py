"""Who is told when work appears: translators, by e-mail, when source text changes.

The source is what their language is translated from: English for German, French and
Italian; the German page for Leichte Sprache.

Reviewers are told by Wagtail's own workflow notifications (a task waiting for their
group); the translators' dashboard panel (``cms.wagtail_hooks``) shows the same work.
Links use ``WAGTAILADMIN_BASE_URL``, the configured public address of the admin.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from . import roles
from .i18n import translated_from
from .integrity import source_text_changed


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def translator_messages(page):
    """One e-mail per translator of each language whose version of ``page`` needs work."""
    existing = set(
        Page.objects.filter(translation_key=page.translation_key).values_list(
            "locale__language_code", flat=True
        )
    )
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    messages = []
    for locale in Locale.objects.exclude(language_code=settings.CMS_SOURCE_LOCALE):
        code = locale.language_code
        if translated_from(code) != page.locale.language_code:
            continue  # Leichte Sprache translators hear of German changes, not English ones
        if code in settings.CMS_DERIVED_LANGUAGES and code not in existing:
            continue  # Leichte Sprache covers chosen pages only: no "needs translating"
        report = admin_url(reverse("cms_translations_report") + f"?locale={code}")
        for user in users.filter(groups__name=roles.translators_group(code)).distinct():
            language = getattr(getattr(user, "wagtail_userprofile", None), "preferred_language", "")
            with translation.override(language or settings.LANGUAGE_CODE):
                state = _("is outdated") if code in existing else _("needs translating")
                subject = _("%(language)s: “%(title)s” %(state)s") % {
                    "language": locale.get_display_name(),
                    "title": page.title,
                    "state": state,
                }
                body = _(
                    "The source page “%(title)s” was changed and approved.\n"
                    "Its %(language)s version %(state)s.\n\nOpen the translations report: %(url)s\n"
                ) % {
                    "title": page.title,
                    "language": locale.get_display_name(),
                    "state": state,
                    "url": report,
                }
            messages.append((subject, body, None, [user.email]))
    return messages


def notify_translators(sender, page, **kwargs):
    def send():
        messages = translator_messages(page)
        if messages:
            send_mass_mail(messages, fail_silently=True)

    transaction.on_commit(send)


def connect():
    source_text_changed.connect(notify_translators, dispatch_uid="notify-translators")
