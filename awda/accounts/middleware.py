"""Per-user language, and the Django admin closed to everyone but superusers."""

from django.conf import settings
from django.http import Http404
from django.utils import translation

SESSION_KEY = "awda_language"


class UserLanguageMiddleware:
    """Activate the signed-in user's language before LocaleMiddleware reads the request.

    Runs before authentication, so it reads the session's language (set at sign-in and
    when the user switches language) rather than request.user. The language cookie is
    brought in line with it, so that the sign-in page after signing out stays in the
    language the person reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if language:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
            translation.activate(language)
        response = self.get_response(request)
        # The session may have gained a language during the request (sign-in).
        language = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


class AdminSuperuserOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            user = getattr(request, "user", None)
            if user is None or not (user.is_authenticated and user.is_superuser):
                raise Http404
        return self.get_response(request)
