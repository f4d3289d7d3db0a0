"""Workflow task actions (approve, request changes) and the workflow state of a page.

The endpoints do what the admin's workflow action view
(``wagtail.admin.views.generic.workflow.WorkflowAction``) does, step for step: the
action must be one the current task offers this user (``task.get_actions``), its form
(``task.get_form_for_action``) takes the comment, and ``task.on_action`` runs it. Our
review tasks (``cms.models.FourEyesApprovalMixin``) ask the integrity gate
(``cms.integrity.check_may_approve``) in both places, and the final approval publishes
through ``cms.workflows.finish_workflow`` and the gate's publish check; so the API can
approve exactly what the admin can, and nothing is checked here a second time.
"""

from ninja import Body, Router, Schema
from ninja.errors import HttpError

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms import integrity

from .auth import token_auth
from .pages import check_may_read_drafts
from .pagetypes import union
from .writes import read_draft

APPROVE = "approve"
REJECT = "reject"  # the admin's "Request changes"


class TaskActionBody(Schema):
    comment: str = ""


NO_COMMENT = TaskActionBody()


def workflow_status(page, user):
    """The page's current workflow, task and status, for users who may edit the page;
    ``None`` for everyone else and for pages not in a workflow."""
    if user is None or not user.is_authenticated:
        return None
    state = page.current_workflow_state
    if state is None:
        return None
    try:
        check_may_read_drafts(page, user)
    except PermissionDenied:
        return None
    task_state = state.current_task_state
    task = None
    if task_state is not None:
        specific_task = task_state.task.specific
        actions = []
        for name, _label, _modal in specific_task.get_actions(page, user):
            if name not in actions:
                actions.append(name)
        task = {
            "id": task_state.pk,
            "name": specific_task.name,
            "status": task_state.status,
            "actions": actions,
        }
    return {
        "name": state.workflow.name,
        "status": state.status,
        "requested_at": state.created_at,
        "task": task,
    }


def _current_task(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404(_("No page with id %s.") % page_id)
    page = page.specific
    state = page.current_workflow_state
    task_state = state.current_task_state if state is not None else None
    if not page.workflow_in_progress or task_state is None:
        raise HttpError(409, _("This page is not awaiting review."))
    return page, task_state.specific


def run_task_action(request, page_id, action, comment):
    """The admin's ``WorkflowAction.post`` for the page's current task."""
    page, task_state = _current_task(page_id)
    task = task_state.task.specific
    offered = {name for name, _label, _modal in task.get_actions(page, request.user)}
    if action not in offered:
        if action == APPROVE and task.get_actions(page, request.user):
            # The task's group may act, but the gate refused the approval: say why.
            integrity.check_may_approve(page, request.user)
        raise PermissionDenied(_("You may not act on this page's current review task."))
    form_class = task.get_form_for_action(action)
    cleaned = {}
    if form_class is not None:
        form = form_class({"comment": comment})
        if not form.is_valid():
            raise HttpError(422, "; ".join(form.errors.get("comment", [])))
        cleaned = form.cleaned_data
    with transaction.atomic():
        task.on_action(task_state, request.user, action, **cleaned)
    return read_draft(request, Page.objects.get(pk=page.pk).specific)


def build_router():
    detail_union = union("detail_schema")
    router = Router(tags=["pages: review"])
    options = {"auth": token_auth, "response": detail_union}

    @router.post(
        "/{page_id}/actions/approve/",
        url_name="cms_page_approve",
        operation_id="pages_approve",
        summary="Approve the page's current review task (its reviewers; never the author)",
        **options,
    )
    def approve(request, page_id: int, data: TaskActionBody = Body(NO_COMMENT)):
        """The final approval publishes the page (stamping the review dates); an approval
        of an earlier task moves the workflow on. Refused (403, with the reason) to the
        change's own authors, to reviewers of another language and to anyone the task's
        group does not include; 409 when the page is not in review."""
        return run_task_action(request, page_id, APPROVE, data.comment)

    @router.post(
        "/{page_id}/actions/reject/",
        url_name="cms_page_reject",
        operation_id="pages_reject",
        summary="Request changes on the page's current review task (with a comment)",
        **options,
    )
    def reject(request, page_id: int, data: TaskActionBody = Body(NO_COMMENT)):
        """The admin's "Request changes": the workflow waits for a new submission and
        the page stays as it is on the site."""
        return run_task_action(request, page_id, REJECT, data.comment)

    return router
