"""wagtail-localize's translation editor, reduced to the translator's flow.

Its React editor decides its buttons from the ``props`` it is given; its own footer
offers "Stop synced translation" (always) and makes Lock, Delete or Unpublish the main
action when the user may not publish (wagtail-localize#676: no "submit for review").
Here the props only offer what the integrity gate allows, the editor's footer is
hidden (``translation-editor.css``) and ours offers *Save draft* and *Submit for
translation review*, with a banner while the translation is in review and the
reviewer's *Approve* / *Request changes* (the editor has no workflow actions).
"""

import json

from django import template
from django.urls import reverse

from cms import integrity
from cms.translation_status import status_of

register = template.Library()


@register.simple_tag(takes_context=True)
def translator_props(context, props):
    """The editor's props with everything but translating removed for non-administrators."""
    request = context["request"]
    data = json.loads(props)
    if not integrity.is_administrator(request.user):
        data["perms"].update(
            {"canPublish": False, "canLock": False, "canUnlock": False, "canDelete": False}
        )
        data["links"]["convertToAliasUrl"] = None
        data["links"]["stopTranslationUrl"] = None
    return json.dumps(data)


@register.inclusion_tag("cms/admin/translation_actions.html", takes_context=True)
def translator_actions(context, instance, translation):
    request = context["request"]
    state = status_of(instance) if getattr(instance, "translation_key", None) else None
    workflow_state = getattr(instance, "current_workflow_state", None)
    permissions = instance.permissions_for_user(request.user)
    preview_modes = getattr(instance, "preview_modes", [])
    task_state = instance.current_workflow_task_state if workflow_state else None
    review_actions = []
    if task_state is not None:
        for name, label, needs_comment in task_state.task.specific.get_actions(
            instance, request.user
        ):
            if name not in {action["name"] for action in review_actions}:
                review_actions.append(
                    {
                        "name": name,
                        "label": label,
                        "needs_comment": needs_comment,
                        "url": reverse(
                            "wagtailadmin_pages:workflow_action",
                            args=[instance.pk, name, task_state.pk],
                        ),
                    }
                )
    return {
        "review_actions": review_actions,
        "request": request,
        "page": instance,
        "translation": translation,
        "status": state,
        "in_review": workflow_state is not None,
        "workflow_state": workflow_state,
        "may_edit": permissions.can_edit(),
        "is_administrator": integrity.is_administrator(request.user),
        "may_publish": permissions.can_publish(),
        "has_preview": bool(preview_modes),
    }


@register.simple_tag(takes_context=True)
def translation_summary(context, page):
    """Every other language of ``page`` with its status, and a link the user may open.

    Shaped like Wagtail's side-panel ``translations`` (``locale``, ``url``), which lists
    only the translations the user may edit.
    """
    from wagtail.models import Page

    from cms.translation_status import Status, page_translation_statuses

    if not isinstance(page, Page) or not page.pk or page.depth < 2:
        return []
    user = context["request"].user
    statuses = page_translation_statuses(page)
    summary = []
    for translation in page.get_translations().select_related("locale"):
        status = statuses.get(translation.locale.language_code, Status.MISSING)
        editable = translation.permissions_for_user(user).can_edit()
        url = reverse(
            "wagtailadmin_pages:edit" if editable else "cms_view_translation",
            args=[translation.pk],
        )
        summary.append({"locale": translation.locale, "url": url, "label": Status.LABELS[status]})
    return summary
