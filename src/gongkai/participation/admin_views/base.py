"""What the staff screens of participation share: the frame (title, crumbs under "Consultations"),
looking an object up for a user (something the user may not see is a 404, something the user may not do
a 403), the bureaus a user may act for, the screen each published kind lives on, stored uploads, and
the index of the bureau's consultations, decision catalogs and hearings.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.documents.models import Document

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen

from .. import models, selectors
from ..actions import CHANGE, VIEW
from ..services import publication


def render(request, template: str, title: str, context: dict, crumbs=()):
    section = ("participation_admin:index", _("Consultations"))
    return render_admin_screen(request, template, title, context, section=section, icon="comment", crumbs=crumbs)


def get(request, model, pk: int, action: str = VIEW):
    obj = get_object_or_404(model, pk=pk)
    if not permissions.can(request.user, VIEW, obj):
        raise Http404
    if action != VIEW and not permissions.can(request.user, action, obj):
        raise PermissionDenied
    return obj


def bureaus(request, action=CHANGE):
    bureaus = permissions.active_bureaus(request.user, action)
    if not bureaus.exists():
        raise PermissionDenied
    return bureaus


def home(obj) -> str:
    if isinstance(obj, models.AdoptionSummary):
        return reverse("participation_admin:consultation", args=[obj.consultation_id])
    if isinstance(obj, models.HearingMinutes):
        return reverse("participation_admin:hearing", args=[obj.hearing_id])
    return reverse(f"participation_admin:{publication.entity(obj)}", args=[obj.pk])


def document(upload, user, title: str):
    return Document.objects.create(title=title, file=upload, uploaded_by_user=user) if upload else None


def index(request):
    if not permissions.can(request.user, VIEW):
        raise PermissionDenied
    return render(
        request,
        "participation/admin/index.html",
        _("Public participation"),
        {
            "consultations": selectors.for_staff(request.user, models.Consultation).order_by("-opens")[:200],
            "catalogs": selectors.for_staff(request.user, models.DecisionCatalog).order_by("-year", "bureau__code")[
                :200
            ],
            "hearings": selectors.for_staff(request.user, models.Hearing).order_by("-held_at")[:200],
            "may_create": permissions.can(request.user, CHANGE),
        },
    )
