import pytest


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Service messages are asserted in English (pages render in the user's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
