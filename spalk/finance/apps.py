from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "spalk.finance"
    label = "finance"
    verbose_name = "Client contribution"
