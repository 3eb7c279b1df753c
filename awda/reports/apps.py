from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "awda.reports"
    label = "reports"
