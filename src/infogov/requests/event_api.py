"""`/api/requests/case-events/`: a case's events, read-only, and withdrawing one recorded in
error (`POST /api/requests/case-events/{id}/withdraw/ {"reason": ...}`)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.api import GovernedSerializer, ReadOnlyGovernedViewSet, object_action
from infogov.requests import models, services


class CaseEventRecordSerializer(GovernedSerializer):
    class Meta:
        model = models.CaseEvent
        fields = [
            "id",
            "case",
            "type",
            "on",
            "reason",
            "note",
            "recorded_by",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
            "created_at",
        ]
        read_only_fields = fields


class WithdrawEventSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why the event is withdrawn.")


class CaseEventViewSet(ReadOnlyGovernedViewSet):
    """Case events. One recorded in error is withdrawn (never deleted): it stays, marked
    withdrawn, and the case's clock is replayed without it."""

    queryset = models.CaseEvent.objects.all()
    serializer_class = CaseEventRecordSerializer
    select_related = ("case",)
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.MethodNotAllowed(
            "POST", detail="Record an event with POST /api/requests/cases/{id}/events/."
        )

    withdraw = object_action(services.withdraw_event, WithdrawEventSerializer, name="withdraw")
