"""A medical page as a PDF "for my doctor", rendered on the server in the visitor's language.

WeasyPrint (Kozea, BSD licence, a Debian and PyPI package for a decade) turns the page's
own template and print stylesheet into a PDF with Pango, without a browser: the PDF says
exactly what the page says, with the review date, the reviewer, the page's address and
the date it was printed. It writes tagged PDF/UA-1, so screen readers can read it.

The renderer may fetch only our own static files: an editor's link to a remote image
must not make the server fetch arbitrary URLs.
"""

import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.models import Page

from cms.models import MedicalReviewMixin

STATIC_ORIGIN = "http://pdf.invalid"


def _static_files_only():
    """A WeasyPrint URL fetcher that reads our static files from disk and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = f"{STATIC_ORIGIN}{settings.STATIC_URL}"
            name = url[len(prefix) :].split("?")[0] if url.startswith(prefix) else None
            path = _static_path(name) if name else None
            if path is None:
                raise ValueError(f"not fetched for a PDF: {url}")
            with open(path, "rb") as static_file:
                body = static_file.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticFilesOnly()


def _static_path(name):
    """A static file on disk: collected (hashed names in production) or from the source."""
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except (NotImplementedError, SuspiciousFileOperation):
        pass
    try:
        return finders.find(name)
    except SuspiciousFileOperation:
        return None


def render_pdf(html):
    from weasyprint import HTML

    document = HTML(string=html, base_url=f"{STATIC_ORIGIN}/", url_fetcher=_static_files_only())
    return document.write_pdf(pdf_variant="pdf/ua-1")


@require_GET
@never_cache
def page_pdf(request, page_id):
    """The live, public medical page ``page_id`` in the URL's language, as a PDF."""
    page = (
        Page.objects.live()
        .public()
        .filter(pk=page_id, locale__language_code=get_language())
        .specific()
        .first()
    )
    if page is None or not isinstance(page, MedicalReviewMixin):
        raise Http404
    context = page.get_context(request)
    context["for_pdf"] = True
    html = render_to_string(page.get_template(request), context, request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{page.slug}.pdf"'
    return response
