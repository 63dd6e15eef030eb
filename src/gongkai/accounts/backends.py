"""Authentication and Django-permission bridge.

`RoleBackend.has_perm` answers Django/Wagtail permission checks from our roles through the
permission module, so Wagtail's menus and views obey the same rules as our own code.
"""

from django.contrib.auth.backends import ModelBackend

from . import permissions


class RoleBackend(ModelBackend):
    def user_can_authenticate(self, user):
        # A locked account cannot log in, even with the right password (GB/T 22239-2019 8.1.4.1 b).
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return {perm for perm in permissions.DJANGO_PERMS if self.has_perm(user_obj, perm)}

    def has_perm(self, user_obj, perm, obj=None):
        action = permissions.DJANGO_PERMS.get(perm)
        if action is None or not user_obj.is_active:
            return False
        if obj is not None:
            try:
                return permissions.can(user_obj, action, obj)
            except KeyError:
                return False
        return permissions.can(user_obj, action)

    def has_module_perms(self, user_obj, app_label):
        return any(
            perm.startswith(app_label + ".") and self.has_perm(user_obj, perm) for perm in permissions.DJANGO_PERMS
        )
