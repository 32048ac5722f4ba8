from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "spalk.audit"
    label = "audit"
