"""Staff URLs of records, mounted under /admin/records/ by wagtail_hooks (namespace "records_admin")."""

from django.urls import path

from . import admin_revisions, admin_tokens
from . import admin_views as views

app_name = "records_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("due/", views.dashboard, name="dashboard"),
    path("tokens/", admin_tokens.tokens, name="tokens"),
    path("tokens/<int:token_pk>/revoke/", admin_tokens.token_revoke, name="token_revoke"),
    path("tokens/auto-approval/", admin_tokens.auto_approval, name="auto_approval"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/change/approve/", views.approve_change, name="approve_change"),
    path("<int:pk>/change/reject/", views.reject_change, name="reject_change"),
    path("<int:pk>/cancel-schedule/", views.cancel_schedule, name="cancel_schedule"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/mask/", views.mask, name="mask"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/attachments/<int:attachment_pk>/replace/", views.attachment_replace, name="attachment_replace"),
    path("<int:pk>/revisions/<int:old_id>/<int:new_id>/", admin_revisions.compare, name="compare"),
]
