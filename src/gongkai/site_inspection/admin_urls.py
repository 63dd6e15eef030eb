from django.urls import path

from . import admin_views

app_name = "site_inspection_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("run/", admin_views.run_now, name="run"),
    path("rules/", admin_views.rule_list, name="rules"),
    path("rules/<int:pk>/", admin_views.rule_edit, name="rule"),
    path("<slug:code>/", admin_views.bureau_result, name="bureau"),
]
