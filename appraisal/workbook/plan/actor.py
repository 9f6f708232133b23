"""Who is importing: the role rules for one import, worked out once from appraisal.permissions."""

from dataclasses import dataclass

from appraisal import permissions
from appraisal.models import Appraisal
from councils.models import Council


@dataclass(frozen=True)
class Actor:
    """The role rules for one import (see actor_for)."""

    is_admin: bool
    editable_codes: frozenset[str] | None  # councils whose figures may change; None: every council
    can_edit_assumptions: bool


ADMIN = Actor(is_admin=True, editable_codes=None, can_edit_assumptions=True)


def actor_for(user, appraisal: Appraisal | None) -> Actor:
    """A programme admin (or the command line, user None) may change everything; an officer their own council."""
    if user is None or permissions.is_programme_admin(user):
        return ADMIN
    if appraisal is None:
        return Actor(is_admin=False, editable_codes=frozenset(), can_edit_assumptions=False)
    member_ids = list(appraisal.memberships.values_list("council_id", flat=True))
    editable = permissions.editable_council_ids(user, appraisal, member_ids)
    codes = frozenset(Council.objects.filter(id__in=editable).values_list("code", flat=True))
    return Actor(
        is_admin=False,
        editable_codes=codes,
        can_edit_assumptions=permissions.can_edit_assumptions(user, appraisal),
    )
