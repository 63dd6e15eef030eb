"""Wagtail viewsets whose every view asks the permission module about the object itself.

Use these instead of Wagtail's SnippetViewSet / ModelViewSet for bureau-scoped models
registered with a `RolePermissionPolicy` (see `wagtail_policy.ScopedViewSetMixin`).
"""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .wagtail_policy import ScopedViewSetMixin


class ScopedSnippetViewSet(ScopedViewSetMixin, SnippetViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, ModelViewSet):
    pass
