"""One rule for every write service: validate, and save only if something changed.

Saving an unchanged row would add an audit entry and raise its version for nothing, so loading the
same fixture or importing an unchanged workbook twice must leave the database exactly as it was.
"""

from django.db import models


def save_if_changed(obj: models.Model, values: dict, *, user=None) -> bool:
    """Set `values` on `obj`, validate, and save if it is new or any value differs. Returns True if saved.

    Models with a `version` field get it raised on every save of an existing row (optimistic locking).
    """
    changed = obj._state.adding or any(getattr(obj, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    if not changed:
        return False
    if not obj._state.adding and hasattr(obj, "version"):
        obj.version += 1
    if user is not None and hasattr(obj, "updated_by"):
        obj.updated_by = user
    if user is not None:
        obj._history_user = user
    obj.save()
    return True
