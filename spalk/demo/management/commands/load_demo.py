from django.core.management.base import BaseCommand
from django.db import transaction

from spalk.demo import load_all
from spalk.demo.staff import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF


class Command(BaseCommand):
    help = "Load fictional demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_all(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded (fictional)."))
        self.stdout.write("")
        self.stdout.write("spalk demo: http://127.0.0.1:8000")
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(f"  second factor (TOTP) secret for every demo account: {DEMO_TOTP_SECRET}")
        self.stdout.write("  current code: `make totp` in another terminal, or add the secret to an authenticator app")
        for email, _first, _last, short, roles in STAFF:
            labels = ", ".join(str(r.label) for r in roles) or "installatiebeheer"
            self.stdout.write(f"  {email:32} {short or '-':4} {labels}")
