"""Wagtail's StreamField validation errors at the block and field they are about.

A page form reports a StreamField's errors as one ``StreamBlockValidationError`` on the
field (``loc: ["body"]``, "Validation error in StreamBlock"); the detail is in its
``block_errors`` tree (stream items by index, struct children by name, list items by
index) and ``non_block_errors``. Writes answer with one error per leaf at its place in
the request body: ``loc: ["body", 3, "value", "heading"]``.
"""

from django.forms.utils import ErrorList

from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.fields import StreamField
from wagtail.utils.forms import FormValidationError


def block_errors(error, loc):
    """``(loc, message, code)`` for every leaf of a block validation error."""
    for non_block in ErrorList(getattr(error, "non_block_errors", None) or []).as_data():
        for message in non_block.messages:
            yield loc, message, non_block.code or "invalid"
    children = getattr(error, "block_errors", None)
    if children:
        in_stream = isinstance(error, StreamBlockValidationError)
        for key, child in children.items():
            yield from block_errors(child, (*loc, key, "value") if in_stream else (*loc, key))
    elif not hasattr(error, "non_block_errors"):
        for message in error.messages:
            yield loc, message, getattr(error, "code", None) or "invalid"


def precise_form_errors(form):
    """The form's errors as ``FormValidationError``, StreamField errors per block."""
    errors = FormValidationError.get_form_errors_as_dict(form)
    streams = {f.name for f in form.instance._meta.fields if isinstance(f, StreamField)}
    for name in streams & set(form.errors):
        del errors[(name,)]
        for error in form.errors[name].as_data():
            for loc, message, code in block_errors(error, (name,)):
                errors.setdefault(loc, []).append((message, code))
    return FormValidationError(errors)
