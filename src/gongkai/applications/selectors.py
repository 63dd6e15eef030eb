"""Reads of application progress: the public look-up (number + code) and the staff lists."""

from __future__ import annotations

from gongkai.accounts import permissions

from .models import Application, ApplicationEvent, PushLog
from .services import hash_code


def application_lookup(number: str, code: str) -> Application | None:
    """The application with this number whose look-up code is `code`, or None. The code decides between bureaus
    that use the same number; nothing of an application is returned without its code."""
    number, code = (number or "").strip(), (code or "").strip()
    if not number or not code:
        return None
    return (
        Application.objects.select_related("bureau", "service_item")
        .filter(number=number, lookup_hash=hash_code(code))
        .first()
    )


def events_in_order(application: Application) -> list[ApplicationEvent]:
    return list(application.events.order_by("occurred_at", "id"))


def applications_for_staff(user):
    return permissions.scope(
        user, "applications.view_application", Application.objects.select_related("bureau", "service_item")
    )


def pushes_of(application: Application) -> list[PushLog]:
    return list(application.pushes.select_related("event").order_by("created_at", "id"))
