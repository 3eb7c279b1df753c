from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "awda.demo"
    label = "demo"
