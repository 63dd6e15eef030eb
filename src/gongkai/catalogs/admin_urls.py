"""Staff URLs, mounted under /admin/catalogs/ by wagtail_hooks (namespace "catalogs_admin")."""

from django.urls import path

from .views.admin import catalog, items, overview, review, versions

app_name = "catalogs_admin"

urlpatterns = [
    path("", overview.index, name="index"),
    path("queue/", overview.queue, name="queue"),
    path("campaigns/<int:pk>/assign/", overview.campaign_assign, name="campaign_assign"),
    path("<slug:code>/", catalog.detail, name="detail"),
    path("<slug:code>/adopt/", items.adopt, name="adopt"),
    path("<slug:code>/steps/<slug:action>/", catalog.move, name="move"),
    path("<slug:code>/items/add/", items.item_add, name="item_add"),
    path("<slug:code>/items/<uuid:key>/", items.item_edit, name="item_edit"),
    path("<slug:code>/items/<uuid:key>/remove/", items.item_remove, name="item_remove"),
    path("<slug:code>/items/<uuid:key>/move/<slug:direction>/", items.item_move, name="item_move"),
    path("<slug:code>/review/", review.review, name="review"),
    path("<slug:code>/versions/", versions.versions, name="versions"),
    path("<slug:code>/versions/<int:number>/", versions.version_detail, name="version"),
    path("<slug:code>/versions/<int:a>/compare/<int:b>/", versions.compare, name="compare"),
]
