"""API base: scope-aware viewsets and serializers, and token sign-in."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth import authenticate
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import QuerySet
from django_otp import devices_for_user, match_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from infogov.core.permissions import CHANGE, DELETE, VIEW, Policy


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


class GovernedSerializer(serializers.ModelSerializer):
    """Validates with the model's `clean()` so the UI and the API share one set of rules."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: LondonDateTimeField,
    }

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        blank_read_only_choices(self.Meta.model, fields)  # type: ignore[attr-defined]
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        from django.core.exceptions import ValidationError as DjangoValidationError

        attrs = super().validate(attrs)
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
        with transaction.atomic():
            self.save_new(serializer)
            self.recheck(serializer.instance, VIEW)

    def perform_update(self, serializer: Any) -> None:
        with transaction.atomic():
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


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(required=False, help_text="Authenticator code, if set up.")


class ObtainTokenView(APIView):
    """`POST /api/auth/token/` with `username` and `password` → `{"token": KEY}`."""

    authentication_classes = []  # type: ignore[var-annotated]
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(
            request=request._request, username=data["username"], password=data["password"]
        )
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": ["Unable to sign in with that user name and password."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if any(devices_for_user(user, confirmed=True)):
            token_value = data.get("otp_token", "")
            if not token_value or match_token(user, token_value) is None:
                return Response(
                    {"otp_token": ["Enter the current code from your authenticator app."]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
