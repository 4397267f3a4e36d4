"""REST API for information requests: `/api/requests/<plural-model>/`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import routers, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from infogov.core.api import FieldRulesMixin, GovernedSerializer, GovernedViewSet, object_action
from infogov.core.permissions import CHANGE
from infogov.core.uploads import validate_upload
from infogov.requests import filters, models, services
from infogov.requests.choices import (
    AccessChannel,
    EventType,
    Exemption,
    Outcome,
    ResponseMethod,
)
from infogov.requests.models import can_see_personal_data
from infogov.requests.services import event_not_after_today


class CaseSerializer(GovernedSerializer):
    due_explanation = serializers.ListField(
        source="clock_steps", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = models.Case
        fields = [
            "id",
            "reference",
            "kind",
            "received_on",
            "requester_name",
            "description",
            "due_on",
            "status",
            "due_explanation",
            "channel",
            "requester_email",
            "requester_address",
            "requester_phone",
            "subject_name",
            "acting_for",
            "authority_note",
            "division",
            "caseworker",
            "original_case",
            "responded_on",
            "closed_on",
            "response_method",
            "outcome",
            "appeal_status",
            "appeal_reference",
            "publish_in_disclosure_log",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["reference", "due_on", "status", "responded_on", "closed_on"]


class CaseEventSerializer(FieldRulesMixin, serializers.ModelSerializer):
    type = serializers.ChoiceField(choices=EventType.choices)
    on = serializers.DateField(validators=[event_not_after_today])
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        required=False,
        write_only=True,
        help_text="With `responded` or `closed`: the outcome of the request.",
    )
    method = serializers.ChoiceField(
        choices=ResponseMethod.choices,
        required=False,
        write_only=True,
        help_text="With `responded`: how the response was sent.",
    )

    class Meta:
        model = models.CaseEvent
        fields = [
            "id",
            "type",
            "on",
            "reason",
            "note",
            "outcome",
            "method",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["recorded_by", "created_at"]


class RespondSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The date the response was sent.")
    method = serializers.ChoiceField(choices=ResponseMethod.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class CloseSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The date the case was closed.")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class WithdrawSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The date the request was withdrawn.")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CaseViewSet(GovernedViewSet):
    """Request cases. `due_on` is computed from the case's events."""

    queryset = models.Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = filters.CaseFilterSet

    def save_new(self, serializer: Any) -> None:
        case = models.Case(**serializer.validated_data)
        serializer.instance = services.create_case(case, acting_user=self.request.user)

    def save_changes(self, serializer: Any) -> None:
        case = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(case, key, value)
        services.update_case(case, acting_user=self.request.user)

    def _log(self, cases: list[Any]) -> None:
        user = self.request.user
        shown = [c for c in cases if can_see_personal_data(user, c)]
        services.log_personal_data_access(user, shown, AccessChannel.API, self.request.path)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page) if page is not None else list(queryset)
        self._log(rows)
        serializer = self.get_serializer(rows, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self._log([instance])
        return Response(self.get_serializer(instance).data)

    @extend_schema(
        request=CaseEventSerializer,
        responses={201: CaseEventSerializer, 200: CaseEventSerializer(many=True)},
    )
    # The events of one case are few: a plain list, neither paginated nor filtered (the
    # case list's filters do not apply to it, in the schema or in the lookup).
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="events",
        pagination_class=None,
        filter_backends=[],
    )
    def events(self, request: Request, pk: Any = None) -> Response:
        """`GET` the case's events; `POST {"type": ..., "on": "YYYY-MM-DD"}` records one."""
        case = self.get_object()
        if request.method == "GET":
            # Reasons and notes are masked by the event's field rule, as on the case page.
            data = CaseEventSerializer(case.events.all(), many=True, context={"request": request})
            return Response(data.data)
        services.add_event.require(request.user, case)
        serializer = CaseEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = services.add_event(case, acting_user=request.user, **serializer.validated_data)
        body = dict(CaseEventSerializer(event, context={"request": request}).data)
        case.refresh_from_db()
        body["case_due_on"] = case.due_on.isoformat() if case.due_on else None
        body["case_status"] = case.status
        return Response(body, status=status.HTTP_201_CREATED)

    respond = object_action(services.respond, RespondSerializer, name="respond")
    close = object_action(services.close, CloseSerializer, name="close")
    withdraw = object_action(services.withdraw, WithdrawSerializer, name="withdraw")
    sign_off = object_action(services.sign_off_redaction, name="sign_off")


class SearchTaskSerializer(GovernedSerializer):
    case_reference = serializers.CharField(source="case.reference", read_only=True)

    class Meta:
        model = models.SearchTask
        fields = [
            "id",
            "case",
            "case_reference",
            "kind",
            "division",
            "assignee",
            "instructions",
            "due_on",
            "status",
            "completed_on",
            "result",
            "chased_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["chased_at"]

    def validate_case(self, value: models.Case) -> models.Case:
        request = self.context.get("request")
        if self.instance is not None and value.pk == self.instance.case_id:
            return value
        user = getattr(request, "user", None)
        if not models.Case.objects.restrict(user, CHANGE).filter(pk=value.pk).exists():
            raise serializers.ValidationError("Choose a case you are working.")
        return value


class SearchTaskViewSet(GovernedViewSet):
    queryset = models.SearchTask.objects.all()
    serializer_class = SearchTaskSerializer
    filterset_class = filters.SearchTaskFilterSet
    select_related = ("case",)

    def save_new(self, serializer: Any) -> None:
        task = models.SearchTask(**serializer.validated_data)
        serializer.instance = services.create_task(task, acting_user=self.request.user)

    chase = object_action(services.chase_task, name="chase")


class DocumentSerializer(GovernedSerializer):
    class Meta:
        model = models.Document
        fields = [
            "id",
            "case",
            "title",
            "doc_type",
            "file",
            "content_type",
            "size",
            "released",
            "uploaded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["content_type", "size", "uploaded_by"]

    def validate_file(self, value: Any) -> Any:
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            validate_upload(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return value

    def validate_case(self, value: models.Case) -> models.Case:
        user = getattr(self.context.get("request"), "user", None)
        if self.instance is not None and value.pk == self.instance.case_id:
            return value
        if not models.Case.objects.restrict(user, CHANGE).filter(pk=value.pk).exists():
            raise serializers.ValidationError("Choose a case you are working.")
        return value


class ExemptionInputSerializer(serializers.Serializer):
    exemption = serializers.ChoiceField(choices=Exemption.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class DocumentViewSet(GovernedViewSet):
    """Documents of a case. `POST …/{id}/apply-exemption/` applies an exemption (the same
    service as the document's page and as `POST /api/requests/applied-exemptions/`)."""

    queryset = models.Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = filters.DocumentFilterSet
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def save_new(self, serializer: Any) -> None:
        document = models.Document(**serializer.validated_data)
        serializer.instance = services.add_document(document, acting_user=self.request.user)

    apply_exemption = object_action(
        services.apply_exemption, ExemptionInputSerializer, name="apply_exemption"
    )


class AppliedExemptionSerializer(GovernedSerializer):
    class Meta:
        model = models.AppliedExemption
        fields = ["id", "document", "exemption", "note", "created_at", "updated_at"]

    def validate_document(self, value: models.Document) -> models.Document:
        user = getattr(self.context.get("request"), "user", None)
        if not models.Case.objects.restrict(user, CHANGE).filter(pk=value.case_id).exists():
            raise serializers.ValidationError("Choose a document of a case you are working.")
        return value


class AppliedExemptionViewSet(GovernedViewSet):
    queryset = models.AppliedExemption.objects.all()
    serializer_class = AppliedExemptionSerializer
    filterset_class = filters.AppliedExemptionFilterSet

    def save_new(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.apply_exemption(
            data["document"],
            acting_user=self.request.user,
            exemption=data["exemption"],
            note=data.get("note", ""),
        )


router = routers.DefaultRouter()
router.register("cases", CaseViewSet)
router.register("search-tasks", SearchTaskViewSet)
router.register("documents", DocumentViewSet)
router.register("applied-exemptions", AppliedExemptionViewSet)


# --- Publication: the disclosure log and the Guide to Information ---
from infogov.core.api import ReadOnlyGovernedViewSet  # noqa: E402
from infogov.requests import publication  # noqa: E402
from infogov.requests.choices import DisclosureSubject  # noqa: E402


class PublishSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, help_text="Public title, written for the log.")
    summary = serializers.CharField(max_length=3000, help_text="Public summary.")
    subject = serializers.ChoiceField(choices=DisclosureSubject.choices)
    documents = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=500,
        help_text="Ids of the case's released documents reviewed before the sign-off.",
    )


class WithdrawEntrySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why it leaves the public log.")


class DisclosureEntrySerializer(GovernedSerializer):
    reference = serializers.CharField(source="case.reference", read_only=True)
    public_url = serializers.CharField(read_only=True)

    class Meta:
        model = models.DisclosureEntry
        fields = [
            "id",
            "case",
            "reference",
            "title",
            "summary",
            "subject",
            "documents",
            "published_on",
            "published_by",
            "withdrawn_on",
            "withdrawn_by",
            "withdrawal_reason",
            "public_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "case",
            "documents",
            "published_on",
            "published_by",
            "withdrawn_on",
            "withdrawn_by",
            "withdrawal_reason",
        ]


class DisclosureEntryViewSet(GovernedViewSet):
    """Disclosure log entries. Made by `POST /api/requests/cases/{id}/publish/`; the public
    title, summary and subject may be corrected by the IG manager (`PATCH`)."""

    queryset = models.DisclosureEntry.objects.select_related("case").prefetch_related("documents")
    serializer_class = DisclosureEntrySerializer
    filterset_class = filters.DisclosureEntryFilterSet
    http_method_names = ["get", "patch", "post", "head", "options"]

    withdraw = object_action(
        publication.withdraw_from_disclosure_log, WithdrawEntrySerializer, name="withdraw"
    )


class PublicationClassSerializer(GovernedSerializer):
    class Meta:
        model = models.PublicationClass
        fields = ["id", "number", "title", "description"]


class PublicationClassViewSet(ReadOnlyGovernedViewSet):
    """The Model Publication Scheme's classes, loaded from the data file."""

    queryset = models.PublicationClass.objects.all()
    serializer_class = PublicationClassSerializer


class GuideItemSerializer(GovernedSerializer):
    class Meta:
        model = models.GuideItem
        fields = [
            "id",
            "publication_class",
            "title",
            "description",
            "url",
            "availability",
            "charge",
            "charge_note",
            "review_on",
            "reviewed_on",
            "created_at",
            "updated_at",
        ]


class GuideItemViewSet(GovernedViewSet):
    queryset = models.GuideItem.objects.select_related("publication_class")
    serializer_class = GuideItemSerializer
    filterset_class = filters.GuideItemFilterSet


CaseViewSet.publish = object_action(  # type: ignore[attr-defined]
    publication.publish_to_disclosure_log, PublishSerializer, name="publish"
)
router.register("disclosure-entries", DisclosureEntryViewSet)
router.register("publication-classes", PublicationClassViewSet)
router.register("guide-items", GuideItemViewSet)
# --- letters (requests/letters.py) ---------------------------------------------------

from django.utils import timezone  # noqa: E402

from infogov.core.api import ActionInputSerializer  # noqa: E402
from infogov.requests import letters  # noqa: E402
from infogov.requests.choices import LetterFamily, LetterType  # noqa: E402


class LetterTemplateSerializer(GovernedSerializer):
    """A letter's wording; an unknown placeholder is refused (the model's clean)."""

    class Meta:
        model = models.LetterTemplate
        fields = ["id", "letter", "family", "subject", "body", "created_at", "updated_at"]


class LetterPreviewSerializer(serializers.Serializer):
    letter = serializers.ChoiceField(choices=LetterType.choices)
    family = serializers.ChoiceField(choices=LetterFamily.choices, required=False, default="")
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField()


class RenderedLetterSerializer(serializers.Serializer):
    subject = serializers.CharField()
    paragraphs = serializers.ListField(child=serializers.CharField())


def _rendered(rendered: letters.RenderedLetter) -> dict[str, Any]:
    return {"subject": rendered.subject, "paragraphs": rendered.paragraphs}


class LetterTemplateViewSet(GovernedViewSet):
    """Letter templates (the IG manager edits them) and their preview."""

    queryset = models.LetterTemplate.objects.all()
    serializer_class = LetterTemplateSerializer
    filterset_class = filters.LetterTemplateFilterSet

    @extend_schema(request=LetterPreviewSerializer, responses={200: RenderedLetterSerializer})
    @action(detail=False, methods=["post"], url_path="preview", filter_backends=[])
    def preview(self, request: Request) -> Response:
        """`POST {"letter", "family", "subject", "body"}`: the text filled from a sample
        case, nothing saved; an unknown placeholder answers 400 naming it."""
        serializer = LetterPreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        errors = {
            name: [message]
            for name in ("subject", "body")
            if (message := letters.template_errors(data[name]))
        }
        if errors:
            raise serializers.ValidationError(errors)
        rendered = letters.preview(
            data["letter"], data["family"], data["subject"], data["body"], timezone.localdate()
        )
        return Response(_rendered(rendered))


class GenerateLetterSerializer(serializers.Serializer):
    letter = serializers.ChoiceField(choices=LetterType.choices)
    on = serializers.DateField(validators=[event_not_after_today])
    details = serializers.CharField(required=False, allow_blank=True, default="")


class SendLetterSerializer(ActionInputSerializer):
    """The letter sent; `document` is one of the case's documents the caller may view."""

    letter = serializers.ChoiceField(choices=LetterType.choices)
    on = serializers.DateField(validators=[event_not_after_today])
    document = serializers.PrimaryKeyRelatedField(
        queryset=models.Document.objects.all(), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = models.CaseEvent
        fields = ["letter", "on", "document", "note"]


@extend_schema(request=GenerateLetterSerializer, responses={201: DocumentSerializer(many=True)})
@action(
    detail=True, methods=["post"], url_path="letters", pagination_class=None, filter_backends=[]
)
def generate_letter(self: CaseViewSet, request: Request, pk: Any = None) -> Response:
    """`POST {"letter", "on", "details"}`: the letter saved to the case's documents as
    Word and PDF; answers with the two documents."""
    case = self.get_object()
    letters.generate_letter.require(request.user, case)
    serializer = GenerateLetterSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    documents = letters.generate_letter(case, acting_user=request.user, **serializer.validated_data)
    body = DocumentSerializer(documents, many=True, context=self.get_serializer_context()).data
    return Response(body, status=status.HTTP_201_CREATED)


CaseViewSet.generate_letter = generate_letter  # type: ignore[attr-defined]
CaseViewSet.send_letter = object_action(  # type: ignore[attr-defined]
    letters.send_letter, SendLetterSerializer, name="send_letter", url_path="letters/sent"
)
router.register("letter-templates", LetterTemplateViewSet)
from infogov.requests.event_api import CaseEventViewSet  # noqa: E402

router.register("case-events", CaseEventViewSet)

# Endpoints that are not a model's: mounted at /api/requests/ beside the router.
from django.urls import path  # noqa: E402

from infogov.requests.sic_views import SicStatisticsView  # noqa: E402

api_urlpatterns = [
    path("statistics/sic/", SicStatisticsView.as_view(), name="sic-statistics"),
]
