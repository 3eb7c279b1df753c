from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "awda.web"
    label = "web"

    def ready(self) -> None:
        # Sign-in activates the user's language; connected here because the language
        # switch (accounts.views) is served by this app's pages.
        from awda.accounts import signals  # noqa: F401
