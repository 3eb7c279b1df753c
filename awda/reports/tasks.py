"""Background work of the reports app (inline with the ImmediateBackend, by a worker in
production): exports and the fact-table rebuild."""

from django_tasks import task


@task()
def export_report(export_id: str) -> None:
    from awda.reports.exporters import run_export

    run_export(export_id)


@task()
def rebuild_facts() -> int:
    from awda.reports.services import facts_rebuild

    return facts_rebuild()
