from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "spalk.audit"
    label = "audit"

    def ready(self) -> None:
        from spalk.audit.dbroles import grant_after_migrate

        # once per migrate (post_migrate is sent per app with models), after every app's migrations ran
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="spalk.audit.grant_app_role")
