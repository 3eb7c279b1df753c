import pytest
from django.urls import reverse

from tests.web.helpers import register_case

pytestmark = pytest.mark.django_db


def test_french_is_the_default(client, case_worker):
    client.force_login(case_worker)
    body = client.get(reverse("web:home")).content.decode()
    assert '<html lang="fr" dir="ltr">' in body
    assert "Mon travail" in body


def test_switching_language_is_stored_on_the_user_and_in_the_session(client, case_worker):
    client.force_login(case_worker)
    response = client.post(
        reverse("web:set_language"), {"language": "ar", "next": reverse("web:case_list")}
    )
    assert response.status_code == 302 and response.url == reverse("web:case_list")
    case_worker.refresh_from_db()
    assert case_worker.language == "ar"
    body = client.get(reverse("web:case_list")).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "الملفات" in body  # "Cases"
    assert "بحث" in body  # "Search"


def test_signing_in_activates_the_users_language(client, case_worker):
    case_worker.language = "en"
    case_worker.save()
    response = client.post(
        reverse("login"), {"username": "cw_rabat", "password": "pass"}, follow=True
    )
    body = response.content.decode()
    assert '<html lang="en" dir="ltr">' in body and "My work" in body
    # The language outlives the session: the sign-in page after signing out stays English.
    client.post(reverse("logout"))
    assert "Sign in" in client.get(reverse("login")).content.decode()


def test_anonymous_visitors_may_switch_the_sign_in_page(client):
    client.post(reverse("web:set_language"), {"language": "ar", "next": "/accounts/login/"})
    assert "تسجيل الدخول" in client.get(reverse("login")).content.decode()


def test_case_file_in_arabic_has_translated_states_guards_and_country_names(
    client, case_worker, office_rabat
):
    case = register_case(case_worker, office_rabat, nationality="GN")
    case.status = "ready"
    case.save()
    case_worker.language = "ar"
    case_worker.save()
    client.post(reverse("login"), {"username": "cw_rabat", "password": "pass"})
    body = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert 'dir="rtl"' in body
    assert "جاهز للحجز" in body  # status "Ready for booking"
    assert "لم يتم توقيع تصريح العودة الطوعية." in body  # guard sentence
    assert "غينيا" in body  # Guinea, from django-countries
    assert f"<bdi>{case.reference}</bdi>" in body


def test_numbers_are_isolated_for_right_to_left_pages(client, case_worker, office_rabat):
    for i in range(3):
        register_case(case_worker, office_rabat, given_name=f"P{i}")
    client.force_login(case_worker)
    client.post(reverse("web:set_language"), {"language": "ar", "next": "/"})
    body = client.get(reverse("web:home")).content.decode()
    assert "<bdi>3</bdi>" in body
