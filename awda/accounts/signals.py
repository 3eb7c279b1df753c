"""Sign-in activates the language the user chose last time (stored on the account)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from awda.accounts.middleware import SESSION_KEY


@receiver(user_logged_in, dispatch_uid="awda.accounts.activate_user_language")
def activate_user_language(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    language = getattr(user, "language", "")
    if language and translation.check_for_language(language):
        request.session[SESSION_KEY] = language
        translation.activate(language)
