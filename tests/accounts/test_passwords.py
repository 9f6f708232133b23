"""Passwords set through Administration or the password commands are checked; the demo-style ones are refused."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from appraisal.demo.services import DEMO_USERS, demo_users_ensure
from appraise.accounts import PASSWORD_HAS_SERVICE_NAME

DEMO_PASSWORDS = sorted({password for _, password, *_ in DEMO_USERS})


@pytest.mark.parametrize("password", [*DEMO_PASSWORDS, "Appraise-2026!", "my-APPRAISAL-login"])
def test_a_password_with_the_services_name_is_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert PASSWORD_HAS_SERVICE_NAME in refused.value.messages


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("918273645501", "This password is entirely numeric."),
    ],
)
def test_short_common_and_numeric_passwords_are_refused(password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert message in refused.value.messages


def test_a_long_passphrase_is_accepted():
    assert validate_password("cobalt lantern harvest") is None


def admin_sets_password(admin_client, user, password: str):
    return admin_client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": password, "password2": password, "usable_password": "true"},
    )


@pytest.mark.django_db
def test_a_programme_admin_cannot_give_a_user_a_demo_password_in_administration(admin_client, django_user_model):
    officer = django_user_model.objects.create_user("dbc-officer", password="cobalt lantern harvest")

    response = admin_sets_password(admin_client, officer, "appraise-officer")

    assert response.status_code == 200
    assert PASSWORD_HAS_SERVICE_NAME in response.text
    officer.refresh_from_db()
    assert officer.check_password("cobalt lantern harvest")


@pytest.mark.django_db
def test_a_programme_admin_can_set_a_strong_password_in_administration(admin_client, django_user_model):
    officer = django_user_model.objects.create_user("dbc-officer", password="cobalt lantern harvest")

    assert admin_sets_password(admin_client, officer, "quartz meadow bicycle").status_code == 302

    officer.refresh_from_db()
    assert officer.check_password("quartz meadow bicycle")


def test_the_demo_users_still_sign_in_with_their_demo_passwords(dh_appraisal):
    made = demo_users_ensure()  # those whose council is loaded: here Darlington's and Hartlepool's, and the admin
    request = RequestFactory().post("/sign-in/")

    assert {username for username, *_ in made} == {u for u, _, _, code, _ in DEMO_USERS if code in (None, "DBC", "HBC")}
    for username, password, *_ in made:
        assert authenticate(request, username=username, password=password) is not None, username
