"""Issue 16, point 5: a cell with no figure left empty saves nothing, and a saved figure can be taken back with Undo
(a real form, so it works without JavaScript; a colleague's change since is refused as any stale edit is)."""

import html as htmllib
import re
from decimal import Decimal

import pytest

from councils.models import Council
from councils.services import user_role_set
from services.models import Baseline
from services.services import baseline_update
from tests.helpers.grid import CELL, HTMX, cell_data, cell_id, hr
from tests.helpers.html import fragment
from tests.history.test_history import HISTORY, history_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("dana", password="pw", first_name="Dana", last_name="Lee")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="DBC"))
    client.force_login(user)
    return user


def said(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def undo_form(cell_html: str) -> dict | None:
    """The cell's Undo form's fields, as the browser would send them; None if the cell offers no undo."""
    found = re.search(r'<form[^>]*class="[^"]*bgrid__undo[^"]*".*?</form>', cell_html, re.S)
    if not found:
        return None
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', found.group(0)))
    fields.pop("csrfmiddlewaretoken", None)  # the test client does not check it
    return fields


def set_fte(user, value: str) -> Baseline:
    loaded = hr("DBC")
    baseline_update(
        council=loaded.council, service=loaded.service, year=2011, field="fte", value=Decimal(value),
        expected_version=loaded.version, user=user,
    )  # fmt: skip
    return hr("DBC")


def save_cell(client, baseline: Baseline, typed: str, *, hx: bool) -> str:
    """Type a figure in DBC's HR FTEs and leave the cell: the cell as the answer shows it (HTMX) or as the grid
    shows it after the redirect (no JavaScript)."""
    response = client.post(CELL, cell_data(baseline, "fte", typed), **(HTMX if hx else {}))
    if not hx:
        assert response.status_code == 302
        response = client.get(response["Location"])
    return fragment(response.content.decode(), cell_id(baseline, "fte"))


def press_undo(client, cell_html: str, *, hx: bool):
    response = client.post(CELL, undo_form(cell_html), **(HTMX if hx else {}))
    if not hx and response.status_code == 302:
        response = client.get(response["Location"])
    return response


# --- A cell with no figure left empty -------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_cell_with_no_figure_left_empty_saves_nothing_and_stays_empty(client, officer, headers):
    dbc = hr("DBC")
    records = Baseline.history.count()
    data = cell_data(dbc, "net_budget", "", year=2012, version=0, original="")
    response = client.post(CELL, data, **headers)
    assert response.status_code == 200
    cell = fragment(response.content.decode(), cell_id(dbc, "net_budget"))
    assert 'name="value" value=""' in cell
    assert "error" not in cell and "Left as" not in cell
    assert not Baseline.objects.filter(council__code="DBC", service__name="HR", year=2012).exists()
    assert Baseline.history.count() == records
    page = client.get(f"{CELL.replace('cell/', '')}?year=2012").content.decode()
    assert 'name="value" value=""' in fragment(page, cell_id(dbc, "net_budget"))


def test_a_screen_reader_user_hears_that_nothing_was_saved(client, officer):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "fte", "", year=2012, version=0, original=""), **HTMX)
    assert "Nothing saved: the cell has no figure and was left empty." in fragment(
        response.content.decode(), "grid-status"
    )


# --- Undo -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hx", [False, True])
def test_a_saved_figure_says_what_it_was_and_offers_undo(client, officer, hx):
    before = set_fte(officer, "15.7")
    cell = save_cell(client, before, "12.3", hx=hx)
    assert "Saved 12.3 (was 15.7)." in said(cell)
    assert "Undo" in said(cell)
    assert undo_form(cell) == {
        "council": str(before.council_id), "service": str(before.service_id), "year": "2011", "field": "fte",
        "version": str(before.version + 1), "original": "12.30", "value": "15.70", "undo": "1",
    }  # fmt: skip


@pytest.mark.parametrize("hx", [False, True])
def test_undo_puts_the_figure_back_and_the_history_shows_both_changes(client, officer, hx):
    before = set_fte(officer, "15.7")
    cell = save_cell(client, before, "12.3", hx=hx)
    response = press_undo(client, cell, hx=hx)
    assert response.status_code == 200
    html = response.content.decode()
    cell = fragment(html, cell_id(before, "fte"))
    assert 'name="value" value="15.7"' in cell
    assert "Put back 15.7 (was 12.3)." in said(cell)
    assert undo_form(cell) is None  # no undo of the undo
    if hx:
        assert "Put back DBC FTEs for HR: 15.7. It was 12.3." in fragment(html, "grid-status")
    else:
        assert "Put back Darlington Borough Council&#x27;s FTEs for HR: 15.7. It was 12.3." in html
    after = hr("DBC")
    assert (after.fte, after.version) == (Decimal("15.70"), before.version + 2)
    rows = [row[1:] for row in history_rows(client.get(HISTORY))[:2]]
    what = "Baseline DBC · Corporate Services · HR · 2011/12 FTEs"
    assert rows == [
        ["Dana Lee Source: Baselines grid", what, "12.3 → 15.7"],
        ["Dana Lee Source: Baselines grid", what, "15.7 → 12.3"],
    ]


@pytest.mark.parametrize("hx", [False, True])
def test_undo_after_a_colleagues_change_is_refused_with_the_stale_message(client, officer, django_user_model, hx):
    before = set_fte(officer, "15.7")
    cell = save_cell(client, before, "12.3", hx=hx)
    colleague = django_user_model.objects.create_user("pat", password="pw", first_name="Pat", last_name="Kay")
    set_fte(colleague, "20")
    response = press_undo(client, cell, hx=hx)
    assert response.status_code == 200
    cell = fragment(response.content.decode(), cell_id(before, "fte"))
    assert "Pat Kay changed this to 20 at" in said(cell) and "your value was not saved" in said(cell)
    assert 'name="value" value="20"' in cell  # the colleague's figure in the box, not the one undo would have put
    assert 'aria-invalid="true"' in cell
    assert hr("DBC").fte == Decimal("20.00")


def test_undo_is_offered_only_for_the_users_own_last_change_of_the_cell(client, officer, django_user_model):
    before = set_fte(officer, "15.7")
    colleague = django_user_model.objects.create_user("pat", password="pw")
    set_fte(colleague, "20")
    address = f"{CELL.replace('cell/', '')}?saved={before.council_id}-{before.service_id}-fte"
    page = client.get(address).content.decode()
    assert undo_form(fragment(page, cell_id(before, "fte"))) is None


def test_a_cells_first_figure_offers_no_undo(client, officer):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "fte", "3", year=2012, version=0, original=""), **HTMX)
    cell = fragment(response.content.decode(), cell_id(dbc, "fte"))
    assert undo_form(cell) is None and "Saved DBC FTEs for HR: 3." in response.content.decode()


def test_an_address_naming_no_cell_is_ignored(client, officer):
    grid = CELL.replace("cell/", "")
    for saved in ("", "x", "1-2", "1-2-version", "999-999-fte"):
        assert client.get(grid, {"saved": saved}).status_code == 200
