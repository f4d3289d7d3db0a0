"""The language of an indexed object, read from its locale without a query per object."""

_codes = {}


def object_language(obj):
    """The language code of ``obj``'s locale; ``None`` for objects without a locale (images).

    Locale ids are read once per process and again when an unknown id turns up.
    """
    global _codes
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return None
    if locale_id not in _codes:
        from wagtail.models import Locale

        _codes = dict(Locale.objects.values_list("pk", "language_code"))
    return _codes.get(locale_id)
