"""Reads of the benefits register (issue 19): each benefit with its latest reading and its status, for the
Benefits page, the monitoring report and `manage.py appraise SLUG --benefits` alike."""

from __future__ import annotations

from dataclasses import dataclass

from appraisal.calculations import CalculationError
from appraisal.calculations import realisation as rl
from appraisal.models import Appraisal, Benefit, BenefitReading
from appraisal.realisation.selectors import realisation_overview


@dataclass(frozen=True)
class BenefitState:
    benefit: Benefit
    latest: BenefitReading | None
    status: rl.BenefitStatus


def clusters_delivery(*, appraisal: Appraisal) -> dict[str, rl.Delivery]:
    """Each cluster's savings delivered against the plan, by name; empty while no plan can be worked out."""
    try:
        realisation = realisation_overview(appraisal=appraisal)
    except CalculationError:
        return {}
    return {c.name: c.delivery for c in realisation.clusters} if realisation else {}


def benefit_list(*, appraisal: Appraisal, delivery: dict[str, rl.Delivery] | None = None) -> list[BenefitState]:
    """The register in order, each benefit with its latest reading and status. `delivery`: the clusters' delivery
    where the caller has it already (worked out here only if a financial benefit needs it)."""
    benefits = list(
        appraisal.benefits.select_related("option", "cluster", "owner_council").prefetch_related("readings")
    )
    if delivery is None:
        needed = any(b.kind == Benefit.Kind.FINANCIAL for b in benefits)
        delivery = clusters_delivery(appraisal=appraisal) if needed else {}
    out = []
    for b in benefits:
        readings = list(b.readings.all())
        latest = readings[-1] if readings else None
        status = rl.benefit_status(
            financial=b.kind == Benefit.Kind.FINANCIAL,
            baseline=b.baseline_value,
            target=b.target_value,
            reading=latest.value if latest else None,
            delivery=delivery.get(b.cluster.name) if b.cluster else None,
        )
        out.append(BenefitState(b, latest, status))
    return out
