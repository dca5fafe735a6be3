"""Background tasks of the platform as a whole (Django's tasks API; queued in the database, run by
``linli worker``)."""

from django_tasks import task

from .periodic import logger, run_all


@task()
def periodic() -> list[str]:
    """One round of every module's periodic job; the worker enqueues it every ``--interval`` seconds."""
    lines = run_all()
    for line in lines:
        logger.info(line)
    return lines
