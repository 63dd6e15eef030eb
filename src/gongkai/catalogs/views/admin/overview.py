"""The overview screens: every catalog the user may see with status and lateness, the government
reviewer's queue, and the city supervisor's campaign assignment.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions

from ... import selectors, services
from ...models import Campaign
from .common import _detail_url, _render, _show_errors


def index(request):
    """Every catalog the user may see, with status and lateness (the city's view of the county's)."""
    if not permissions.can(request.user, "catalogs.view_catalog"):
        raise PermissionDenied
    bureaus = selectors.bureaus_visible_to(request.user)
    rows = selectors.status_rows(bureaus)
    if len(rows) == 1 and permissions.can(request.user, "catalogs.change_catalog", rows[0].bureau):
        return redirect(_detail_url(rows[0].bureau))
    return _render(
        request,
        "catalogs/admin/index.html",
        _("Standard catalogs"),
        {
            "rows": rows,
            "queue": list(selectors.review_queue(request.user)),
            "late_count": sum(1 for r in rows if r.is_late),
            "campaigns": list(
                permissions.scope(request.user, "catalogs.manage_campaign", Campaign.objects.filter(is_active=True))
            ),
        },
    )


@require_POST
def campaign_assign(request, pk):
    """The city supervisor puts every catalog of the city's bureaus under a campaign."""
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        count = services.campaign_assign(campaign=campaign, acting_user=request.user)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(
            request, _("%(n)s catalogs now follow “%(campaign)s”.") % {"n": count, "campaign": campaign.name}
        )
    return redirect(reverse("catalogs_admin:index"))


def queue(request):
    """The government reviewer's queue: catalogs waiting for a decision."""
    if not permissions.can(request.user, "catalogs.review_catalog"):
        raise PermissionDenied
    return _render(
        request,
        "catalogs/admin/queue.html",
        _("Catalogs to review"),
        {"queue": list(selectors.review_queue(request.user))},
    )
