"""Query-parameter handling shared by the project's own endpoints (menu, search, finder).

The product's services (``search.service.site_search``, ``specialists.finder``) validate
visitor input once, for the HTML pages and the API alike, and report problems per
parameter. These helpers turn that report, and an unknown locale, into the API's usual
problem responses, so every endpoint answers bad input the same way.
"""

import re

from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Locale

# Ids and offsets beyond a 63-bit integer cannot exist; databases fail on them (SQLite
# with OverflowError, PostgreSQL with "out of range"), so they are answered up front.
LARGEST_NUMBER = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]+")


def parse_whole_number(raw, *, minimum=0, clamp=False):
    """``raw`` as an int when it is written in the digits 0-9 only, else ``None``.

    Python's ``int()`` also reads Arabic-Indic, Devanagari or fullwidth digits and
    ``str.isdigit()`` accepts superscripts that ``int()`` then refuses; every number a
    visitor sends (ids, page numbers, limits, offsets) is read here instead, so a
    number means the same in the URL, the database and the answer. A number beyond
    ``LARGEST_NUMBER`` is ``None``, or ``LARGEST_NUMBER`` with ``clamp`` (a results
    page far past the end is still a page number).
    """
    text = str(raw).strip() if raw is not None else ""
    if not ASCII_DIGITS.fullmatch(text):
        return None
    # Compared as text first: int() refuses strings of more than 4,300 digits.
    if len(text.lstrip("0")) > len(str(LARGEST_NUMBER)) or int(text) > LARGEST_NUMBER:
        return LARGEST_NUMBER if clamp else None
    number = int(text)
    return number if number >= minimum else None


def get_locale(language_code, name="locale"):
    """The content language ``language_code`` (None when not given); 404 when unknown."""
    if language_code is None:
        return None
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        raise Http404(_("Unknown %(name)s '%(code)s'.") % {"name": name, "code": language_code})
    return locale


def requested_locale(code):
    """The content language ``code``, the source language when empty."""
    return get_locale(code or settings.CMS_SOURCE_LOCALE)


def reject_invalid(errors):
    """Answer 422 naming each bad query parameter, as ninja does for its own checks."""
    if not errors:
        return
    raise PydanticValidationError.from_exception_data(
        "Invalid query parameters",
        [
            {
                # Braces would be read as a template; the message may quote the input.
                "type": PydanticCustomError(
                    "invalid_parameter", message.replace("{", "(").replace("}", ")")
                ),
                "loc": ("query", name),
                "input": None,
            }
            for name, messages in errors.items()
            for message in messages
        ],
        hide_input=True,
    )


def page_url(page, request, language_code):
    """The page's public URL with its language prefix."""
    with translation.override(language_code):
        return page.get_url(request)
