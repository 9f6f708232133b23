"""Writes for the cabinet report: its settings and text sections, versioned and audited (django-simple-history)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.models import Appraisal, CabinetReport
from appraisal.selectors import MAX_COMPARED
from appraise.writes import check_version, save_if_changed

TOO_MANY_COMPARED = f"Choose at most {MAX_COMPARED} scenarios to compare."
NOT_THIS_APPRAISAL = "Choose scenarios of this appraisal."
SECTION_KEYS = [key for key, _ in CabinetReport.SECTIONS]


def _same_text(a: str, b: str) -> bool:
    """Browsers send CRLF line ends and trailing spaces; the generated text is the same text without them."""

    def norm(text: str) -> str:
        return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").strip().split("\n"))

    return norm(a) == norm(b)


@transaction.atomic
def cabinet_report_update(
    *, appraisal: Appraisal, values: dict, compared_ids: list[int], generated: dict[str, str], expected_version: int,
    user=None,
) -> bool:  # fmt: skip
    """Save the report's settings and sections; returns True if anything changed.

    A section equal to its generated text (`generated`) is stored blank, so it keeps following the figures.
    Raises StaleEdit if someone saved the report after `expected_version`, ValidationError for bad values.
    """
    report = CabinetReport.objects.select_for_update().filter(appraisal=appraisal).first()
    if report is None:
        report = CabinetReport(appraisal=appraisal)
        check_version(report, expected_version if expected_version else None)
    else:
        check_version(report, expected_version)
    values = dict(values)
    for key in SECTION_KEYS:
        if key in values:
            text = (values[key] or "").replace("\r\n", "\n").strip()
            values[key] = "" if _same_text(text, generated.get(key, "")) else text
    scenario = values.get("scenario")
    if scenario is not None and scenario.appraisal_id != appraisal.pk:
        raise ValidationError({"scenario": NOT_THIS_APPRAISAL})
    compared = list(appraisal.scenarios.filter(pk__in=compared_ids))
    if len(compared) != len(set(compared_ids)):
        raise ValidationError({"compared_scenarios": NOT_THIS_APPRAISAL})
    if len(compared) > MAX_COMPARED:
        raise ValidationError({"compared_scenarios": TOO_MANY_COMPARED})
    compared_changed = (
        set(report.compared_scenarios.values_list("pk", flat=True)) != {s.pk for s in compared}
        if (report.pk)
        else bool(compared)
    )
    changed = save_if_changed(report, values, user=user)
    if compared_changed:
        if not changed:
            # A change of the compared scenarios alone still raises the version and is recorded.
            report.version += 1
            report.updated_by = user
            report._history_user = user
            report.save()
        report.compared_scenarios.set(compared)
    return changed or compared_changed
