from django.core.management.base import BaseCommand

from cms.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the editorial role groups and their permissions (idempotent)."

    def handle(self, *args, **options):
        for name in setup_roles():
            self.stdout.write(f"Role: {name}")
