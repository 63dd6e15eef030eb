"""Staff screens of consultations (意见征集): creating one with its draft and explanation, its page (the
comments, their counts and the phase), moderating and classifying comments, the XLSX export of the
comments and the adoption summary. The rules are in `services/consultations.py` and `services/comments.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core.admin_screens import show_errors

from .. import admin_forms, models
from ..actions import APPROVE, CHANGE, MODERATE
from ..services import comments, consultations
from .base import bureaus, document, get, render


def consultation_create(request):
    form = admin_forms.ConsultationForm(request.POST or None, request.FILES or None, bureaus=bureaus(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bureau = data.pop("bureau")
        data["matter"] = data.get("matter")
        draft = document(data.pop("draft_file"), request.user, _("Draft: %(title)s") % {"title": data["title"]})
        explanation = document(
            data.pop("explanation_file"), request.user, _("Explanation: %(title)s") % {"title": data["title"]}
        )
        try:
            consultation = consultations.consultation_save(
                bureau=bureau,
                fields={**data, "draft": draft, "explanation": explanation},
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The consultation is saved as a draft. Submit it for approval."))
            return redirect("participation_admin:consultation", pk=consultation.pk)
    return render(request, "participation/admin/form.html", _("New consultation"), {"form": form, "multipart": True})


def consultation_detail(request, pk: int):
    consultation = get(request, models.Consultation, pk)
    summary = getattr(consultation, "adoption_summary", None)
    return render(
        request,
        "participation/admin/consultation.html",
        consultation.title,
        {
            "c": consultation,
            "phase": consultations.phase(consultation),
            "counts": comments.counts(consultation),
            "comments": consultation.comments.order_by("-created_at")[:500],
            "summary": summary,
            "summary_due": consultations.summary_due_on(consultation),
            "summary_late": consultations.summary_late(consultation),
            "may_change": permissions.can(request.user, CHANGE, consultation),
            "may_moderate": permissions.can(request.user, MODERATE, consultation),
            "may_approve": permissions.can(request.user, APPROVE, consultation),
            "classify_form": admin_forms.ClassifyForm(),
            "public_url": reverse("participation:consultation", args=[consultation.bureau.code, consultation.uid])
            if consultation.published_at
            else "",
        },
    )


def comments_export(request, pk: int):
    consultation = get(request, models.Consultation, pk)
    data = comments.comments_xlsx(consultation=consultation, acting_user=request.user, request=request)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="comments-{consultation.pk}.xlsx"'
    return response


@require_POST
def comment_moderate(request, pk: int):
    comment = get(request, models.Comment, pk, MODERATE)
    comments.comment_moderate(
        comment=comment, publish="publish" in request.POST, acting_user=request.user, request=request
    )
    messages.success(request, _("Comment %(number)s moderated.") % {"number": comment.number})
    return redirect("participation_admin:consultation", pk=comment.consultation_id)


@require_POST
def comment_classify(request, pk: int):
    comment = get(request, models.Comment, pk, MODERATE)
    form = admin_forms.ClassifyForm(request.POST)
    if form.is_valid():
        try:
            comments.comment_classify(
                comment=comment,
                theme=form.cleaned_data["theme"],
                adoption=form.cleaned_data["adoption"],
                reason=form.cleaned_data["adoption_reason"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Comment %(number)s classified.") % {"number": comment.number})
    return redirect("participation_admin:consultation", pk=comment.consultation_id)


def summary_edit(request, pk: int):
    consultation = get(request, models.Consultation, pk, CHANGE)
    summary = getattr(consultation, "adoption_summary", None)
    form = admin_forms.SummaryForm(request.POST or None, initial={"body": summary.body if summary else ""})
    themes = summary.themes if summary else consultations.theme_table(consultation)[0]
    if request.method == "POST" and form.is_valid():
        reasons = {row["theme"]: request.POST.get(f"reasons-{i}", "") for i, row in enumerate(themes)}
        try:
            consultations.summary_prepare(
                consultation=consultation,
                acting_user=request.user,
                body=form.cleaned_data["body"],
                reasons=reasons,
                request=request,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The adoption summary is saved. Submit it for approval."))
            return redirect("participation_admin:consultation", pk=consultation.pk)
    return render(
        request,
        "participation/admin/summary.html",
        _("Adoption summary: %(title)s") % {"title": consultation.title},
        {"form": form, "themes": themes, "c": consultation},
        crumbs=[(reverse("participation_admin:consultation", args=[consultation.pk]), consultation.title)],
    )
