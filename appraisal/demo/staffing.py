"""The demo's staffing structures (issue 18): a fixture appraisal's grades and today's posts ("staffing" in the
appraisal's entry), and each option's proposed structure, host employer and leaving-costs setting ("staffing" in
the option's entry), written through appraisal/staffing/services.py; the clusters whose saving an option's central
scenario takes from its structures ("from_structures") through the scenario editor's own service.

A post is known by its title and employing council within its structure; a baseline post has a "ref" that a
proposed post names in "continues" (the baseline post it carries on: its holder stays). Each write validates and
saves only what differs, so loading the same file twice changes nothing; a post the entry no longer lists goes."""

from decimal import Decimal

from appraisal.calculations import staffing as staff
from appraisal.models import Appraisal, Grade, Option, Post, Scenario, ScenarioCluster
from appraisal.scenarios.parts import scenario_cluster_update
from appraisal.staffing import services
from councils.models import Council
from services.models import ServiceCluster


class StaffingFixtureError(ValueError):
    pass


def staffing_load(*, appraisal: Appraisal, entry: dict) -> None:
    """The appraisal's grades and baseline posts, then each listed option's structure and settings (a proposed post
    carries on a baseline post of the same entry)."""
    councils = {m.council.code: m.council for m in appraisal.memberships.select_related("council")}
    refs: dict[str, Post] = {}
    if "staffing" in entry:
        for spec in entry["staffing"].get("grades", []):
            _grade_upsert(appraisal, spec)
        refs = _structure_load(appraisal, None, entry["staffing"].get("posts", []), councils, {})
    for spec in entry.get("options", []):
        if "staffing" in spec:
            option = Option.objects.get(appraisal=appraisal, name=spec["name"])
            _option_staffing_load(appraisal, option, spec["staffing"], councils, refs)


def _grade_upsert(appraisal: Appraisal, spec: dict) -> Grade:
    grade = appraisal.grades.filter(name=spec["name"]).first()
    values = {k: spec[k] for k in services.GRADE_FIELDS if k in spec}
    return services.grade_save(appraisal=appraisal, values=values, grade_id=grade.pk if grade else None, user=None)


def _post_values(appraisal: Appraisal, spec: dict, councils: dict[str, Council], refs: dict[str, Post]) -> dict:
    where = f"{appraisal.slug}: post '{spec['title']}'"
    try:
        council = councils[spec["council"]]
        grade = appraisal.grades.get(name=spec["grade"])
        cluster = ServiceCluster.objects.get(name=spec["cluster"])
        continues = refs[spec["continues"]] if spec.get("continues") else None
    except (KeyError, Grade.DoesNotExist, ServiceCluster.DoesNotExist) as exc:
        raise StaffingFixtureError(f"{where}: unknown council, grade, cluster or baseline post ({exc})") from None
    return {
        "title": spec["title"],
        "cluster": cluster,
        "grade": grade,
        "council": council,
        "fte": Decimal(str(spec.get("fte", 1))),
        "salary": Decimal(str(spec["salary"])),
        "on_cost_pct": Decimal(str(spec["on_cost_pct"])) if spec.get("on_cost_pct") is not None else None,
        "cost_split": spec.get("cost_split", staff.EMPLOYER),
        "shares": staff.parse_shares(spec["shares"]) if spec.get("shares") else {},
        "continues": continues,
        "holder_age": spec.get("holder_age"),
        "holder_years_service": spec.get("holder_years_service"),
        "pension_member": bool(spec.get("pension_member", True)),
    }


def _structure_load(
    appraisal: Appraisal, option: Option | None, specs: list[dict], councils: dict[str, Council], refs: dict
) -> dict[str, Post]:
    """One structure's posts exactly as listed (matched by title and employing council); ref -> post."""
    option_id = option.pk if option else None
    stored = {(p.title, p.council.code): p for p in Post.objects.filter(appraisal=appraisal, option_id=option_id)}
    wanted = {(s["title"], s["council"]) for s in specs}
    for key, post in stored.items():
        if key not in wanted:
            services.post_delete(appraisal=appraisal, post_id=post.pk, version=post.version, user=None)
    made = {}
    for spec in specs:
        values = _post_values(appraisal, spec, councils, refs)
        post = stored.get((spec["title"], spec["council"]))
        if post is None:
            post = services.post_create(appraisal=appraisal, option_id=option_id, values=values, user=None)
        else:
            post = services.post_update(
                appraisal=appraisal, post_id=post.pk, values=values, version=post.version, user=None
            )
        if spec.get("ref"):
            made[spec["ref"]] = post
    return made


def _option_staffing_load(
    appraisal: Appraisal, option: Option, spec: dict, councils: dict[str, Council], refs: dict[str, Post]
) -> None:
    host = spec.get("host_employer")
    services.option_staffing_update(
        option_id=option.pk,
        values={
            "host_employer": councils[host] if host else None,
            "share_leaving_costs": spec.get("share_leaving_costs", False),
        },
        user=None,
    )
    _structure_load(appraisal, option, spec.get("posts", []), councils, refs)
    clusters = spec.get("from_structures", [])
    if not clusters:
        return
    scenario = option.scenarios.filter(case=Scenario.Case.CENTRAL).first()
    if scenario is None:
        raise StaffingFixtureError(f"{option.name}: takes savings from its structures but has no central scenario.")
    for name in clusters:
        scenario_cluster_update(
            scenario_id=scenario.pk,
            cluster=ServiceCluster.objects.get(name=name),
            included=True,
            point=ScenarioCluster.Point.STRUCTURE,
            custom_value=None,
            was=None,
            user=None,
        )
