"""Per-user language: switching it is remembered on the account, not only in a cookie."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from awda.accounts.middleware import SESSION_KEY


def remember_language(request: HttpRequest, language: str) -> None:
    """Keep `language` for the rest of the session and, when signed in, on the account."""
    request.session[SESSION_KEY] = language
    translation.activate(language)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie and redirect back), plus the user's stored choice."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language and translation.check_for_language(language):
        remember_language(request, language)
    return response
