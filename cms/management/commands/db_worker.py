"""django-tasks-db's ``db_worker``, which also requeues the tasks of killed workers.

django-tasks-db leaves a task its worker was killed in RUNNING for ever (see
``cms.queue``). This command keeps the name and every option of django-tasks-db's (``cms``
is listed before ``django_tasks_db``, so ``manage.py db_worker`` is this one) and sweeps
such tasks back into the queue when the worker starts and then every
``SWEEP_INTERVAL`` seconds, so a restarted worker, or any other one still running,
picks them up. ``--batch`` (tests, cron) sweeps once, at the start.
"""

import logging
import threading

from django_tasks_db.management.commands import db_worker

from django.db import connection

from cms import queue

logger = logging.getLogger("cms.queue")

SWEEP_INTERVAL = 60  # seconds


def _sweep():
    try:
        queue.requeue_stale_tasks()
    except Exception:  # a database outage must not stop the worker; the next sweep retries
        logger.exception("Could not requeue stale tasks")


def _sweep_periodically(stop):
    while not stop.wait(SWEEP_INTERVAL):
        _sweep()
        connection.close()  # this thread's own connection; reopened at the next sweep


class Command(db_worker.Command):
    help = db_worker.Command.help + "; tasks whose worker was killed mid-task run again"

    def handle(self, *args, batch=False, **options):
        _sweep()
        stop = threading.Event()
        if not batch:
            threading.Thread(
                target=_sweep_periodically, args=(stop,), name="stale-task-sweeper", daemon=True
            ).start()
        try:
            super().handle(*args, batch=batch, **options)
        finally:
            stop.set()
