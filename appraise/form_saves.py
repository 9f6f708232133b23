"""One small form's save, for every feature's views (staffing, realisation, benefits): run the write if the form is
valid, and put what refused it where the user reads it — a ValidationError beside the field it names, a colleague's
overtaking change (StaleEdit) or a concurrent save (WriteConflict) as the refusal beside the form."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.writes import StaleEdit, changed_by, last_change, stale_message


class ErrorList:
    """A form mixin: its errors as the error summary at the top of the page lists them."""

    def error_list(self) -> list[tuple[str, str]]:
        """(input id, message) of each error, for the error summary; "" for a form-wide one (it has no input)."""
        out = []
        for name, errors in self.errors.items():
            anchor = "" if name == "__all__" else self[name].auto_id
            out += [(anchor, message) for message in errors]
        return out


def errors_from(
    form: forms.Form, exc: ValidationError, *, labels: Mapping[str, str] | None = None, to_field=None
) -> None:
    """Put a service's ValidationError beside the form's fields, each message once (a model may give the same reason
    from a field's rule and from its own check). A field the form does not show goes on the form, named by `labels`;
    `to_field` moves a whole-form message to a field ({message: field name}, like a uniqueness rule's to the name)."""
    labels, to_field = labels or {}, to_field or {}
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, messages in by_field.items():
        for message in dict.fromkeys(messages):
            target = name if name in form.fields else to_field.get(message)
            label = labels.get(name, "") if target is None and name not in (None, NON_FIELD_ERRORS) else ""
            text = f"{label}: {message}" if label else message
            if text not in form.errors.get(target or NON_FIELD_ERRORS, []):
                form.add_error(target, text)


def stale_text(exc: StaleEdit, shown: Callable[[object], str | None] | None, **filters) -> str:
    """The refusal of an edit a colleague's change overtook, naming who and what the row holds now (`shown`)."""
    current = exc.current
    now = shown(current) if shown is not None and current.pk is not None else None
    record = last_change(current) if current.pk is not None else (last_change(current, **filters) if filters else None)
    return stale_message(*changed_by(record), shown=now, removed=now is None)


def save(
    form: forms.Form | None,
    write: Callable[[], str],
    shown: Callable[[object], str | None] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    to_field=None,
    **removed,
) -> tuple[str, str]:
    """Run `write` if the form is valid: (status line, "") when saved, ("", refusal) when a colleague's change or a
    concurrent save refused it; a ValidationError goes beside the form's fields (or, with no form, is the refusal)."""
    if form is not None and not form.is_valid():
        return "", ""
    try:
        with conflicts_refused():
            return write(), ""
    except ValidationError as exc:
        if form is None:
            return "", " ".join(exc.messages)
        errors_from(form, exc, labels=labels, to_field=to_field)
    except StaleEdit as exc:
        return "", stale_text(exc, shown, **removed)
    except WriteConflict as exc:
        return "", str(exc)
    return "", ""
