import pytest
from django.urls import reverse

from tests.helpers.html import cells

pytestmark = pytest.mark.django_db

DETAIL = reverse("appraisal_detail", args=["darlington-hartlepool-2011"])


def test_anonymous_users_are_sent_to_sign_in(client, dh_appraisal):
    for url in (reverse("home"), DETAIL):
        r = client.get(url)
        assert r.status_code == 302
        assert r.url.startswith(reverse("login"))


def test_the_sign_in_page_shows_an_error_summary_for_a_wrong_password(client, django_user_model):
    django_user_model.objects.create_user("officer", password="right")
    r = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert r.status_code == 200
    assert "There is a problem" in r.content.decode()


def test_home_lists_appraisals_with_their_councils(admin_client, dh_appraisal):
    r = admin_client.get(reverse("home"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Strategic collaboration between Darlington &amp; Hartlepool Borough Councils" in html
    assert "Darlington Borough Council, Hartlepool Borough Council" in html
    assert "2011/12" in html and "2014/15" in html and "For decision" in html
    assert f'href="{DETAIL}"' in html


def test_the_appraisal_page_shows_the_seed_001_table(admin_client, dh_appraisal):
    html = admin_client.get(DETAIL).content.decode()
    rows = cells(html, "savings-table")
    body = rows[2:]
    assert body[0] == ["Strategic Management", "£3,572,448", "2.3%", "£1,100,000", "£1,600,000", "30.8%", "44.8%"]
    assert body[1] == [
        "Children &amp; Young People &amp; Adult Services", "£81,123,000", "51.8%", "£1,640,000", "£1,950,000", "2.0%",
        "2.4%",
    ]  # fmt: skip
    assert body[2] == ["Corporate Services", "£22,881,693", "14.6%", "£1,630,000", "£2,820,000", "7.1%", "12.3%"]
    assert body[3] == ["Culture &amp; Leisure", "£8,148,010", "5.2%", "£200,000", "£250,000", "2.5%", "3.1%"]
    assert body[4] == ["Environment", "£22,999,871", "14.7%", "£780,000", "£1,560,000", "3.4%", "6.8%"]
    assert body[5] == [
        "Regeneration, Regulatory, Planning &amp; Infrastructure", "£9,243,569", "5.9%", "£30,000", "£180,000", "0.3%",
        "1.9%",
    ]  # fmt: skip
    assert body[6][:3] == ["Out of scope expenditure", "£8,529,455", "5.5%"]
    assert body[7] == ["Totals", "£156,498,046", "100.0%", "£5,380,000", "£8,360,000", "3.4%", "5.3%"]


def test_the_appraisal_page_shows_the_deficit_figures(admin_client, dh_appraisal):
    html = admin_client.get(DETAIL).content.decode()
    rows = {r[0]: r[1:] for r in cells(html, "deficit-table")[1:]}
    assert rows["Funding deficit 2014/15"] == ["£10,400,000", "£12,100,000", "£22,500,000"]
    assert rows["Deficit as % of net revenue budget"][-1] == "14.4%"
    assert rows["Deficit closed, minimum"][-1] == "23.9%"
    assert rows["Deficit closed, maximum"][-1] == "37.2%"
    assert rows["Gap left after minimum saving"][-1] == "£17,120,000"
    # Seed 001 §2.4: £156,498,046 less £8,529,455 out of scope; to the pound, £5,380,000 to £8,360,000 of it.
    assert "£147,968,591" in html and "3.6% to 5.6%" in html
    assert "23.9% to 37.2%" in html  # the headline card


def test_numbers_are_right_aligned(admin_client, dh_appraisal):
    html = admin_client.get(DETAIL).content.decode()
    assert '<td class="num">£3,572,448</td>' in html


def test_the_scope_of_each_service_is_shown_with_its_reason(admin_client, dh_appraisal):
    html = admin_client.get(DETAIL).content.decode()
    assert "Housing advice and homelessness" in html
    assert "Statutory housing functions; could be looked at for sharing later" in html
    assert "limited value" in html
    # Housing is a cluster of its own, excluded, with no budget: listed all the same (seed 001 §2.3).
    housing = html[html.index('<h3 class="heading-s">Housing</h3>') :]
    assert "excluded</strong>" in housing[:300] and "Social housing management and delivery" in housing[:400]
    assert "Only Darlington has kept its council housing" in housing[:500]


def test_an_unknown_appraisal_is_not_found(admin_client, dh_appraisal):
    assert admin_client.get(reverse("appraisal_detail", args=["nowhere"])).status_code == 404


def test_pages_refuse_post(admin_client, dh_appraisal):
    assert admin_client.post(reverse("home")).status_code == 405
    assert admin_client.post(DETAIL).status_code == 405


def test_the_admin_lists_every_model(admin_client, dh_appraisal):
    for name in ["council", "fundingdeficit", "servicecluster", "service", "baseline"]:
        app = "councils" if name in ("council", "fundingdeficit") else "services"
        assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    for name in ["appraisal", "savingsrange", "appraisalcouncil", "servicescope"]:
        assert admin_client.get(reverse(f"admin:appraisal_{name}_changelist")).status_code == 200
    r = admin_client.get(reverse("admin:services_baseline_changelist") + "?q=HR")
    assert "HR" in r.content.decode()


def test_the_gap_left_reads_from_the_smaller_to_the_larger_sum(admin_client, dh_appraisal):
    """Issue 16: "leaving £17,120,000 to £14,140,000 to find" read backwards."""
    html = admin_client.get(DETAIL).content.decode()

    assert "leaving £14,140,000 to £17,120,000 still to find" in html
