"""A session ends after a working day (8 hours) without a request; a request starts the 8 hours again, writing the
session at most every five minutes."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from appraise.sessions import WRITTEN_AT, SessionStore

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 60 * 60


@pytest.fixture
def signed_in_client(client, django_user_model):
    django_user_model.objects.create_user("dbc-member", password="cobalt lantern harvest")
    response = client.post("/sign-in/", {"username": "dbc-member", "password": "cobalt lantern harvest"})
    assert response.status_code == 302
    return client


def seconds_left() -> float:
    return (Session.objects.get().expire_date - timezone.now()).total_seconds()


def as_if_hours_passed(hours: int) -> None:
    """The session as it would be `hours` after it was last written: noted as written then, that much less time left."""
    session = Session.objects.get()
    data = session.get_decoded()
    data[WRITTEN_AT] -= hours * 60 * 60
    expire_date = timezone.now() + timedelta(seconds=EIGHT_HOURS - hours * 60 * 60)
    Session.objects.filter(pk=session.pk).update(session_data=SessionStore().encode(data), expire_date=expire_date)


def test_signing_in_gives_a_session_of_eight_hours(signed_in_client):
    assert signed_in_client.cookies["sessionid"]["max-age"] == EIGHT_HOURS
    assert abs(seconds_left() - EIGHT_HOURS) < 60


def test_a_request_after_seven_quiet_hours_starts_the_eight_hours_again(signed_in_client):
    as_if_hours_passed(7)
    assert seconds_left() < 3601

    assert signed_in_client.get("/").status_code == 200

    assert abs(seconds_left() - EIGHT_HOURS) < 60
    assert signed_in_client.cookies["sessionid"]["max-age"] == EIGHT_HOURS


def test_requests_within_five_minutes_do_not_write_the_session_again(signed_in_client):
    expiry = Session.objects.get().expire_date

    for _ in range(3):
        assert signed_in_client.get("/").status_code == 200

    assert Session.objects.get().expire_date == expiry


def test_after_eight_hours_without_a_request_the_member_must_sign_in_again(signed_in_client):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = signed_in_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


def test_signing_out_leaves_no_session_behind(signed_in_client):
    signed_in_client.post("/sign-out/")

    assert Session.objects.count() == 0
