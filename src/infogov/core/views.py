"""Generic list / detail / edit / delete / history views (ARCHITECTURE convention 1).

A model's views are a few attributes. Every view asks the model's policy through
`restrict(user, action)`: out of scope answers 404, in scope but not allowed 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import ProtectedError, QuerySet
from django.forms import BaseForm, Form, ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.views import View

from infogov.core.filters import BaseFilterSet
from infogov.core.history import grouped_history, history_entries
from infogov.core.permissions import CHANGE, DELETE, HIDDEN, VIEW, Policy, field_access, mask
from infogov.core.services import BusinessAction
from infogov.core.tables import Column, display, export_response


def shown_columns(columns: Sequence[Column], user: Any) -> list[Column]:
    """The columns with each value as `user` may see it (masked, or empty when hidden),
    for the list page and its exports alike."""

    def guarded(column: Column) -> Column:
        def value(obj: Any) -> Any:  # the column's name is what the field rules name
            return mask(user, obj, column.name, column.value(obj))

        return replace(column, accessor=value)

    return [guarded(column) for column in columns]


def model_url(model: type[models.Model], view: str, *args: Any) -> str | None:
    meta = model._meta
    try:
        return reverse(f"{meta.app_label}:{meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


class ModelViewMixin(LoginRequiredMixin):
    model: ClassVar[type[models.Model]]
    request: HttpRequest
    add_url_name: ClassVar[str | None] = None  # when adding is not `<app>:<model>_add`
    select_related: ClassVar[Sequence[str]] = ()  # related records every page shows

    @property
    def policy(self) -> Policy:
        return self.model.policy  # type: ignore[attr-defined, no-any-return]

    def base_queryset(self) -> QuerySet[Any]:
        queryset = self.model._default_manager.all()
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def restricted(self, action: str = VIEW) -> QuerySet[Any]:
        return self.base_queryset().restrict(self.request.user, action)  # type: ignore[attr-defined, no-any-return]

    def get_object(self, pk: Any) -> Any:
        try:
            return self.restricted(VIEW).get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
            raise Http404(f"No {self.model._meta.verbose_name} found") from None

    def require(self, action: str, obj: models.Model) -> None:
        if not self.policy.allows(self.request.user, action, obj):
            raise PermissionDenied(f"You may not {action} this {self.model._meta.verbose_name}.")

    def breadcrumbs(self, obj: Any = None, current: str | None = None) -> list[dict[str, Any]]:
        """Home, module, list, record, current page: the trail above each page."""
        from django.apps import apps as app_registry

        meta = self.model._meta
        config = app_registry.get_app_config(meta.app_label)
        crumbs: list[dict[str, Any]] = [{"label": "Home", "url": reverse("home")}]
        nav = getattr(config, "nav", ())
        if nav:
            crumbs.append({"label": nav[0][0], "url": reverse(nav[0][1])})
        list_url = model_url(self.model, "list")
        if list_url:
            label = capfirst(meta.verbose_name_plural)
            if crumbs[-1]["label"] == label:
                crumbs.pop()  # the module is named after this list: one crumb is enough
            crumbs.append({"label": label, "url": list_url})
        if obj is not None and obj.pk:
            crumbs.append({"label": str(obj), "url": obj.get_absolute_url()})
        if current:
            crumbs.append({"label": current, "url": None})
        return crumbs

    def common_context(self) -> dict[str, Any]:
        meta = self.model._meta
        user = self.request.user
        return {
            "meta": meta,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": capfirst(meta.verbose_name_plural),
            "list_url": model_url(self.model, "list"),
            "add_url": (
                reverse(self.add_url_name) if self.add_url_name else model_url(self.model, "add")
            )
            if self.policy.can_add(user)
            else None,
        }


class ObjectListView(ModelViewMixin, View):
    """A filterable, sortable, paginated, exportable list."""

    filterset_class: ClassVar[type[BaseFilterSet] | None] = None
    columns: ClassVar[Sequence[Column]] = ()
    default_sort: ClassVar[str | None] = None
    paginate_by: ClassVar[int] = 50
    template_name: ClassVar[str] = "core/object_list.html"
    intro: ClassVar[str] = ""
    add_label: ClassVar[str | None] = None  # e.g. "Report an incident"; default "Add <model>"

    def filtered(self) -> tuple[QuerySet[Any], BaseFilterSet | None]:
        queryset = self.restricted(VIEW)
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                self.request.GET, queryset=queryset, request=self.request
            )
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        sort = self.request.GET.get("sort", "")
        sortable = {c.name: c.sort for c in self.columns if c.sort}
        key = sort.lstrip("-")
        if key in sortable:
            field = sortable[key]
            queryset = queryset.order_by(f"-{field}" if sort.startswith("-") else field, "pk")
        elif self.default_sort:
            queryset = queryset.order_by(self.default_sort, "pk")
        return queryset, filterset

    def get(self, request: HttpRequest) -> HttpResponseBase:
        queryset, filterset = self.filtered()
        columns = shown_columns(self.columns, request.user)
        export = request.GET.get("export")
        if export in {"csv", "xlsx"}:
            return export_response(
                columns,
                queryset.iterator(chunk_size=2000),
                str(self.model._meta.verbose_name_plural).replace(" ", "-"),
                export,
            )
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        sort = request.GET.get("sort", "")
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        headers = []
        for column in self.columns:
            state = None
            next_sort = column.name
            if sort == column.name:
                state, next_sort = "ascending", f"-{column.name}"
            elif sort == f"-{column.name}":
                state = "descending"
            sort_query = query.copy()
            sort_query["sort"] = next_sort
            headers.append({"column": column, "state": state, "url": f"?{sort_query.urlencode()}"})
        table = [
            {
                "obj": obj,
                "url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None,
                "cells": [{"text": display(c.value(obj)), "link": c.link} for c in columns],
            }
            for obj in page.object_list
        ]
        export_query = query.copy()
        context = {
            **self.common_context(),
            "breadcrumbs": self.breadcrumbs()[:-1],
            "intro": self.intro,
            "add_label": self.add_label or f"Add {self.model._meta.verbose_name}",
            "filterset": filterset,
            "headers": headers,
            "table": table,
            "page": page,
            "query": query.urlencode(),
            "export_csv": f"?{_with(export_query, 'export', 'csv')}",
            "export_xlsx": f"?{_with(export_query, 'export', 'xlsx')}",
            "active_filters": bool(
                filterset and any(filterset.data.get(k) for k in filterset.filters)
            ),
        }
        context.update(self.extra_context())
        return render(request, self.template_name, context)

    def extra_context(self) -> dict[str, Any]:
        return {}


def _with(query: Any, key: str, value: str) -> str:
    q = query.copy()
    q[key] = value
    return str(q.urlencode())


class ObjectDetailView(ModelViewMixin, View):
    """A record's details; the History tab is `ObjectHistoryView`."""

    fields: ClassVar[Sequence[str | tuple[str, str]]] = ()
    template_name: ClassVar[str | None] = None

    def detail_rows(self, obj: Any) -> list[dict[str, Any]]:
        """The record's fields as the viewer may see them (the model's field rules)."""
        user = self.request.user
        rows = []
        for spec in self.fields:
            name, label = spec if isinstance(spec, tuple) else (spec, None)
            access = field_access(user, obj, name.split(".")[0])
            if access == HIDDEN:
                continue
            column = Column(name=name, label=label or "")
            if label is None:
                try:
                    field_obj: Any = self.model._meta.get_field(name.split(".")[0])
                    label = str(capfirst(field_obj.verbose_name))
                except Exception:
                    label = str(capfirst(name.replace("_", " ")))
            value = mask(user, obj, name.split(".")[0], column.value(obj))
            url = (
                value.get_absolute_url()
                if isinstance(value, models.Model) and hasattr(value, "get_absolute_url")
                else None
            )
            if url and isinstance(value, models.Model):
                related_policy = getattr(type(value), "policy", None)
                if related_policy is None or related_policy.q(self.request.user, VIEW) is None:
                    url = None
            rows.append({"label": label, "value": display(value), "url": url})
        return rows

    def tabs(self, obj: Any, active: str) -> list[dict[str, Any]]:
        return [
            {"label": "Details", "url": obj.get_absolute_url(), "active": active == "details"},
            {
                "label": "History",
                "url": model_url(self.model, "history", obj.pk),
                "active": active == "history",
            },
        ]

    def object_context(self, obj: Any, active: str) -> dict[str, Any]:
        user = self.request.user
        return {
            **self.common_context(),
            "breadcrumbs": self.breadcrumbs(),
            "object": obj,
            "tabs": self.tabs(obj, active),
            "edit_url": model_url(self.model, "edit", obj.pk)
            if self.policy.allows(user, CHANGE, obj)
            else None,
            "delete_url": model_url(self.model, "delete", obj.pk)
            if self.policy.allows(user, DELETE, obj)
            else None,
        }

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(pk)
        context = {**self.object_context(obj, "details"), "rows": self.detail_rows(obj)}
        context.update(self.extra_context(obj))
        meta = self.model._meta
        templates = [f"{meta.app_label}/{meta.model_name}_detail.html", "core/object_detail.html"]
        if self.template_name:
            templates.insert(0, self.template_name)
        return render(request, templates, context)


class ObjectHistoryView(ObjectDetailView):
    """Every change to the record: who, when, what changed, and business events."""

    page_limit: ClassVar[int] = 50
    all_limit: ClassVar[int] = 1000

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(pk)
        # The latest changes first; older ones on request, so long histories stay quick.
        limit = self.all_limit if request.GET.get("all") else self.page_limit
        entries = history_entries(obj, limit=limit, user=request.user)
        context = {
            **self.object_context(obj, "history"),
            "entries": entries,
            "more": len(entries) >= limit and limit == self.page_limit,
        }
        return render(request, "core/object_history.html", context)


class ObjectEditView(ModelViewMixin, View):
    """Add (no pk) or edit (pk) a record through its form, in one transaction."""

    form_class: ClassVar[type[ModelForm]]
    template_name: ClassVar[str] = "core/object_edit.html"

    def make_form(
        self, instance: Any, data: Any = None, files: Any = None, initial: Any = None
    ) -> ModelForm:
        return self.form_class(  # type: ignore[call-arg]
            data=data, files=files, instance=instance, initial=initial, user=self.request.user
        )

    def instance_for(self, pk: Any) -> Any:
        if pk is None:
            if not self.policy.can_add(self.request.user):
                raise PermissionDenied(f"You may not add a {self.model._meta.verbose_name}.")
            return self.model()
        obj = self.get_object(pk)
        self.require(CHANGE, obj)
        return obj

    def render_form(self, form: ModelForm, obj: Any, status: int = 200) -> HttpResponse:
        context = {
            **self.common_context(),
            "breadcrumbs": self.breadcrumbs(
                obj, "Edit" if obj.pk else f"Add {self.model._meta.verbose_name}"
            ),
            "form": form,
            "object": obj if obj.pk else None,
            "cancel_url": obj.get_absolute_url() if obj.pk else model_url(self.model, "list"),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        obj = self.instance_for(pk)
        # A new record may be pre-filled from the query string (?division=3).
        initial = {k: v for k, v in request.GET.items()} if obj.pk is None else None
        return self.render_form(self.make_form(obj, initial=initial), obj)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        obj = self.instance_for(pk)
        creating = obj.pk is None
        form = self.make_form(obj, request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, obj, status=400)
        with transaction.atomic(), grouped_history():  # one History entry with the lists
            saved = self.save(form, creating)
            # Re-check scope after save, inside the transaction.
            if not self.policy.allows(request.user, CHANGE if not creating else VIEW, saved):
                raise PermissionDenied(
                    f"That would put the {self.model._meta.verbose_name} outside your scope."
                )
        verb = "added" if creating else "saved"
        messages.success(request, f"{capfirst(self.model._meta.verbose_name)} {verb}: {saved}")
        return HttpResponseRedirect(saved.get_absolute_url())

    def save(self, form: ModelForm, creating: bool) -> Any:
        """Save the form; override to call the model's service function."""
        return form.save()


class ObjectFileView(ModelViewMixin, View):
    """A file made from one record (a download, a certificate, an export), found the way
    every page finds its record: `restrict(user, VIEW)` (404 outside the user's scope),
    then `action` against the policy (403 for a record they see but may not do this to).
    Subclasses set `model` (and `select_related`) and write `respond(obj, **kwargs)`."""

    action: ClassVar[str] = VIEW

    def get(self, request: HttpRequest, pk: Any, **kwargs: Any) -> HttpResponseBase:
        obj = self.get_object(pk)
        if self.action != VIEW:
            self.require(self.action, obj)
        return self.respond(obj, **kwargs)

    def respond(self, obj: Any, **kwargs: Any) -> HttpResponseBase:
        raise NotImplementedError


def require_some(user: Any, model: type[models.Model], action: str = VIEW) -> None:
    """403 unless `user` may do `action` to at least some records of `model` (a page about
    the model as a whole, such as its current settings): the same rule as the list page."""
    if model.policy.q(user, action) is None:  # type: ignore[attr-defined]
        raise PermissionDenied(f"You may not see {model._meta.verbose_name_plural}.")


class ConfirmForm(Form):
    """The form of an action that takes no input: its button confirms it."""


class ObjectActionView(ModelViewMixin, View):
    """One business action on one record: a form whose cleaned data the service takes.

    A few attributes: `model`, `form_class`, `service` (a `core.services.BusinessAction`)
    and `title`. The record is looked up through `restrict(user, VIEW)` (404 outside
    scope); the service's own permission check answers 403, before the form is shown.
    A `ValidationError` from the service is shown on the form's fields.
    """

    form_class: ClassVar[type[BaseForm]] = ConfirmForm
    service: ClassVar[BusinessAction]
    title: ClassVar[str]
    intro: ClassVar[str] = ""
    button: ClassVar[str] = "Save"
    template_name: ClassVar[str] = "core/object_action.html"

    def action_object(self, pk: Any) -> Any:
        obj = self.get_object(pk)
        type(self).service.require(self.request.user, obj)
        return obj

    def initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def make_form(self, obj: Any, data: Any = None) -> BaseForm:
        if issubclass(self.form_class, ModelForm):
            return self.form_class(  # type: ignore[call-arg]
                data=data, instance=obj, initial=self.initial(obj), user=self.request.user
            )
        return self.form_class(data=data, initial=self.initial(obj))

    def service_kwargs(self, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        """The service's keyword arguments: the form's cleaned data unless overridden."""
        return data

    def action_context(self, obj: Any) -> dict[str, Any]:
        """Notes (inset texts) and warnings shown above the form."""
        return {}

    # The message once the action is done: `{object}` is the record (as it is now),
    # `{result}` what the service returned, `{title}` the action's title.
    done: ClassVar[str] = "{title}: saved for {object}."

    def done_message(self, obj: Any) -> str:
        return self.done.format(object=obj, result=getattr(self, "result", None), title=self.title)

    def success_url(self, obj: Any) -> str:
        """Back to the record; `self.result` holds what the service returned."""
        return str(obj.get_absolute_url())

    def render_form(self, obj: Any, form: BaseForm, status: int = 200) -> HttpResponse:
        context = {
            **self.common_context(),
            "breadcrumbs": self.breadcrumbs(obj, self.title),
            "object": obj,
            "form": form,
            "title": self.title,
            "intro": self.intro,
            "button": self.button,
            "cancel_url": obj.get_absolute_url(),
            **self.action_context(obj),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.action_object(pk)
        return self.render_form(obj, self.make_form(obj))

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.action_object(pk)
        form = self.make_form(obj, request.POST)
        if form.is_valid():
            try:
                self.result = type(self).service(
                    obj, acting_user=request.user, **self.service_kwargs(obj, form.cleaned_data)
                )
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                for field, messages_ in errors.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                obj = self.get_object(pk)
                messages.success(request, self.done_message(obj))
                return HttpResponseRedirect(self.success_url(obj))
        return self.render_form(self.get_object(pk), form, status=400)


class ObjectDeleteView(ModelViewMixin, View):
    template_name: ClassVar[str] = "core/object_delete.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(pk)
        self.require(DELETE, obj)
        context = {
            **self.common_context(),
            "object": obj,
            "breadcrumbs": self.breadcrumbs(obj, "Delete"),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.get_object(pk)
        self.require(DELETE, obj)
        label = str(obj)
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError:
            messages.error(
                request,
                f"{capfirst(self.model._meta.verbose_name)} “{label}” is still in use by other "
                "records, so it cannot be deleted. Remove those links first.",
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, f"{capfirst(self.model._meta.verbose_name)} deleted: {label}")
        return HttpResponseRedirect(model_url(self.model, "list") or "/")


__all__ = [
    "ConfirmForm",
    "ObjectActionView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectHistoryView",
    "ObjectListView",
    "model_url",
]
