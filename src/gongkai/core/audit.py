"""Write audit records. Every service that changes data calls `audit.record()`.

Event names follow `<app>.<entity>.<verb>` (e.g. `accounts.user.login_failed`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models.signals import post_save
from django.utils import timezone

from .models import AuditLogEntry, AuditResult
from .request_context import client_ip, current_ip, current_user, request_context  # noqa: F401 (the audit helpers)


def entry(
    action: str,
    *,
    user=None,
    instance=None,
    bureau_code: str = "",
    request=None,
    result: str = AuditResult.SUCCESS,
    data: dict[str, Any] | None = None,
    label: str = "",
    username: str = "",
) -> AuditLogEntry:
    """One audit record, not saved yet (`record` saves it; `record_many` saves a batch in one insert)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    content_type = None
    object_id = ""
    if instance is not None:
        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        object_id = str(instance.pk)
        label = label or str(instance)
        if not bureau_code:
            code = getattr(instance, "audit_bureau_code", "")
            bureau_code = code() if callable(code) else code
    return AuditLogEntry(
        content_type=content_type,
        object_id=object_id,
        label=label or action,
        action=action,
        data=data or {},
        timestamp=timezone.now(),
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        bureau_code=bureau_code or "",
        ip_address=client_ip(request) or current_ip(),
        result=result,
    )


def record(action: str, **kwargs) -> AuditLogEntry:
    """Append one audit record. `instance` is optional (e.g. a failed login for an unknown name).
    Keyword arguments as `entry`."""
    log = entry(action, **kwargs)
    log.save(force_insert=True)
    return log


_UNCHECKED = ("content_type", "user", "revision")
# The fields whose values are hashable (not the JSON data): validated once per distinct value in a batch.
_CHECKED_FIELDS = [
    f
    for f in AuditLogEntry._meta.concrete_fields
    if f.name not in _UNCHECKED and not f.primary_key and f.get_internal_type() != "JSONField"
]


def record_many(entries: list[AuditLogEntry]) -> None:
    """Append audit records built by `entry` in one insert (bulk writes, e.g. the records bulk API).
    Validated as `AuditLogEntry.save` validates one (a registered action, field lengths), but for the
    foreign keys, which `entry` took from saved objects. Listeners of `post_save` hear each record as if it
    had been saved alone (bulk_create sends no signal): the publisher re-renders what the batch published."""
    checked: set[tuple[str, object]] = set()  # (field, value) pairs already validated: a batch repeats most
    for log in entries:
        values = [(f.attname, getattr(log, f.attname)) for f in _CHECKED_FIELDS]
        log.clean_fields(exclude=[*_UNCHECKED, *(name for name, value in values if (name, value) in checked)])
        checked.update(values)
        log.clean()
    AuditLogEntry.objects.bulk_create(entries)
    using = router.db_for_write(AuditLogEntry)
    for log in entries:
        post_save.send(sender=AuditLogEntry, instance=log, created=True, update_fields=None, raw=False, using=using)


def register_labels(labels: dict[str, Any]) -> None:
    """Name these audit events in Wagtail's history views and site history report (call from an
    app's wagtail_hooks module)."""
    from wagtail import hooks

    def register(actions):
        for action, label in labels.items():
            actions.register_action(action, label, label)

    hooks.register("register_log_actions", register)
