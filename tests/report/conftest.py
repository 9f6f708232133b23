import io
import re

import pytest
from pypdf import PdfReader

from appraisal.services import user_role_set
from councils.models import Council
from councils.services import council_upsert

SLUG = "darlington-hartlepool-2011"


def pdf_text(pdf: bytes) -> str:
    """Every page's text, as pypdf extracts it (what a member's screen reader or search would find)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def cells(html: str, element_id: str) -> str:
    """The text of the element with that id in the dashboard's HTML (tags dropped)."""
    match = re.search(rf'id="{element_id}">(.*?)</', html, re.S)
    assert match, f"no #{element_id} on the page"
    return match.group(1).strip()


@pytest.fixture
def user_with(client, django_user_model, dh_appraisal):
    """A signed-in client with a role: 'officer' or 'member' of Darlington, 'hbc_officer', 'outsider', 'admin'."""

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(username or role, password="pw", first_name="", last_name="")
        if role == "admin":
            user.is_superuser = True
            user.save()
        elif role == "outsider":
            stockton = council_upsert(code="SBC", name="Stockton-on-Tees Borough Council", council_type="unitary")
            user_role_set(user=user, role="officer", council=stockton)
        else:
            code = "HBC" if role == "hbc_officer" else "DBC"
            user_role_set(user=user, role="member" if role == "member" else "officer",
                          council=Council.objects.get(code=code))  # fmt: skip
        client.force_login(user)
        return client, user

    return make
