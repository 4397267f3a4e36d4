"""Sign-in endpoints: issue, sign out, list and revoke tokens (see `infogov.core.tokens`),
and the IG manager's removal of a person's lost authenticator."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_otp import match_token, user_has_device
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from infogov.core.middleware import mfa_required_for
from infogov.core.models import ApiToken
from infogov.core.net import client_ip
from infogov.core.tokens import (
    HashedTokenAuthentication,
    issue_token,
    revoke_token,
    tokens_visible_to,
)


class ClientAddressThrottle(ScopedRateThrottle):
    """A scoped throttle keyed by the client address from `infogov.core.net.client_ip`."""

    def get_ident(self, request: Request) -> str:
        return client_ip(request)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(required=False, help_text="Authenticator code, if set up.")


class ObtainTokenView(APIView):
    """`POST /api/auth/token/` with `username` and `password` → `{"token": KEY}`."""

    authentication_classes = []  # type: ignore[var-annotated]
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ClientAddressThrottle]
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
        enrolled = user_has_device(user)
        if not enrolled and mfa_required_for(user):
            return Response(
                {
                    "detail": "Your role requires two-factor sign-in. Sign in through the web "
                    "first to set up an authenticator app, then request a token with its code."
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        if enrolled:
            code = data.get("otp_token", "").strip()
            if not code or match_token(user, code) is None:
                return Response(
                    {"otp_token": ["Enter the current code from your authenticator app."]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        key = issue_token(user, verified=enrolled, address=client_ip(request))
        return Response({"token": key})


class RevokeTokenView(APIView):
    """`POST /api/auth/token/revoke/`: sign out, revoking the token the request carries."""

    authentication_classes = [HashedTokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            revoke_token(request.auth, acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.get_username", read_only=True)
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "user",
            "username",
            "prefix",
            "verified",
            "created_at",
            "created_from",
            "expires_at",
            "last_used_at",
            "current",
        ]
        read_only_fields = fields

    def get_current(self, obj: ApiToken) -> bool:
        request = self.context.get("request")
        return bool(request is not None and getattr(request, "auth", None) == obj)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your API tokens (the IG manager sees everyone's; `?user=ID` for one person's)."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self) -> QuerySet[ApiToken]:
        tokens = tokens_visible_to(self.request.user)
        user_id = self.request.query_params.get("user")
        if user_id:
            if not user_id.isdigit():
                raise exceptions.ValidationError({"user": ["Give the user's id."]})
            tokens = tokens.filter(user_id=int(user_id))
        return tokens

    def perform_destroy(self, instance: ApiToken) -> None:
        revoke_token(instance, acting_user=self.request.user)


class ResetTwoFactorView(APIView):
    """`POST /api/auth/users/{id}/reset-two-factor/`: remove a person's authenticators.

    The IG manager's action for a lost phone (`infogov.core.auth_views.reset_two_factor`).
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("TwoFactorReset", {"removed": serializers.IntegerField()})
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        from infogov.core.auth_views import reset_two_factor

        owner = get_object_or_404(get_user_model(), pk=pk)
        return Response({"removed": reset_two_factor(owner, acting_user=request.user)})
