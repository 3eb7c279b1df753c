from django.urls import path

from awda.accounts.views import set_language
from awda.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", set_language, name="set_language"),
    path("cases/", views.case_list_view, name="case_list"),
    path("cases/export.<str:fmt>", views.case_export, name="case_export"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path(
        "cases/<int:pk>/actions/<slug:action>/",
        views.case_transition_view,
        name="case_transition",
    ),
    path(
        "cases/<int:pk>/declaration/sign/",
        views.declaration_sign_view,
        name="declaration_sign",
    ),
    path(
        "cases/<int:pk>/declaration/withdraw/",
        views.declaration_withdraw_view,
        name="declaration_withdraw",
    ),
    path("cases/<int:pk>/documents/add/", views.document_add_view, name="document_add"),
    path("register/", views.intake, name="intake"),
    path("register/member/", views.intake_member_row, name="intake_member_row"),
    path("register/document/", views.intake_document_row, name="intake_document_row"),
]
