"""The "New appraisal from published figures" page: who may use it, the type-ahead, the no-JavaScript add and remove,
creating the appraisal, and refusals shown in the error summary with nothing created."""

import html
import re

import pytest
from django.urls import reverse

from appraisal.models import Appraisal
from appraisal.outturn import data
from appraise.change_sources import PUBLISHED_FIGURES
from councils.models import Council
from services.models import Baseline

pytestmark = pytest.mark.django_db
NEW = reverse("outturn_appraisal_new")
SEARCH = reverse("outturn_council_search")
DARLINGTON, HARTLEPOOL, SLOUGH = "E06000005", "E06000001", "E06000039"


def text(response) -> str:
    """The page's text as a person reads it: tags dropped, spaces collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))).strip()


def chosen_codes(response) -> list[str]:
    return re.findall(r'<input type="hidden" name="councils" value="([^"]+)">', response.content.decode())


def error_summary(response) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))) if found else ""


# --- Who may use it ----------------------------------------------------------------------------------------------


def test_a_programme_admin_sees_the_form_with_the_latest_year_chosen(admin_client):
    r = admin_client.get(NEW)
    assert r.status_code == 200
    page = r.content.decode()
    assert '<h1 class="heading-xl">New appraisal from published figures</h1>' in page
    assert '<label class="label" for="council-search">Find a council</label>' in page
    assert f'hx-get="{SEARCH}"' in page and 'hx-trigger="input changed delay:250ms, search"' in page
    assert 'id="council-results" class="council-results" aria-live="polite"' in page
    assert re.findall(r"<option value=\"(\d+)\"( selected)?>([^<]+)</option>", page) == [
        ("2024", " selected", "2024/25"),
        ("2023", "", "2023/24"),
        ("2022", "", "2022/23"),
    ]
    words = text(r)
    assert "No councils chosen yet" in words
    assert "13 service areas that any of the councils provides, in 4 clusters" in words
    assert "People (Adult Social Care, Children's Social Care, Education, Public Health)" in words
    assert "Emergency services (Fire & Rescue, Police)" in words
    assert '"not provided by this tier", not nil' in words
    assert data.OGL in words and data.DATASET in words and data.PUBLISHER in words


@pytest.mark.parametrize("role", ["officer", "member"])
def test_officers_and_members_are_refused(signed_in, role):
    client = signed_in(role)
    assert client.get(NEW).status_code == 403
    assert client.get(SEARCH, {"q": "darl"}).status_code == 403
    r = client.post(NEW, {"councils": [DARLINGTON, HARTLEPOOL], "year": "2024", "create": "1"})
    assert r.status_code == 403
    assert not Appraisal.objects.filter(title__startswith="Shared services").exists()


def test_the_appraisal_list_links_to_it_for_a_programme_admin_only(admin_client, signed_in):
    assert NEW in admin_client.get(reverse("home")).content.decode()
    assert NEW not in signed_in("officer").get(reverse("home")).content.decode()


def test_someone_signed_out_is_sent_to_sign_in(client):
    r = client.get(NEW)
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_wrong_methods_are_refused(admin_client):
    assert admin_client.put(NEW).status_code == 405
    assert admin_client.delete(NEW).status_code == 405
    assert admin_client.post(SEARCH, {"q": "darl"}).status_code == 405


# --- The type-ahead -----------------------------------------------------------------------------------------------


def test_the_search_answers_htmx_with_the_matches_alone_each_with_type_code_and_add(admin_client):
    r = admin_client.get(SEARCH, {"q": "darl"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    page = r.content.decode()
    assert "<html" not in page and "<h1" not in page
    assert text(r) == "1 council matching “darl” Darlington UA Unitary Authority · E06000005 Add Darlington UA"
    assert f'<button type="submit" name="add" value="{DARLINGTON}"' in page


def test_the_search_without_htmx_is_the_whole_page_with_the_matches(admin_client):
    r = admin_client.get(SEARCH, {"q": "darl"})
    assert "<h1" in r.content.decode()
    assert "Darlington UA Unitary Authority · E06000005" in text(r)


def test_the_search_marks_councils_already_chosen_and_those_without_a_return_that_year(admin_client):
    r = admin_client.get(SEARCH, {"q": "slough", "councils": [SLOUGH], "year": "2024"}, HTTP_HX_REQUEST="true")
    assert (
        text(r)
        == "1 council matching “slough” Slough UA Unitary Authority · E06000039 No return published for 2024/25 Chosen"
    )
    assert 'name="add"' not in r.content.decode()
    r = admin_client.get(SEARCH, {"q": "slough", "year": "2023"}, HTTP_HX_REQUEST="true")
    assert "No return published" not in text(r)


def test_the_search_says_when_nothing_matches_and_when_there_are_more(admin_client):
    r = admin_client.get(SEARCH, {"q": "zzzz"}, HTTP_HX_REQUEST="true")
    assert text(r) == "No English council matches “zzzz”. Check the spelling, or type less of the name."
    r = admin_client.get(SEARCH, {"q": "e"}, HTTP_HX_REQUEST="true")
    assert "The first 10 councils matching “e”: type more of the name to narrow them." in text(r)
    assert r.content.decode().count('name="add"') == 10


# --- Choosing councils without JavaScript ---------------------------------------------------------------------------


def test_search_add_and_remove_post_back_and_keep_the_other_answers(admin_client):
    form = {"year": "2023", "title": "Tees Valley", "slug": "tees-valley"}
    r = admin_client.post(NEW, {**form, "q": "hartle", "find": "1"})
    assert "Hartlepool UA Unitary Authority · E06000001" in text(r) and chosen_codes(r) == []

    r = admin_client.post(NEW, {**form, "add": DARLINGTON})
    assert chosen_codes(r) == [DARLINGTON]
    assert "Darlington UA added: 1 council chosen." in text(r)
    r = admin_client.post(NEW, {**form, "councils": [DARLINGTON], "add": HARTLEPOOL})
    assert chosen_codes(r) == [DARLINGTON, HARTLEPOOL]
    assert "2 councils chosen" in text(r)
    page = r.content.decode()
    assert '<option value="2023" selected>' in page
    assert 'value="Tees Valley"' in page and 'value="tees-valley"' in page
    assert "error-summary" not in page  # choosing councils checks nothing yet

    r = admin_client.post(NEW, {**form, "councils": [DARLINGTON, HARTLEPOOL], "remove": DARLINGTON})
    assert chosen_codes(r) == [HARTLEPOOL]
    assert "Darlington UA removed: 1 council chosen." in text(r)
    assert Appraisal.objects.count() == 0


def test_an_htmx_add_answers_with_the_chosen_list_the_news_and_a_cleared_search_box(admin_client):
    r = admin_client.post(NEW, {"councils": [DARLINGTON], "q": "hartle", "add": HARTLEPOOL}, HTTP_HX_REQUEST="true")
    page = r.content.decode()
    assert page.lstrip().startswith('<div id="chosen-councils"')
    assert chosen_codes(r) == [DARLINGTON, HARTLEPOOL]
    assert '<div id="council-results" hx-swap-oob="innerHTML">' in page
    assert "Hartlepool UA added: 2 councils chosen." in text(r)
    search_box = re.search(r'<input [^>]*id="council-search"[^>]*>', page).group(0)
    assert 'value=""' in search_box and 'hx-swap-oob="true"' in search_box and "autofocus" in search_box


# --- Creating the appraisal -----------------------------------------------------------------------------------------


def test_creating_makes_the_appraisal_and_goes_to_its_dashboard(admin_client):
    r = admin_client.post(
        NEW, {"councils": [DARLINGTON, HARTLEPOOL], "year": "2024", "title": "", "slug": "", "create": "1"}
    )
    appraisal = Appraisal.objects.get()
    assert appraisal.slug == "darlington-hartlepool-2024-25"
    assert appraisal.title == "Shared services: Darlington and Hartlepool"
    assert appraisal.base_year == 2024
    assert r.status_code == 302 and r["Location"] == reverse("appraisal_detail", args=[appraisal.slug])
    assert sorted(appraisal.councils.values_list("ons_code", flat=True)) == [HARTLEPOOL, DARLINGTON]
    dashboard = admin_client.get(r["Location"])
    assert "Shared services: Darlington and Hartlepool created from the published figures for 2024/25." in text(
        dashboard
    )


def test_what_the_page_creates_is_recorded_as_from_it(admin_client):
    form = {"councils": [DARLINGTON, HARTLEPOOL], "year": "2024", "create": "1"}
    admin_client.post(NEW, form)
    darlington = Baseline.objects.get(council__ons_code=DARLINGTON, service__name="Adult Social Care", year=2024)
    assert darlington.net_budget == 49851000  # as published for 2024/25
    assert darlington.history.earliest().history_change_reason == PUBLISHED_FIGURES


def test_creating_uses_the_title_and_address_typed(admin_client):
    form = {"councils": [DARLINGTON, HARTLEPOOL], "year": "2023", "title": "Tees Valley", "slug": "tees", "create": "1"}
    r = admin_client.post(NEW, form)
    assert r["Location"] == reverse("appraisal_detail", args=["tees"])
    assert Appraisal.objects.get(slug="tees").title == "Tees Valley"


def test_one_council_and_a_council_without_a_return_are_refused_in_the_error_summary(admin_client):
    before = Council.objects.count()
    r = admin_client.post(NEW, {"councils": [SLOUGH], "year": "2024", "slug": "slough", "create": "1"})
    assert r.status_code == 200
    summary = error_summary(r)
    assert "There is a problem" in summary and "Nothing has been created." in summary
    assert "Choose at least two councils." in summary
    assert "Slough UA did not submit its return for 2024/25." in summary
    assert '<a href="#council-search">Choose at least two councils.</a>' in r.content.decode()
    assert chosen_codes(r) == [SLOUGH]  # still chosen, to correct
    assert "<title>Error: New appraisal" in r.content.decode()
    assert Appraisal.objects.count() == 0 and Council.objects.count() == before


def test_an_address_in_use_is_refused_beside_the_address(admin_client, dh_appraisal):
    form = {"councils": [DARLINGTON, HARTLEPOOL], "year": "2024", "slug": dh_appraisal.slug, "create": "1"}
    r = admin_client.post(NEW, form)
    message = (
        f"An appraisal called '{dh_appraisal.title}' already uses the address '{dh_appraisal.slug}': choose another."
    )
    assert f'<a href="#id_slug">{html.escape(message)}</a>' in r.content.decode()
    assert Appraisal.objects.count() == 1


def test_an_address_badly_written_or_taken_by_a_page_is_refused_by_the_form(admin_client):
    form = {"councils": [DARLINGTON, HARTLEPOOL], "year": "2024", "create": "1"}
    r = admin_client.post(NEW, {**form, "slug": "tees valley!"})
    assert "Use only lower-case letters, numbers and hyphens" in error_summary(r)
    r = admin_client.post(NEW, {**form, "slug": "new"})
    assert "That address is taken by one of Appraise's own pages: choose another." in error_summary(r)
    assert Appraisal.objects.count() == 0
