"""Visitor display preferences, kept in one first-party cookie.

The server reads the cookie on every request and writes the matching classes onto
``<html>``, so the page is drawn in the chosen mode from the first paint and works
without JavaScript. ``static/js/visitor.js`` writes the same classes for an instant
preview; both sides share the vocabulary below.
"""

from dataclasses import dataclass, fields, replace

COOKIE_NAME = "a11y"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

TEXT_SIZES = ("100", "125", "150", "175", "200")
CONTRASTS = ("default", "high", "dark")
FLAGS = ("motion", "spacing", "underline", "font")


@dataclass(frozen=True)
class Preferences:
    """What a visitor chose, or the site's defaults where they chose nothing."""

    text: str = "100"
    contrast: str = "default"
    motion: bool = False
    spacing: bool = False
    underline: bool = False
    font: bool = False

    def html_classes(self):
        classes = []
        if self.text != "100":
            classes.append(f"a11y-text-{self.text}")
        if self.contrast != "default":
            classes.append(f"a11y-contrast-{self.contrast}")
        classes += [f"a11y-{flag}" for flag in FLAGS if getattr(self, flag)]
        return " ".join(classes)

    def to_cookie(self):
        """``text:150|contrast:dark|motion:1|…`` — only characters cookies allow unquoted."""
        return "|".join(f"{f.name}:{_dump(getattr(self, f.name))}" for f in fields(self))

    @classmethod
    def from_cookie(cls, value, defaults=None):
        """Parse leniently: unknown keys and values fall back to ``defaults``."""
        prefs = defaults or cls()
        chosen = {}
        for pair in (value or "")[:200].split("|"):
            key, _sep, raw = pair.partition(":")
            if key == "text" and raw in TEXT_SIZES:
                chosen["text"] = raw
            elif key == "contrast" and raw in CONTRASTS:
                chosen["contrast"] = raw
            elif key in FLAGS and raw in ("0", "1"):
                chosen[key] = raw == "1"
        return replace(prefs, **chosen)


def _dump(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


def preferences_for(request, defaults=None):
    """The request's preferences, parsed once per request."""
    cached = getattr(request, "_visitor_preferences", None)
    if cached is None:
        cached = Preferences.from_cookie(request.COOKIES.get(COOKIE_NAME), defaults)
        request._visitor_preferences = cached
    return cached
