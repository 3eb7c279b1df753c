"""Demo data for reports: nothing of its own, but the fact table must be rebuilt once the
other apps have bulk-loaded their records (bulk_create sends no signals)."""

from awda.reports.services import facts_rebuild


def load_demo(ctx) -> None:
    rows = facts_rebuild()
    ctx.log(f"reports: fact table rebuilt ({rows} persons in cases)")
