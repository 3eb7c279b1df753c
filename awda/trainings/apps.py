from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    name = "awda.trainings"
    label = "trainings"
