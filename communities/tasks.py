"""Celery tasks of the communities app: thin, they call the services."""

from celery import shared_task


@shared_task(name="communities.run_export")
def run_export(job_id: int) -> str | None:
    """Write the file of export job ``job_id`` (communities.exports.export_job_run)."""
    from .exports import export_job_run

    job = export_job_run(job_id=job_id)
    return job.status if job is not None else None
