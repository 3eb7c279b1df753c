from django.urls import path

from awda.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/answer/", views.referral_answer, name="referral_answer"),
    path("referrals/<int:pk>/cancel/", views.referral_cancel, name="referral_cancel"),
    path("cases/<int:case_pk>/referrals/", views.referral_send, name="referral_send"),
    path(
        "cases/<int:case_pk>/referrals/incoming/", views.referral_incoming, name="referral_incoming"
    ),
]
