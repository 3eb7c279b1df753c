import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Guard sentences are asserted in English here; test_guards checks one in French."""
    with translation.override("en"):
        yield
