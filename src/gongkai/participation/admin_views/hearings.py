"""Staff screens of hearings and forums (听证会、座谈会): creating one, selecting the registered
participants and publishing the list (with the confidentiality check), the materials' delivery, the
signed record and the minutes. The rules are in `services/hearings.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.admin_screens import show_errors
from gongkai.core.forms import ReviewDecisionForm

from .. import admin_forms, models
from ..actions import CHANGE
from ..services import hearings
from .base import bureaus, document, get, render


def hearing_create(request):
    form = admin_forms.HearingForm(request.POST or None, bureaus=bureaus(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bureau = data.pop("bureau")
        try:
            hearing = hearings.hearing_save(bureau=bureau, fields=data, acting_user=request.user, request=request)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            return redirect("participation_admin:hearing", pk=hearing.pk)
    return render(request, "participation/admin/form.html", _("New hearing or forum"), {"form": form})


def hearing_detail(request, pk: int):
    hearing = get(request, models.Hearing, pk)
    materials = admin_forms.MaterialsForm(request.POST or None, prefix="materials")
    held = admin_forms.HeldForm(request.POST or None, request.FILES or None, prefix="held")
    minutes_form = admin_forms.MinutesForm(request.POST or None, prefix="minutes")
    review = ReviewDecisionForm(request.POST or None, prefix="participants")
    if request.method == "POST":
        user = request.user
        try:
            if "select" in request.POST:
                hearings.select(
                    hearing=hearing, selected_ids=request.POST.getlist("selected"), acting_user=user, request=request
                )
            elif "publish_participants" in request.POST and review.is_valid():
                hearings.publish_participants(
                    hearing=hearing,
                    acting_user=user,
                    confidentiality_result=review.cleaned_data["confidentiality_result"],
                    notes=review.cleaned_data["confidentiality_notes"],
                    request=request,
                )
            elif "materials" in request.POST and materials.is_valid():
                hearings.record_materials(
                    hearing=hearing,
                    delivered_on=materials.cleaned_data["materials_delivered_on"],
                    acting_user=user,
                    request=request,
                )
            elif "held" in request.POST and held.is_valid():
                signed = document(
                    held.cleaned_data["signed_record"], user, _("Signed record: %(title)s") % {"title": hearing.title}
                )
                hearings.record_held(hearing=hearing, signed_record=signed, acting_user=user, request=request)
            elif "minutes" in request.POST and minutes_form.is_valid():
                hearings.minutes_save(
                    hearing=hearing, body=minutes_form.cleaned_data["body"], acting_user=user, request=request
                )
            else:
                raise ValidationError(_("Check the form."))
        except ValidationError as exc:
            show_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("participation_admin:hearing", pk=hearing.pk)
    return render(
        request,
        "participation/admin/hearing.html",
        hearing.title,
        {
            "h": hearing,
            "registrations": hearing.registrations.all(),
            "minutes": getattr(hearing, "minutes", None),
            "materials": materials,
            "held_form": held,
            "minutes_form": minutes_form,
            "review": review,
            "materials_deadline": hearings.materials_deadline(hearing),
            "may_change": permissions.can(request.user, CHANGE, hearing),
        },
    )
