import pytest

from tests.browser import login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_sign_in_page_renders(page, live_server, case_worker):
    login(page, live_server, "cw_rabat")
    assert "Awda" in page.content()
    screenshot(page, "smoke_home")
