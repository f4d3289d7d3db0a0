"""Deliver the webhook deliveries that are due (run it every minute from cron, or as a worker)."""

import time

from django.core.management.base import BaseCommand

from api.webhooks.delivery import deliver_due, prune


class Command(BaseCommand):
    help = (
        "Send every due webhook delivery, oldest first per endpoint, and schedule retries "
        "with backoff (api.webhooks.delivery), and delete finished deliveries older than "
        "WEBHOOK_LOG_DAYS. With --every N it keeps running, one pass every N seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="seconds between passes")
        parser.add_argument("--limit", type=int, default=None, help="attempts per pass")

    def handle(self, *args, every, limit, **options):
        while True:
            counts = deliver_due(limit=limit)
            counts["pruned"] = prune()
            self.stdout.write(
                "{delivered} delivered, {failed} given up, {waiting} waiting, "
                "{pruned} old log entries deleted".format(**counts)
            )
            if not every:
                return
            time.sleep(every)
