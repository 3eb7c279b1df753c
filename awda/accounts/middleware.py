"""Per-user language, and the Django admin closed to everyone but superusers."""

from django.http import Http404
from django.utils import translation


class UserLanguageMiddleware:
    """Activate the signed-in user's language before LocaleMiddleware reads the request.

    Runs before authentication, so it reads the session's language (set at sign-in and
    when the user switches language) rather than request.user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get("awda_language") if hasattr(request, "session") else None
        if language:
            request.COOKIES["django_language"] = language
            translation.activate(language)
        return self.get_response(request)


class AdminSuperuserOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            user = getattr(request, "user", None)
            if user is None or not (user.is_authenticated and user.is_superuser):
                raise Http404
        return self.get_response(request)
