"""Wagtail admin of bureaus: the Bureau snippet (on organizations.services) and the screen of pending
profile changes that a reviewer or the leader in charge approves."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView, EditView, HistoryView, SnippetViewSet

from gongkai.accounts import permissions
from gongkai.accounts.wagtail_policy import RolePermissionPolicy, ScopedViewSetMixin

from . import services
from .models import Bureau


class BureauPermissionPolicy(RolePermissionPolicy):
    """Wagtail's "change" is either action on a bureau: its public profile or its structure."""

    CHANGE = (services.PROFILE, services.STRUCTURE)

    def user_has_permission(self, user, action):
        if action == "change":
            return any(permissions.can(user, ours) for ours in self.CHANGE)
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change":
            return any(permissions.can(user, ours, instance) for ours in self.CHANGE)
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_permission_for(self, user, action):
        if action == "change":
            every = self.model._default_manager.all()
            scopes = [permissions.scope(user, ours, every).values("pk") for ours in self.CHANGE]
            return every.filter(Q(pk__in=scopes[0]) | Q(pk__in=scopes[1]))
        return super().instances_user_has_permission_for(user, action)


class BureauAdminForm(WagtailAdminModelForm):
    """Only the fields the user may change (services.editable_fields); an editor edits the pending proposal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bureau = self.instance if self.instance.pk else None
        allowed = services.editable_fields(self.for_user, bureau)
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        if bureau is not None and not self.is_bound:
            for name, value in services.proposed_values(bureau).items():
                if name in self.fields:
                    self.initial[name] = value


def _saved_or_invalid(view, form, save):
    try:
        return save(form)
    except ValidationError as error:
        for name, messages_ in getattr(error, "message_dict", {None: error.messages}).items():
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
        return view.form_invalid(form)


class BureauEditView(EditView):
    update = None

    def get(self, request, *args, **kwargs):
        if self.object.profile_changes.filter(status="pending").exists() and permissions.can(
            request.user, services.PROFILE, self.object
        ):
            messages.warning(
                request,
                _("A change to the public profile waits for approval: the form shows the proposed values."),
            )
        return super().get(request, *args, **kwargs)

    def save_instance(self):
        stored = Bureau.objects.get(pk=self.object.pk)  # the form has already applied its values to self.object
        data = {name: self.form.cleaned_data[name] for name in self.form.fields}
        self.update = services.bureau_update(acting_user=self.request.user, bureau=stored, request=self.request, **data)
        return self.update.bureau

    def form_valid(self, form):
        return _saved_or_invalid(self, form, super().form_valid)

    def get_success_message(self):
        if self.update is not None and self.update.proposal is not None:
            return _(
                "Your change to the public profile of %(bureau)s waits for a reviewer or the leader in charge "
                "to approve it."
            ) % {"bureau": self.object.name}
        return super().get_success_message()


class BureauCreateView(CreateView):
    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in self.form.fields}
        return services.bureau_create(acting_user=self.request.user, request=self.request, **data)

    def form_valid(self, form):
        return _saved_or_invalid(self, form, super().form_valid)


class BureauHistoryView(HistoryView):
    """A bureau's history is audit data: the audit administrator reads it in the audit log, nobody here."""

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "core.view_audit")
        return super().dispatch(request, *args, **kwargs)


def _panel(*names):
    return [FieldPanel(name) for name in names]


class BureauViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Bureau
    icon = "site"
    menu_label = gettext_lazy("Bureaus")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "code", "kind", "parent", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    edit_view_class = BureauEditView
    add_view_class = BureauCreateView
    history_view_class = BureauHistoryView
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(_panel(*services.STRUCTURE_FIELDS), heading=gettext_lazy("Identity and supervision")),
            MultiFieldPanel(
                _panel("address", "postcode", "phone", "fax", "email", "office_hours"), heading=gettext_lazy("Contact")
            ),
            MultiFieldPanel(
                _panel("leader_name", "leader_title", "disclosure_office", "disclosure_phone", "disclosure_email"),
                heading=gettext_lazy("Leader in charge and disclosure office"),
            ),
        ],
        base_form_class=BureauAdminForm,
    )


class ProfileChangesView(WagtailAdminTemplateMixin, TemplateView):
    """Pending changes to the public profile of the user's bureau: approve or reject (four eyes)."""

    template_name = "organizations/profile_changes.html"
    page_title = gettext_lazy("Bureau profile changes")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "organizations.review_profile_change")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for change in services.pending_changes_for(self.request.user):
            refusal = permissions.four_eyes_refusal(self.request.user, change.bureau, authors=change.author_ids)
            labels = {f.name: f.verbose_name for f in Bureau._meta.fields}
            diff = [(labels.get(name, name), before, after) for name, (before, after) in change.changes.items()]
            rows.append({"change": change, "diff": diff, "refusal": refusal})
        context["rows"] = rows
        return context

    def post(self, request, *args, **kwargs):
        change = get_object_or_404(services.pending_changes_for(request.user), pk=request.POST.get("change"))
        try:
            if request.POST.get("decision") == "approve":
                services.profile_change_approve(acting_user=request.user, change=change, request=request)
                messages.success(request, _("The change is approved and public."))
            else:
                services.profile_change_reject(
                    acting_user=request.user, change=change, note=request.POST.get("note", ""), request=request
                )
                messages.success(request, _("The change is rejected."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except permissions.FourEyesDenied as error:
            messages.error(request, str(error))
        return redirect("organizations_profile_changes")
