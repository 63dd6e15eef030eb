"""Background work of the services (Django tasks; `manage.py db_worker` runs them): handbook rebuilds."""

from django.tasks import task


@task()
def rebuild_handbook(scope: str) -> int:
    """Rebuild the service handbook of `scope` (a bureau code or "city"); returns the number of guides."""
    from .handbook import rebuild

    return rebuild(scope).guide_count
