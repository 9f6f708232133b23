"""The line above a dashboard's title names the partner councils as a sentence would: "A and B", "A, B and C" (a
new-user review found "Carlisle City Council and Allerdale Borough Council and Eden District Council")."""

import re
from html import unescape

import pytest
from django.urls import reverse

from appraisal.formatting import and_list
from tests.demo.conftest import demo, demo_snapshot  # noqa: F401 (fixtures: every fixture load_demo loads)

pytestmark = pytest.mark.django_db


def councils_line(client, slug) -> str:
    response = client.get(reverse("appraisal_detail", args=[slug]))
    assert response.status_code == 200
    line = re.search(r'<span class="caption-l">(.*?)</span>\s*<h1', response.content.decode(), re.S)
    assert line, "no line above the title"
    return unescape(line.group(1)).strip()


def test_three_councils_read_a_b_and_c(demo, admin_client):  # noqa: F811
    line = councils_line(admin_client, "carlisle-allerdale-eden-shared-services")
    assert line == "Carlisle City Council, Allerdale Borough Council and Eden District Council"


def test_two_councils_read_a_and_b(demo, admin_client):  # noqa: F811
    line = councils_line(admin_client, "darlington-hartlepool-2011")
    assert line == "Darlington Borough Council and Hartlepool Borough Council"


def test_the_cabinet_report_names_the_partners_the_same_way(demo, admin_client):  # noqa: F811
    response = admin_client.get(reverse("cabinet_report", args=["three-borough-people-services"]))
    assert response.status_code == 200
    partners = "Darlington Borough Council, Hartlepool Borough Council and Redcar and Cleveland Borough Council"
    assert f"<td>{partners}</td>" in unescape(response.content.decode())


@pytest.mark.parametrize(
    ("names", "line"),
    [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C"), (list("ABCD"), "A, B, C and D")],
)
def test_names_are_joined_with_commas_and_a_last_and(names, line):
    assert and_list(names) == line
