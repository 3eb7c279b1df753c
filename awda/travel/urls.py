from django.urls import path

from awda.travel import views

app_name = "travel"
urlpatterns = [
    path("", views.index, name="index"),
    # The travel section of a case, and what it posts to.
    path("cases/<int:pk>/", views.case_travel, name="case"),
    path("cases/<int:pk>/book/", views.book_view, name="book"),
    path("cases/<int:pk>/lpc/", views.lpc_request_view, name="lpc_request"),
    path("cases/<int:pk>/fitness/", views.fitness_view, name="fitness"),
    path("cases/<int:pk>/examination/", views.examination_view, name="examination"),
    path("cases/<int:pk>/orientation/", views.orientation_view, name="orientation"),
    path("movements/<int:pk>/", views.movement_edit_view, name="movement_edit"),
    # Departures and their manifests.
    path("departures/", views.departures_view, name="departures"),
    path("departures/new/", views.departure_create_view, name="departure_create"),
    path("departures/<int:pk>/", views.departure_view, name="departure"),
    path("departures/<int:pk>/manifest.pdf", views.manifest_pdf, name="manifest_pdf"),
    path("departures/<int:pk>/per-diem.pdf", views.per_diem_pdf, name="per_diem_pdf"),
    path(
        "passengers/<int:pk>/check/<slug:step>/",
        views.passenger_check_view,
        name="passenger_check",
    ),
    path("passengers/<int:pk>/pv/", views.exit_authorisation_view, name="exit_authorisation"),
    # Laissez-passer requests: the consulate's queue, IOM's nominal lists.
    path("lpc/", views.lpc_queue_view, name="lpc_queue"),
    path("lpc/<int:pk>/", views.lpc_detail_view, name="lpc_detail"),
    path("lpc/<int:pk>/interview/", views.lpc_interview_view, name="lpc_interview"),
    path("lpc/<int:pk>/identity/", views.lpc_identity_view, name="lpc_identity"),
    path("lpc/<int:pk>/issue/", views.lpc_issue_view, name="lpc_issue"),
    path("lpc/<int:pk>/refuse/", views.lpc_refuse_view, name="lpc_refuse"),
    path("lpc/<int:pk>/cancel/", views.lpc_cancel_view, name="lpc_cancel"),
    path("lpc/lists/", views.lpc_batches_view, name="lpc_batches"),
    path("lpc/lists/new/<int:consulate_pk>/", views.lpc_batch_new_view, name="lpc_batch_new"),
    path("lpc/lists/<int:pk>/", views.lpc_batch_view, name="lpc_batch"),
    path("lpc/lists/<int:pk>.<str:fmt>", views.lpc_batch_export, name="lpc_batch_export"),
]
