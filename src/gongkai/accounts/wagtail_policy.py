"""Wagtail permission policy that asks the Gongkai permission module.

Wagtail's admin views (snippets, model viewsets) ask their `permission_policy`; this one
maps each Wagtail action ("add", "change", "delete", "publish", ...) to one of our actions
and answers through `permissions.can()` / `permissions.scope()`. Unmapped actions are refused.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy

from . import permissions


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
        users = [u.pk for u in get_user_model().objects.filter(is_active=True) if self.user_has_any_permission(u, actions)]
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
