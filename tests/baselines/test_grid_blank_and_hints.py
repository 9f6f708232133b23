"""Issue 16, point 5 and the grid's error text: an emptied cell keeps its figure and says so; a refused figure's
message names the figure that stays and, for letters typed for digits, says which letter is not a digit."""

import html as htmllib
import re
from decimal import Decimal

import pytest

from councils.models import Council
from councils.services import user_role_set
from services.parsing import NotANumber, parse_money
from services.services import baseline_update
from tests.helpers.grid import CELL, HTMX, cell_data, cell_id, hr, input_id
from tests.helpers.html import fragment


@pytest.fixture
def officer(client, django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("dana", password="pw", first_name="Dana")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="DBC"))
    client.force_login(user)
    return user


def _fte_of_15_7(user):
    """DBC's HR FTEs set to 15.7, as an officer might have typed them."""
    loaded = hr("DBC")
    baseline_update(
        council=loaded.council,
        service=loaded.service,
        year=2011,
        field="fte",
        value=Decimal("15.7"),
        expected_version=loaded.version,
        user=user,
    )
    return hr("DBC")


def _said(cell_html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell_html)))


@pytest.mark.parametrize("headers", [{}, HTMX])
@pytest.mark.parametrize("typed", ["", "   "])
def test_emptying_a_cell_keeps_its_figure_and_says_how_to_set_zero(client, officer, headers, typed):
    before = _fte_of_15_7(officer)
    response = client.post(CELL, cell_data(before, "fte", typed), **headers)
    assert response.status_code == 200
    cell = fragment(response.content.decode(), cell_id(before, "fte"))
    assert "Left as 15.7: type 0 to set it to zero." in _said(cell)
    assert 'value="15.7"' in cell  # the box holds the figure again, not the blank
    assert f'aria-describedby="{cell_id(before, "fte")}-note"' in cell
    assert 'aria-invalid="true"' not in cell  # nothing was wrong: nothing was done
    after = hr("DBC")
    assert (after.fte, after.version) == (Decimal("15.70"), before.version)


def test_emptying_a_cell_tells_a_screen_reader_user_through_the_status(client, officer):
    before = _fte_of_15_7(officer)
    response = client.post(CELL, cell_data(before, "fte", ""), **HTMX)
    status = fragment(response.content.decode(), "grid-status")
    assert "Left as 15.7: type 0 to set it to zero." in status


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_emptying_a_money_cell_keeps_the_pounds(client, officer, headers):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "gross_budget", ""), **headers)
    cell = fragment(response.content.decode(), cell_id(dbc, "gross_budget"))
    assert "Left as £1,231,491: type 0 to set it to zero." in _said(cell)
    assert 'value="1,231,491"' in cell
    assert hr("DBC").gross_budget == Decimal("1231491.00")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_typing_0_still_sets_zero(client, officer, headers):
    before = _fte_of_15_7(officer)
    response = client.post(CELL, cell_data(before, "fte", "0"), **headers)
    assert response.status_code in (200, 302)
    after = hr("DBC")
    assert (after.fte, after.version) == (Decimal("0"), before.version + 1)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_letter_o_for_zero_is_named_with_the_figure_that_stays(client, officer, headers):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "gross_budget", "12O"), **headers)
    assert response.status_code == 200
    cell = fragment(response.content.decode(), cell_id(dbc, "gross_budget"))
    said = _said(cell)
    assert "'12O' is not a number." in said
    assert "Enter a number, like 1,250,000 — the letter O is not zero." in said
    assert "The figure stays £1,231,491." in said
    assert 'value="12O"' in cell and 'aria-invalid="true"' in cell
    assert f'id="{input_id(dbc, "gross_budget")}"' in cell
    assert hr("DBC").gross_budget == Decimal("1231491.00")


def test_a_letter_l_for_one_in_ftes_is_named(client, officer):
    before = _fte_of_15_7(officer)
    response = client.post(CELL, cell_data(before, "fte", "l5.5"), **HTMX)
    said = _said(fragment(response.content.decode(), cell_id(before, "fte")))
    assert "'l5.5' is not a number. Enter a number, like 12.5 — the letter l is not one. The figure stays 15.7." in said


def test_words_get_no_letter_hint_but_keep_the_figure_that_stays(client, officer):
    dbc = hr("DBC")
    response = client.post(CELL, cell_data(dbc, "gross_budget", "lots"), **HTMX)
    said = _said(fragment(response.content.decode(), cell_id(dbc, "gross_budget")))
    assert "'lots' is not a number. The figure stays £1,231,491." in said
    assert "letter" not in said


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("12O", "Enter a number, like 1,250,000 — the letter O is not zero"),
        ("£1,2oo", "Enter a number, like 1,250,000 — the letter o is not zero"),
        ("I0l", "Enter a number, like 1,250,000 — the letter I is not one and the letter l is not one"),
        ("lots", ""),
        ("12..5", ""),
    ],
)
def test_the_parser_hints_at_letters_typed_for_digits_and_keeps_its_message(typed, hint):
    with pytest.raises(NotANumber) as excinfo:
        parse_money(typed)
    assert str(excinfo.value) == f"'{typed}' is not a number"  # the importer's messages stay as they were
    assert excinfo.value.hint == hint
