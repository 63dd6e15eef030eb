"""Staff URLs, mounted under /admin/catalogs/ by wagtail_hooks (namespace "catalogs_admin")."""

from django.urls import path

from .views import admin as views

app_name = "catalogs_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("campaigns/<int:pk>/assign/", views.campaign_assign, name="campaign_assign"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/adopt/", views.adopt, name="adopt"),
    path("<slug:code>/steps/<slug:action>/", views.move, name="move"),
    path("<slug:code>/items/add/", views.item_add, name="item_add"),
    path("<slug:code>/items/<uuid:key>/", views.item_edit, name="item_edit"),
    path("<slug:code>/items/<uuid:key>/remove/", views.item_remove, name="item_remove"),
    path("<slug:code>/items/<uuid:key>/move/<slug:direction>/", views.item_move, name="item_move"),
    path("<slug:code>/review/", views.review, name="review"),
    path("<slug:code>/versions/", views.versions, name="versions"),
    path("<slug:code>/versions/<int:number>/", views.version_detail, name="version"),
    path("<slug:code>/versions/<int:a>/compare/<int:b>/", views.compare, name="compare"),
]
