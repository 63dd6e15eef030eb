"""Background work of the services (Django tasks; `manage.py db_worker` runs them): handbook rebuilds.

Publishing a guide (`services.guide_published`) queues a rebuild of its bureau's handbook and of the
city-wide one (`request_rebuild`: the row says "queued" at once, the task runs after the commit).
"""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from gongkai.organizations.models import Bureau

from .handbook import rebuild, scope_of
from .models import Handbook, HandbookStatus


@task()
def rebuild_handbook(scope: str) -> int:
    """Rebuild the service handbook of `scope` (a bureau code or "city"); returns the number of guides."""
    return rebuild(scope).guide_count


def request_rebuild(*, bureau: Bureau | None) -> Handbook:
    """Mark the handbook of `bureau` (None: the city) as queued and enqueue its build after the commit."""
    scope = scope_of(bureau)
    handbook, _created = Handbook.objects.get_or_create(scope=scope, defaults={"bureau": bureau})
    Handbook.objects.filter(pk=handbook.pk).update(
        status=HandbookStatus.QUEUED, progress=0, requested_at=timezone.now(), error=""
    )
    transaction.on_commit(lambda: rebuild_handbook.enqueue(scope))
    handbook.refresh_from_db()
    return handbook


def on_guide_published(sender, *, item, guide, **kwargs) -> None:
    request_rebuild(bureau=item.bureau)
    request_rebuild(bureau=None)
