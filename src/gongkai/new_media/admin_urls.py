from django.urls import path

from . import admin_views

app_name = "new_media_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("apply/", admin_views.apply, name="apply"),
    path("applications/<int:pk>/", admin_views.application_detail, name="application"),
    path("posts/", admin_views.record_post, name="post"),
    path("posts/import/", admin_views.import_posts, name="import"),
]
