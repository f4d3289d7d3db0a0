"""JSON-LD output that cannot break out of its ``<script>`` element."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">``, escaped like ``json_script``.

    ``<``, ``>`` and ``&`` become ``\\u003C`` etc., so text such as ``</script>`` typed by
    an editor stays inside the JSON.
    """
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    payload = payload.translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
