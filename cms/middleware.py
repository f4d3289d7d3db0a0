"""Language prefix handling that keeps the API and unknown languages out of redirects."""

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import is_valid_path

# A language tag's first subtags: ``de``, ``de-ch``, ``de-x-ls`` (private use, one letter).
LANGUAGE_SEGMENT = re.compile(r"^/([a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{1,8}){0,2})(/|$)")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus two redirects that would hide a 404.

    Django redirects every 404 that would resolve under a language prefix. With
    Wagtail's catch-all page route that is *every* 404: ``/api/v3/pages/999/`` would
    become a redirect to ``/en/api/...`` and ``/xx/`` to ``/en/xx/``. Paths that
    resolve without a prefix (the API, the admin) and paths that start with an
    unknown language code keep their 404.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and self._keeps_404(request):
            return response
        return super().process_response(request, response)

    def _keeps_404(self, request):
        path = request.path_info
        if is_valid_path(path, getattr(request, "urlconf", None)):
            return True
        match = LANGUAGE_SEGMENT.match(path)
        known = {code for code, _name in settings.LANGUAGES}
        return bool(match) and match.group(1).lower() not in known
