"""Staff screens of service items in the Wagtail admin: the list per bureau, a new item, editing the working
guide (materials with their form templates, FAQ, catalog links), submitting, and approving or returning.

Thin: each screen asks the permission module for what to show (an item the user may not see is a 404) and
calls one service; the service refuses what the user may not do (four eyes on approval).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.documents.models import Document

from gongkai.accounts import permissions
from gongkai.catalogs.models import CatalogItem
from gongkai.core.admin_screens import render_admin_screen, review_screen, show_errors
from gongkai.organizations.models import Bureau

from . import selectors, services, tasks
from .admin_forms import CatalogLinkForm, FaqFormSet, GuideForm, ItemCreateForm, MaterialFormSet
from .models import GuideStatus, Handbook, HandbookStatus, ServiceItem
from .rules import APPROVE_GUIDE, CHANGE_ITEM, VIEW_ITEM


def _render(request, template: str, title: str, context: dict, crumbs=()):
    section = ("service_items_admin:index", _("Service guides"))
    return render_admin_screen(request, template, title, context, section=section, icon="help", crumbs=crumbs)


def _item(request, pk: int) -> ServiceItem:
    item = get_object_or_404(ServiceItem.objects.select_related("bureau", "live_guide"), pk=pk)
    if not permissions.can(request.user, VIEW_ITEM, item):
        raise Http404
    return item


def index(request):
    if not permissions.can(request.user, VIEW_ITEM):
        raise PermissionDenied
    items = list(selectors.items_for_staff(request.user).order_by("bureau__code", "position", "code"))
    working = {g.item_id: g for item in items for g in [services.working_guide(item)] if g is not None}
    rows = [{"item": item, "working": working.get(item.pk)} for item in items]
    handbooks = list(permissions.scope(request.user, VIEW_ITEM, Handbook.objects.select_related("bureau")))
    return _render(
        request,
        "service_items/admin/index.html",
        _("Service guides"),
        {
            "rows": rows,
            "handbooks": handbooks,
            "building": any(h.status in (HandbookStatus.QUEUED, HandbookStatus.BUILDING) for h in handbooks),
            "may_create": permissions.can(request.user, CHANGE_ITEM),
        },
    )


@require_POST
def handbook_rebuild(request, code: str):
    bureau = get_object_or_404(Bureau, code=code)
    permissions.require(request.user, CHANGE_ITEM, bureau)
    tasks.request_rebuild(bureau=bureau)
    messages.success(request, _("The handbook is being rebuilt."))
    return redirect("service_items_admin:index")


def item_create(request):
    bureaus = permissions.active_bureaus(request.user, CHANGE_ITEM)
    if not bureaus.exists():
        raise PermissionDenied
    form = ItemCreateForm(request.POST or None, bureaus=bureaus)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(**form.cleaned_data, acting_user=request.user, request=request)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The item is created. Write its guide."))
            return redirect("service_items_admin:edit", pk=item.pk)
    return _render(request, "service_items/admin/create.html", _("New service item"), {"form": form})


def _material_initial(guide) -> list[dict]:
    return [
        {
            "name": m.name,
            "form": m.form,
            "count": m.count,
            "required": m.required,
            "condition": m.condition,
            "template_id": m.template_id,
        }
        for m in guide.materials.all()
    ]


def _materials_from(formset, user) -> list[dict]:
    materials = []
    for row in formset.cleaned_data:
        if not row or row.get("DELETE"):
            continue
        template = None
        if row.get("template_file"):
            upload = row["template_file"]
            template = Document.objects.create(title=row["name"], file=upload, uploaded_by_user=user)
        elif row.get("template_id") and not row.get("remove_template"):
            template = Document.objects.filter(pk=row["template_id"]).first()
        materials.append(
            {
                "name": row["name"],
                "form": row["form"],
                "count": row["count"],
                "required": row["required"],
                "condition": row["condition"],
                "template": template,
            }
        )
    return materials


def guide_edit(request, pk: int):
    item = _item(request, pk)
    if not permissions.can(request.user, CHANGE_ITEM, item):
        raise PermissionDenied
    guide = services.working_guide(item) or item.live_guide
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = GuideForm(data, instance=guide)
    materials = MaterialFormSet(data, files, prefix="materials", initial=_material_initial(guide))
    faq = FaqFormSet(data, prefix="faq", initial=guide.faq)
    catalog_items = CatalogItem.objects.filter(catalog__bureau=item.bureau, removed_at__isnull=True)
    links = CatalogLinkForm(data, queryset=catalog_items, initial={"catalog_items": item.catalog_items.all()})
    if request.method == "POST" and all(f.is_valid() for f in (form, materials, faq, links)):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        fields["faq"] = [
            {"question": r["question"], "answer": r["answer"]} for r in faq.cleaned_data if r and not r.get("DELETE")
        ]
        try:
            services.guide_save(
                item=item,
                fields=fields,
                materials=_materials_from(materials, request.user),
                acting_user=request.user,
                request=request,
            )
            services.item_set_catalog_items(
                item=item, catalog_items=links.cleaned_data["catalog_items"], acting_user=request.user, request=request
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The guide is saved. Submit it for approval when it is complete."))
            return redirect("service_items_admin:edit", pk=item.pk)
    elif request.method == "POST":
        messages.error(request, _("The guide was not saved: correct the fields marked below."))
    working = services.working_guide(item)
    return _render(
        request,
        "service_items/admin/edit.html",
        _("Guide: %(name)s") % {"name": item.name},
        {
            "item": item,
            "guide": working or guide,
            "form": form,
            "materials": materials,
            "faq": faq,
            "links": links,
            "versions": item.guides.select_related("created_by", "approved_by").order_by("-number"),
            "problems": services.guide_problems(working) if working else [],
            "may_submit": working is not None and working.status == GuideStatus.DRAFT,
            "may_review": working is not None and permissions.can(request.user, APPROVE_GUIDE, item),
        },
    )


@require_POST
def guide_submit(request, pk: int):
    item = _item(request, pk)
    guide = services.working_guide(item)
    if guide is None:
        raise Http404
    try:
        services.guide_submit(guide=guide, acting_user=request.user, request=request)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("The guide is submitted. A reviewer or the leader of the bureau approves it."))
    return redirect("service_items_admin:edit", pk=item.pk)


def guide_review(request, pk: int):
    item = _item(request, pk)
    guide = services.working_guide(item)
    common = {"guide": guide, "acting_user": request.user, "request": request}
    return review_screen(
        request,
        waiting=guide is not None and guide.status == GuideStatus.SUBMITTED,
        not_waiting=_("No guide of this item is waiting for approval."),
        back=reverse("service_items_admin:edit", args=[item.pk]),
        allowed=permissions.can(request.user, APPROVE_GUIDE, item),
        approve=lambda **check: services.guide_approve(**common, **check),
        send_back=lambda reason: services.guide_return(**common, reason=reason),
        approved=_("The guide is approved and published."),
        returned=_("The guide is returned to its authors."),
        done=reverse("service_items_admin:index"),
        render=lambda form: _render(
            request,
            "service_items/admin/review.html",
            _("Approve the guide: %(name)s") % {"name": guide.name},
            {"item": item, "guide": guide, "form": form, "may_approve": services.may_approve(request.user, guide)},
            crumbs=[(reverse("service_items_admin:edit", args=[item.pk]), item.name)],
        ),
    )
