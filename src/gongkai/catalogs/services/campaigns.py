"""Putting catalogs under a compilation campaign.

Owns the rule that only the city supervisor (catalogs.manage_campaign) assigns the catalogs of
the city's bureaus to a campaign; a catalog keeps its campaign through revisions otherwise.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.accounts import permissions

from .. import selectors
from ..models import Campaign, Catalog
from .base import _record


@transaction.atomic
def campaign_assign(*, campaign: Campaign, acting_user, bureaus=None) -> int:
    """Put the catalogs of the city's bureaus (or the given ones) under `campaign`."""
    permissions.require(acting_user, "catalogs.manage_campaign", campaign)
    qs = Catalog.objects.filter(bureau__in=selectors.Bureau.objects.descendants_of(campaign.city))
    if bureaus is not None:
        qs = qs.filter(bureau__in=bureaus)
    count = qs.exclude(campaign=campaign).update(campaign=campaign, updated_at=timezone.now())
    _record("campaign.assign", user=acting_user, instance=campaign, data={"catalogs": count})
    return count
