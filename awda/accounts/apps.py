from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "awda.accounts"
    label = "accounts"
