"""Signing a test client in as a user with a role, as the role matrix gives them."""

from councils.models import Council
from councils.services import user_role_set


def sign_in(client, django_user_model, username, role=None, code=None):
    """A new user named `username` (first name the same, titled), with `role` for council `code`, signed in."""
    user = django_user_model.objects.create_user(username, password="pw", first_name=username.title())
    if role:
        user_role_set(user=user, role=role, council=Council.objects.get(code=code) if code else None)
    client.force_login(user)
    return user


def member_of(client, django_user_model, code):
    """The client, signed in as a new member of council `code`."""
    sign_in(client, django_user_model, f"member-{code}", "member", code)
    return client
