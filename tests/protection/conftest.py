import pytest

from tests.protection.helpers import staff


@pytest.fixture
def protection_officer(office_rabat):
    return staff(office_rabat, "protection_rabat", "protection_officer")


@pytest.fixture
def movement_officer(office_rabat):
    return staff(office_rabat, "movement_rabat", "movement_officer")
