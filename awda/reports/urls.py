from django.urls import path

from awda.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report, name="report"),
    path("drill/", views.drill, name="drill"),
    path("exports/", views.export_create, name="export_create"),
    path("exports/<uuid:pk>/", views.export_status, name="export_status"),
    path("exports/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("facts/rebuild/", views.facts_rebuild_view, name="facts_rebuild"),
]
