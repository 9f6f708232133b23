"""An upload's life (issue 13): read once, its contents deleted once applied or after a day, rows past a wrong
<dimension> previewed, a bomb refused with a message, and a double-clicked confirmation applied once."""

import io
import re
import sqlite3
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from appraisal.models import WorkbookUpload
from appraisal.workbook import contract, uploads, xlsx
from appraisal.workbook.stored import parsed_loads
from services.models import Baseline

from .conftest import edit, find_row
from .test_bombs import whitespace
from .test_views import text, upload

pytestmark = pytest.mark.django_db
OUT_OF_DATE = "This preview is out of date: upload the workbook again."


def finance(council: str = "DBC") -> Baseline:
    return Baseline.objects.get(council__code=council, service__name="Finance", year=2011)


def with_net_budget(export: bytes, amount) -> bytes:
    row = find_row(export, "Baselines", council_code="DBC", service="Finance")
    return edit(export, {"Baselines": {f"F{row}": amount}})


def preview(client, stored):
    return client.get(reverse("workbook_preview", args=[stored.pk]))


def confirm(client, stored, **extra):
    return client.post(reverse("workbook_confirm", args=[stored.pk]), follow=True, **extra)


def test_the_workbook_is_read_once_at_upload_not_again_for_each_preview_or_the_confirmation(
    client, dbc_officer, dh_export, monkeypatch
):
    opened = []

    class Counted(xlsx.Book):
        def __init__(self, content):
            opened.append(len(content))
            super().__init__(content)

    monkeypatch.setattr(xlsx, "Book", Counted)
    client.force_login(dbc_officer)
    _, stored = upload(client, with_net_budget(dh_export, 5))
    assert "1 figure changed" in text(preview(client, stored))
    assert "1 figure changed" in text(preview(client, stored))  # a reload
    assert "Workbook applied: 1 figure changed." in text(confirm(client, stored))
    assert len(opened) == 1
    assert finance().net_budget == Decimal("5.00")


def test_once_applied_the_uploads_contents_are_deleted_and_its_page_says_it_was_applied(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    _, stored = upload(client, with_net_budget(dh_export, 5))
    assert parsed_loads(bytes(stored.content)).baselines  # what was read, until it is applied
    confirm(client, stored)
    stored.refresh_from_db()
    assert (stored.status, bytes(stored.content)) == ("applied", b"")
    page = text(preview(client, stored))
    assert "Workbook applied" in page and "This workbook was applied on" in page
    assert "Confirm" not in page


def test_uploads_left_unconfirmed_for_a_day_are_deleted_when_the_next_is_uploaded(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    _, old = upload(client, with_net_budget(dh_export, 5))
    _, applied = upload(client, with_net_budget(dh_export, 6))
    confirm(client, applied)
    _, recent = upload(client, with_net_budget(dh_export, 7))
    a_day_ago = old.created_at - contract.UPLOAD_KEPT - timedelta(minutes=1)
    WorkbookUpload.objects.filter(pk__in=[old.pk, applied.pk]).update(created_at=a_day_ago)
    assert uploads.workbook_uploads_expire() == 1  # the old preview; the applied one was emptied when applied
    _, newest = upload(client, dh_export)
    states = {u.pk: (u.status, bool(bytes(u.content))) for u in WorkbookUpload.objects.all()}
    assert states == {
        old.pk: ("discarded", False),
        applied.pk: ("applied", False),
        recent.pk: ("previewed", True),
        newest.pk: ("previewed", True),
    }
    page = text(preview(client, old))
    assert "Preview out of date" in page and OUT_OF_DATE in page and "Confirm" not in page
    assert OUT_OF_DATE in text(confirm(client, old))
    assert finance().net_budget == Decimal("6.00")


def test_a_preview_a_day_old_cannot_be_confirmed_even_before_another_upload(client, dbc_officer, dh_export):
    client.force_login(dbc_officer)
    _, stored = upload(client, with_net_budget(dh_export, 5))
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', preview(client, stored).content.decode()).group(1)
    WorkbookUpload.objects.filter(pk=stored.pk).update(created_at=stored.created_at - timedelta(days=2))
    before = finance().net_budget
    page = text(confirm(client, stored, data={"fingerprint": fingerprint}))
    assert OUT_OF_DATE in page and "Preview out of date" in page
    assert finance().net_budget == before
    stored.refresh_from_db()
    assert (stored.status, bytes(stored.content)) == ("discarded", b"")


def test_rows_past_the_size_a_sheet_declares_are_previewed_and_applied(client, dbc_officer, dh_export):
    # Defect 2: openpyxl's read-only mode stopped at <dimension ref="A1:H10">, so a change in row 40 previewed as
    # "Nothing to change". Every sheet of this workbook declares A1:H10.
    changed = with_net_budget(dh_export, 1234567)
    row = find_row(changed, "Baselines", council_code="DBC", service="Finance")
    assert row > 10
    content = raw_dimensions(changed, "A1:H10")
    client.force_login(dbc_officer)
    _, stored = upload(client, content)
    page = text(preview(client, stored))
    assert f"{row} DBC · Finance · 2011/12 Net budget" in page and "→ £1,234,567" in page
    assert "Workbook applied: 1 figure changed." in text(confirm(client, stored))
    assert finance().net_budget == Decimal("1234567.00")


def raw_dimensions(content: bytes, ref: str) -> bytes:
    """The workbook with every sheet's <dimension> rewritten (Excel trusts it; openpyxl's read-only mode did)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data, found = re.subn(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), data)
                assert found == 1, item.filename
            target.writestr(item, data)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_on_its_preview_with_what_to_do(client, dbc_officer):
    client.force_login(dbc_officer)
    r, stored = upload(client, whitespace())
    page = text(client.get(r.url))
    assert "Fix the workbook" in page
    assert "Unpacked, this workbook holds 1,024.0 MB of data; the most Appraise reads is 50 MB." in page
    assert "copy the sheets Appraise reads into a new workbook, save it and upload that." in page
    assert "Confirm" not in page
    assert len(bytes(stored.content)) < 1000  # one problem is stored, not the file


# --- A double click --------------------------------------------------------------------------------------------


def in_threads(tmp_path, mode: str):
    """Run functions at once, each in a thread with its own connection to one database: on SQLite a file copy of the
    in-memory test database (whose shared cache refuses a second writer at once, whatever the settings), opened
    with the project's OPTIONS in this transaction mode; on PostgreSQL the test database."""
    settings_dict = {**connection.settings_dict, "OPTIONS": {**connection.settings_dict.get("OPTIONS", {})}}
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        settings_dict["NAME"] = str(path)
        settings_dict["OPTIONS"]["transaction_mode"] = mode
    backend = type(connections["default"])

    def on_its_own_connection(fn):
        connections["default"] = backend(settings_dict, "default")
        try:
            return fn()
        finally:
            connections["default"].close()

    def run(*fns) -> list:
        with ThreadPoolExecutor(len(fns)) as pool:
            return [f.result(timeout=120) for f in [pool.submit(on_its_own_connection, fn) for fn in fns]]

    return run


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)  # a server error comes back as the 500 a browser would get
    client.force_login(user)
    return client


@pytest.mark.parametrize("mode", ["IMMEDIATE", "DEFERRED"])
def test_a_double_clicked_confirmation_is_applied_once_and_the_second_click_hears_so(
    mode, transactional_db, dh_appraisal, dbc_officer, dh_export, tmp_path, monkeypatch
):
    """The second click arrives while the first is applying. IMMEDIATE is the project's setting for SQLite; DEFERRED,
    SQLite's own, is where the confirmation failed with "database is locked" (a 500) whenever the two overlapped."""
    if mode == "DEFERRED" and connection.vendor != "sqlite":
        pytest.skip("a transaction mode of SQLite's")
    run = in_threads(tmp_path, mode)
    first, second = run(lambda: signed_in(dbc_officer), lambda: signed_in(dbc_officer))
    content = with_net_budget(dh_export, 5)
    stored = run(lambda: upload(first, content)[1])[0]
    run(lambda: preview(first, stored))
    history = run(lambda: finance().history.count())[0]

    first_inside = threading.Event()  # the first click is inside its transaction
    second_waits = threading.Event()  # the second click is about to wait for the database (or write to it)
    apply = uploads.workbook_apply

    def first_click_holds_on(**kwargs):
        if not first_inside.is_set():  # the first click: hold on until the second has arrived
            first_inside.set()
            assert second_waits.wait(timeout=60), "the second click never reached the database"
        return apply(**kwargs)

    def arriving(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("BEGIN", "UPDATE", "INSERT", "DELETE")) or "FOR UPDATE" in sql.upper():
            second_waits.set()
        return execute(sql, params, many, context)

    def second_click():
        assert first_inside.wait(timeout=60), "the first click never began applying"
        with connection.execute_wrapper(arriving):
            return confirm(second, stored)

    monkeypatch.setattr(uploads, "workbook_apply", first_click_holds_on)
    responses = run(lambda: confirm(first, stored), second_click)

    assert [r.status_code for r in responses] == [200, 200]  # redirected, no server error
    pages = [text(r) for r in responses]
    assert "Workbook applied: 1 figure changed." in pages[0]
    assert "This workbook has already been applied." in pages[1]
    assert run(lambda: (finance().net_budget, finance().history.count()))[0] == (Decimal("5.00"), history + 1)
