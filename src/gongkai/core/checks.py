"""System checks of the platform (run by `manage.py check`; the `deploy` ones by `check --deploy`)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .intake import check_failed_entries


@register(Tags.security, deploy=True)
def check_no_active_superuser(app_configs=None, **kwargs):
    """三员分立: in production no account may bypass the roles (GB/T 22239-2019 安全管理中心).

    Superusers skip every permission check; production runs with the three separate
    administrator roles only. Deactivate or demote superusers after bootstrap.
    """
    from django.contrib.auth import get_user_model

    try:
        names = list(
            get_user_model().objects.filter(is_superuser=True, is_active=True).values_list("username", flat=True)[:10]
        )
    except DatabaseError:  # not migrated yet, or no database: nothing to check
        return []
    if not names:
        return []
    return [
        Warning(
            f"Active superuser accounts exist: {', '.join(names)}.",
            hint="Superusers bypass the role checks and the separation of the system, security and audit "
            "administrators. Deactivate them or clear is_superuser (manage.py shell, or the user admin).",
            id="gongkai.W001",
        )
    ]


register(check_failed_entries)  # gongkai.W102: acknowledged public submissions the worker could not register
