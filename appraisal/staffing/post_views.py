"""The structures' small forms: add a post (to today's structure or an option's proposed one), change one, remove
one, and start an option's proposed structure from today's. Each change is refused if the post changed since the
form showed it (its version), and answers with its structure's section and the recalculated figures."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from appraisal import formatting as fmt
from appraisal.models import Post
from appraisal.staffing import services
from appraisal.staffing.forms import PostForm
from appraisal.staffing.pages import staffing_page_build
from appraisal.staffing.views import answer, editable_appraisal, save
from appraise.htmx import HtmxHttpRequest, int_or_none


def _post_text(post: Post) -> str:
    return f"“{post.title}” ({post.council.code}, {post.fte.normalize():f} FTE at {fmt.money(post.salary)})"


def _post_now(post: Post) -> str | None:
    return None if post.pk is None else _post_text(post)


def _form(request, page, key: str, baseline: bool) -> PostForm:
    return PostForm(
        request.POST,
        auto_id=f"id_{key}-%s",
        baseline=baseline,
        clusters=page.clusters,
        grades=page.grades,
        councils=page.councils,
        today=[] if baseline else page.baseline_posts,
    )


def _shown(request, option_id) -> int | None:
    """The option the page shows: the structure's own, or (for today's) the one chosen when the form was sent."""
    return option_id or int_or_none(request.POST.get("chosen"))


def _section(option_id) -> tuple[str, tuple[str, ...]]:
    """The section a structure's edit answers with, and those it changes too."""
    if option_id is None:
        return "baseline", ("proposed", "figures")
    return "proposed", ("figures",)


@require_POST
@login_required
def staffing_post_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A new post at the end of today's structure (no option posted) or of the option's proposed one."""
    appraisal = editable_appraisal(request, slug)
    option_id = int_or_none(request.POST.get("option"))
    page = staffing_page_build(
        appraisal=appraisal, user=request.user, editable=True, option_id=_shown(request, option_id)
    )
    key = "post-new" if option_id is None else "proposed-new"
    form = _form(request, page, key, option_id is None)

    def write() -> str:
        post = services.post_create(appraisal=appraisal, option_id=option_id, values=form.values(), user=request.user)
        return f"Added the post {_post_text(post)}."

    saved, stale = save(form, write, _post_now)
    section, also = _section(option_id)
    return answer(
        request, appraisal=appraisal, option_id=_shown(request, option_id), key=key, form=form, saved=saved,
        stale=stale, section=section, also=also, anchor=key,
    )  # fmt: skip


@require_POST
@login_required
def staffing_post_update(request: HtmxHttpRequest, slug: str, post_pk: int) -> HttpResponse:
    appraisal = editable_appraisal(request, slug)
    post = Post.objects.filter(appraisal=appraisal, pk=post_pk).first()
    option_id = post.option_id if post else int_or_none(request.POST.get("option"))
    page = staffing_page_build(
        appraisal=appraisal, user=request.user, editable=True, option_id=_shown(request, option_id)
    )
    key = f"post-{post_pk}"
    form = _form(request, page, key, option_id is None)

    def write() -> str:
        changed = services.post_update(
            appraisal=appraisal,
            post_id=post_pk,
            values=form.values(),
            version=int_or_none(request.POST.get("version")) or 0,
            user=request.user,
        )
        return f"Saved the post {_post_text(changed)}."

    saved, stale = save(form, write, _post_now, id=post_pk)
    section, also = _section(option_id)
    return answer(
        request, appraisal=appraisal, option_id=_shown(request, option_id), key=key, form=form, saved=saved,
        stale=stale, section=section, also=also, anchor=key if post else f"section-{section}",
    )  # fmt: skip


@require_POST
@login_required
def staffing_post_delete(request: HtmxHttpRequest, slug: str, post_pk: int) -> HttpResponse:
    """Remove a post; removing a proposed post that carries on one of today's makes that post's holder a leaver."""
    appraisal = editable_appraisal(request, slug)
    post = Post.objects.filter(appraisal=appraisal, pk=post_pk).first()
    option_id = post.option_id if post else int_or_none(request.POST.get("option"))
    key = f"post-{post_pk}"

    def write() -> str:
        removed = services.post_delete(
            appraisal=appraisal,
            post_id=post_pk,
            version=int_or_none(request.POST.get("version")) or 0,
            user=request.user,
        )
        return f"Removed the post {_post_text(removed)}." if removed else "That post had already been removed."

    saved, stale = save(None, write, _post_now, id=post_pk)
    section, also = _section(option_id)
    return answer(
        request, appraisal=appraisal, option_id=_shown(request, option_id), key=key, form=None, saved=saved,
        stale=stale, section=section, also=also,
    )  # fmt: skip


@require_POST
@login_required
def staffing_from_baseline(request: HtmxHttpRequest, slug: str, option_pk: int) -> HttpResponse:
    """Start the option's proposed structure as a copy of today's, each post carrying on the one it copies."""
    appraisal = editable_appraisal(request, slug)

    def write() -> str:
        made = services.structure_from_baseline(appraisal=appraisal, option_id=option_pk, user=request.user)
        return f"Copied today's {len(made)} posts into the proposed structure: now change, remove or add posts."

    saved, stale = save(None, write, _post_now)
    return answer(
        request, appraisal=appraisal, option_id=option_pk, key="structure", form=None, saved=saved, stale=stale,
        section="proposed", also=("figures",),
    )  # fmt: skip
