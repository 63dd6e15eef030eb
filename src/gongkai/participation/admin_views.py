"""Staff screens of participation in the Wagtail admin: the bureau's consultations (comments, moderation,
classification, export, adoption summary), decision catalogs and hearings, and one review screen for
everything that is published (four eyes).

Thin: each screen asks the permission module what to show (something the user may not see is a 404) and
calls one service; the service refuses what the user may not do.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents.models import Document

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau

from . import admin_forms, models, selectors
from .actions import APPROVE, CHANGE, MODERATE, VIEW
from .services import comments, consultations, decisions, hearings, publication

ENTITIES = {
    "catalog": models.DecisionCatalog,
    "consultation": models.Consultation,
    "summary": models.AdoptionSummary,
    "hearing": models.Hearing,
    "minutes": models.HearingMinutes,
}


def _render(request, template: str, title: str, context: dict, crumbs=()) -> TemplateResponse:
    items = [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("participation_admin:index"), "label": _("Consultations")},
        *({"url": url, "label": label} for url, label in crumbs),
        {"url": "", "label": title},
    ]
    context.update({"page_title": title, "header_title": title, "header_icon": "comment", "breadcrumbs_items": items})
    return TemplateResponse(request, template, context)


def _get(request, model, pk: int, action: str = VIEW):
    obj = get_object_or_404(model, pk=pk)
    if not permissions.can(request.user, VIEW, obj):
        raise Http404
    if action != VIEW and not permissions.can(request.user, action, obj):
        raise PermissionDenied
    return obj


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _bureaus(request, action=CHANGE):
    bureaus = permissions.scope(request.user, action, Bureau.objects.filter(is_active=True)).order_by("code")
    if not bureaus.exists():
        raise PermissionDenied
    return bureaus


def _home(obj) -> str:
    if isinstance(obj, models.AdoptionSummary):
        return reverse("participation_admin:consultation", args=[obj.consultation_id])
    if isinstance(obj, models.HearingMinutes):
        return reverse("participation_admin:hearing", args=[obj.hearing_id])
    return reverse(f"participation_admin:{publication.entity(obj)}", args=[obj.pk])


def index(request):
    if not permissions.can(request.user, VIEW):
        raise PermissionDenied
    return _render(
        request,
        "participation/admin/index.html",
        _("Public participation"),
        {
            "consultations": selectors.for_staff(request.user, models.Consultation).order_by("-opens")[:200],
            "catalogs": selectors.for_staff(request.user, models.DecisionCatalog).order_by("-year", "bureau__code")[:200],
            "hearings": selectors.for_staff(request.user, models.Hearing).order_by("-held_at")[:200],
            "may_create": permissions.can(request.user, CHANGE),
        },
    )


def _document(upload, user, title: str):
    return Document.objects.create(title=title, file=upload, uploaded_by_user=user) if upload else None


def consultation_create(request):
    form = admin_forms.ConsultationForm(request.POST or None, request.FILES or None, bureaus=_bureaus(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bureau = data.pop("bureau")
        draft = _document(data.pop("draft_file"), request.user, _("Draft: %(title)s") % {"title": data["title"]})
        explanation = _document(
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
            _errors(request, exc)
        else:
            messages.success(request, _("The consultation is saved as a draft. Submit it for approval."))
            return redirect("participation_admin:consultation", pk=consultation.pk)
    return _render(request, "participation/admin/form.html", _("New consultation"), {"form": form, "multipart": True})


def consultation_detail(request, pk: int):
    consultation = _get(request, models.Consultation, pk)
    summary = getattr(consultation, "adoption_summary", None)
    return _render(
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
    consultation = _get(request, models.Consultation, pk)
    data = comments.comments_xlsx(consultation=consultation, acting_user=request.user, request=request)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="comments-{consultation.pk}.xlsx"'
    return response


@require_POST
def comment_moderate(request, pk: int):
    comment = _get(request, models.Comment, pk, MODERATE)
    comments.comment_moderate(comment=comment, publish="publish" in request.POST, acting_user=request.user, request=request)
    messages.success(request, _("Comment %(number)s moderated.") % {"number": comment.number})
    return redirect("participation_admin:consultation", pk=comment.consultation_id)


@require_POST
def comment_classify(request, pk: int):
    comment = _get(request, models.Comment, pk, MODERATE)
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
            _errors(request, exc)
        else:
            messages.success(request, _("Comment %(number)s classified.") % {"number": comment.number})
    return redirect("participation_admin:consultation", pk=comment.consultation_id)


def summary_edit(request, pk: int):
    consultation = _get(request, models.Consultation, pk, CHANGE)
    summary = getattr(consultation, "adoption_summary", None)
    form = admin_forms.SummaryForm(request.POST or None, initial={"body": summary.body if summary else ""})
    themes = summary.themes if summary else consultations.theme_table(consultation)[0]
    if request.method == "POST" and form.is_valid():
        reasons = {row["theme"]: request.POST.get(f"reasons-{i}", "") for i, row in enumerate(themes)}
        try:
            consultations.summary_prepare(
                consultation=consultation, acting_user=request.user, body=form.cleaned_data["body"], reasons=reasons, request=request
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The adoption summary is saved. Submit it for approval."))
            return redirect("participation_admin:consultation", pk=consultation.pk)
    return _render(
        request,
        "participation/admin/summary.html",
        _("Adoption summary: %(title)s") % {"title": consultation.title},
        {"form": form, "themes": themes, "c": consultation},
        crumbs=[(reverse("participation_admin:consultation", args=[consultation.pk]), consultation.title)],
    )


def catalog_create(request):
    form = admin_forms.CatalogForm(request.POST or None, bureaus=_bureaus(request))
    if request.method == "POST" and form.is_valid():
        try:
            catalog = decisions.catalog_create(**form.cleaned_data, acting_user=request.user, request=request)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect("participation_admin:catalog", pk=catalog.pk)
    return _render(request, "participation/admin/form.html", _("New decision catalog"), {"form": form})


def catalog_detail(request, pk: int):
    catalog = _get(request, models.DecisionCatalog, pk)
    form = admin_forms.MatterForm(request.POST or None, prefix="matter")
    party = admin_forms.PartyForm(request.POST or None, prefix="party", initial={"party_agreed_on": catalog.party_agreed_on})
    if request.method == "POST":
        try:
            if "party" in request.POST and party.is_valid():
                decisions.catalog_set_party_agreement(
                    catalog=catalog, agreed_on=party.cleaned_data["party_agreed_on"], acting_user=request.user, request=request
                )
                return redirect("participation_admin:catalog", pk=catalog.pk)
            if "matter" in request.POST and form.is_valid():
                decisions.matter_save(catalog=catalog, fields=form.cleaned_data, acting_user=request.user, request=request)
                return redirect("participation_admin:catalog", pk=catalog.pk)
        except ValidationError as exc:
            _errors(request, exc)
    return _render(
        request,
        "participation/admin/catalog.html",
        _("Major decision catalog %(year)s: %(bureau)s") % {"year": catalog.year, "bureau": catalog.bureau.name},
        {
            "catalog": catalog,
            "matters": catalog.matters.all(),
            "procedures": models.PROCEDURES,
            "form": form,
            "party": party,
            "may_change": permissions.can(request.user, CHANGE, catalog),
        },
    )


def hearing_create(request):
    form = admin_forms.HearingForm(request.POST or None, bureaus=_bureaus(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bureau = data.pop("bureau")
        try:
            hearing = hearings.hearing_save(bureau=bureau, fields=data, acting_user=request.user, request=request)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect("participation_admin:hearing", pk=hearing.pk)
    return _render(request, "participation/admin/form.html", _("New hearing or forum"), {"form": form})


def hearing_detail(request, pk: int):
    hearing = _get(request, models.Hearing, pk)
    materials = admin_forms.MaterialsForm(request.POST or None, prefix="materials")
    held = admin_forms.HeldForm(request.POST or None, request.FILES or None, prefix="held")
    minutes_form = admin_forms.MinutesForm(request.POST or None, prefix="minutes")
    review = admin_forms.ReviewForm(request.POST or None, prefix="participants")
    if request.method == "POST":
        user = request.user
        try:
            if "select" in request.POST:
                hearings.select(hearing=hearing, selected_ids=request.POST.getlist("selected"), acting_user=user, request=request)
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
                    hearing=hearing, delivered_on=materials.cleaned_data["materials_delivered_on"], acting_user=user, request=request
                )
            elif "held" in request.POST and held.is_valid():
                document = _document(held.cleaned_data["signed_record"], user, _("Signed record: %(title)s") % {"title": hearing.title})
                hearings.record_held(hearing=hearing, signed_record=document, acting_user=user, request=request)
            elif "minutes" in request.POST and minutes_form.is_valid():
                hearings.minutes_save(hearing=hearing, body=minutes_form.cleaned_data["body"], acting_user=user, request=request)
            else:
                raise ValidationError(_("Check the form."))
        except ValidationError as exc:
            _errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("participation_admin:hearing", pk=hearing.pk)
    return _render(
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


def _entity(request, entity: str, pk: int, action: str):
    model = ENTITIES.get(entity)
    if model is None:
        raise Http404
    return _get(request, model, pk, action)


@require_POST
def submit(request, entity: str, pk: int):
    obj = _entity(request, entity, pk, CHANGE)
    try:
        publication.submit(obj, acting_user=request.user, request=request)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Submitted for approval."))
    return redirect(_home(obj))


def review(request, entity: str, pk: int):
    obj = _entity(request, entity, pk, APPROVE)
    if obj.status != models.PubStatus.SUBMITTED:
        messages.info(request, _("Nothing is waiting for approval here."))
        return redirect(_home(obj))
    form = admin_forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if "return" in request.POST:
                publication.send_back(obj, acting_user=request.user, reason=form.cleaned_data["reason"], request=request)
                messages.success(request, _("Returned to the authors."))
            else:
                publication.approve(
                    obj,
                    acting_user=request.user,
                    confidentiality_result=form.cleaned_data["confidentiality_result"],
                    notes=form.cleaned_data["confidentiality_notes"],
                    request=request,
                )
                messages.success(request, _("Approved and published."))
            return redirect(_home(obj))
        except ValidationError as exc:
            _errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    return _render(
        request,
        "participation/admin/review.html",
        _("Approve for publication: %(title)s") % {"title": str(obj)},
        {"obj": obj, "form": form, "may_approve": publication.may_approve(request.user, obj), "back": _home(obj)},
    )
