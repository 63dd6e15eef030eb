"""Staff URLs of supervision, mounted under /admin/supervision/ (namespace "supervision_admin")."""

from django.urls import path

from . import admin_evaluation, admin_filing, admin_views

app_name = "supervision_admin"

urlpatterns = [
    path("", admin_views.dashboard, name="dashboard"),
    path("b/<slug:code>/", admin_views.county, name="county"),
    path("b/<slug:code>/report/<int:year>/<int:quarter>/", admin_views.report, name="report"),
    path("b/<slug:code>/plan/<int:year>/", admin_filing.plan, name="plan"),
    path("b/<slug:code>/leader/", admin_filing.leader_activities, name="leader_activities"),
    path("b/<slug:code>/training/", admin_filing.training_sessions, name="training_sessions"),
    path("b/<slug:code>/findings/", admin_filing.findings, name="findings"),
    path("tasks/<int:pk>/done/", admin_filing.task_done, name="task_done"),
    path("findings/<int:pk>/rectify/", admin_filing.finding_rectify, name="finding_rectify"),
    path("findings/<int:pk>/verify/", admin_filing.finding_verify, name="finding_verify"),
    path("review/<slug:kind>/<int:pk>/", admin_views.review, name="review"),
    path("evaluation/", admin_views.evaluation_view, name="evaluation"),
    path("evaluation/scheme/", admin_evaluation.scheme, name="scheme"),
    path("evaluation/scores/", admin_evaluation.manual_scores, name="manual_scores"),
    path("evaluation/scores/set/", admin_evaluation.manual_score_set, name="manual_score_set"),
    path("inspections/", admin_evaluation.inspections, name="inspections"),
    path("inspections/<int:pk>/", admin_evaluation.inspection, name="inspection"),
    path("inspections/<int:pk>/change/", admin_evaluation.inspection_change, name="inspection_change"),
    path("inspections/<int:pk>/delete/", admin_evaluation.inspection_remove, name="inspection_delete"),
    path("bulletins/new/", admin_views.bulletin_draft, name="bulletin_draft"),
    path("bulletins/<int:pk>/", admin_views.bulletin_view, name="bulletin"),
    path("bulletins/<int:pk>/file.<slug:fmt>", admin_views.bulletin_file, name="bulletin_file"),
]
