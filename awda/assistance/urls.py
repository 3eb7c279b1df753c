from django.urls import path

from awda.assistance import views

app_name = "assistance"
urlpatterns = [
    path("cases/<int:case_pk>/records/", views.record_add, name="record_add"),
    path("records/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("cases/<int:case_pk>/sessions/", views.session_add, name="session_add"),
    path("cases/<int:case_pk>/appointments/", views.appointment_add, name="appointment_add"),
    path("appointments/", views.appointments, name="appointments"),
    path("appointments/<int:pk>/status/", views.appointment_status, name="appointment_status"),
    path("distributions/", views.distribution_list, name="distribution_list"),
    path("distributions/new/", views.distribution_new, name="distribution_new"),
    path("distributions/new/cases/", views.distribution_picker, name="distribution_picker"),
    path("distributions/<int:pk>/", views.distribution_detail, name="distribution_detail"),
]
