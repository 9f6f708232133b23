"""Who may see and change what. One place for the role rules, used by every view and command.

- Programme admin (a superuser, or the admin role): everything.
- Officer of a council: reads the appraisals their council is in; edits their own council's baselines
  and deficits, and the savings assumptions of those appraisals.
- Member (councillor): reads the appraisals their council is in; edits nothing.
- Anyone else sees no appraisal: views answer 404, never the data.
"""

from django.db.models import QuerySet
from django.http import Http404

from appraisal.models import Appraisal
from councils.models import Council, UserRole

ADMIN, OFFICER, MEMBER = UserRole.Role.ADMIN, UserRole.Role.OFFICER, UserRole.Role.MEMBER


def role_of(user) -> UserRole | None:
    """The user's role, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_appraise_role"):
        user._appraise_role = UserRole.objects.select_related("council").filter(user=user).first()
    return user._appraise_role


def is_programme_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    role = role_of(user)
    return bool(user.is_superuser or (role and role.role == ADMIN))


def home_council(user) -> Council | None:
    role = role_of(user)
    return role.council if role else None


def appraisals_visible_to(user) -> QuerySet[Appraisal]:
    if is_programme_admin(user):
        return Appraisal.objects.all()
    council = home_council(user)
    if council is None:
        return Appraisal.objects.none()
    return Appraisal.objects.filter(memberships__council=council)


def can_view_appraisal(user, appraisal: Appraisal) -> bool:
    return appraisals_visible_to(user).filter(pk=appraisal.pk).exists()


def is_officer_in(user, appraisal: Appraisal) -> bool:
    role = role_of(user)
    return bool(
        role
        and role.role == OFFICER
        and role.council_id
        and appraisal.memberships.filter(council_id=role.council_id).exists()
    )


def can_edit_council_figures(user, council: Council, appraisal: Appraisal | None = None) -> bool:
    """Baselines and deficits: a programme admin, or an officer of that council (in that appraisal, if given)."""
    if is_programme_admin(user):
        return True
    role = role_of(user)
    if not (role and role.role == OFFICER and role.council_id == council.pk):
        return False
    return appraisal is None or appraisal.memberships.filter(council=council).exists()


def can_edit_assumptions(user, appraisal: Appraisal) -> bool:
    """Savings ranges, scopes and (later) scenarios: a programme admin or an officer of a partner council."""
    return is_programme_admin(user) or is_officer_in(user, appraisal)


def editable_council_ids(user, appraisal: Appraisal, council_ids) -> set[int]:
    if is_programme_admin(user):
        return set(council_ids)
    role = role_of(user)
    if role and role.role == OFFICER and role.council_id in set(council_ids):
        return {role.council_id}
    return set()


def appraisal_for_user_or_404(user, slug: str) -> Appraisal:
    """The appraisal if this user may see it; otherwise 404, so its existence is not given away."""
    appraisal = appraisals_visible_to(user).filter(slug=slug).distinct().first()
    if appraisal is None:
        raise Http404("No appraisal with that address.")
    return appraisal


def appraisal_editable_or_403(user, slug: str, refusal: str) -> Appraisal:
    """The appraisal, if this user may change its assumptions (an officer of a partner council, a programme admin):
    outsiders get 404, anyone else who may see it 403 with `refusal`."""
    from django.core.exceptions import PermissionDenied

    appraisal = appraisal_for_user_or_404(user, slug)
    if not can_edit_assumptions(user, appraisal):
        raise PermissionDenied(refusal)
    return appraisal
