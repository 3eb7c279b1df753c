"""The record that the demo dataset was loaded, so that loading again changes nothing."""

from django.db import models


class DemoLoad(models.Model):
    """One row per database: which demo version was loaded, and how each extension went.

    `extensions` maps an app's demo module to {"ok": bool, "seconds": float, "error": str};
    a later `awda load-demo` runs again only the extensions that failed or are new.
    """

    # One row only: a second loader running at the same time fails on this unique key
    # instead of loading the demo twice.
    key = models.CharField(max_length=20, unique=True, default="demo")
    version = models.CharField(max_length=20)
    seed = models.IntegerField()
    history_today = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    extensions = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        when = f"{self.finished_at:%Y-%m-%d %H:%M}" if self.finished_at else "(incomplete)"
        return f"demo v{self.version} loaded {when}"
