from django.urls import path

from awda.protection import views

app_name = "protection"
urlpatterns = [
    path("cases/<int:case_pk>/vulnerabilities/", views.vulnerability_add, name="vulnerability_add"),
    path(
        "vulnerabilities/<int:pk>/resolve/",
        views.vulnerability_resolve,
        name="vulnerability_resolve",
    ),
    path(
        "vulnerabilities/<int:pk>/details/",
        views.vulnerability_details,
        name="vulnerability_details",
    ),
    path(
        "cases/<int:case_pk>/children/<int:person_pk>/bid/",
        views.bid_start,
        name="bid_start",
    ),
    path("bid/<int:pk>/", views.bid_detail, name="bid_detail"),
    path("bid/<int:pk>/steps/<str:step>/", views.bid_step, name="bid_step"),
    path("bid/<int:pk>/determination/", views.bid_determine, name="bid_determine"),
    path("cases/<int:case_pk>/consents/give/", views.consent_give, name="consent_give"),
    path("cases/<int:case_pk>/consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]
