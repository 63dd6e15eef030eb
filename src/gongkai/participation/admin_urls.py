from django.urls import path

from . import admin_views

app_name = "participation_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("consultations/new/", admin_views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", admin_views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/comments.xlsx", admin_views.comments_export, name="comments_export"),
    path("comments/<int:pk>/moderate/", admin_views.comment_moderate, name="comment_moderate"),
    path("comments/<int:pk>/classify/", admin_views.comment_classify, name="comment_classify"),
    path("consultations/<int:pk>/summary/", admin_views.summary_edit, name="summary"),
    path("catalogs/new/", admin_views.catalog_create, name="catalog_create"),
    path("catalogs/<int:pk>/", admin_views.catalog_detail, name="catalog"),
    path("hearings/new/", admin_views.hearing_create, name="hearing_create"),
    path("hearings/<int:pk>/", admin_views.hearing_detail, name="hearing"),
    path("<str:entity>/<int:pk>/submit/", admin_views.submit, name="submit"),
    path("<str:entity>/<int:pk>/review/", admin_views.review, name="review"),
]
