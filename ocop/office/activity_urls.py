from django.urls import path

from ocop.activities.imports import SPECS
from ocop.office import activity_views as views
from ocop.office.activity_pages import PAGES

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("classes/<int:pk>/participants/", views.class_participants, name="class_participants"),
    path(
        "participants/import/",
        views.make_import(None, "participants"),
        name="participants_import",
    ),
]
for slug, page in PAGES.items():
    name = slug.replace("-", "_")
    urlpatterns += [
        path(f"{slug}/", views.make_list(page), name=f"{name}_list"),
        path(f"{slug}/new/", views.make_create(page), name=f"{name}_create"),
        path(f"{slug}/<int:pk>/edit/", views.make_edit(page), name=f"{name}_edit"),
        path(f"{slug}/<int:pk>/delete/", views.make_delete(page), name=f"{name}_delete"),
    ]
    if slug in SPECS:
        urlpatterns.append(path(f"{slug}/import/", views.make_import(page, slug), name=f"{name}_import"))
