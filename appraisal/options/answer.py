"""The answer to one small edit of the options pages, written once for every form on them (as the scenario
editor's answer.py): without JavaScript a save redirects back to the form's place with a message and an error
re-renders the page with the message beside the field; with HTMX the answer is the form's section, with the
ranked table, the error summary and a status line out of band."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from appraisal.models import Option
from appraisal.options.pages import option_page_build, options_page_build
from appraisal.scenarios.forms import form_errors_from
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.htmx import HtmxHttpRequest
from appraise.writes import StaleEdit, changed_by, last_change, stale_message

LIST_PAGE = "appraisal/options/list.html"
OPTION_PAGE = "appraisal/options/option.html"
EDIT_RESPONSE = "appraisal/options/_edit_response.html"
NOT_SAVED = "Not saved: see the message beside the field."


def options_url(appraisal, anchor: str = "") -> str:
    url = reverse("appraisal_options", args=[appraisal.slug])
    return f"{url}#{anchor}" if anchor else url


def option_url(option: Option, anchor: str = "") -> str:
    url = reverse("option_detail", args=[option.appraisal.slug, option.pk])
    return f"{url}#{anchor}" if anchor else url


def _stale_text(exc: StaleEdit, shown: Callable[[object], str | None]) -> str:
    current = exc.current
    now = shown(current)
    record = last_change(current) if current.pk is not None else None
    return stale_message(*changed_by(record), shown=now, removed=now is None)


def save(form, write: Callable[[], str], shown: Callable[[object], str | None] | None) -> tuple[str, str]:
    """Run `write` if the form is valid: (status line, "") when saved, ("", stale message) when a colleague's change
    refused it; a ValidationError goes beside the form's fields. `shown` names the stored value for the message
    (None: the edit adds a row, where a conflict is put on the form)."""
    if form is not None and not form.is_valid():
        return "", ""
    try:
        with conflicts_refused():
            return write(), ""
    except ValidationError as exc:
        if form is None:
            return "", "; ".join(exc.messages)
        form_errors_from(form, exc)
    except StaleEdit as exc:
        return "", _stale_text(exc, shown or (lambda current: ""))
    except WriteConflict as exc:
        if shown is None and form is not None:
            form.add_error(None, str(exc))
        else:
            return "", str(exc)
    return "", ""


def answer(
    request: HtmxHttpRequest,
    *,
    appraisal,
    option: Option | None,
    key: str,
    form,
    saved: str,
    stale: str,
    fragment: str,
    anchor: str = "",
    also: tuple[str, ...] = (),
) -> HttpResponse:
    """The outcome of one edit: redirect (plain, saved), the page with the errors (plain, refused), or fragments.
    `option` None: an edit of the options page; else of that option's page. `fragment`: the partial of the page
    that holds the form, sent in place of its section; `also`, partials it changes too (sent out of band)."""
    ok = (form is None or form.is_valid()) and not stale
    place = anchor or (f"section-{key}" if not key.startswith(("cost-", "risk-")) else key)
    if ok and not request.htmx:
        messages.success(request, saved)
        return redirect(option_url(option, place) if option else options_url(appraisal, place))
    bound = {} if ok or stale or form is None else {key: form}
    stale_by_key = {key: stale} if stale else {}
    if option is None:
        page = options_page_build(appraisal=appraisal, editable=True, bound=bound, stale=stale_by_key)
        template = LIST_PAGE
    else:
        option = Option.objects.select_related("appraisal", "lead_authority").get(pk=option.pk)
        page = option_page_build(option=option, editable=True, bound=bound, stale=stale_by_key)
        template = OPTION_PAGE
    context = {"appraisal": appraisal, "page": page, "ranking": page.ranking}
    if not request.htmx:
        return render(request, template, context)
    context |= {
        "fragment": f"{template}#{fragment}",
        "also": [f"{template}#{name}" for name in also],
        "page_template": template,
        "status": saved if ok else NOT_SAVED,
        "status_error": not ok,
    }
    return render(request, EDIT_RESPONSE, context)
