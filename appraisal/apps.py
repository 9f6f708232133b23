from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AppraisalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appraisal"

    def ready(self):
        from appraise.sqlite import write_ahead_log

        connection_created.connect(write_ahead_log, dispatch_uid="appraise-sqlite-write-ahead-log")
