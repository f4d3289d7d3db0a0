"""The delivery task: django-tasks, so whichever backend the project runs delivers.

With the immediate backend (``cms.indexing.SearchIndexingBackend``: tests, ``make
run``) the task runs in the publishing request right after the commit, with a short
timeout (``WEBHOOK_FIRST_ATTEMPT_TIMEOUT``), so a hanging endpoint delays that answer
by at most that long and never fails or undoes the publish; what fails waits for its
retry in ``manage.py deliver_webhooks``. With a queued backend a worker runs it with
the full timeout. Retry state is in ``WebhookDelivery``, not in the backend.
"""

import functools
import logging

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


@task()
def deliver_endpoint(endpoint_id, timeout):
    from .delivery import deliver_due

    return deliver_due(endpoint_ids=[endpoint_id], timeout=timeout)


def first_attempt_timeout():
    if isinstance(deliver_endpoint.get_backend(), ImmediateBackend):
        return settings.WEBHOOK_FIRST_ATTEMPT_TIMEOUT
    return settings.WEBHOOK_TIMEOUT


def _enqueue(endpoint_id):
    try:
        deliver_endpoint.enqueue(endpoint_id, first_attempt_timeout())
    except Exception:
        # The publish is committed; the delivery row waits for deliver_webhooks.
        logger.exception("Could not enqueue webhook delivery for endpoint %s", endpoint_id)


def enqueue_after_commit(endpoint_id):
    transaction.on_commit(functools.partial(_enqueue, endpoint_id), robust=True)
