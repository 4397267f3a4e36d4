"""Plans and performance views: a few attributes each on the shared generic views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, QuerySet, Subquery
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from infogov.core.charts import trend_svg
from infogov.core.permissions import CHANGE, VIEW, get_roles
from infogov.core.tables import Column, export_response
from infogov.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectFileView,
    ObjectListView,
)
from infogov.plans import export, filters, forms, models, services
from infogov.plans.choices import (
    OPEN_STATUSES,
    AssessmentStatus,
    Rag,
    UpdateRequestStatus,
    ValueSource,
)

# Action plans


class ActionPlanList(ObjectListView):
    model = models.ActionPlan
    filterset_class = filters.ActionPlanFilterSet
    columns = (
        Column("year", "Year", sort="year", link=True),
        Column("title", "Title", sort="title"),
        Column("status", "Status", sort="status"),
        Column("approved_on", "Approved", sort="approved_on"),
    )
    intro = "The group's annual action plan, as recorded in the corporate performance system."


class ActionPlanDetail(ObjectDetailView):
    model = models.ActionPlan
    fields = ("year", "title", "description", "status", "approved_on")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        actions = list(
            models.PlanAction.objects.restrict(self.request.user, VIEW)
            .filter(plan=obj)
            .select_related("division", "owner")
        )
        today = timezone.localdate()
        return {
            "actions": actions,
            "overdue": sum(1 for a in actions if a.is_open and a.due_date < today),
            "off_track": sum(1 for a in actions if a.is_open and a.rag in {Rag.RED, Rag.AMBER}),
            "completed": sum(1 for a in actions if a.status == "completed"),
            "export_csv": reverse("plans:actionplan_export", args=[obj.pk, "csv"]),
            "export_xlsx": reverse("plans:actionplan_export", args=[obj.pk, "xlsx"]),
            "export_layout": [(c.label) for c in export.EXPORT_COLUMNS],
            "add_action_url": (
                reverse("plans:planaction_add") + f"?plan={obj.pk}"
                if models.PlanAction.policy.can_add(self.request.user)
                else None
            ),
        }


class ActionPlanEdit(ObjectEditView):
    model = models.ActionPlan
    form_class = forms.ActionPlanForm


class ActionPlanExport(ObjectFileView):
    """The plan's actions in the documented layout for Pentana/Covalent upload."""

    model = models.ActionPlan

    def respond(self, obj: Any, **kwargs: Any) -> HttpResponseBase:
        fmt = kwargs["fmt"]
        if fmt not in {"csv", "xlsx"}:
            raise Http404("No such format")
        actions = export.export_queryset(
            models.PlanAction.objects.restrict(self.request.user, VIEW).filter(plan=obj)
        )
        return export_response(export.EXPORT_COLUMNS, list(actions), f"action-plan-{obj.year}", fmt)


# Actions

ACTION_COLUMNS = (
    Column("reference", "Ref", sort="reference", link=True),
    Column("title", "Action", sort="title"),
    Column("division", "Division", sort="division__name"),
    Column("owner", "Owner", sort="owner__last_name"),
    Column("due_date", "Due", sort="due_date"),
    Column("status", "Status", sort="status"),
    Column("percent_complete", "Progress %", sort="percent_complete"),
    Column("rag", "RAG", sort="rag"),
)


class PlanActionList(ObjectListView):
    model = models.PlanAction
    filterset_class = filters.PlanActionFilterSet
    columns = ACTION_COLUMNS
    default_sort = "due_date"
    intro = "Actions in the annual plan, with their latest progress."

    select_related = ("division", "owner", "plan")


class OverdueActionList(PlanActionList):
    intro = "Open actions past their due date."

    def base_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .base_queryset()
            .filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
        )

    def common_context(self) -> dict[str, Any]:
        return {**super().common_context(), "verbose_name_plural": "Overdue actions"}


class OffTrackActionList(PlanActionList):
    intro = "Open actions whose latest progress update is red or amber."

    def base_queryset(self) -> QuerySet[Any]:
        return (
            super().base_queryset().filter(status__in=OPEN_STATUSES, rag__in=[Rag.RED, Rag.AMBER])
        )

    def common_context(self) -> dict[str, Any]:
        return {**super().common_context(), "verbose_name_plural": "Off-track actions"}


class PlanActionDetail(ObjectDetailView):
    model = models.PlanAction
    fields = (
        "plan",
        "reference",
        "title",
        "description",
        "owner",
        "division",
        "heading",
        "due_date",
        "status",
        "percent_complete",
        "rag",
        "last_update_on",
        "completed_on",
        "risk",
    )

    select_related = ("plan", "owner", "division", "risk")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        can_change = self.policy.allows(user, CHANGE, obj)
        return {
            "milestones": obj.milestones.all(),
            "updates": obj.progress_updates.select_related("reported_by"),
            "update_requests": obj.update_requests.select_related("owner"),
            "add_progress_url": reverse("plans:progressupdate_add") + f"?action={obj.pk}"
            if can_change and models.ProgressUpdate.policy.can_add(user)
            else None,
            "add_milestone_url": reverse("plans:milestone_add") + f"?action={obj.pk}"
            if can_change
            else None,
            "request_update_url": reverse("plans:updaterequest_add") + f"?action={obj.pk}"
            if can_change and models.UpdateRequest.policy.can_add(user)
            else None,
        }


class PlanActionEdit(ObjectEditView):
    model = models.PlanAction
    form_class = forms.PlanActionForm


# Milestones


class MilestoneList(ObjectListView):
    model = models.Milestone
    filterset_class = filters.MilestoneFilterSet
    columns = (
        Column("title", "Milestone", link=True),
        Column("action", "Action", sort="action__reference"),
        Column("due_date", "Due", sort="due_date"),
        Column("completed_on", "Completed", sort="completed_on"),
    )
    default_sort = "due_date"

    select_related = ("action",)


class MilestoneDetail(ObjectDetailView):
    model = models.Milestone
    fields = ("action", "title", "due_date", "completed_on")


class MilestoneEdit(ObjectEditView):
    model = models.Milestone
    form_class = forms.MilestoneForm


# Progress updates


class ProgressUpdateList(ObjectListView):
    model = models.ProgressUpdate
    filterset_class = filters.ProgressUpdateFilterSet
    columns = (
        Column("reported_on", "Date", sort="reported_on", link=True),
        Column("action", "Action", sort="action__reference"),
        Column("percentage", "Progress %", sort="percentage"),
        Column("rag", "RAG", sort="rag"),
        Column("narrative", "Narrative"),
    )
    default_sort = "-reported_on"

    select_related = ("action",)


class ProgressUpdateDetail(ObjectDetailView):
    model = models.ProgressUpdate
    fields = ("action", "reported_on", "percentage", "rag", "narrative", "reported_by")


class ProgressUpdateEdit(ObjectEditView):
    model = models.ProgressUpdate
    form_class = forms.ProgressUpdateForm

    def save(self, form: ModelForm, creating: bool) -> Any:
        if creating:
            return services.add_progress(form.save(commit=False), acting_user=self.request.user)
        return form.save()


# KPIs


def _latest_value_subquery(field: str) -> Subquery:
    return Subquery(
        models.KpiValue.objects.filter(kpi=OuterRef("pk"))
        .order_by("-period_start")
        .values(field)[:1]
    )


class KpiList(ObjectListView):
    model = models.Kpi
    filterset_class = filters.KpiFilterSet
    columns = (
        Column("name", "KPI", sort="name", link=True),
        Column("latest", "Latest", lambda k: _shown(k.latest_value, k.unit)),
        Column("latest_period", "Period from", sort="latest_period"),
        Column("target", "Target", lambda k: _shown(k.target, k.unit)),
        Column(
            "rag", "RAG", lambda k: Rag(r).label if (r := k.rag_for(k.latest_value)) else "No data"
        ),
        Column("frequency", "Frequency", sort="frequency"),
        Column("computed_by", "Source"),
    )
    intro = "Key performance indicators, known to management and elected members."

    def base_queryset(self) -> QuerySet[Any]:
        return models.Kpi.objects.annotate(
            latest_value=_latest_value_subquery("value"),
            latest_period=_latest_value_subquery("period_start"),
        )


def _shown(value: Any, unit: str) -> str:
    if value is None:
        return "No data"
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value}"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


class KpiDetail(ObjectDetailView):
    model = models.Kpi
    fields = (
        "name",
        "definition",
        "unit",
        "direction",
        "target",
        "tolerance",
        "frequency",
        "owner",
        "computed_by",
        "is_active",
    )

    def extra_context(self, obj: Any) -> dict[str, Any]:
        values = list(obj.values.order_by("period_start"))
        rows = [
            {
                "value": v,
                "shown": _shown(v.value, obj.unit),
                "rag": v.rag,
                "rag_label": Rag(v.rag).label if v.rag else "No data",
            }
            for v in values
        ]
        chart = None
        if any(v.value is not None for v in values):
            chart = trend_svg(
                [(v.period_start, float(v.value) if v.value is not None else None) for v in values],
                title=obj.name,
                ylabel=obj.unit or "Value",
                target=float(obj.target),
                rag=[v.rag for v in values],
            )
        return {
            "value_rows": list(reversed(rows)),
            "chart": chart,
            "can_compute": bool(obj.computed_by)
            and services.recompute_kpi.allowed(self.request.user, obj),
            "add_value_url": reverse("plans:kpivalue_add") + f"?kpi={obj.pk}"
            if models.KpiValue.policy.can_add(self.request.user)
            else None,
        }


class KpiEdit(ObjectEditView):
    model = models.Kpi
    form_class = forms.KpiForm


class KpiCompute(ObjectActionView):
    """Recompute a computed KPI's last four periods from live data (the IG manager)."""

    model = models.Kpi
    service = services.recompute_kpi
    title = "Recompute from live data"
    intro = "The last four complete periods are worked out again from the records."
    button = "Recompute"

    def action_context(self, obj: Any) -> dict[str, Any]:
        periods = services.recent_periods(obj.frequency, timezone.localdate(), 4)
        starts = [start for start, _ in periods]
        held = {v.period_start: v for v in obj.values.filter(period_start__in=starts)}
        notes = [
            "A value entered by hand is never replaced, and “no data” is never stored over a "
            "value: those periods keep what they have. Every change shows on the History tab."
        ]
        warnings = []
        for start, end in periods:
            value = held.get(start)
            when = f"{start:%-d %b %Y} to {end:%-d %b %Y}"
            if value is None:
                warnings.append(f"{when}: no value yet; the computed one is stored.")
            elif value.source == ValueSource.MANUAL:
                warnings.append(f"{when}: {_shown(value.value, obj.unit)} entered by hand, kept.")
            else:
                warnings.append(
                    f"{when}: {_shown(value.value, obj.unit)} computed earlier, worked out again."
                )
        return {
            "notes": notes,
            "warnings": warnings,
            "warnings_heading": "What happens to each period",
        }

    done = "Recomputed the last four periods from live data; values entered by hand were kept."


class KpiValueList(ObjectListView):
    model = models.KpiValue
    filterset_class = filters.KpiValueFilterSet
    columns = (
        Column("kpi", "KPI", sort="kpi__name", link=True),
        Column("period_start", "From", sort="period_start"),
        Column("period_end", "To", sort="period_end"),
        Column("value", "Value", lambda v: "No data" if v.value is None else v.value),
        Column("source", "Source", sort="source"),
    )
    default_sort = "-period_start"

    select_related = ("kpi",)


class KpiValueDetail(ObjectDetailView):
    model = models.KpiValue
    fields = ("kpi", "period_start", "period_end", "value", "source", "note")


class KpiValueEdit(ObjectEditView):
    model = models.KpiValue
    form_class = forms.KpiValueForm


# Frameworks and self-assessments


class FrameworkList(ObjectListView):
    model = models.Framework
    filterset_class = filters.FrameworkFilterSet
    columns = (
        Column("name", "Framework", sort="name", link=True),
        Column("version", "Version"),
    )
    intro = (
        "Frameworks the council assesses itself against, loaded from data files "
        "(plans/frameworks/*.yaml): add a file to add a framework."
    )


class FrameworkDetail(ObjectDetailView):
    model = models.Framework
    fields = ("name", "version", "description", "source_url")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"items": obj.items.all()}


class FrameworkItemList(ObjectListView):
    model = models.FrameworkItem
    filterset_class = filters.FrameworkItemFilterSet
    columns = (
        Column("title", "Item", sort="title", link=True),
        Column("code", "Code", sort="order"),
        Column("framework", "Framework", sort="framework__name"),
    )

    select_related = ("framework",)


class FrameworkItemDetail(ObjectDetailView):
    model = models.FrameworkItem
    fields = ("framework", "code", "title", "expectation")


class AssessmentList(ObjectListView):
    model = models.Assessment
    filterset_class = filters.AssessmentFilterSet
    columns = (
        Column("title", "Assessment", sort="title", link=True),
        Column("framework", "Framework", sort="framework__name"),
        Column("started_on", "Started", sort="started_on"),
        Column("status", "Status", sort="status"),
        Column("completed_on", "Completed", sort="completed_on"),
    )
    default_sort = "-started_on"

    select_related = ("framework",)


class AssessmentDetail(ObjectDetailView):
    model = models.Assessment
    fields = (
        "title",
        "framework",
        "started_on",
        "status",
        "completed_on",
        "lead",
        "previous",
        "notes",
    )

    select_related = ("framework", "lead", "previous")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        rows = services.compare(obj)
        counts: dict[str, int] = {}
        for row in rows:
            key = row.item.get_status_display()
            counts[key] = counts.get(key, 0) + 1
        return {
            "compared": rows,
            "counts": sorted(counts.items()),
            "can_change": self.policy.allows(self.request.user, CHANGE, obj),
            "can_complete": obj.status == AssessmentStatus.IN_PROGRESS
            and self.policy.allows(self.request.user, CHANGE, obj),
        }


class AssessmentEdit(ObjectEditView):
    model = models.Assessment
    form_class = forms.AssessmentForm

    def save(self, form: ModelForm, creating: bool) -> Any:
        if creating:
            return services.start_assessment(form.save(commit=False), acting_user=self.request.user)
        return form.save()


@login_required
def records_management_plan(request: HttpRequest) -> HttpResponse:
    """The Keeper's Model Records Management Plan tracker, shared with records.

    Those who may see self-assessments go to the latest assessment against the Keeper's
    framework (or the list of them); an item owner goes to the items they own.
    """
    framework = models.Framework.objects.filter(slug=services.KEEPER_FRAMEWORK).first()
    if framework is None:
        return HttpResponseRedirect(reverse("plans:framework_list"))
    if models.Assessment.policy.q(request.user, VIEW) is not None:
        latest = services.latest_assessment(framework, request.user)
        if latest is not None:
            return HttpResponseRedirect(latest.get_absolute_url())
        return HttpResponseRedirect(f"{reverse('plans:assessment_list')}?framework={framework.pk}")
    query = f"?framework={framework.pk}"
    person_id = get_roles(request.user).person_id
    if person_id:
        query += f"&owner={person_id}"
    return HttpResponseRedirect(reverse("plans:assessmentitem_list") + query)


class AssessmentComplete(ObjectActionView):
    model = models.Assessment
    service = services.complete_assessment
    title = "Complete the self-assessment"
    button = "Complete"
    done = "Assessment completed."


class AssessmentItemList(ObjectListView):
    """Every item of every assessment: an owner finds theirs here (filter by owner)."""

    model = models.AssessmentItem
    filterset_class = filters.AssessmentItemFilterSet
    columns = (
        Column("item", "Item", sort="item__order", link=True),
        Column("assessment", "Assessment", sort="assessment__started_on"),
        Column("status", "Status", sort="status"),
        Column("owner", "Owner", sort="owner__last_name"),
        Column("next_review", "Next review", sort="next_review"),
    )
    intro = (
        "The items of each self-assessment, with their status, owner and next review. "
        "The owner of an item may update it."
    )

    def base_queryset(self) -> QuerySet[Any]:
        return models.AssessmentItem.objects.select_related("assessment", "item", "owner").order_by(
            "-assessment__started_on", "assessment_id", "item__order", "item__code"
        )


class AssessmentItemDetail(ObjectDetailView):
    model = models.AssessmentItem
    fields = (
        "assessment",
        "item",
        ("item.expectation", "Expectation"),
        "status",
        "owner",
        "next_review",
        "evidence",
        "notes",
        "gap",
        "action",
    )

    select_related = ("assessment", "item", "action", "owner")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        can = self.policy.allows(self.request.user, CHANGE, obj)
        return {
            "gap_url": reverse("plans:assessmentitem_gap", args=[obj.pk])
            if can and obj.action_id is None and obj.gap
            else None,
        }


class AssessmentItemEdit(ObjectEditView):
    model = models.AssessmentItem
    form_class = forms.AssessmentItemForm


class AssessmentItemGapAction(ObjectActionView):
    """Turn an assessment gap into an action in the plan."""

    model = models.AssessmentItem
    select_related = ("assessment__framework", "item")
    form_class = forms.GapActionForm
    service = services.raise_gap_action
    title = "Add an action for the gap"
    button = "Add to the plan"

    def initial(self, obj: Any) -> dict[str, Any]:
        return {"plan": models.ActionPlan.objects.order_by("-year").first()}

    def action_context(self, obj: Any) -> dict[str, Any]:
        return {"notes": [f"Gap: {obj.gap}"] if obj.gap else []}

    done = "Action {result.reference} added to the plan."

    def success_url(self, obj: Any) -> str:
        return str(self.result.get_absolute_url())


# Update requests


class UpdateRequestList(ObjectListView):
    model = models.UpdateRequest
    filterset_class = filters.UpdateRequestFilterSet
    columns = (
        Column("subject", "About", link=True),
        Column("owner", "Owner", sort="owner__last_name"),
        Column("due_date", "Due", sort="due_date"),
        Column("status", "Status", sort="status"),
        Column("responded_on", "Answered", sort="responded_on"),
    )
    intro = "Updates the group has asked risk and action owners for."

    select_related = ("risk", "action", "owner")


class UpdateRequestDetail(ObjectDetailView):
    model = models.UpdateRequest
    fields = (
        "risk",
        "action",
        "owner",
        "question",
        "due_date",
        "status",
        "requested_by",
        "response",
        "responded_on",
    )

    select_related = ("risk", "action", "owner", "requested_by")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        may_answer = obj.status == UpdateRequestStatus.OPEN and (
            services.answer_update_request.allowed(self.request.user, obj)
        )
        return {"answer_form": forms.AnswerForm() if may_answer else None}


class UpdateRequestAdd(ObjectEditView):
    model = models.UpdateRequest
    form_class = forms.UpdateRequestForm

    def instance_for(self, pk: Any) -> Any:
        if pk is not None:
            raise Http404("Update requests are answered, not edited.")
        return super().instance_for(pk)

    def save(self, form: ModelForm, creating: bool) -> Any:
        return services.request_update(form.save(commit=False), acting_user=self.request.user)


class UpdateRequestAnswer(ObjectActionView):
    model = models.UpdateRequest
    form_class = forms.AnswerForm
    service = services.answer_update_request
    title = "Give your update"
    button = "Send the update"
    done = "Thank you: your update has been recorded."
