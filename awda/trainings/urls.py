from django.urls import path

from awda.trainings import views

app_name = "trainings"
urlpatterns = [
    path("", views.index, name="index"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/sessions/", views.session_add, name="session_add"),
    path("cycles/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("enrolments/<int:pk>/completion/", views.completion, name="completion"),
    path("awareness/new/", views.awareness_new, name="awareness_new"),
    path("awareness/<int:pk>/", views.awareness_detail, name="awareness"),
]
