"""Numbers a visitor sends (ids, page numbers, limits, offsets, lengths), read one way.

Shared by the API, site search and the request-size check, so it sits below all of
them: nothing here knows about HTTP or search.
"""

import re

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
