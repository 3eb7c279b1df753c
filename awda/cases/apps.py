from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "awda.cases"
    label = "cases"
