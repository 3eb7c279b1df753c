from django.urls import path

from awda.funding import views

app_name = "funding"
urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("new/", views.programme_new, name="programme_new"),
    path("<str:code>/", views.programme_detail, name="programme"),
    path("<str:code>/edit/", views.programme_edit, name="programme_edit"),
    path("<str:code>/quotas/", views.quota_new, name="quota_new"),
    path("<str:code>/budget/", views.budget_line_new, name="budget_line_new"),
]
