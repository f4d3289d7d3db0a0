"""Retry the search-index updates that failed while the index was unavailable."""

from django.core.management.base import BaseCommand, CommandError

from cms.indexing import retry_backlog


class Command(BaseCommand):
    help = (
        "Index every object on the search-index backlog (cms.indexing). Fails while "
        "entries remain, so a cron job reports an index that is still broken."
    )

    def handle(self, *args, **options):
        indexed, remaining = retry_backlog()
        self.stdout.write(f"{indexed} re-indexed, {remaining} remaining")
        if remaining:
            raise CommandError(f"The search index still fails; {remaining} objects wait.")
