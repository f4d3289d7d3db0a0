"""The content languages, with the home page of each, so an app can start anywhere."""

from ninja import Router, Schema

from django.conf import settings
from django.utils import translation

from wagtail.models import Locale

from cms.i18n import LANGUAGE_NATIVE_NAMES, live_home_pages

from .auth import reader_auth


class LocaleOut(Schema):
    code: str
    name: str
    native_name: str
    is_source: bool
    home_page_id: int | None


router = Router(tags=["locales"])


@router.get(
    "/",
    response=list[LocaleOut],
    auth=reader_auth,
    url_name="cms_locale_list",
    operation_id="locales_list",
    summary="Content languages with their home pages",
)
def list_locales(request):
    homes = {code: home.pk for code, home in live_home_pages(request).items()}
    locales = {locale.language_code for locale in Locale.objects.all()}
    result = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code not in locales:
            continue
        with translation.override("en"):
            english_name = str(name)
        result.append(
            {
                "code": code,
                "name": english_name,
                "native_name": LANGUAGE_NATIVE_NAMES.get(code, code),
                "is_source": code == settings.CMS_SOURCE_LOCALE,
                "home_page_id": homes.get(code),
            }
        )
    return result
