from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "awda.assistance"
    label = "assistance"
