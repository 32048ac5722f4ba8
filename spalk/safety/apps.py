from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "spalk.safety"
    label = "safety"

    def ready(self) -> None:
        from spalk.logbook.signals import child_safety_signal
        from spalk.safety.signals import open_procedure_for_signal

        child_safety_signal.connect(open_procedure_for_signal, dispatch_uid="safety.kindreflex_from_signal")
