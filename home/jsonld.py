"""schema.org data shared by every medical page: the MedicalWebPage around an entity."""

from cms.public_urls import page_public_url

from .names import catalogue_name, reviewer_kind

SCHEMA = "https://schema.org"


def absolute_url(page, request):
    return page_public_url(page, request) or ""


def medical_web_page(page, request, about):
    """A MedicalWebPage for patients, with the review date the page shows."""
    data = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "name": page.seo_title or page.title,
        "url": absolute_url(page, request),
        "inLanguage": page.locale.language_code,
        "audience": {"@type": "Patient"},
        "about": about,
    }
    description = getattr(page, "summary", "") or page.search_description
    if description:
        data["description"] = description
    if getattr(page, "last_reviewed", None):
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if getattr(page, "reviewed_by", ""):
        data["reviewedBy"] = {
            "@type": reviewer_kind(page.reviewed_by),
            "name": catalogue_name(page.reviewed_by),
        }
    return data
