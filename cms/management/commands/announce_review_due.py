"""Announce the pages whose medical review is due (run it daily from cron)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cms.page_events import announce_review_due


class Command(BaseCommand):
    help = (
        "Send a page.review_due event (cms.page_events) for every live page whose next "
        "review is due today or earlier. Receivers tell repeats apart by the due date, so "
        "running it again (or after a missed day) announces nothing twice."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = announce_review_due(timezone.localdate())
        self.stdout.write(f"{count} pages due for review announced")
