from django.urls import path

from . import views

app_name = "concerns"

urlpatterns = [path("b/<slug:code>/concerns/", views.concern_list, name="list")]
