from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "awda.partners"
    label = "partners"
