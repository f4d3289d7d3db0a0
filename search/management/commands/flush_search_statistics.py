"""Write the searches counted in the cache to the editors' reports (run it from cron)."""

from django.core.management.base import BaseCommand

from search import statistics


class Command(BaseCommand):
    help = (
        "Add the searches counted since the last run to the search reports and to "
        "Wagtail's promotion statistics. Run it every few minutes."
    )

    def handle(self, *args, **options):
        written = statistics.flush()
        self.stdout.write(f"{written} searches written")
