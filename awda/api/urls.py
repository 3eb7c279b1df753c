"""The REST API: each app declares its endpoints in its own `api.py`."""

from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("", include("awda.cases.api")),
    path("", include("awda.people.api")),
    path("", include("awda.protection.api")),
    path("", include("awda.assistance.api")),
    path("", include("awda.partners.api")),
    path("", include("awda.travel.api")),
    path("", include("awda.funding.api")),
    path("", include("awda.reintegration.api")),
    path("", include("awda.trainings.api")),
    path("", include("awda.reports.api")),
]
