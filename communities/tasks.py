"""Celery tasks of the communities app: thin, they call the services."""

from celery import shared_task


@shared_task(name="communities.run_export")
def run_export(job_id: int) -> str | None:
    """Write the file of export job ``job_id`` (communities.exports.export_job_run)."""
    from .exports import export_job_run

    job = export_job_run(job_id=job_id)
    return job.status if job is not None else None


@shared_task(name="communities.fail_stuck_exports")
def fail_stuck_exports() -> list[int]:
    """Run by celery beat: background exports stuck past EXPORT_JOB_STUCK_MINUTES fail."""
    from .exports import export_jobs_fail_stuck

    return export_jobs_fail_stuck()


@shared_task(name="communities.expire_export_files")
def expire_export_files() -> list[int]:
    """Run by celery beat: files of exports older than EXPORT_JOB_KEEP_DAYS are deleted."""
    from .exports import export_jobs_expire

    return export_jobs_expire()
