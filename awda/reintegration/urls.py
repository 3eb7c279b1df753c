from django.urls import path

from awda.reintegration import views

app_name = "reintegration"
urlpatterns = [
    path("", views.queue, name="index"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/arrival/", views.arrival, name="arrival"),
    path("cases/<int:pk>/counselling/", views.counselling, name="counselling"),
    path("cases/<int:pk>/plans/new/", views.plan_new, name="plan_new"),
    path("cases/<int:pk>/surveys/new/", views.survey_new, name="survey_new"),
    path("cases/<int:pk>/satisfaction/new/", views.satisfaction_new, name="satisfaction_new"),
    path("cases/<int:pk>/close/", views.close, name="close"),
    path("cases/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("cases/<int:pk>/advance/<str:action>/", views.advance, name="advance"),
    path("inbound/<int:pk>/", views.inbound, name="inbound"),
    path("inbound/<int:pk>/tracing/", views.inbound_tracing, name="inbound_tracing"),
    path("inbound/<int:pk>/exchange/", views.inbound_exchange, name="inbound_exchange"),
    path("inbound/<int:pk>/arrival/", views.inbound_arrival, name="inbound_arrival"),
    path("inbound/<int:pk>/counselling/", views.inbound_counselling, name="inbound_counselling"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/complete/", views.plan_complete, name="plan_complete"),
    path("plans/<int:pk>/cancel/", views.plan_cancel, name="plan_cancel"),
    path("plans/<int:pk>/components/", views.component_add, name="component_add"),
    path("plans/<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path("components/<int:pk>/remove/", views.component_remove, name="component_remove"),
    path("components/<int:pk>/delivered/", views.component_delivered, name="component_delivered"),
    path("components/<int:pk>/disbursements/new/", views.disbursement_new, name="disbursement_new"),
    path(
        "disbursements/<int:pk>/approve/", views.disbursement_approve, name="disbursement_approve"
    ),
    path("disbursements/<int:pk>/reject/", views.disbursement_reject, name="disbursement_reject"),
    path("disbursements/<int:pk>/pay/", views.disbursement_pay, name="disbursement_pay"),
    path("disbursements/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("visits/<int:pk>/", views.visit_report, name="visit"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("activities/", views.activities, name="activities"),
    path("scoring/", views.scoring_list, name="scoring"),
    path("scoring/new/", views.scoring_new, name="scoring_new"),
    path("scoring/<int:version>/", views.scoring_detail, name="scoring_detail"),
]
