"""The demo's benefits realisation and changing partnerships (issue 19): a fixture appraisal's partners' join and
leave years ("partners": code -> {"join_year", "leave_year"}), its benefits register with each measure's readings
("benefits", each with "readings"), and the savings delivered and costs incurred recorded since ("actuals"). The
years are written by appraisal/summary/services.py partner_years_set; benefits, readings and actuals through
appraisal/realisation/services.py.

A benefit is known by its name within its appraisal, a reading by its benefit and date, an actual by its council,
cluster and year. Each write saves only what differs, so loading the same file twice changes nothing; the file adds
to what is stored and takes nothing away."""

import datetime
from decimal import Decimal

from appraisal.models import Appraisal, Benefit
from appraisal.realisation.services import benefit_reading_set, benefit_save, saving_actual_set
from appraisal.summary.services import partner_years_set
from councils import financial_years
from councils.models import Council
from services.models import ServiceCluster


class RealisationFixtureError(ValueError):
    pass


def realisation_load(*, appraisal: Appraisal, entry: dict) -> None:
    """The entry's partners' years, then its benefits with their readings, then its actuals."""
    councils = {m.council.code: m.council for m in appraisal.memberships.select_related("council")}
    if "partners" in entry:
        partner_years_load(appraisal=appraisal, specs=entry["partners"], councils=councils)
    for spec in entry.get("benefits", []):
        benefit = _benefit_load(appraisal, spec, councils)
        for reading in spec.get("readings", []):
            benefit_reading_set(
                benefit=benefit,
                taken_on=datetime.date.fromisoformat(reading["taken_on"]),
                value=Decimal(str(reading["value"])),
                note=reading.get("note", ""),
                user=None,
            )
    for spec in entry.get("actuals", []):
        _actual_load(appraisal, spec, councils)


def partner_years_load(*, appraisal: Appraisal, specs: dict[str, dict], councils: dict[str, Council]) -> None:
    """Each listed partner's first and last year in the partnership (a year not given: from the start, to the end),
    through the scenarios page's own writer (appraisal/summary/services.py partner_years_set)."""
    for code, spec in specs.items():
        partner_years_set(
            appraisal=appraisal,
            council=_council(appraisal, councils, code, "partners"),
            join_year=_year_or_none(spec.get("join_year")),
            leave_year=_year_or_none(spec.get("leave_year")),
        )


def _year_or_none(label: str | None) -> int | None:
    return financial_years.parse(label) if label else None


def _council(appraisal: Appraisal, councils: dict[str, Council], code: str | None, where: str) -> Council | None:
    if not code:
        return None
    if code not in councils:
        raise RealisationFixtureError(f"{appraisal.slug}: {where}: {code} is not a partner.")
    return councils[code]


def _cluster(name: str | None, where: str) -> ServiceCluster | None:
    if not name:
        return None
    cluster = ServiceCluster.objects.filter(name=name).first()
    if cluster is None:
        raise RealisationFixtureError(f"{where}: no cluster '{name}'.")
    return cluster


def _decimal_or_none(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _benefit_load(appraisal: Appraisal, spec: dict, councils: dict[str, Council]) -> Benefit:
    where = f"benefit '{spec['name']}'"
    values = {
        "name": spec["name"],
        "option": appraisal.options.get(name=spec["option"]) if spec.get("option") else None,
        "kind": spec.get("kind", Benefit.Kind.NON_FINANCIAL),
        "cluster": _cluster(spec.get("cluster"), where),
        "measure": spec.get("measure", ""),
        "unit": spec.get("unit", ""),
        "baseline_value": _decimal_or_none(spec.get("baseline_value")),
        "baseline_date": datetime.date.fromisoformat(spec["baseline_date"]) if spec.get("baseline_date") else None,
        "target_value": _decimal_or_none(spec.get("target_value")),
        "due_year": _year_or_none(spec.get("due_year")),
        "owner_council": _council(appraisal, councils, spec.get("owner_council"), where),
        "owner_role": spec.get("owner_role", ""),
        "how_measured": spec.get("how_measured", ""),
        "frequency": spec.get("frequency", ""),
        "evidence": spec.get("evidence", ""),
    }
    stored = appraisal.benefits.filter(name=spec["name"]).first()
    return benefit_save(appraisal=appraisal, values=values, benefit_id=stored.pk if stored else None, user=None)


def _actual_load(appraisal: Appraisal, spec: dict, councils: dict[str, Council]) -> None:
    where = f"actual {spec.get('council')} {spec.get('cluster')} {spec.get('year')}"
    saving_actual_set(
        appraisal=appraisal,
        council=_council(appraisal, councils, spec["council"], where),
        cluster=_cluster(spec["cluster"], where),
        year=financial_years.parse(spec["year"]),
        values={
            "savings": Decimal(str(spec.get("savings", 0))),
            "costs": Decimal(str(spec.get("costs", 0))),
            "before_appraisal": bool(spec.get("before_appraisal", False)),
            "note": spec.get("note", ""),
        },
        user=None,
    )
