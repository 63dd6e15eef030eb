from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("b/<slug:code>/surveys/", views.survey_list, name="list"),
    path("b/<slug:code>/surveys/<int:pk>/", views.survey_answer, name="answer"),
    path("b/<slug:code>/surveys/<int:pk>/results/", views.survey_results, name="results"),
]
