""" "New appraisal from published figures": a programme admin picks two or more councils with a type-ahead over every
English council, a year, a title and a web address; appraisal_from_outturn creates the rest.

One POST form does everything without JavaScript: "Search" re-renders with the matches, each match's "Add" button
(and each chosen council's "Remove") posts back with the councils chosen so far as hidden inputs, and "Create"
calls the service. With HTMX the search box asks the search route as you type, and Add/Remove swap only the list
of chosen councils (the matches region, a polite live region, says what changed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from appraisal import permissions
from appraisal.outturn import data
from appraisal.outturn.forms import OutturnAppraisalForm, choice, matches
from appraisal.outturn.services import appraisal_from_outturn
from appraise.htmx import HtmxHttpRequest
from councils import financial_years

PAGE = "appraisal/outturn/new.html"
RESULTS = f"{PAGE}#results"  # the matches, for the search box's HTMX request
PICKED = "appraisal/outturn/_picked.html"  # the chosen councils after an HTMX Add or Remove
SHOWN = 10  # matches listed at once: typing more of the name narrows them
REFUSAL = "Only a programme admin can create an appraisal."
SOURCE = {"dataset": data.DATASET, "publisher": data.PUBLISHER, "url": data.URL, "licence": data.OGL}


def _admin_only(user) -> None:
    if not permissions.is_programme_admin(user):
        raise PermissionDenied(REFUSAL)


def _render(request, form, *, template=PAGE, query="", status="", focus="", checked=False):
    """The page (or one of its parts) as the form now stands. `focus` names what takes the focus once it is shown
    ("search", "chosen"); `checked` shows the form's errors (only after Create: adding a council checks nothing)."""
    year = form.year_value()
    found, more = matches(query, year=year, chosen=form.codes, limit=SHOWN) if query else ([], False)
    context = {
        "form": form,
        "chosen": form.chosen(),
        "year": year,
        "query": query,
        "matches": found,
        "more": more,
        "status": status,
        "focus": focus,
        "errors": form.errors if checked else {},
        "error_list": form.error_list() if checked else [],
        "clusters": data.CLUSTERS,
        "area_count": len(data.SERVICE_AREAS),
        "source": SOURCE,
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
def outturn_appraisal_new(request: HtmxHttpRequest) -> HttpResponse:
    _admin_only(request.user)
    if request.method == "GET":
        return _render(request, OutturnAppraisalForm())
    form = OutturnAppraisalForm(request.POST)
    if "create" in request.POST:
        return _create(request, form)
    if "add" in request.POST or "remove" in request.POST:
        return _pick(request, form)
    # "Search", or Enter pressed in a box: the matches for what was typed.
    return _render(request, form, query=request.POST.get("q", "").strip(), focus="search")


def _pick(request: HtmxHttpRequest, form: OutturnAppraisalForm) -> HttpResponse:
    """Add a council to the chosen ones, or remove one: nothing is saved, the page shows the new choice."""
    adding = "add" in request.POST
    code = request.POST.get("add" if adding else "remove", "").strip().upper()
    council = choice(code, year=form.year_value())
    if adding and code and code not in form.codes:
        form.codes.append(code)
    elif not adding and code in form.codes:
        form.codes.remove(code)
    count = len(form.codes)
    chosen = f"{count} council{'s' if count != 1 else ''} chosen"
    if adding:
        status = f"{council.name} added: {chosen}. Find the next council, or create the appraisal."
    else:
        status = f"{council.name} removed: {chosen}."
    focus = "search" if adding else "chosen"
    return _render(request, form, template=PICKED if request.htmx else PAGE, status=status, focus=focus)


def _create(request: HtmxHttpRequest, form: OutturnAppraisalForm) -> HttpResponse:
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            appraisal = appraisal_from_outturn(
                ons_codes=form.codes,
                year=year,
                slug=form.slug_for(year),
                title=form.cleaned_data["title"].strip() or None,
                user=request.user,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            label = financial_years.label(year)
            messages.success(
                request,
                f"{appraisal.title} created from the published figures for {label}. Check and refine the "
                "baselines on the baselines page, or with a workbook.",
            )
            return redirect(appraisal.get_absolute_url())
    return _render(request, form, query=form.data.get("q", "").strip(), checked=True)


@require_GET
@login_required
def outturn_council_search(request: HtmxHttpRequest) -> HttpResponse:
    """The councils matching what was typed: the matches alone for the search box's HTMX request, else the whole page
    with them (so the address works as a link too)."""
    _admin_only(request.user)
    form = OutturnAppraisalForm(request.GET)
    query = request.GET.get("q", "").strip()[:100]
    return _render(request, form, template=RESULTS if request.htmx else PAGE, query=query)
