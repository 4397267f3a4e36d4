"""REST API for training and awareness: `/api/training/<plural-model>/`, and
`/api/training/compliance/?division=ID&module=ID`."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, routers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from infogov.core.api import GovernedSerializer, GovernedViewSet, ReadOnlyGovernedViewSet
from infogov.core.forms import ID_RANGE
from infogov.core.permissions import CHANGE
from infogov.organisation.models import Division
from infogov.training import filters, models, services


class ModuleSerializer(GovernedSerializer):
    audience_label = serializers.CharField(read_only=True)

    class Meta:
        model = models.Module
        fields = [
            "id",
            "title",
            "description",
            "audience",
            "role",
            "audience_label",
            "mandatory",
            "refresher_months",
            "provider",
            "owner",
            "required_from",
            "is_active",
            "created_at",
            "updated_at",
        ]


class CompletionSerializer(GovernedSerializer):
    # Only people whose training records the caller manages (as the form offers).
    linked_scope: ClassVar[dict[str, str]] = {"person": CHANGE}
    expires_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = models.Completion
        fields = [
            "id",
            "person",
            "module",
            "completed_on",
            "expires_on",
            "score",
            "source",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["source"]


class CampaignSerializer(GovernedSerializer):
    class Meta:
        model = models.Campaign
        fields = [
            "id",
            "title",
            "description",
            "audience",
            "role",
            "starts_on",
            "ends_on",
            "channel",
            "materials",
            "created_at",
            "updated_at",
        ]


class SurveySerializer(GovernedSerializer):
    class Meta:
        model = models.Survey
        fields = [
            "id",
            "title",
            "campaign",
            "introduction",
            "opens_on",
            "closes_on",
            "created_at",
            "updated_at",
        ]


class QuestionSerializer(GovernedSerializer):
    class Meta:
        model = models.Question
        fields = ["id", "survey", "number", "text", "created_at", "updated_at"]


class SurveyResponseSerializer(GovernedSerializer):
    class Meta:
        model = models.SurveyResponse
        fields = ["id", "survey", "person", "division", "submitted_at"]


class AnswerSerializer(GovernedSerializer):
    class Meta:
        model = models.Answer
        fields = ["id", "response", "question", "score"]


class ModuleViewSet(GovernedViewSet):
    """Training modules; who must take each is worked out from its audience."""

    queryset = models.Module.objects.all()
    serializer_class = ModuleSerializer
    filterset_class = filters.ModuleFilterSet


class CompletionViewSet(GovernedViewSet):
    """Completions: information officers manage their division's; people see their own."""

    queryset = models.Completion.objects.all()
    serializer_class = CompletionSerializer
    filterset_class = filters.CompletionFilterSet
    select_related = ("module",)


class CampaignViewSet(GovernedViewSet):
    queryset = models.Campaign.objects.all()
    serializer_class = CampaignSerializer
    filterset_class = filters.CampaignFilterSet


class SurveyViewSet(GovernedViewSet):
    queryset = models.Survey.objects.all()
    serializer_class = SurveySerializer
    filterset_class = filters.SurveyFilterSet


class QuestionViewSet(GovernedViewSet):
    queryset = models.Question.objects.all()
    serializer_class = QuestionSerializer
    filterset_class = filters.QuestionFilterSet


class SurveyResponseViewSet(ReadOnlyGovernedViewSet):
    """Survey responses, recorded by answering a survey on its page."""

    queryset = models.SurveyResponse.objects.all()
    serializer_class = SurveyResponseSerializer
    filterset_class = filters.SurveyResponseFilterSet


class AnswerViewSet(ReadOnlyGovernedViewSet):
    queryset = models.Answer.objects.all()
    serializer_class = AnswerSerializer
    filterset_class = filters.AnswerFilterSet


def _id(request: Request, name: str, errors: dict[str, list[str]]) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = ["A valid integer is required."]
        return None
    if value not in ID_RANGE:
        raise Http404(f"No such {name}.")
    return value


class ComplianceView(APIView):
    """Mandatory training compliance, honouring refresher expiry.

    `required`: people in the audience times modules; `completed`: of those, ever
    completed; `in_date`: completed and not lapsed; `percent`: in date over required (null
    when nobody is required). Without `module`, every active mandatory module; with it,
    that module's audience. An information officer sees their divisions, anyone else who
    is not on the IG team their own training only.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("division", OpenApiTypes.INT, description="A division's id."),
            OpenApiParameter("module", OpenApiTypes.INT, description="A module's id."),
        ],
        responses=inline_serializer(
            "TrainingCompliance",
            {
                "required": serializers.IntegerField(),
                "completed": serializers.IntegerField(),
                "in_date": serializers.IntegerField(),
                "percent": serializers.FloatField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        errors: dict[str, list[str]] = {}
        division_id = _id(request, "division", errors)
        module_id = _id(request, "module", errors)
        if errors:
            return Response(errors, status=400)
        division = module = None
        if division_id is not None:
            division = Division.objects.filter(pk=division_id).first()
            if division is None:
                raise Http404("No such division.")
        if module_id is not None:
            module = models.Module.objects.filter(pk=module_id).first()
            if module is None:
                raise Http404("No such module.")
        try:
            rows = services.rows_for(request.user, division=division, module=module)
        except PermissionDenied:
            raise Http404("No such division.") from None
        return Response(models.summarise(rows).as_api())


class TrainingRouter(routers.DefaultRouter):
    def get_urls(self) -> list[URLPattern | URLResolver]:
        extra: list[URLPattern | URLResolver] = [
            path("compliance/", ComplianceView.as_view(), name="training-compliance")
        ]
        return extra + list(super().get_urls())


router = TrainingRouter()
router.register("modules", ModuleViewSet)
router.register("completions", CompletionViewSet)
router.register("campaigns", CampaignViewSet)
router.register("surveys", SurveyViewSet)
router.register("questions", QuestionViewSet)
router.register("survey-responses", SurveyResponseViewSet)
router.register("answers", AnswerViewSet)
