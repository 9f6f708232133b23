"""The answer to one small edit of the scenario editor, written once for every form of the editor.

Without JavaScript a save redirects back to the editor (post/redirect/get) and an error re-renders the page
with the message beside the field. With HTMX the answer is the edited row or section, with the recalculated
summary panel, the error summary and a status line out of band (views.EDIT_RESPONSE).

Each edit view (edit_views.py, part_views.py) is the same four steps: the scenario this user may edit, the
posted form, `edit_answer` with the write (a function that saves and returns the status line) and how a message
names the value a colleague saved meanwhile.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from appraisal.models import Scenario
from appraisal.scenarios.editor import editor_build
from appraisal.scenarios.forms import form_errors_from
from appraisal.scenarios.selectors import scenario_editable_get, scenario_reread, stale_record
from appraisal.scenarios.services import scenarios_locked_kept
from appraisal.scenarios.views import COST_ROW, EDIT_RESPONSE, PAGE, SECTION_COSTS, editor_url
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.htmx import HtmxHttpRequest
from appraise.writes import StaleEdit, changed_by, stale_message

NOT_SAVED = "Not saved: see the message beside the field."
ROW_SECTIONS = {COST_ROW: SECTION_COSTS}  # a row removed meanwhile is answered with its section as it is now


@dataclass(frozen=True)
class Place:
    """Where an edit's answer goes on the editor page: the fragment that replaces the form's row or section, the
    fragments it changes as well (sent out of band), and the anchor a plain save returns to (default: the form)."""

    fragment: str
    also: tuple[str, ...] = ()
    anchor: str = ""


def edit_answer(
    request: HtmxHttpRequest,
    scenario: Scenario,
    *,
    key: str,
    form,
    write: Callable[[], str],
    shown: Callable[[object], str | None] | None,
    place: Place,
    row_id: int | None = None,
) -> HttpResponse:
    """Save one small edit of the scenario and answer it.

    `write()` saves (if the form is valid) and returns the status line. A ValidationError goes beside the form's
    fields. A StaleEdit is named by `shown(current)`, the stored value as the message gives it (None: the row was
    removed), and by who changed it last (`row_id`: the row's id, for one that may be gone). With `shown=None` the
    edit adds a row: nothing stored can be stale, and a write conflict is put on the form, so what was typed stays,
    to add again. `key` is the form's id on the page; `place` where the answer goes.
    """
    saved = stale = ""
    stored = None  # the scenario as the write left it, if it saved
    if form is None or form.is_valid():
        try:
            with scenarios_locked_kept() as locked, conflicts_refused():
                saved = write()
            stored = locked.get(scenario.pk)
        except ValidationError as exc:
            if form is None:
                raise
            form_errors_from(form, exc)
        except StaleEdit as exc:
            now = shown(exc.current)
            record = stale_record(current=exc.current, row_id=row_id)
            stale = stale_message(*changed_by(record), shown=now, removed=now is None)
        except WriteConflict as exc:
            if shown is None:
                form.add_error(None, str(exc))
            else:
                stale = str(exc)
    return answer(request, scenario, key=key, form=form, saved=saved, stale=stale, place=place, stored=stored)


def answer(
    request: HtmxHttpRequest,
    scenario: Scenario,
    *,
    key: str,
    form,
    saved: str,
    stale: str = "",
    place: Place,
    stored: Scenario | None = None,
) -> HttpResponse:
    """Render the outcome of one small edit: redirect (plain, saved), the page (plain, refused) or fragments.
    `stored`: the scenario as the write that saved left it (read under its lock); else it is read again."""
    ok = (form is None or form.is_valid()) and not stale
    if ok and not request.htmx:
        messages.success(request, saved)
        return redirect(editor_url(scenario, place.anchor or key))
    scenario = stored or scenario_reread(scenario=scenario)
    bound = {} if ok or stale else {key: form}
    editor = editor_build(scenario=scenario, bound=bound, stale={key: stale} if stale else {})
    editor.last_key = key
    context = {"appraisal": scenario.appraisal, "editor": editor}
    if not request.htmx:
        return render(request, PAGE, {**context, "with_extras": False})
    row = editor.row(key)
    context.update(
        {
            "fragment": ROW_SECTIONS.get(place.fragment, place.fragment) if row is None else place.fragment,
            "also": place.also,
            "status": saved if ok else NOT_SAVED,
            "status_error": not ok,
            "row": row,
            "deferred_url": editor_url(scenario) + "?part=extras",
        }
    )
    return render(request, EDIT_RESPONSE, context)


def scenario_for(request, slug: str, pk: int) -> Scenario:
    """The scenario, if this user may change it: outsiders get 404, members 403."""
    return scenario_editable_get(user=request.user, slug=slug, scenario_id=pk)


def was_values(request, names) -> dict:
    """The values the form showed (hidden was-<name> inputs); a missing one counts as blank, so a form that
    does not say what it showed cannot overwrite a value unchecked."""
    return {name: request.POST.get(f"was-{name}", "") for name in names}


def rate_text(value, blank: str = "") -> str:
    """A percentage as a status line or message gives it: 3.5%; `blank` for none."""
    return f"{value.normalize():f}%" if value is not None else blank
