from django.core.management.base import BaseCommand, CommandError

from spalk.accounts.models import User
from spalk.api.models import DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS
from spalk.api.services import api_token_create
from spalk.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=DEFAULT_LIFETIME_DAYS,
                            help=f"how long the token works (1 to {MAX_LIFETIME_DAYS} days)")
        parser.add_argument("--read-only", action="store_true", help="the token may only read (GET)")

    def handle(self, *args, email: str, name: str, days: int, read_only: bool, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user with e-mail {email}.")
        try:
            _token, raw = api_token_create(actor=None, user=user, name=name, days=days, read_only=read_only)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
