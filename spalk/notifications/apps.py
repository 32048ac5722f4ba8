from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "spalk.notifications"
    label = "notifications"
