"""API base: scope-aware viewsets and serializers, and token sign-in."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.forms import ids_in_range, is_governed, scoped_choices
from infogov.core.history import grouped_history
from infogov.core.permissions import CHANGE, DELETE, VIEW, Policy, mask, visible_fields
from infogov.core.services import BusinessAction


class PolicyPermission(permissions.BasePermission):
    """Signed in; 403 for a create or change the model's policy does not allow."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        policy: Policy = view.queryset.model.policy
        if view.action == "create":
            return policy.can_add(request.user)
        return True

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        policy: Policy = type(obj).policy
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "destroy":
            return policy.allows(request.user, DELETE, obj)
        if view.action in {"update", "partial_update"}:
            return policy.allows(request.user, CHANGE, obj)
        return True


class LondonDateTimeField(serializers.DateTimeField):
    """Date-times without an offset are UK time; one the clocks skip is refused, and one
    that happens twice (October) means its first occurrence, as `infogov deadline` does."""

    def enforce_timezone(self, value: Any) -> Any:
        from datetime import UTC

        from infogov.clocks import LONDON

        if value.tzinfo is None:
            local = value.replace(tzinfo=LONDON, fold=0)
            if local.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != value:
                raise serializers.ValidationError(
                    f"{value:%Y-%m-%d %H:%M} does not exist in UK time: the clocks go "
                    "forward that night. Give the time with its offset, e.g. +00:00."
                )
            value = local
        return super().enforce_timezone(value)


def blank_read_only_choices(model: Any, fields: dict[str, serializers.Field]) -> None:
    """A read-only choice that may be blank ("not decided yet") says so in the schema.

    DRF drops `allow_blank` from read-only fields, so the schema's enum would leave out
    the `""` the API returns until the choice is made.
    """
    for name, field in fields.items():
        if not (isinstance(field, serializers.ChoiceField) and field.read_only):
            continue
        try:
            model_field = model._meta.get_field(field.source or name)
        except FieldDoesNotExist:  # a computed field, not a column
            continue
        if getattr(model_field, "blank", False) and getattr(model_field, "choices", None):
            field.allow_blank = True


class FieldRulesMixin(serializers.Serializer):
    """Shows each field as the model's field rules let the caller see it: hidden fields
    are left out and masked ones read "•••", as on the pages and in history."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        shown = set(visible_fields(user, instance, data))
        for name in list(data):
            if name in shown:
                data[name] = mask(user, instance, name, data[name])
            else:
                del data[name]
        return data


class BoundedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id too large for the database is refused like any id that does not exist."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, bool) and not ids_in_range([data]):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class GovernedSerializer(FieldRulesMixin, serializers.ModelSerializer):
    """Validates with the model's `clean()` so the UI and the API share one set of rules,
    and shows fields by the model's field rules (`FieldRulesMixin`).

    Every writable field linking to a governed record accepts only the records the caller
    may view (`restrict(user, VIEW)` of its target, as `GovernedForm` offers): any other id
    is refused with the words used for an id that does not exist. `linked_scope` asks for
    another action for a field, e.g. `{"risk": CHANGE}`.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: LondonDateTimeField,
    }
    serializer_related_field = BoundedPrimaryKeyRelatedField
    linked_scope: ClassVar[dict[str, str]] = {}

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        blank_read_only_choices(self.Meta.model, fields)  # type: ignore[attr-defined]
        user = getattr(self.context.get("request"), "user", None)
        for name, field in fields.items():
            relation = field.child_relation if isinstance(field, ManyRelatedField) else field
            if not isinstance(relation, RelatedField) or relation.read_only:
                continue
            queryset = relation.queryset
            if queryset is None or not is_governed(queryset.model):
                continue
            queryset = scoped_choices(queryset, user, VIEW)
            action = self.linked_scope.get(name, VIEW)
            if action != VIEW:
                queryset = scoped_choices(queryset, user, action)
            relation.queryset = queryset
        return fields

    def keep_hidden_links(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A many-to-many change leaves the links to records the caller cannot see."""
        instance = self.instance
        if instance is None or not isinstance(instance, models.Model):
            return attrs
        user = getattr(self.context.get("request"), "user", None)
        for name, value in attrs.items():
            field = self.fields.get(name)
            if not isinstance(field, ManyRelatedField) or value is None:
                continue
            manager = getattr(instance, name, None)
            if manager is None or not is_governed(manager.model):
                continue
            hidden = manager.exclude(pk__in=scoped_choices(manager.all(), user, VIEW))
            attrs[name] = [*value, *hidden]
        return attrs

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        from django.core.exceptions import ValidationError as DjangoValidationError

        attrs = self.keep_hidden_links(super().validate(attrs))
        model: Any = self.Meta.model  # type: ignore[attr-defined]
        instance = self.instance if self.instance is not None else model()
        many_to_many = {}
        for key, value in attrs.items():
            field = (
                model._meta.get_field(key)
                if key in {f.name for f in model._meta.get_fields()}
                else None
            )
            if field is not None and field.many_to_many:
                many_to_many[key] = value
                continue
            setattr(instance, key, value)
        try:
            instance.clean()
            # A rule spanning the many-to-many lists, shared with the form.
            check = getattr(instance, "clean_with_links", None)
            if check is not None:
                check(
                    {
                        f.name: list(many_to_many[f.name])
                        if f.name in many_to_many
                        else (list(getattr(instance, f.name).all()) if instance.pk else [])
                        for f in model._meta.many_to_many
                    }
                )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            ) from None
        return attrs


def _unchanged(field: Any, instance: Any, sent: Any) -> bool:
    try:
        attribute = field.get_attribute(instance)
        current = None if attribute is None else field.to_representation(attribute)
    except Exception:  # a computed field that cannot be read back: treat as a change
        return False
    return bool(current == sent or (current is None and sent in ("", [])))


class GovernedViewSet(viewsets.ModelViewSet):
    """A model's API endpoint: scope from `restrict`, 404 outside it, 403 when not allowed."""

    permission_classes = [PolicyPermission]
    select_related: ClassVar[tuple[str, ...]] = ()
    prefetch_related: ClassVar[tuple[str, ...]] = ()

    @property
    def policy(self) -> Policy:
        return self.queryset.model.policy  # type: ignore[union-attr, no-any-return]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.queryset.all()  # type: ignore[union-attr]
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset.restrict(self.request.user, VIEW)  # type: ignore[no-any-return, union-attr]

    def check_field_permissions(self, instance: Any = None) -> None:
        """A write to a field the caller may not set is refused (403), never ignored.

        That is a field the caller's role may not set (`Policy.field_roles`) or a read-only
        one (computed or set by the system, e.g. `reference`, `due_on`). Sending a field's
        current value back unchanged (as a client echoing a GET does) is allowed.
        """
        data = self.request.data
        if not hasattr(data, "keys"):
            return
        fields = self.get_serializer().fields  # type: ignore[attr-defined]
        for name in data:
            field = fields.get(name)
            read_only = field is not None and field.read_only
            if not read_only and self.policy.may_set_field(self.request.user, name):
                continue
            if instance is not None and field is not None:
                if _unchanged(field, instance, data.get(name)):
                    continue
            elif instance is None and data.get(name) in (None, "", []):
                continue
            raise exceptions.PermissionDenied(
                f"The field “{name}” is set by InfoGov or by another role: you may not set it."
            )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.check_field_permissions()
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.check_field_permissions(self.get_object())
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        with transaction.atomic(), grouped_history():  # one History entry with the lists
            self.save_new(serializer)
            self.recheck(serializer.instance, VIEW)

    def perform_update(self, serializer: Any) -> None:
        with transaction.atomic(), grouped_history():
            self.save_changes(serializer)
            self.recheck(serializer.instance, CHANGE)

    def save_new(self, serializer: Any) -> None:
        """Create the record; override to call the model's service function."""
        serializer.save()

    def save_changes(self, serializer: Any) -> None:
        serializer.save()

    def recheck(self, instance: Any, action: str) -> None:
        # Re-check scope after save, inside the transaction: a failure rolls it back.
        if not self.policy.allows(self.request.user, action, instance):
            raise exceptions.PermissionDenied("That would put the record outside your scope.")

    def perform_destroy(self, instance: Any) -> None:
        from django.db.models import ProtectedError

        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError:
            raise exceptions.ValidationError(
                {"non_field_errors": ["This record is still in use by other records."]}
            ) from None


class ReadOnlyGovernedViewSet(GovernedViewSet):
    """An endpoint for records that change elsewhere (loaded from files, or by an action)."""

    http_method_names = ["get", "head", "options"]


class ActionInputSerializer(GovernedSerializer):
    """The input of one business action: some of the model's fields, checked by type.

    The service function runs the model's full validation on the changed record, so
    `clean()` is not run here on a partial one.
    """

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return attrs


def action_serializer(
    model: type[models.Model],
    fields: list[str],
    *,
    name: str,
    required: tuple[str, ...] = (),
) -> type[ActionInputSerializer]:
    """An input serializer for `object_action` made of the model's own fields."""
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "extra_kwargs": {f: {"required": True, "allow_null": False} for f in required},
        },
    )
    return type(name, (ActionInputSerializer,), {"Meta": meta, "__module__": model.__module__})


def object_action(
    service: BusinessAction,
    input_serializer: type[serializers.Serializer] | None = None,
    *,
    name: str,
    url_path: str | None = None,
) -> Any:
    """`POST /<id>/<url_path>/` on a `GovernedViewSet`: the one API shape of an action.

    Looks the record up through `restrict(user, VIEW)` (404 outside scope), asks the
    service's permission check (403), validates the body with `input_serializer`, calls
    the service with its data as keyword arguments and answers with the record as the
    viewset serializes it. A `ValidationError` from the service becomes field errors
    (`core/drf.py`).
    """

    def handler(self: GovernedViewSet, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()
        service.require(request.user, obj)
        data: dict[str, Any] = {}
        if input_serializer is not None:
            serializer = input_serializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        service(obj, acting_user=request.user, **data)
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(self.get_serializer(fresh).data)

    handler.__name__ = name
    handler.__doc__ = service.__doc__
    routed = action(detail=True, methods=["post"], url_path=url_path or name.replace("_", "-"))
    return extend_schema(request=input_serializer)(routed(handler))
