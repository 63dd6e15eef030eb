"""The staff screen of application progress: the bureau's applications (latest first), each with its events and
its push log, contacts masked. Read only: applications and events come from the business systems."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen

from . import selectors
from .rules import VIEW_APPLICATION

PAGE = 50


def index(request):
    if not permissions.can(request.user, VIEW_APPLICATION):
        raise PermissionDenied
    applications = list(
        selectors.applications_for_staff(request.user)
        .prefetch_related("events", "pushes", "subscriptions")
        .order_by("-created_at")[:PAGE]
    )
    return render_admin_screen(
        request,
        "applications/admin/index.html",
        _("Application progress"),
        {"applications": applications},
        section=("applications_admin:index", _("Application progress")),
        icon="time",
    )
