"""What our models show in the admin: the labels, help texts and choices we declare.

Shared by the label tests: ``model_labels`` is everything a model declares (for the
"every label is translatable" check), ``edit_form_labels`` what a page's edit form shows
(for the rendered editor), ``visible_strings`` the words an admin page shows, including
those of StreamField blocks, which reach the browser as JSON in a ``data-`` attribute.
"""

import json
from html.parser import HTMLParser

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import override

from wagtail import blocks, hooks
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PanelGroup,
    get_edit_handler,
)
from wagtail.fields import StreamField
from wagtail.snippets.models import get_snippet_models

OUR_APPS = ("cms", "home", "topics", "specialists", "search")


def our_models():
    return [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]


def our_menu_labels():
    """Labels of the items our apps add to the admin's sidebar menu and its submenus."""
    labels = []
    for hook_name in ("register_admin_menu_item", "register_reports_menu_item"):
        for register in hooks.get_hooks(hook_name):
            if register.__module__.split(".")[0] in OUR_APPS:
                labels.append(register().label)
    return labels


def our_snippet_labels():
    """What the snippets listing calls our snippet types (their viewsets' menu labels)."""
    return [
        model.snippet_viewset.menu_label
        for model in get_snippet_models()
        if model.__module__.split(".")[0] in OUR_APPS
    ]


def _declared_by_us(model, field):
    """Whether ``field`` comes from our code rather than from Wagtail's or Django's."""
    for cls in reversed(model.__mro__):
        meta = getattr(cls, "_meta", None)
        if meta is not None and any(f.name == field.name for f in meta.local_fields):
            return cls.__module__.split(".")[0] in OUR_APPS
    return False


def _field_labels(field):
    yield field.verbose_name
    if field.help_text:
        yield field.help_text
    for _value, label in field.flatchoices or []:
        yield label
    if isinstance(field, StreamField):
        for child in field.stream_block.child_blocks.values():
            yield from block_labels(child)


def block_labels(block):
    """A block's label and help text, its choices, and those of every block inside it."""
    if block.label:
        yield block.label
    if getattr(block.meta, "help_text", None):
        yield block.meta.help_text
    if isinstance(block, blocks.ChoiceBlock):
        for value, label in block.field.choices:
            if value:
                yield label
    if isinstance(block, blocks.ListBlock):
        yield from block_labels(block.child_block)
    elif isinstance(block, (blocks.StructBlock, blocks.StreamBlock)):
        for child in block.child_blocks.values():
            yield from block_labels(child)


def _panel_labels(model, panel):
    """Labels of a panel tree; our fields' labels come from ``_field_labels``."""
    if isinstance(panel, FieldPanel):
        field = model._meta.get_field(panel.field_name)
        if _declared_by_us(model, field):
            yield from _field_labels(field)
        return
    if isinstance(panel, HelpPanel):
        yield panel.content
        return
    if isinstance(panel, (InlinePanel, MultiFieldPanel)) and panel.heading:
        yield panel.heading
    if isinstance(panel, InlinePanel):
        related = model._meta.get_field(panel.relation_name).related_model
        for child in get_edit_handler(related).children:
            yield from _panel_labels(related, child)
    elif isinstance(panel, PanelGroup):
        for child in panel.children:
            yield from _panel_labels(model, child)


def _edit_handler(model):
    if hasattr(model, "get_edit_handler"):
        return model.get_edit_handler()
    return get_edit_handler(model)


def model_labels(model):
    """Every label ``model`` declares: names, fields, choices, blocks and panels."""
    yield model._meta.verbose_name
    yield model._meta.verbose_name_plural
    for field in model._meta.get_fields():
        concrete = getattr(field, "concrete", False) and not field.auto_created
        if concrete and _declared_by_us(model, field):
            yield from _field_labels(field)
    if hasattr(model, "panels") or hasattr(model, "content_panels"):
        yield from _panel_labels(model, _edit_handler(model))


def edit_form_labels(model):
    """The labels of ours that the edit form of ``model`` shows."""
    return list(_panel_labels(model, _edit_handler(model)))


def in_language(label, language):
    with override(language):
        return " ".join(str(label).split())


def translated_differently(label, language):
    """Whether ``label`` reads differently in ``language`` than in English.

    The admin capitalises labels, so German "Website" for "website" reads the same.
    """
    return capfirst(in_language(label, language)) != capfirst(in_language(label, "en"))


class _TextCollector(HTMLParser):
    """Text nodes, StreamField block labels and sidebar menu labels of an admin page."""

    SKIP = {"script", "style", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings = set()
        self._skipping = 0
        self._json_script = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        self._json_script = tag == "script" and ("type", "application/json") in attrs
        for name, value in attrs:
            if name == "data-w-block-data-value" and value:
                self.strings |= telepath_strings(json.loads(value))

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        self._json_script = False

    def handle_data(self, data):
        if self._json_script:  # the sidebar menu
            self.strings |= telepath_strings(json.loads(data))
        text = " ".join(data.split())
        if text and not self._skipping:
            self.strings.add(text)


def telepath_strings(packed):
    """Labels, help texts and widget texts in telepath-packed data (blocks, menus).

    Telepath sends a repeated value once (``{"_id": n, "_val": ...}``) and refers to it
    later (``{"_ref": n}``); block names are positional arguments and are left out.
    """
    nodes, strings = [], set()
    shared = {}

    def walk(value):
        if isinstance(value, dict):
            if "_id" in value:
                shared[value["_id"]] = value.get("_val", value)
            nodes.append(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and "<" in value:  # a widget, rendered as HTML
            strings.update(visible_strings(value))

    walk(packed)
    for node in nodes:
        for key in ("label", "helpText"):
            text = node.get(key)
            if isinstance(text, dict):
                text = shared.get(text.get("_ref"), text.get("_val"))
            if isinstance(text, str):
                strings.add(" ".join(text.split()))
    return strings


def visible_strings(html):
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.strings


def shown(label, language, strings):
    """Whether ``label`` in ``language`` is among ``strings`` (as is, or capitalised)."""
    text = in_language(label, language)
    return text in strings or capfirst(text) in strings
