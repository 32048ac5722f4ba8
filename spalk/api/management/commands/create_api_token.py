from django.core.management.base import BaseCommand, CommandError

from spalk.accounts.models import User
from spalk.api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, email: str, name: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user with e-mail {email}.")
        _token, raw = api_token_create(actor=None, user=user, name=name)
        self.stdout.write(raw)
