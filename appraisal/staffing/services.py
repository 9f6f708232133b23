"""Writes of the staffing structures (issue 18): posts, grades, an option's staffing settings and consultation
checklist, a council's on-costs and redundancy policy. Each validates before it saves, atomically; the browser,
the workbook and the demo fixtures all write through these."""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from appraisal.models import Appraisal, ConsultationStep, Grade, Option, Post
from appraise.writes import StaleEdit, check_version, delete_as, save_if_changed
from councils.models import Council

POST_FIELDS = (
    "title",
    "cluster",
    "grade",
    "council",
    "fte",
    "salary",
    "on_cost_pct",
    "cost_split",
    "shares",
    "continues",
    "holder_age",
    "holder_years_service",
    "pension_member",
)
GRADE_FIELDS = ("name", "average_age", "average_years_service")
COUNCIL_FIELDS = ("employer_ni_pct", "pension_contribution_pct", "redundancy_multiplier", "redundancy_on_actual_pay")
OPTION_FIELDS = ("host_employer", "share_leaving_costs")

ERR_GRADE_IN_USE = "Posts are on this grade: move them to another grade first."
ERR_BAU_STRUCTURE = "Business as usual keeps today's structure: it has no proposed one."
ERR_STRUCTURE_NOT_EMPTY = "This option already has posts in its proposed structure."
ERR_HOST_NOT_PARTNER = "The host employer must be one of the appraisal's councils."


def _appraisal_locked(appraisal_id: int) -> Appraisal:
    """Every write to an appraisal's structures takes this lock first, so that two edits never interleave."""
    return Appraisal.objects.select_for_update().get(pk=appraisal_id)


def _structure_option(appraisal: Appraisal, option_id: int | None) -> Option | None:
    if option_id is None:
        return None
    option = appraisal.options.filter(pk=option_id).first()
    if option is None:
        raise ValidationError({"option": "That option is not on this appraisal's short list."})
    if option.business_as_usual:
        raise ValidationError({"option": ERR_BAU_STRUCTURE})
    return option


def _post_values(values: dict) -> dict:
    values = {k: v for k, v in values.items() if k in POST_FIELDS}
    if "title" in values:
        values["title"] = values["title"].strip()
    if "shares" in values:
        values["shares"] = {code: f"{pct}" for code, pct in (values["shares"] or {}).items()}
    return values


@transaction.atomic
def post_create(*, appraisal: Appraisal, option_id: int | None, values: dict, user) -> Post:
    """A new post at the end of the baseline structure (option_id None) or of an option's proposed one."""
    appraisal = _appraisal_locked(appraisal.pk)
    option = _structure_option(appraisal, option_id)
    last = Post.objects.filter(appraisal=appraisal, option=option).aggregate(last=models.Max("position"))["last"]
    post = Post(appraisal=appraisal, option=option, position=0 if last is None else last + 1)
    save_if_changed(post, _post_values(values), user=user)
    return post


def _post_locked(appraisal: Appraisal, post_id: int) -> Post | None:
    return Post.objects.select_for_update().filter(appraisal=appraisal, pk=post_id).first()


@transaction.atomic
def post_update(*, appraisal: Appraisal, post_id: int, values: dict, version: int | None, user) -> Post:
    """Change a post, refused if someone changed (or removed) it since `version`."""
    appraisal = _appraisal_locked(appraisal.pk)
    post = _post_locked(appraisal, post_id)
    if post is None:
        raise StaleEdit(Post(appraisal=appraisal, title=""))
    check_version(post, version)
    save_if_changed(post, _post_values(values), user=user)
    return post


@transaction.atomic
def post_delete(*, appraisal: Appraisal, post_id: int, version: int | None, user) -> Post | None:
    """Remove a post (a baseline post's successors in the options then carry on nothing: they become new posts).
    Returns the post removed, or None if it was already gone."""
    appraisal = _appraisal_locked(appraisal.pk)
    post = _post_locked(appraisal, post_id)
    if post is None:
        return None
    check_version(post, version)
    delete_as(post, user)
    return post


@transaction.atomic
def structure_from_baseline(*, appraisal: Appraisal, option_id: int, user) -> list[Post]:
    """Start an option's proposed structure as a copy of today's: each post carrying on the one it copies, so that
    officers then delete, merge and add posts from there."""
    appraisal = _appraisal_locked(appraisal.pk)
    option = _structure_option(appraisal, option_id)
    if Post.objects.filter(option=option).exists():
        raise ValidationError(ERR_STRUCTURE_NOT_EMPTY)
    made = []
    for today in Post.objects.filter(appraisal=appraisal, option=None).order_by("position", "pk"):
        post = Post(appraisal=appraisal, option=option, position=today.position)
        values = {name: getattr(today, name) for name in POST_FIELDS if not name.startswith("holder_")}
        values |= {"continues": today, "pension_member": True}
        save_if_changed(post, values, user=user)
        made.append(post)
    return made


# --- Grades ------------------------------------------------------------------------------------------------


@transaction.atomic
def grade_save(*, appraisal: Appraisal, values: dict, grade_id: int | None = None, user) -> Grade:
    """Add a grade (grade_id None) or change one."""
    appraisal = _appraisal_locked(appraisal.pk)
    values = {k: v for k, v in values.items() if k in GRADE_FIELDS}
    if "name" in values:
        values["name"] = values["name"].strip()
    if grade_id is None:
        last = appraisal.grades.aggregate(last=models.Max("position"))["last"]
        grade = Grade(appraisal=appraisal, position=0 if last is None else last + 1)
    else:
        grade = appraisal.grades.select_for_update().get(pk=grade_id)
    save_if_changed(grade, values, user=user)
    return grade


@transaction.atomic
def grade_delete(*, appraisal: Appraisal, grade_id: int, user) -> None:
    appraisal = _appraisal_locked(appraisal.pk)
    grade = appraisal.grades.filter(pk=grade_id).first()
    if grade is None:
        return
    if grade.posts.exists():
        raise ValidationError(ERR_GRADE_IN_USE)
    delete_as(grade, user)


# --- An option's staffing settings, a council's policy ------------------------------------------------------


@transaction.atomic
def option_staffing_update(*, option_id: int, values: dict, user) -> Option:
    """The host employer (staff transfer to it under TUPE) and whether the partners share leaving costs."""
    option = Option.objects.select_for_update().select_related("appraisal").get(pk=option_id)
    values = {k: v for k, v in values.items() if k in OPTION_FIELDS}
    host = values.get("host_employer")
    if host is not None and not option.appraisal.councils.filter(pk=host.pk).exists():
        raise ValidationError({"host_employer": ERR_HOST_NOT_PARTNER})
    save_if_changed(option, values, user=user)
    return option


@transaction.atomic
def consultation_step_set(*, option_id: int, step: str, done_on, note: str = "", user) -> ConsultationStep:
    """Record a consultation step of the option as done on a date (None: not done yet), with a note."""
    option = Option.objects.select_for_update().get(pk=option_id)
    row = option.consultation_steps.filter(step=step).first() or ConsultationStep(option=option, step=step)
    save_if_changed(row, {"done_on": done_on, "note": note.strip()}, user=user)
    return row


@transaction.atomic
def council_staffing_update(*, council_id: int, values: dict, user) -> Council:
    """A council's on-costs (employer's National Insurance, pension contributions) and redundancy policy."""
    council = Council.objects.select_for_update().get(pk=council_id)
    save_if_changed(council, {k: v for k, v in values.items() if k in COUNCIL_FIELDS}, user=user)
    return council
