from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "awda.audit"
    label = "audit"
