"""Query-parameter handling shared by the project's own endpoints (menu, search, finder).

The product's services (``search.service.site_search``, ``specialists.finder``) validate
visitor input once, for the HTML pages and the API alike, and report problems per
parameter. These helpers turn that report, and an unknown locale, into the API's usual
problem responses, so every endpoint answers bad input the same way.
"""

from typing import Literal

from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from cms.i18n import locales


def one_of(choices):
    """A ``Literal`` of the values a service validates against (Django ``choices`` pairs
    or plain values): the OpenAPI document lists them as an enum, so generated clients
    get a typed enum and schemathesis sends only values the service takes, and a value
    outside them is ninja's 422 naming the parameter."""
    return Literal[tuple(choice[0] if isinstance(choice, tuple) else choice for choice in choices)]


def get_locale(language_code, name="locale"):
    """The content language ``language_code`` (None when not given); 404 when unknown."""
    if language_code is None:
        return None
    # The locales remembered per content version (a locale's save bumps it): every
    # ``?locale=`` read used to cost a query of its own.
    locale = locales().get(language_code)
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
