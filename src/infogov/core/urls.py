"""URL helpers: the `<model>_list|_detail|_add|_edit|_delete|_history` names."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path


def crud_urls(
    prefix: str,
    model_name: str,
    *,
    list_view: Any = None,
    detail_view: Any = None,
    edit_view: Any = None,
    delete_view: Any = None,
    history_view: Any = None,
) -> list[URLPattern]:
    """The standard URL patterns for one model under `prefix/`.

    `delete_view=True` and `history_view=True` use the generic views for the detail view's
    model; the history view inherits the detail view's scope and tabs.
    """
    from infogov.core.views import ObjectDeleteView, ObjectHistoryView

    if history_view is True:
        history_view = type(f"{detail_view.__name__}History", (ObjectHistoryView, detail_view), {})
    if delete_view is True:
        delete_view = type(
            f"{detail_view.model.__name__}Delete", (ObjectDeleteView,), {"model": detail_view.model}
        )
    patterns: list[URLPattern] = []
    if list_view is not None:
        patterns.append(path(f"{prefix}/", list_view.as_view(), name=f"{model_name}_list"))
    if edit_view is not None:
        patterns.append(path(f"{prefix}/add/", edit_view.as_view(), name=f"{model_name}_add"))
        patterns.append(
            path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{model_name}_edit")
        )
    if detail_view is not None:
        patterns.append(
            path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{model_name}_detail")
        )
    if history_view is not None:
        patterns.append(
            path(
                f"{prefix}/<int:pk>/history/", history_view.as_view(), name=f"{model_name}_history"
            )
        )
    if delete_view is not None:
        patterns.append(
            path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{model_name}_delete")
        )
    return patterns
