from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "awda.people"
    label = "people"
