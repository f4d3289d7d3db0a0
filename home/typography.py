"""Soft hyphens in long words, so large headings break like print, not mid-syllable.

Browsers hyphenate ``hyphens: auto`` text only where they ship a dictionary for the
element's ``lang``; several (Chromium on Linux among them) ship none, and a German
heading at 200 % text on a phone then breaks anywhere ("Leberme/tastasen"). Soft
hyphens (U+00AD) from the language's TeX patterns (pyphen) work in every browser, are
invisible unless a line breaks there, and are ignored by search and screen readers.
"""

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
MEDIOPUNKT = "\u00b7"
ZERO_WIDTH_SPACE = "\u200b"
MEDIOPUNKT_LANGUAGES = {"de-x-ls"}
# Words shorter than this fit a phone's line even at 200 % text.
MIN_LENGTH = 8
WORD = re.compile(rf"\w{{{MIN_LENGTH},}}")


@lru_cache(maxsize=8)
def _dictionary(language_code):
    language = (language_code or "en").replace("-", "_")
    for candidate in (language, language.split("_")[0]):
        if candidate in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=candidate, left=3, right=3)
    return None


def hyphenate(text, language_code):
    """``text`` with soft hyphens at the hyphenation points of its long words.

    Leichte Sprache never breaks a word part across lines: its compounds are split
    with the Mediopunkt ("Leber·metastasen"), and a long word breaks after it only.
    """
    if language_code in MEDIOPUNKT_LANGUAGES:
        return text.replace(MEDIOPUNKT, MEDIOPUNKT + ZERO_WIDTH_SPACE) if text else text
    dictionary = _dictionary(language_code)
    if not text or dictionary is None:
        return text
    return WORD.sub(lambda match: dictionary.inserted(match.group(0), hyphen=SOFT_HYPHEN), text)
