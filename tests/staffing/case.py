"""The small staffing case the staffing page's tests use, built through the write services on the Darlington &
Hartlepool appraisal: the councils' on-costs set to round figures (Darlington 10% + 20% = 30%, Hartlepool 10% + 15% =
25%), two grades, four posts in today's structure (£224,400 a year in all) and an option beyond business as usual."""

from dataclasses import dataclass
from decimal import Decimal as D

from appraisal.models import Appraisal, Grade, Option, Post
from appraisal.options import services as option_services
from appraisal.staffing import services
from councils.models import Council
from services.models import ServiceCluster

# title, employing council, grade, salary, holder's age and years of service (None: the grade's average)
TODAY = (
    ("Head of HR (Darlington)", "DBC", "Grade 12", 60000, 58, 25),
    ("Payroll officer", "DBC", "Grade 8", 28000, None, None),
    ("Head of HR (Hartlepool)", "HBC", "Grade 12", 58000, 45, 20),
    ("HR officer", "HBC", "Grade 8", 30000, 30, 8),
)


@dataclass
class StaffingCase:
    appraisal: Appraisal
    councils: dict[str, Council]
    cluster: ServiceCluster
    grades: dict[str, Grade]
    baseline: dict[str, Post]
    option: Option


def councils_set(appraisal: Appraisal) -> dict[str, Council]:
    out = {}
    for code, pension in (("DBC", D(20)), ("HBC", D(15))):
        council = Council.objects.get(code=code)
        values = {"employer_ni_pct": D(10), "pension_contribution_pct": pension, "redundancy_multiplier": D(1)}
        out[code] = services.council_staffing_update(council_id=council.pk, values=values, user=None)
    return out


def grades_add(appraisal: Appraisal) -> dict[str, Grade]:
    return {
        name: services.grade_save(
            appraisal=appraisal, values={"name": name, "average_age": age, "average_years_service": years}, user=None
        )
        for name, age, years in (("Grade 8", 40, 10), ("Grade 12", 50, 20))
    }


def post_values(councils, cluster, grades, title, code, grade, salary, age=None, years=None) -> dict:
    return {
        "title": title,
        "cluster": cluster,
        "grade": grades[grade],
        "council": councils[code],
        "fte": D(1),
        "salary": D(salary),
        "on_cost_pct": None,
        "cost_split": "employer",
        "shares": {},
        "holder_age": age,
        "holder_years_service": years,
        "pension_member": True,
    }


def staffing_case_build(appraisal: Appraisal, *, with_posts: bool = True) -> StaffingCase:
    councils = councils_set(appraisal)
    cluster = ServiceCluster.objects.get(name="Corporate Services")
    grades = grades_add(appraisal)
    baseline = {}
    if with_posts:
        for row in TODAY:
            values = post_values(councils, cluster, grades, *row)
            baseline[row[0]] = services.post_create(appraisal=appraisal, option_id=None, values=values, user=None)
    option = option_services.option_create(
        appraisal=appraisal, name="Joint HR service", delivery_model="federal", user=None
    )
    return StaffingCase(appraisal, councils, cluster, grades, baseline, option)
