"""Where a change made through the site came from, for the History page's "Source": one table, by the page's route.

The write services stay unaware of pages: a request's source is set here once, from the URL it resolved to, and
appraise.writes puts it on every history record written while the view runs.
"""

from contextlib import ExitStack

from appraise import writes

# Issue 17's options pages (writes.py holds the other pages' labels; this one is said here).
OPTIONS_PAGE = "Options page"
# Issue 18's staffing page.
STAFFING_PAGE = "Staffing page"
# Issue 19: Cabinet's decision, recorded from the summary (the dashboard).
DECISION = "Summary page"
# Issue 19's benefits register.
BENEFITS_PAGE = "Benefits page"
# Issue 19's realisation page: the plan against the savings delivered.
REALISATION_PAGE = "Realisation page"
# Issue 20's simulation settings page ("How sure are these figures").
SIMULATION_PAGE = "Simulation settings page"
# Issue 21: a new appraisal started from MHCLG's published outturn.
PUBLISHED_FIGURES = "New appraisal from published figures"

# The route's name (or its namespace, for Django's admin) -> the page, in the users' words. A route not listed
# (sign-in, the history, the PDF's status) records no source.
SOURCES = {
    "admin": writes.ADMINISTRATION,
    "baseline_grid": writes.GRID,
    "baseline_cell": writes.GRID,
    "service_scope_update": writes.GRID,
    "appraisal_scope": writes.SCOPE_PAGE,
    "appraisal_scope_add": writes.SCOPE_PAGE,
    "appraisal_scope_remove": writes.SCOPE_PAGE,
    "savings_ranges": writes.SAVINGS_PAGE,
    "funding_deficits": writes.DEFICITS_PAGE,
    "workbook_import_new": writes.WORKBOOK,
    "outturn_appraisal_new": PUBLISHED_FIGURES,
    "workbook_upload": writes.WORKBOOK,
    "workbook_preview": writes.WORKBOOK,
    "workbook_confirm": writes.WORKBOOK,
    "appraisal_scenarios": writes.SCENARIO_EDITOR,
    "scenario_create": writes.SCENARIO_EDITOR,
    "discount_base_year_update": writes.SCENARIO_EDITOR,
    "partner_years_update": writes.SCENARIO_EDITOR,
    "scenario_editor": writes.SCENARIO_EDITOR,
    "scenario_status_update": writes.SCENARIO_EDITOR,
    "scenario_details_update": writes.SCENARIO_EDITOR,
    "scenario_period_update": writes.SCENARIO_EDITOR,
    "scenario_rate_update": writes.SCENARIO_EDITOR,
    "scenario_sharing_update": writes.SCENARIO_EDITOR,
    "scenario_cluster_update": writes.SCENARIO_EDITOR,
    "scenario_phase_update": writes.SCENARIO_EDITOR,
    "scenario_cluster_phase_update": writes.SCENARIO_EDITOR,
    "scenario_year_add": writes.SCENARIO_EDITOR,
    "scenario_year_remove": writes.SCENARIO_EDITOR,
    "cost_item_add": writes.SCENARIO_EDITOR,
    "cost_item_update": writes.SCENARIO_EDITOR,
    "cost_item_remove": writes.SCENARIO_EDITOR,
    "scenario_clone": writes.SCENARIO_EDITOR,
    "scenario_delete": writes.SCENARIO_EDITOR,
    "appraisal_options": OPTIONS_PAGE,
    "option_create": OPTIONS_PAGE,
    "criteria_update": OPTIONS_PAGE,
    "criterion_add": OPTIONS_PAGE,
    "criterion_remove": OPTIONS_PAGE,
    "preferred_update": OPTIONS_PAGE,
    "option_detail": OPTIONS_PAGE,
    "option_delete": OPTIONS_PAGE,
    "option_details_update": OPTIONS_PAGE,
    "option_models_update": OPTIONS_PAGE,
    "option_scores_update": OPTIONS_PAGE,
    "option_cost_add": OPTIONS_PAGE,
    "option_cost_update": OPTIONS_PAGE,
    "option_cost_remove": OPTIONS_PAGE,
    "option_risk_add": OPTIONS_PAGE,
    "option_risk_update": OPTIONS_PAGE,
    "option_risk_remove": OPTIONS_PAGE,
    "option_case_add": OPTIONS_PAGE,
    "appraisal_staffing": STAFFING_PAGE,
    "staffing_post_create": STAFFING_PAGE,
    "staffing_post_update": STAFFING_PAGE,
    "staffing_post_delete": STAFFING_PAGE,
    "staffing_grade_create": STAFFING_PAGE,
    "staffing_grade_update": STAFFING_PAGE,
    "staffing_grade_delete": STAFFING_PAGE,
    "staffing_from_baseline": STAFFING_PAGE,
    "staffing_option_update": STAFFING_PAGE,
    "staffing_consultation_update": STAFFING_PAGE,
    "staffing_council_update": STAFFING_PAGE,
    "appraisal_benefits": BENEFITS_PAGE,
    "benefit_create": BENEFITS_PAGE,
    "benefit_update": BENEFITS_PAGE,
    "benefit_reading_record": BENEFITS_PAGE,
    "appraisal_approve": DECISION,
    "appraisal_realisation": REALISATION_PAGE,
    "realisation_actual_record": REALISATION_PAGE,
    "realisation_actual_update": REALISATION_PAGE,
    "simulation_settings": SIMULATION_PAGE,
    "cabinet_report": writes.REPORT_EDITOR,
    "cabinet_report_edit": writes.REPORT_EDITOR,
    "cabinet_report_pdf": writes.REPORT_EDITOR,
}


def source_for(match) -> str:
    """The source of a resolved URL (a ResolverMatch): its route's, else its outermost namespace's; "" if neither."""
    if match is None:
        return ""
    return SOURCES.get(match.url_name) or next((SOURCES[ns] for ns in match.namespaces if ns in SOURCES), "")


class ChangeSourceMiddleware:
    """Sets the change source for the view's run from the route it resolved to, and clears it after the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._change_source = ExitStack()
        with request._change_source:  # closed (the source cleared) once the response is made
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        source = source_for(request.resolver_match)
        if source:
            request._change_source.enter_context(writes.change_source(source))
        return None
