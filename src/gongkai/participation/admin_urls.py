from django.urls import path

from .admin_views import base, consultations, decisions, hearings, review

app_name = "participation_admin"

urlpatterns = [
    path("", base.index, name="index"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/comments.xlsx", consultations.comments_export, name="comments_export"),
    path("comments/<int:pk>/moderate/", consultations.comment_moderate, name="comment_moderate"),
    path("comments/<int:pk>/classify/", consultations.comment_classify, name="comment_classify"),
    path("consultations/<int:pk>/summary/", consultations.summary_edit, name="summary"),
    path("catalogs/new/", decisions.catalog_create, name="catalog_create"),
    path("catalogs/<int:pk>/", decisions.catalog_detail, name="catalog"),
    path("hearings/new/", hearings.hearing_create, name="hearing_create"),
    path("hearings/<int:pk>/", hearings.hearing_detail, name="hearing"),
    path("<str:entity>/<int:pk>/submit/", review.submit, name="submit"),
    path("<str:entity>/<int:pk>/review/", review.review, name="review"),
]
