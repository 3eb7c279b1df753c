from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("awda.api.urls")),
    # Each domain app owns its pages under its own prefix.
    path("protection/", include("awda.protection.urls")),
    path("assistance/", include("awda.assistance.urls")),
    path("partners/", include("awda.partners.urls")),
    path("travel/", include("awda.travel.urls")),
    path("funding/", include("awda.funding.urls")),
    path("reintegration/", include("awda.reintegration.urls")),
    path("trainings/", include("awda.trainings.urls")),
    path("reports/", include("awda.reports.urls")),
    path("", include("awda.web.urls")),
]
