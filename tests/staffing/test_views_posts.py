"""Posts added, changed and removed on the staffing page (issue 18), each answered in place with the recalculated
figures; bad input is refused beside the field with nothing saved; an edit a colleague overtook is refused."""

from html import unescape

import pytest
from django.urls import reverse

from appraisal.calculations import staffing as staff
from appraisal.models import Post
from appraisal.staffing import services
from tests.history.test_history import history_rows

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(name, args=[SLUG, *args])


def form_of(post, **changes):
    """What a post's form sends, as it shows the post, with `changes`."""
    return {
        "title": post.title,
        "cluster": post.cluster_id,
        "grade": post.grade_id,
        "council": post.council_id,
        "fte": "1",
        "salary": f"{post.salary:,.0f}",
        "on_cost_pct": "",
        "cost_split": post.cost_split,
        "shares": "",
        "continues": post.continues_id or "",
        "holder_age": post.holder_age if post.holder_age is not None else "",
        "holder_years_service": post.holder_years_service if post.holder_years_service is not None else "",
        "pension_member": "1" if post.pension_member else "",
        "version": post.version,
        "option": post.option_id or "",
        "chosen": post.option_id or "",
    } | changes


def sent(client, name, data, *args, htmx=True):
    r = client.post(url(name, *args), data, **(HTMX if htmx else {}))
    return r, unescape(r.content.decode())


def test_adding_a_post_to_today_shows_its_cost_and_the_new_total(signed_in, baseline, option):
    new = form_of(baseline["Payroll officer"], title="Finance officer", salary="30,000", version="")
    r, html = sent(signed_in("officer"), "staffing_post_create", new)
    assert r.status_code == 200
    assert Post.objects.filter(option=None, title="Finance officer").count() == 1
    assert "£39,000" in html  # £30,000 + Darlington's 30% on-costs
    total = html.split('id="baseline-total"')[1].split("</tr>")[0]
    assert "5 posts" in total and "£263,400" in total  # £224,400 + £39,000
    assert "Added the post “Finance officer” (DBC, 1 FTE at £30,000)." in html


def test_changing_a_post_in_place_changes_its_cost_and_the_total(signed_in, baseline, option):
    post = baseline["HR officer"]
    r, html = sent(signed_in("officer"), "staffing_post_update", form_of(post, salary="34,000"), post.pk)
    post.refresh_from_db()
    assert post.salary == 34000 and post.version == 2
    assert "£42,500" in html  # £34,000 + Hartlepool's 25%
    assert "£229,400" in html.split('id="baseline-total"')[1]  # £224,400 + £4,000 × 1.25


def test_without_javascript_a_change_returns_to_the_page_with_a_message(signed_in, baseline, option):
    post = baseline["HR officer"]
    client = signed_in("officer")
    r = client.post(url("staffing_post_update", post.pk), form_of(post, salary="34,000", chosen=option.pk))
    assert r.status_code == 302 and r["Location"].endswith(f"?option={option.pk}#post-{post.pk}")
    html = unescape(client.get(r["Location"]).content.decode())
    assert "Saved the post “HR officer” (HBC, 1 FTE at £34,000)." in html


def test_removing_a_proposed_post_makes_its_holder_a_leaver_and_shows_the_saving_and_one_off_cost(
    signed_in, proposed, option
):
    carried = next(p for p in proposed if p.title == "Head of HR (Hartlepool)")
    r, html = sent(
        signed_in("officer"), "staffing_post_delete", {"version": carried.version, "option": option.pk}, carried.pk
    )
    assert not Post.objects.filter(pk=carried.pk).exists()
    panel = html.split('id="section-figures"')[1].split("</section>")[0]
    # Hartlepool saves the post's £72,500. Its holder (45, 20 years) is owed 22 weeks (16 × 1 + 4 × 1½) at
    # 2012/13's £430 limit: £9,460, no pension strain before 55.
    assert 'id="staffing-saving">£72,500<' in panel
    assert 'id="staffing-one-off">£9,460<' in panel
    assert "22.0" in panel and "£430" in panel
    assert "Deleted: Head of HR (Hartlepool) (HBC)." in panel
    assert "Head of HR (Hartlepool)" in panel.split('id="leavers-table"')[1]
    hbc = panel.split('id="figures-HBC"')[1].split("</tr>")[0]
    assert "£72,500" in hbc and "£9,460" in hbc and ">0.1<" in hbc  # payback: £9,460 ÷ £72,500 a year


def test_starting_from_today_copies_every_post_carrying_it_on(signed_in, baseline, option):
    r, html = sent(signed_in("officer"), "staffing_from_baseline", {}, option.pk)
    copies = Post.objects.filter(option=option)
    assert copies.count() == 4
    assert {p.continues.title for p in copies} == set(baseline)
    assert "Copied today's 4 posts into the proposed structure" in html
    assert "£224,400" in html.split('id="proposed-total"')[1]
    assert 'id="staffing-saving">£0<' in html


def test_adding_a_new_post_to_the_proposed_structure_costs_the_option(signed_in, proposed, option):
    base = next(p for p in proposed if p.title == "HR officer")
    data = form_of(base, title="HR business partner", continues="", salary="40,000", version="", option=option.pk)
    r, html = sent(signed_in("officer"), "staffing_post_create", data)
    assert Post.objects.filter(option=option, title="HR business partner", continues=None).exists()
    assert 'id="staffing-created">1<' in html
    assert 'id="staffing-saving">-£50,000<' in html  # a new post at £40,000 + 25%: a cost, not a saving


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("salary", "-1,000", staff.NEGATIVE_SALARY),
        ("fte", "-0.5", staff.NEGATIVE_FTE),
        ("holder_age", "15", staff.AGE_RANGE),
        ("holder_age", "76", staff.AGE_RANGE),
        ("holder_years_service", "20", staff.service_too_long(30)),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(signed_in, baseline, option, field, value, message):
    post = baseline["HR officer"]  # aged 30, 8 years' service
    r, html = sent(signed_in("officer"), "staffing_post_update", form_of(post, **{field: value}), post.pk)
    assert f'id="id_post-{post.pk}-{field}-error"><span class="visually-hidden">Error:</span> {message}' in html
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_post-{post.pk}-{field}"' in summary and message in summary
    post.refresh_from_db()
    assert (post.salary, post.fte, post.holder_age, post.holder_years_service, post.version) == (30000, 1, 30, 8, 1)


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ("DBC 60, HBC 30", "add up"),
        ("XYZ 100", "XYZ is not one of the appraisal's councils (DBC, HBC)."),
        ("DBC fifty", ""),
    ],
)
def test_bad_shares_are_refused_beside_the_box(signed_in, baseline, option, shares, message):
    post = baseline["HR officer"]
    data = form_of(post, cost_split="shares", shares=shares)
    r, html = sent(signed_in("officer"), "staffing_post_update", data, post.pk)
    error = html.split(f'id="id_post-{post.pk}-shares-error">')[1].split("</p>")[0]
    assert message in error
    post.refresh_from_db()
    assert post.cost_split == "employer" and post.shares == {} and post.version == 1


def test_named_shares_typed_as_officers_write_them_are_saved(signed_in, baseline, option):
    post = baseline["HR officer"]
    data = form_of(post, cost_split="shares", shares="DBC 50, HBC 50")
    sent(signed_in("officer"), "staffing_post_update", data, post.pk)
    post.refresh_from_db()
    assert post.cost_split == "shares" and post.shares == {"DBC": "50", "HBC": "50"}


def test_a_new_post_with_bad_input_is_not_added(signed_in, baseline, option):
    data = form_of(baseline["HR officer"], title="", salary="-5", version="")
    r, html = sent(signed_in("officer"), "staffing_post_create", data)
    assert "Enter the post's title" in html and "There is a problem" in html
    assert Post.objects.count() == 4


def test_an_edit_a_colleague_overtook_is_refused_with_their_value(signed_in, baseline, option, django_user_model):
    post = baseline["HR officer"]
    shown = form_of(post, salary="31,000")
    colleague = django_user_model.objects.create_user("hbc-colleague", password="pw")
    services.post_update(
        appraisal=post.appraisal, post_id=post.pk, values={"salary": 33000}, version=post.version, user=colleague
    )
    r, html = sent(signed_in("officer"), "staffing_post_update", shown, post.pk)
    assert "Changed by hbc-colleague" in html and "£33,000" in html
    post.refresh_from_db()
    assert post.salary == 33000


def test_removing_a_post_a_colleague_changed_is_refused(signed_in, baseline, option):
    post = baseline["HR officer"]
    services.post_update(appraisal=post.appraisal, post_id=post.pk, values={"salary": 33000}, version=1, user=None)
    r, html = sent(signed_in("officer"), "staffing_post_delete", {"version": 1}, post.pk)
    assert "while you were editing" in html
    assert Post.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize(
    ("name", "arg"),
    [
        ("staffing_post_create", None),
        ("staffing_post_update", "post"),
        ("staffing_post_delete", "post"),
        ("staffing_from_baseline", "option"),
        ("staffing_grade_create", None),
        ("staffing_option_update", "option"),
        ("staffing_consultation_update", "option"),
    ],
)
def test_members_cannot_change_anything(signed_in, baseline, option, name, arg):
    post = baseline["HR officer"]
    args = {"post": [post.pk], "option": [option.pk], None: []}[arg]
    r = signed_in("member").post(url(name, *args), form_of(post, salary="1"))
    assert r.status_code == 403
    post.refresh_from_db()
    assert post.salary == 30000 and Post.objects.count() == 4


@pytest.mark.parametrize("hx", [False, True])
def test_a_post_changed_here_is_in_the_history_from_the_staffing_page(signed_in, baseline, option, hx):
    post = baseline["HR officer"]
    client = signed_in("officer")
    client.post(url("staffing_post_update", post.pk), form_of(post, salary="34,000"), **(HTMX if hx else {}))
    who, what, change = history_rows(client.get(reverse("appraisal_history", args=[SLUG])))[0][1:]
    assert who.endswith("Source: Staffing page")
    assert "HR officer" in what and change.endswith("→ £34,000")


def test_bad_input_without_javascript_shows_the_page_with_the_error_summary(signed_in, baseline, option):
    post = baseline["HR officer"]
    r = signed_in("officer").post(url("staffing_post_update", post.pk), form_of(post, fte="-1", chosen=option.pk))
    html = unescape(r.content.decode())
    assert r.status_code == 200 and "<title>Error: Staffing" in html
    assert f'<a href="#id_post-{post.pk}-fte">Post: FTE: {staff.NEGATIVE_FTE}</a>' in html
    assert f'id="post-{post.pk}-form"' in html  # the row stays open with what was typed
    post.refresh_from_db()
    assert post.fte == 1


@pytest.mark.parametrize(
    ("field", "message"),
    [("grade", "Choose one of the appraisal's grades"), ("council", "Choose one of the appraisal's councils")],
)
def test_an_unknown_grade_or_council_is_refused_beside_its_field(signed_in, baseline, option, field, message):
    post = baseline["HR officer"]
    r, html = sent(signed_in("officer"), "staffing_post_update", form_of(post, **{field: 999999}), post.pk)
    assert f'id="id_post-{post.pk}-{field}-error"><span class="visually-hidden">Error:</span> {message}' in html
    post.refresh_from_db()
    assert post.version == 1
