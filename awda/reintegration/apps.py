from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "awda.reintegration"
    label = "reintegration"
