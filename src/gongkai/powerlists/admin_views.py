"""Staff screens of the lists: a bureau's current lists with their coverage, the import of a new version
(XLSX, all or nothing), the versions, and the mapping of one item to the catalog items that disclose it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen
from gongkai.organizations.models import Bureau

from . import selectors, services
from .models import ListItem, ListKind
from .rules import CHANGE_LIST, VIEW_LIST

SECTION = ("powerlists_admin:index", gettext_lazy("Power and service lists"))
ICON = "list-ul"


class ImportForm(forms.Form):
    list_kind = forms.ChoiceField(label=gettext_lazy("List"), choices=ListKind.choices)
    file = forms.FileField(label=gettext_lazy("XLSX file"))


def _bureaus(user) -> list[Bureau]:
    return list(permissions.scope(user, VIEW_LIST, Bureau.objects.filter(is_active=True)).order_by("code"))


def index(request):
    if not permissions.can(request.user, VIEW_LIST):
        raise PermissionDenied
    bureaus = _bureaus(request.user)
    if not bureaus:
        raise PermissionDenied
    code = request.GET.get("bureau") or bureaus[0].code
    bureau = next((b for b in bureaus if b.code == code), None)
    if bureau is None:
        raise PermissionDenied
    return _screen(request, bureau, bureaus, ImportForm())


def _screen(request, bureau, bureaus, form, status=200):
    lists = [(label, selectors.current_items(bureau, kind)) for kind, label in ListKind.choices]
    return render_admin_screen(
        request,
        "powerlists/admin/index.html",
        str(SECTION[1]),
        {
            "bureau": bureau,
            "bureaus": bureaus,
            "lists": lists,
            "versions": selectors.versions_of(bureau),
            "coverage": selectors.coverage(bureau),
            "form": form,
            "may_change": permissions.can(request.user, CHANGE_LIST, bureau),
        },
        section=SECTION,
        icon=ICON,
        status=status,
    )


@require_POST
def import_list(request, code):
    bureau = get_object_or_404(Bureau, code=code)
    permissions.require(request.user, CHANGE_LIST, bureau)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.import_list(
                acting_user=request.user,
                bureau=bureau,
                list_kind=form.cleaned_data["list_kind"],
                data=upload.read(),
                filename=upload.name,
                request=request,
            )
        except ValidationError as exc:
            for message in exc.messages[:30]:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Version %(n)s imported with %(count)s items.") % {"n": version.number, "count": version.item_count},
            )
            return redirect(reverse("powerlists_admin:index") + f"?bureau={bureau.code}")
    return _screen(request, bureau, _bureaus(request.user), form, status=400)


class MappingForm(forms.Form):
    catalog_items = forms.MultipleChoiceField(
        label=gettext_lazy("Catalog items that disclose it"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalog_items"].choices = choices


def item_mapping(request, pk):
    item = get_object_or_404(ListItem.objects.select_related("version__bureau"), pk=pk)
    bureau = item.version.bureau
    permissions.require(request.user, CHANGE_LIST, bureau)
    choices = [(str(c.pk), str(c)) for c in selectors.catalog_item_choices(bureau)]
    initial = [str(pk) for pk in item.catalog_items.values_list("pk", flat=True)]
    form = MappingForm(request.POST or None, choices=choices, initial={"catalog_items": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_catalog_items(
                acting_user=request.user,
                item=item,
                catalog_item_ids=form.cleaned_data["catalog_items"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The mapping of %(code)s was saved.") % {"code": item.code})
            return redirect(reverse("powerlists_admin:index") + f"?bureau={bureau.code}")
    return render_admin_screen(
        request,
        "powerlists/admin/mapping.html",
        f"{item.code} {item.name}",
        {"item": item, "bureau": bureau, "form": form},
        section=SECTION,
        icon=ICON,
        crumbs=[(reverse("powerlists_admin:index") + f"?bureau={bureau.code}", bureau.short_name)],
    )
