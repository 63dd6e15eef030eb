"""Wagtail's users app, configured with Gongkai's user admin (INSTALLED_APPS lists this class).

Wagtail's default user forms offer an "Administrator" (superuser) switch and group
membership; ours create and change accounts through `accounts.services` and manage roles
as memberships. The permission policies of users and groups ask the permission module.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "gongkai.accounts.viewsets.UserViewSet"

    def ready(self):
        super().ready()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from wagtail.permissions import register_permission_policy

        from .wagtail_policy import GROUP_ACTIONS, USER_ACTIONS, RolePermissionPolicy

        register_permission_policy(get_user_model(), RolePermissionPolicy(get_user_model(), USER_ACTIONS))
        register_permission_policy(Group, RolePermissionPolicy(Group, GROUP_ACTIONS))
