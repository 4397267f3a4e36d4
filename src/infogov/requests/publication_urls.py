"""The public publication scheme at /publication-scheme/ (mounted in `infogov/urls.py`):
the Model Publication Scheme's classes with the council's Guide to Information."""

from django.urls import path

from infogov.requests import views as v

app_name = "publication"

urlpatterns = [
    path("", v.publication_scheme_public, name="scheme_public"),
    path("class-<int:number>/", v.publication_class_public, name="class_public"),
]
