"""Wagtail permission policy that asks the Gongkai permission module.

Wagtail's admin views (snippets, model viewsets) ask their `permission_policy`; this one
maps each Wagtail action ("add", "change", "delete", "publish", ...) to one of our actions
and answers through `permissions.can()` / `permissions.scope()`. Unmapped actions are refused.
"""

import functools

from django.contrib.auth import get_user_model
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import BasePermissionPolicy

from . import permissions

# Wagtail action -> our action, for Wagtail's user and group admin (registered in wagtail_users).
USER_ACTIONS = {
    "add": "accounts.manage_user",
    "change": "accounts.manage_user",
    "delete": "accounts.manage_user",
    "view": "accounts.view_user",
}
GROUP_ACTIONS = dict.fromkeys(("add", "change", "delete", "view"), "accounts.manage_group")


class RolePermissionPolicy(BasePermissionPolicy):
    def __init__(self, model, actions: dict[str, str]):
        super().__init__(model)
        self.actions = actions

    def _our(self, action):
        return self.actions.get(action)

    def user_has_permission(self, user, action):
        ours = self._our(action)
        return bool(ours) and permissions.can(user, ours)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        ours = self._our(action)
        return bool(ours) and permissions.can(user, ours, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        ours = self._our(action)
        if not ours:
            return self.model._default_manager.none()
        return permissions.scope(user, ours, self.model._default_manager.all())

    def instances_user_has_any_permission_for(self, user, actions):
        result = self.model._default_manager.none()
        for action in actions:
            result = result | self.instances_user_has_permission_for(user, action)
        return result.distinct()

    def users_with_any_permission(self, actions):
        users = [
            u.pk for u in get_user_model().objects.filter(is_active=True) if self.user_has_any_permission(u, actions)
        ]
        return get_user_model().objects.filter(pk__in=users)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])

    def users_with_any_permission_for_instance(self, actions, instance):
        users = [
            u.pk
            for u in get_user_model().objects.filter(is_active=True)
            if self.user_has_any_permission_for_instance(u, actions, instance)
        ]
        return get_user_model().objects.filter(pk__in=users)

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission_for_instance([action], instance)


class ScopedObjectViewMixin:
    """Put in front of every view of a scoped viewset: per-object checks through the policy.

    Wagtail's generic views check the *model-level* permission only ("may change some guide").
    This mixin adds the object-level answer of the permission module: an object the user may
    not even see is a 404 (another county's draft is not acknowledged), an object the user may
    see but not act on is a 403. Index views list only the objects in the user's scope.
    """

    scoped_policy = None

    def _scoped_actions(self):
        return list(self.scoped_policy.actions)

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get(getattr(self, "pk_url_kwarg", "pk"))
        if pk is not None and self.scoped_policy is not None:
            from django.contrib.admin.utils import unquote
            from django.core.exceptions import PermissionDenied
            from django.http import Http404

            model = self.scoped_policy.model
            obj = model._default_manager.filter(pk=unquote(str(pk))).first()
            if obj is not None:
                user = request.user
                policy = self.scoped_policy
                if not policy.user_has_any_permission_for_instance(user, self._scoped_actions(), obj):
                    raise Http404
                required = getattr(self, "permission_required", None)
                if required and not policy.user_has_permission_for_instance(user, required, obj):
                    raise PermissionDenied
                any_required = getattr(self, "any_permission_required", None)
                if any_required and not policy.user_has_any_permission_for_instance(user, any_required, obj):
                    raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedIndexViewMixin(ScopedObjectViewMixin):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        allowed = self.scoped_policy.instances_user_has_any_permission_for(self.request.user, self._scoped_actions())
        return queryset.filter(pk__in=allowed.values("pk"))


class ScopedChooserMixin:
    """Chooser views (/admin/snippets/choose/...) list and return only what the user may view.

    Wagtail's chooser views read the model's whole table; here every chooser query goes through the
    model's registered policy (`permissions.scope()` for a RolePermissionPolicy). No policy: nothing.
    """

    def _in_scope(self, queryset):
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(self.model_class)
        if not isinstance(policy, RolePermissionPolicy):
            return queryset.none()
        allowed = policy.instances_user_has_permission_for(self.request.user, "view")
        return queryset.filter(pk__in=allowed.values("pk"))

    def get_object_list(self):
        return self._in_scope(super().get_object_list())

    def get_object(self, pk):
        return self._in_scope(self.model_class._default_manager.all()).get(pk=pk)

    def get_objects(self, pks):
        return self._in_scope(super().get_objects(pks))

    def can_create(self):
        return False  # objects are created on their own screens, through their services


@functools.cache
def _scoped_chooser_viewset_class():
    from wagtail.snippets.views import chooser

    def scoped(view_class):
        return type(f"Scoped{view_class.__name__}", (ScopedChooserMixin, view_class), {})

    return type(
        "ScopedSnippetChooserViewSet",
        (chooser.SnippetChooserViewSet,),
        {
            "choose_view_class": scoped(chooser.ChooseView),
            "choose_results_view_class": scoped(chooser.ChooseResultsView),
            "chosen_view_class": scoped(chooser.SnippetChosenView),
            "chosen_multiple_view_class": scoped(chooser.SnippetChosenMultipleView),
            "create_view_class": scoped(chooser.SnippetCreateView),
        },
    )


class ScopedChooserViewSetMixin:
    """For every snippet viewset: its chooser is scoped (see ScopedChooserMixin)."""

    @property
    def chooser_viewset_class(self):
        return _scoped_chooser_viewset_class()


class ScopedViewSetMixin(ScopedChooserViewSetMixin):
    """For Wagtail (snippet or model) viewsets whose permission policy is a RolePermissionPolicy.

    Every view the viewset builds gets the object-level checks of `ScopedObjectViewMixin`; the
    chooser is scoped too.
    """

    def construct_view(self, view_class, **kwargs):
        from wagtail.admin.views.generic.models import IndexView

        policy = self.permission_policy
        if isinstance(policy, RolePermissionPolicy):
            mixin = ScopedIndexViewMixin if issubclass(view_class, IndexView) else ScopedObjectViewMixin
            view_class = type(f"Scoped{view_class.__name__}", (mixin, view_class), {"scoped_policy": policy})
        return super().construct_view(view_class, **kwargs)


class PermissionMenuItem(MenuItem):
    """A Wagtail menu item shown only to users the permission module allows `action`."""

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def is_shown(self, request):
        return permissions.can(request.user, self.action)
