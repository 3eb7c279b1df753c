from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "awda.web"
    label = "web"
