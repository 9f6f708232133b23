"""A small staffing case on the Carlisle, Allerdale and Eden appraisal of the demo (three councils), worked by hand,
shared by the dashboard, report, command and scenario editor tests of issue 18's staffing implications.

The preferred option ("Sovereign where Carlisle is strong, federal elsewhere", ranked first), its central case from
2007/08: its leavers leave in 2007/08, when the statutory weekly pay limit was £310 (from 1 February 2007, a row of
the application's table from its migration; the case makes sure of it). On-costs 25% on every post.

Today's structure (Recruitment and payroll):                              cost a year
  Head of HR          CCC  Director  1.0  £60,000                       £75,000.00
  HR manager          ABC  Manager   1.0  £40,000  holder 45, 12 years  £50,000.00   deleted
  HR manager          EDC  Manager   1.0  £36,000  holder 57, 25 years  £45,000.00   deleted
  Payroll officer     EDC  Manager   0.5  £24,000                       £15,000.00
  CCC £75,000, ABC £50,000, EDC £60,000: £185,000; 4 posts, 3.5 FTE.
Proposed structure:
  Head of shared HR   CCC  carries on Head of HR, £66,000: £82,500, shared CCC 50, ABC 30, EDC 20: 41,250/24,750/16,500
  Payroll officer     EDC  carries on the payroll officer: £15,000, EDC's
  HR business partner CCC  new, £32,000: £40,000, shared CCC 50, ABC 30, EDC 20: 20,000/12,000/8,000
  CCC £61,250, ABC £36,750, EDC £39,500: £137,500; 3 posts, 2.5 FTE.
Full-year saving: CCC £13,750, ABC £13,250, EDC £20,500: £47,500.
Leavers (cap £310):
  ABC HR manager, 45 with 12 years: ages 44–41 at 1½ weeks (6), 40–33 at 1 week (8): 14.0 weeks; a week's pay
    £40,000 ÷ 52 = £769.23, capped at £310: £4,340.00 (multiplier 1); under 55, no strain.
  EDC HR manager, 57 with 25 years (20 count): ages 56–41 at 1½ (24), 40–37 at 1 (4): 28.0 weeks; £692.31 a week,
    capped: £8,680.00 statutory × EDC's multiplier 1.5 = £13,020.00; strain £36,000 × 25 ÷ 49 = £18,367.35 pension
    given up × 5.00 (age 57) = £91,836.73.
One-off: ABC £4,340.00, EDC £104,856.73: £109,196.73. Payback: CCC no one-off cost; ABC 4,340 ÷ 13,250 = 0.3 years;
EDC 104,856.73 ÷ 20,500 = 5.1 years; together 109,196.73 ÷ 47,500 = 2.3 years.
The federal option's proposed structure keeps only the head of HR (CCC, £75,000).
"""

from datetime import date
from decimal import Decimal as D

from appraisal.models import Appraisal, Grade, Option, Post, StatutoryRedundancyCap
from appraisal.staffing.services import consultation_step_set, council_staffing_update, grade_save, post_create
from councils.models import Council

CARLISLE = "carlisle-allerdale-eden-shared-services"
PREFERRED = "Sovereign where Carlisle is strong, federal elsewhere"
FEDERAL = "Federal: joint committee"
SHARED = {"CCC": D(50), "ABC": D(30), "EDC": D(20)}


def staffing_case(*, host: bool = True) -> Appraisal:
    """The case above on the demo's Carlisle appraisal (the `demo` fixture loaded); the preferred option's host
    employer Carlisle (unless `host` is False), two consultation steps done."""
    appraisal = Appraisal.objects.get(slug=CARLISLE)
    Post.objects.filter(appraisal=appraisal).delete()
    Grade.objects.filter(appraisal=appraisal).delete()
    StatutoryRedundancyCap.objects.get_or_create(from_date=date(2007, 2, 1), defaults={"weekly_cap": D(310)})
    councils = {c.code: c for c in Council.objects.filter(code__in=["CCC", "ABC", "EDC"])}
    council_staffing_update(council_id=councils["EDC"].pk, values={"redundancy_multiplier": D("1.5")}, user=None)
    cluster = appraisal.savings_ranges.get(cluster__name="Recruitment and payroll").cluster
    director = grade_save(appraisal=appraisal, values={"name": "Director", "average_age": 50,
                                                       "average_years_service": 20}, user=None)  # fmt: skip
    manager = grade_save(appraisal=appraisal, values={"name": "Manager", "average_age": 45,
                                                      "average_years_service": 15}, user=None)  # fmt: skip

    def post(option, title, code, grade, fte, salary, **more):
        values = {"title": title, "cluster": cluster, "grade": grade, "council": councils[code], "fte": D(fte),
                  "salary": D(salary), "on_cost_pct": D(25), **more}  # fmt: skip
        return post_create(appraisal=appraisal, option_id=option.pk if option else None, values=values, user=None)

    head = post(None, "Head of HR", "CCC", director, "1", 60000)
    post(None, "HR manager", "ABC", manager, "1", 40000, holder_age=45, holder_years_service=12)
    post(None, "HR manager", "EDC", manager, "1", 36000, holder_age=57, holder_years_service=25)
    payroll = post(None, "Payroll officer", "EDC", manager, "0.5", 24000)
    preferred = Option.objects.get(appraisal=appraisal, name=PREFERRED)
    post(preferred, "Head of shared HR", "CCC", director, "1", 66000, continues=head, cost_split="shares",
         shares=SHARED)  # fmt: skip
    post(preferred, "Payroll officer", "EDC", manager, "0.5", 24000, continues=payroll)
    post(preferred, "HR business partner", "CCC", manager, "1", 32000, cost_split="shares", shares=SHARED)
    federal = Option.objects.get(appraisal=appraisal, name=FEDERAL)
    post(federal, "Head of HR", "CCC", director, "1", 60000, continues=head)
    if host:
        Option.objects.filter(pk=preferred.pk).update(host_employer=councils["CCC"])
    consultation_step_set(option_id=preferred.pk, step="staff_briefed", done_on=date(2007, 3, 1), user=None)
    consultation_step_set(option_id=preferred.pk, step="unions_consulted", done_on=date(2007, 3, 15), user=None)
    return appraisal
