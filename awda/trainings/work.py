"""The "my work" item of trainings: sessions held with no attendance recorded yet."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import has_capability
from awda.accounts.models import User
from awda.accounts.roles import Capability
from awda.trainings.models import Attendance, TrainingSession
from awda.trainings.selectors import cycles_visible_to
from awda.web.registry import WorkItem


def training_work(user: User) -> list[WorkItem]:
    if not has_capability(user, Capability.RECORD_ASSISTANCE):
        return []
    cycles = cycles_visible_to(user)
    n = (
        TrainingSession.objects.filter(cycle__in=cycles, held_on__lte=timezone.localdate())
        .exclude(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .count()
    )
    if not n and not cycles.exists():
        return []
    return [
        WorkItem(
            _("Orientation and trainings"),
            _("Training sessions held without an attendance sheet"),
            n,
            reverse("trainings:index"),
        )
    ]
