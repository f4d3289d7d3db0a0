from django.core.management.base import BaseCommand

from demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Create the demo site in all languages (idempotent)."

    def handle(self, *args, **options):
        DemoLoader(stdout=self.stdout).run()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
