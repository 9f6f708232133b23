"""A session ends after a working day (8 hours) without a request; each request starts the 8 hours again."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 60 * 60


@pytest.fixture
def signed_in_client(client, django_user_model):
    django_user_model.objects.create_user("dbc-member", password="cobalt lantern harvest")
    response = client.post("/sign-in/", {"username": "dbc-member", "password": "cobalt lantern harvest"})
    assert response.status_code == 302
    return client


def session_expiry() -> timezone.datetime:
    return Session.objects.get().expire_date


def test_signing_in_gives_a_session_of_eight_hours(signed_in_client):
    assert signed_in_client.cookies["sessionid"]["max-age"] == EIGHT_HOURS
    assert abs((session_expiry() - timezone.now()).total_seconds() - EIGHT_HOURS) < 60


def test_each_request_starts_the_eight_hours_again(signed_in_client):
    # As if the member last did anything 7 hours ago: one hour left.
    Session.objects.update(expire_date=timezone.now() + timedelta(hours=1))

    assert signed_in_client.get("/").status_code == 200

    assert abs((session_expiry() - timezone.now()).total_seconds() - EIGHT_HOURS) < 60


def test_after_eight_hours_without_a_request_the_member_must_sign_in_again(signed_in_client):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = signed_in_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"
