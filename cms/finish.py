"""Entry point for ``WAGTAIL_FINISH_WORKFLOW_ACTION``.

Wagtail imports this setting while ``wagtail.models`` is still loading, so the real
work lives in ``cms.workflows`` and is imported on first call.
"""


def finish_workflow(workflow_state, user=None):
    from .workflows import finish_workflow as finish

    return finish(workflow_state, user=user)
