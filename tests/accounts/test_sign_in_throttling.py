"""Sign-in throttling (django-axes): five wrong passwords lock a username for an hour, right password or not."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F

pytestmark = pytest.mark.django_db

PASSWORD = "cobalt lantern harvest"
LOCKED_OUT = "Too many failed sign-in attempts. Try again in 1 hour or ask your programme admin to unlock your account."


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("dbc-officer", password=PASSWORD)


def sign_in(client, username="dbc-officer", password=PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password, "next": "/"})


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_after_50_wrong_passwords_the_right_one_does_not_let_you_in(client, officer):
    for _ in range(50):
        assert sign_in(client, password="wrong-password").status_code in (200, 429)

    response = sign_in(client)

    assert response.status_code == 429
    assert not signed_in(client)
    assert "_auth_user_id" not in client.session


def test_the_fifth_wrong_password_locks_the_account_with_a_clear_message_on_the_sign_in_page(client, officer):
    for _ in range(4):
        response = sign_in(client, password="wrong-password")
        assert response.status_code == 200
        assert LOCKED_OUT not in response.text

    response = sign_in(client, password="wrong-password")

    assert response.status_code == 429
    assert '<h1 class="heading-xl">Sign in</h1>' in response.text
    assert "There is a problem" in response.text
    assert f'<li class="error-message" id="locked-out">{LOCKED_OUT}</li>' in response.text
    assert 'value="dbc-officer"' in response.text, "the username stays in its box"
    assert '<input type="hidden" name="next" value="/">' in response.text


def test_the_right_password_while_locked_out_shows_the_lock_out_message(client, officer):
    for _ in range(5):
        sign_in(client, password="wrong-password")

    response = sign_in(client)

    assert response.status_code == 429
    assert LOCKED_OUT in response.text
    assert "Please enter a correct username and password" not in response.text


def test_signing_in_clears_the_count_of_wrong_passwords(client, officer):
    for _ in range(4):
        sign_in(client, password="wrong-password")
    assert sign_in(client).status_code == 302
    client.post("/sign-out/")

    for _ in range(4):
        sign_in(client, password="wrong-password")

    assert sign_in(client).status_code == 302
    assert signed_in(client)


def test_a_locked_account_does_not_lock_out_colleagues_at_the_same_address(client, officer, django_user_model):
    django_user_model.objects.create_user("hbc-officer", password=PASSWORD)
    for _ in range(5):
        sign_in(client, password="wrong-password")

    assert sign_in(client, username="hbc-officer").status_code == 302
    assert signed_in(client)


def test_the_lock_ends_after_an_hour(client, officer):
    for _ in range(5):
        sign_in(client, password="wrong-password")
    assert sign_in(client).status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=61))

    assert sign_in(client).status_code == 302
    assert signed_in(client)


def test_a_programme_admin_can_unlock_an_account_at_once(client, officer):
    for _ in range(5):
        sign_in(client, password="wrong-password")

    out = StringIO()
    call_command("axes_reset_username", "dbc-officer", stdout=out)

    assert "1 attempts removed" in out.getvalue()

    assert sign_in(client).status_code == 302
    assert signed_in(client)


def test_a_programme_admin_sees_the_locked_account_in_administration(admin_client, client, officer):
    for _ in range(5):
        sign_in(client, password="wrong-password")

    response = admin_client.get("/admin/axes/accessattempt/")

    assert response.status_code == 200
    assert "dbc-officer" in response.text
