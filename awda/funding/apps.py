from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "awda.funding"
    label = "funding"
