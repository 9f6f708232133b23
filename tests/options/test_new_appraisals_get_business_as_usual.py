"""Issue 17: business as usual is made with every appraisal, whichever way it is made (appraisal_upsert, which the
workbook's new partnership and the demo loader use, and Administration), and only once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.calculations import options as opt
from appraisal.models import Appraisal, Criterion, Option
from appraisal.options.selectors import options_comparison
from appraisal.summary.services import appraisal_upsert
from appraisal.workbook import contract
from appraisal.workbook.apply import workbook_apply
from councils.models import Council
from tests.workbook.conftest import build

pytestmark = pytest.mark.django_db

DEFAULT_NAMES = [c.name for c in opt.DEFAULT_CRITERIA]


def short_list(appraisal: Appraisal) -> list[tuple[str, bool, str]]:
    return [(o.name, o.business_as_usual, o.delivery_model) for o in appraisal.options.all()]


@pytest.fixture
def councils():
    return [
        Council.objects.create(code="DBC", name="Darlington Borough Council", slug="dbc", council_type="unitary"),
        Council.objects.create(code="SBC", name="Stockton-on-Tees Borough Council", slug="sbc", council_type="unitary"),
    ]


def upsert(councils, **overrides) -> Appraisal:
    values = {"slug": "support", "title": "Support services", "base_year": 2005, "deficit_year": 2007}
    return appraisal_upsert(councils=councils, **(values | overrides))


def test_appraisal_upsert_makes_business_as_usual_and_the_default_criteria(councils):
    appraisal = upsert(councils)
    assert short_list(appraisal) == [("Business as usual", True, opt.IN_HOUSE)]
    assert list(appraisal.criteria.values_list("name", flat=True)) == DEFAULT_NAMES
    view = options_comparison(appraisal=appraisal)
    assert view.problem == ""
    (bau,) = view.comparison.options
    assert (bau.figures.name, bau.figures.npv, bau.figures.business_as_usual) == ("Business as usual", 0, True)


def test_upserting_the_appraisal_again_makes_no_second_business_as_usual(councils):
    upsert(councils)
    appraisal = upsert(councils, title="Support services partnership")
    assert appraisal.title == "Support services partnership"
    assert (Option.objects.count(), Criterion.objects.count()) == (1, len(DEFAULT_NAMES))


def test_an_appraisal_whose_officers_changed_the_criteria_keeps_them_when_upserted_again(councils):
    appraisal = upsert(councils)
    Criterion.objects.filter(appraisal=appraisal).exclude(is_financial=True).delete()
    Criterion.objects.filter(appraisal=appraisal).update(weight=100)
    upsert(councils)
    assert list(appraisal.criteria.values_list("name", "weight")) == [("Financial value", 100)]


SLUG = "darlington-stockton-2011"


def new_partnership() -> bytes:
    """A Darlington and Stockton partnership for two support services, made from one workbook (Stockton new)."""
    return build(
        {
            "Appraisal": [contract.APPRAISAL.column_names, ["Darlington and Stockton support services", None, None]],
            "Councils": [
                contract.COUNCILS.column_names,
                ["DBC", "Darlington Borough Council", "unitary", None, None],
                ["SBC", "Stockton-on-Tees Borough Council", "unitary", "£150,000,000", 400000000],
            ],
            "Deficits": [contract.DEFICITS.column_names, ["SBC", "2014/15", 9000000]],
            "Services": [
                contract.SERVICES.column_names,
                ["Corporate Services", "HR", "key"],
                ["Corporate Services", "Finance", "key"],
            ],
            "Baselines": [
                contract.BASELINES.column_names,
                ["SBC", "Corporate Services", "HR", "2011/12", 1200000, 1100000, 30, 50000],
                ["SBC", "Corporate Services", "Finance", "2011/12", 2500000, 2300000, 55],
            ],
            "Savings": [contract.SAVINGS.column_names, ["Corporate Services", 300000, 500000]],
        }
    )


def test_a_new_appraisal_made_from_a_workbook_gets_business_as_usual(dh_appraisal):
    appraisal = workbook_apply(content=new_partnership(), file_name="f.xlsx", slug=SLUG).appraisal
    assert short_list(appraisal) == [("Business as usual", True, opt.IN_HOUSE)]
    assert list(appraisal.criteria.values_list("name", flat=True)) == DEFAULT_NAMES
    view = options_comparison(appraisal=appraisal)
    assert view.problem == "" and [o.figures.npv for o in view.comparison.options] == [Decimal(0)]


def test_importing_the_workbook_twice_makes_no_second_business_as_usual(dh_appraisal):
    workbook_apply(content=new_partnership(), file_name="f.xlsx", slug=SLUG)
    workbook_apply(content=new_partnership(), file_name="f.xlsx", slug=SLUG)
    appraisal = Appraisal.objects.get(slug=SLUG)
    assert appraisal.options.filter(business_as_usual=True).count() == 1
    assert appraisal.criteria.count() == len(DEFAULT_NAMES)


def test_an_appraisal_added_in_administration_gets_business_as_usual(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    form = {
        "title": "Support services",
        "slug": "support",
        "base_year": "2005",
        "deficit_year": "2007",
        "status": "draft",
        "description": "",
        "discount_base_year": "",
    }
    for prefix in ("memberships", "savings_ranges", "service_scopes"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    r = client.post(reverse("admin:appraisal_appraisal_add"), form)
    assert r.status_code == 302, r.content.decode()[:2000]
    appraisal = Appraisal.objects.get(slug="support")
    assert short_list(appraisal) == [("Business as usual", True, opt.IN_HOUSE)]
    assert appraisal.criteria.count() == len(DEFAULT_NAMES)
