from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "awda.protection"
    label = "protection"
