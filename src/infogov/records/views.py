"""Records views: the schedule, holdings, legal holds and disposal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from infogov.core.permissions import CHANGE, VIEW
from infogov.core.tables import Column
from infogov.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectFileView,
    ObjectHistoryView,
    ObjectListView,
)
from infogov.organisation.models import Division
from infogov.records import filters, forms, models, services


# Retention schedule
class RetentionRuleList(ObjectListView):
    model = models.RetentionRule
    filterset_class = filters.RetentionRuleFilterSet
    columns = (
        Column("code", "Code", sort="code", link=True),
        Column("function", "Function", sort="function"),
        Column("activity", "Activity"),
        Column("record_series", "Record series", sort="record_series"),
        Column("trigger", "Trigger"),
        Column("period_text", "Retention"),
        Column("disposal_action", "Disposal action", sort="disposal_action"),
        Column("authority", "Authority"),
    )
    default_sort = "code"
    intro = (
        "The council's retention schedule in the SCARRS shape: "
        "function, activity and record series, with the trigger, period and action."
    )
    template_name = "records/retentionrule_list.html"

    def extra_context(self) -> dict[str, Any]:
        from infogov.core.importing import may_import

        return {"can_import": may_import(self.request.user)}


class RetentionRuleDetail(ObjectDetailView):
    model = models.RetentionRule
    fields = (
        "code",
        "function",
        "activity",
        "record_series",
        "description",
        "trigger",
        ("period_text", "Retention period"),
        "disposal_action",
        "authority",
        "is_active",
    )


class RetentionRuleEdit(ObjectEditView):
    model = models.RetentionRule
    form_class = forms.RetentionRuleForm


# Holdings
class RecordHoldingList(ObjectListView):
    model = models.RecordHolding
    filterset_class = filters.RecordHoldingFilterSet
    columns = (
        Column("title", "Title", sort="title", link=True),
        Column("division", "Division", sort="division__name"),
        Column("retention_rule.code", "Retention code", sort="retention_rule__code"),
        Column("trigger_date", "Trigger date", sort="trigger_date"),
        Column("due_date", "Disposal due"),
        Column("status", "Status", sort="status"),
    )
    intro = "Records held by each division, with the date that starts their retention period."

    select_related = ("division", "retention_rule")


class RecordHoldingDetail(ObjectDetailView):
    model = models.RecordHolding
    fields = (
        "title",
        "division",
        "retention_rule",
        "trigger_date",
        ("due_date", "Disposal due"),
        "reference",
        "location",
        "extent",
        "status",
        "disposed_on",
    )

    select_related = ("division", "retention_rule")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "holds": obj.legal_holds.select_related("placed_by", "released_by"),
            "decisions": obj.disposal_decisions.select_related("batch"),
            "can_hold": models.LegalHold.policy.can_add(user)
            and models.RecordHolding.policy.allows(user, CHANGE, obj),
        }


class RecordHoldingEdit(ObjectEditView):
    model = models.RecordHolding
    form_class = forms.RecordHoldingForm


# Legal holds
class LegalHoldList(ObjectListView):
    model = models.LegalHold
    filterset_class = filters.LegalHoldFilterSet
    columns = (
        Column("holding", "Records", sort="holding__title", link=True),
        Column("reason", "Reason"),
        Column("placed_by", "Placed by"),
        Column("placed_on", "Placed on", sort="placed_on"),
        Column("released_on", "Released on", sort="released_on"),
    )
    intro = "A legal hold stops the disposal of records until it is released."

    select_related = ("holding", "placed_by")


class LegalHoldDetail(ObjectDetailView):
    model = models.LegalHold
    fields = (
        "holding",
        "reason",
        "placed_by",
        "placed_on",
        "review_on",
        "released_on",
        "released_by",
        "release_reason",
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        can_release = obj.is_active and models.LegalHold.policy.allows(
            self.request.user, CHANGE, obj
        )
        return {"release_form": forms.ReleaseHoldForm() if can_release else None}


class LegalHoldEdit(ObjectEditView):
    model = models.LegalHold
    form_class = forms.LegalHoldForm

    def save(self, form: ModelForm[Any], creating: bool) -> Any:
        if creating:
            return services.place_hold(form.save(commit=False), acting_user=self.request.user)
        return form.save()


class LegalHoldRelease(ObjectActionView):
    model = models.LegalHold
    form_class = forms.ReleaseHoldForm
    service = services.release_hold
    title = "Release the legal hold"
    button = "Release the hold"
    done = "Legal hold released."


# Disposal
@login_required
def disposal_due(request: HttpRequest) -> HttpResponse:
    """What is due for disposal, division by division; an authorised person decides."""
    today = timezone.localdate()
    visible = models.RecordHolding.objects.restrict(request.user, VIEW)
    due = visible.due(today)
    division_ids = sorted({h.division_id for h in due})
    divisions = Division.objects.filter(pk__in=division_ids)
    chosen = request.GET.get("division") or request.POST.get("division")
    division = None
    form = None
    if chosen:
        division = (
            divisions.filter(pk=chosen).first()
            or Division.objects.filter(pk=chosen if str(chosen).isdigit() else 0).first()
        )
    if division is not None and services.may_authorise_disposal(request.user, division.pk):
        eligible_ids = [
            h.pk for h in due if h.division_id == division.pk and not getattr(h, "on_hold", False)
        ]
        eligible = models.RecordHolding.objects.filter(pk__in=eligible_ids).select_related(
            "retention_rule"
        )
        if request.method == "POST":
            form = forms.DisposalForm(request.POST, holdings=eligible)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    batch = services.record_disposal(
                        division,
                        data["holdings"],
                        data["outcome"],
                        method=data["method"],
                        witness=data["witness"],
                        notes=data["notes"],
                        on=data["decided_on"],
                        acting_user=request.user,
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    messages.success(
                        request, f"Disposal recorded: certificate {batch.certificate_number}."
                    )
                    return HttpResponseRedirect(batch.get_absolute_url())
        else:
            form = forms.DisposalForm(holdings=eligible, initial={"decided_on": today})
    elif request.method == "POST":
        raise PermissionDenied(
            "Only the IG manager or the division's information officer may authorise disposal."
        )
    return render(
        request,
        "records/disposal_due.html",
        {
            "due": due,
            "divisions": divisions,
            "division": division,
            "form": form,
            "today": today,
            "status": 400 if form is not None and form.errors else 200,
        },
        status=400 if form is not None and form.errors else 200,
    )


class DisposalBatchList(ObjectListView):
    model = models.DisposalBatch
    filterset_class = filters.DisposalBatchFilterSet
    columns = (
        Column("certificate_number", "Certificate", link=True),
        Column("division", "Division", sort="division__name"),
        Column("outcome", "Decision", sort="outcome"),
        Column("decided_by", "Decided by"),
        Column("decided_on", "Date", sort="decided_on"),
    )
    intro = "Disposal decisions, each with its certificate of destruction or transfer."

    select_related = ("division", "decided_by")


class DisposalBatchDetail(ObjectDetailView):
    model = models.DisposalBatch
    fields = (
        ("certificate_number", "Certificate number"),
        "division",
        "outcome",
        "method",
        "decided_by",
        "decided_on",
        "witness",
        "notes",
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"decisions": obj.decisions.select_related("holding")}


class DisposalCertificate(ObjectFileView):
    model = models.DisposalBatch
    select_related = ("division", "decided_by")

    def respond(self, obj: Any, **kwargs: Any) -> HttpResponse:
        response = HttpResponse(services.certificate_pdf(obj), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{obj.certificate_number}.pdf"'
        return response


class DisposalDecisionList(ObjectListView):
    model = models.DisposalDecision
    filterset_class = filters.DisposalDecisionFilterSet
    columns = (
        Column("holding", "Records", link=True),
        Column("retention_code", "Retention code", sort="retention_code"),
        Column("due_date", "Was due", sort="due_date"),
        Column("batch.outcome", "Decision"),
        Column("batch.decided_on", "Decided on", sort="batch__decided_on"),
        Column("batch.decided_by", "Decided by"),
        Column("batch.certificate_number", "Certificate"),
    )
    intro = "The disposal log: every record destroyed, transferred or retained, and by whom."

    select_related = ("holding", "batch", "batch__decided_by")


class DisposalDecisionDetail(ObjectDetailView):
    model = models.DisposalDecision
    fields = ("batch", "holding", "retention_code", "due_date")


class DisposalDecisionHistory(ObjectHistoryView):
    model = models.DisposalDecision
