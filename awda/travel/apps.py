from django.apps import AppConfig


class TravelConfig(AppConfig):
    name = "awda.travel"
    label = "travel"
