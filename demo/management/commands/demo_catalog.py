from django.core.management.base import BaseCommand

from wagtail.models import Locale

from demo.loader import catalog_template
from home.models import HomePage


class Command(BaseCommand):
    help = "Print the demo's source strings as a PO template (for the demo translators)."

    def handle(self, *args, **options):
        home = HomePage.objects.get(depth=2, locale=Locale.get_default())
        self.stdout.write(str(catalog_template(home)))
