"""Visitor-facing views that are not pages: accessibility settings and language choice."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cms.i18n import active_locale

from .accessibility import VisitorDefaults, labels_for
from .forms import PreferencesForm, safe_return_url
from .preferences import COOKIE_MAX_AGE, COOKIE_NAME, preferences_for


def site_defaults(request):
    return VisitorDefaults.for_request(request).as_preferences()


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility_settings(request):
    """Show and save the visitor's display settings; works without JavaScript."""
    defaults = site_defaults(request)
    if request.method != "POST":
        next_url = safe_return_url(request, request.GET.get("next", "")) or ""
        prefs = preferences_for(request, defaults)
        form = PreferencesForm(initial=PreferencesForm.initial_from(prefs, next_url))
        return _render(request, form, next_url)

    settings_url = reverse("accessibility_settings")
    raw_next = request.POST.get("next", "")
    next_url = safe_return_url(request, raw_next)
    if "reset" in request.POST:
        response = HttpResponseRedirect(next_url or settings_url, status=303)
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        messages.success(request, _("Your display settings are back to the default."))
        return response

    form = PreferencesForm(request.POST)
    if not form.is_valid():
        return _render(request, form, next_url or "", status=400)
    if raw_next and next_url is None:
        messages.warning(
            request,
            _(
                "Your settings are saved. The return address led to another website, "
                "so we brought you back here instead."
            ),
        )
    else:
        messages.success(request, _("Your display settings are saved."))
    response = HttpResponseRedirect(next_url or settings_url, status=303)
    response.set_cookie(
        COOKIE_NAME,
        form.preferences().to_cookie(),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def _render(request, form, next_url, status=200):
    labels = labels_for(active_locale())
    return TemplateResponse(
        request,
        "home/accessibility_settings.html",
        {"form": form, "labels": labels, "next_url": next_url},
        status=status,
    )


@require_GET
def choose_language(request):
    """Remember the language the visitor picked (Django's language cookie), then go there.

    The language is the one in the URL prefix; ``/`` later redirects to it.
    """
    language = get_language()
    target = safe_return_url(request, request.GET.get("next", "")) or f"/{language}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or COOKIE_MAX_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
