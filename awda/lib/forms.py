"""What every form view does with a service's answer: its errors go next to the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (the rest above the
    form), so the user sees the error where they typed and keeps what they typed."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class service_errors:  # noqa: N801 - used as a statement, like contextlib.suppress
    """Call a service inside `with service_errors(form) as call:`; a refusal
    (ValidationError, PermissionDenied) is put on the form instead of propagating, and
    `call.ok` says whether the service went through::

        with service_errors(form) as call:
            services.consent_give(actor=request.user, case=case, ...)
        if call.ok:
            return redirect(...)
        # else: render the form again, with the errors next to the fields
    """

    def __init__(self, form: forms.Form) -> None:
        self.form = form
        self.ok = False

    def __enter__(self) -> service_errors:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.ok = True
            return False
        if issubclass(exc_type, ValidationError):
            add_service_errors(self.form, exc)
            return True
        if issubclass(exc_type, PermissionDenied):
            self.form.add_error(None, str(exc) or _("Your role does not allow this action."))
            return True
        return False
