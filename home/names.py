"""Names stored once for every language, read in the visitor's language where possible.

Reviewer names are synchronised to every translation (``MedicalReviewMixin``): a person's
name stays as it is, but a board's name that the UI catalogues know ("Editorial board
(demo)") is shown translated, in the page and in its JSON-LD alike.
"""

from django.utils.translation import gettext, gettext_noop

# The demo's review stamp names a board, not a person (reviewer profiles name people).
EDITORIAL_BOARD = gettext_noop("Editorial board (demo)")


def reviewer_kind(value):
    """schema.org type of a review stamp's name."""
    return "Organization" if value == EDITORIAL_BOARD else "Person"


def catalogue_name(value):
    """``value`` translated by the UI catalogues if they know it; never the PO header."""
    return gettext(value) if value else value
