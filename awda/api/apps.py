from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "awda.api"
    label = "api"
