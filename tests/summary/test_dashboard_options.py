"""Options compared on the members' dashboard (issue 17): the options page's ranked table, the criteria matrix and
the chart, from one comparison; nothing where business as usual stands alone; no edit controls for members."""

import re
from html import unescape

import pytest
from django.urls import reverse

from appraisal import formatting as fmt
from appraisal.models import Appraisal
from appraisal.options.selectors import options_comparison
from tests.demo.conftest import demo, demo_snapshot  # noqa: F401 (fixtures: every fixture load_demo loads)
from tests.helpers.html import cells
from tests.helpers.users import member_of

pytestmark = pytest.mark.django_db

DH = "darlington-hartlepool-2011"
CARLISLE = "carlisle-allerdale-eden-shared-services"


def dashboard(client, slug):
    response = client.get(reverse("appraisal_detail", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def table(html, table_id):
    return [[unescape(c) for c in row] for row in cells(html, table_id)]


def expected_rows(slug):
    comparison = options_comparison(appraisal=Appraisal.objects.get(slug=slug)).comparison
    rows = []
    for o in comparison.options:
        f, r = o.figures, o.figures.result
        rows.append(
            [
                str(o.rank),
                f.name,
                fmt.pounds(f.npv),
                fmt.pounds(f.risk_adjusted_npv),
                fmt.year_label(r.payback_year) if r.payback_year else "Not within the period",
                fmt.pounds(r.full_year_savings),
                *[fmt.pct(c.deficit_closed_pct) for c in r.councils],
                fmt.pct_number(o.weighted_score),
                o.preferred,
            ]
        )
    return comparison, rows


@pytest.mark.parametrize(("slug", "code"), [(DH, "DBC"), (CARLISLE, "CCC")])
def test_the_ranked_options_are_shown_in_rank_order_with_their_exact_figures(
    demo,  # noqa: F811
    client,
    django_user_model,
    slug,
    code,
):
    html = dashboard(member_of(client, django_user_model, code), slug)
    assert 'id="options-compared-heading">Options compared</h2>' in html
    comparison, expected = expected_rows(slug)
    assert len(expected) >= 4
    shown = table(html, "options-table")[1:]
    assert len(shown) == len(expected)
    councils = len(comparison.options[0].figures.result.councils)
    for row, want in zip(shown, expected, strict=True):
        *figures, preferred = want
        assert row[0] == figures[0]  # rank
        assert row[1].startswith(figures[1])  # the option's name, then its tags
        assert ("Preferred" in row[1]) is preferred
        # NPV, risk-adjusted NPV, payback, savings at full effect, each council's % of its gap, weighted score
        assert row[3 : 8 + councils] == figures[2:]
    assert sum("Preferred" in row[1] for row in shown) == 1
    assert html.index('id="options-compared"') < html.index('id="savings-by-cluster"')


def test_each_top_risk_says_its_rating_in_words(demo, client, django_user_model):  # noqa: F811
    html = dashboard(member_of(client, django_user_model, "CCC"), CARLISLE)
    comparison, _ = expected_rows(CARLISLE)
    risks = [row[-1] for row in table(html, "options-table")[1:]]
    for o, text in zip(comparison.options, risks, strict=True):
        for risk in o.figures.top_risks:
            assert risk.description in text
            assert re.search(rf"{risk.rag.capitalize()} {risk.rating}\b", text)


def test_the_criteria_matrix_has_each_criterion_weight_and_score_and_the_weighted_total(
    demo,  # noqa: F811
    client,
    django_user_model,
):
    html = dashboard(member_of(client, django_user_model, "CCC"), CARLISLE)
    comparison, _ = expected_rows(CARLISLE)
    matrix = table(html, "criteria-matrix")
    assert matrix[0] == ["Criterion", "Weight", *[o.figures.name for o in comparison.options]]
    for c, row in zip(comparison.criteria, matrix[1:-1], strict=True):
        assert row[0].startswith(c.name)
        assert row[1] == str(c.weight)
        assert row[2:] == [str(o.scores[c.name]) if o.scores.get(c.name) is not None else "not scored"
                           for o in comparison.options]  # fmt: skip
    assert matrix[-1] == ["Weighted score", "100", *[fmt.pct_number(o.weighted_score) for o in comparison.options]]


def test_the_chart_and_the_link_to_every_option_follow_the_tables(demo, client, django_user_model):  # noqa: F811
    html = dashboard(member_of(client, django_user_model, "DBC"), DH)
    section = html[html.index('id="options-compared"') : html.index('id="savings-by-cluster"')]
    assert 'aria-label="Options compared: weighted score, NPV and risk-adjusted NPV"' in section
    assert (
        f'href="{reverse("appraisal_options", args=[DH])}" id="options-link">See every option in detail</a>' in section
    )


def test_members_see_no_edit_controls_in_options_compared(demo, client, django_user_model):  # noqa: F811
    html = dashboard(member_of(client, django_user_model, "CCC"), CARLISLE)
    section = html[html.index('id="options-compared"') : html.index('id="savings-by-cluster"')]
    assert "<form" not in section and "<input" not in section and "<button" not in section
    assert "add an option" not in section.lower() and "do-minimum-prompt" not in section
    assert "Delete" not in section


def test_an_appraisal_with_business_as_usual_alone_shows_no_options(client, django_user_model, dh_appraisal):
    # The seed 001 appraisal without its options fixture: business as usual only.
    assert list(dh_appraisal.options.values_list("business_as_usual", flat=True)) == [True]
    html = dashboard(member_of(client, django_user_model, "DBC"), DH)
    assert "Options compared" not in html and 'id="options-table"' not in html


def test_htmx_fragments_do_not_carry_the_options(demo, client, django_user_model):  # noqa: F811
    client = member_of(client, django_user_model, "DBC")
    response = client.get(
        reverse("appraisal_detail", args=[DH]), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="scenario-panel"
    )
    assert response.status_code == 200
    assert "Options compared" not in response.content.decode()


def test_the_options_add_a_fixed_few_queries_whatever_their_number(
    demo,  # noqa: F811
    client,
    django_user_model,
    django_assert_max_num_queries,
):
    from appraisal.options.services import option_create

    client = member_of(client, django_user_model, "DBC")
    url = reverse("appraisal_detail", args=[DH])
    client.get(url)  # warm the chart caches so both runs do the same work
    with django_assert_max_num_queries(60) as before:
        client.get(url)
    queries = len(before.captured_queries)  # now: the log is emptied as each request starts
    appraisal = Appraisal.objects.get(slug=DH)
    officer = django_user_model.objects.create_user("officer", password="pw")
    for n in range(3):
        option_create(appraisal=appraisal, name=f"Federal {n}", delivery_model="federal", user=officer)
    client.get(url)
    with django_assert_max_num_queries(queries):
        assert "Federal 2" in client.get(url).content.decode()
