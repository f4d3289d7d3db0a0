from django.core.management.base import BaseCommand

from demo.users import DEMO_PASSWORD, create_demo_users


class Command(BaseCommand):
    help = "Create one demo login per role and print them."

    def handle(self, *args, **options):
        accounts = create_demo_users()
        self.stdout.write("")
        self.stdout.write("Demo logins for http://127.0.0.1:8000/admin/ (password for all:")
        self.stdout.write(f"  {DEMO_PASSWORD})")
        for username, role in accounts:
            self.stdout.write(f"  {username:<28} {role}")
        self.stdout.write("")
