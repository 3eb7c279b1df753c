"""What the web pages need to remember between two requests."""

from django.conf import settings
from django.db import models


class IntakeSubmission(models.Model):
    """The one-time token of an intake form, kept once the form registered its case.

    A second submission of the same form (double click, resend after a time-out, a second
    tab) finds the token taken and is sent to the case the first one created, instead of
    registering the group twice.
    """

    token = models.UUIDField(unique=True)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, null=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
