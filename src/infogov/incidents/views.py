"""Incident views: report, my reports, the IG list, the case, assessment and closure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from infogov.clocks import explain_breach
from infogov.core.models import Notification
from infogov.core.permissions import VIEW, get_roles, may_read
from infogov.core.tables import Column, export_response
from infogov.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    require_some,
    shown_columns,
)
from infogov.incidents import filters, forms, models, services
from infogov.incidents.choices import Decision, Status

INCIDENT_RELATED = ("division", "cause", "cause__ico_type", "reported_by")


def _deadline_text(incident: models.Incident) -> str:
    deadline = incident.ico_deadline
    return models.to_the_minute(deadline) if deadline else ""


def _countdown(incident: models.Incident) -> str:
    if incident.ico_notified_at:
        return "ICO notified"
    if incident.decision == Decision.NOT_REPORT:
        return "Not reportable"
    return incident.countdown()


def _ico_type(incident: models.Incident) -> str:
    return incident.cause.ico_type.name if incident.cause else ""


def _ico_category(incident: models.Incident) -> str:
    return incident.cause.ico_type.get_category_display() if incident.cause else ""


def _reported_to_ico(incident: models.Incident) -> bool:
    return incident.ico_notified_at is not None


# --- Incidents ---
class IncidentList(ObjectListView):
    model = models.Incident
    filterset_class = filters.IncidentFilterSet
    add_label = "Report an incident or near miss"
    add_url_name = "incidents:report"
    columns: ClassVar[Sequence[Column]] = (
        Column("reference", "Reference", sort="ref_number", link=True),
        Column("title", "Summary"),
        Column("division", "Division", sort="division__name"),
        Column("reported_at", "Reported", sort="reported_at"),
        Column("is_near_miss", "Near miss", sort="is_near_miss"),
        Column("status", "Status", sort="status"),
        Column("ico_deadline", "ICO deadline", accessor=_deadline_text, sort="aware_at"),
        Column("countdown", "Time to ICO deadline", accessor=_countdown),
    )
    # The download: what a board or the ICO asks about each incident. A column named after
    # a field follows that field's read rule (the reporter sees no assessment).
    export_columns: ClassVar[Sequence[Column]] = (
        Column("reference", "Reference"),
        Column("title", "Summary"),
        Column("division", "Division"),
        Column("is_near_miss", "Near miss"),
        Column("incident_type", "Type"),
        Column("cause", "Cause"),
        Column("ico_type", "ICO incident type", accessor=_ico_type),
        Column("ico_category", "Cyber or non-cyber", accessor=_ico_category),
        Column("personal_data_breach", "Personal data breach"),
        Column("reported_to_ico", "Reported to the ICO", accessor=_reported_to_ico),
        Column("decision", "ICO decision"),
        Column("status", "Status"),
        Column("occurred_at", "Happened"),
        Column("discovered_at", "Discovered"),
        Column("reported_at", "Reported"),
        Column("aware_at", "Council became aware"),
        Column("ico_deadline", "ICO deadline"),
        Column("ico_notified_at", "ICO notified"),
        Column("decision_at", "Decided"),
        Column("closed_at", "Closed"),
    )
    default_sort = "-reported_at"
    select_related = INCIDENT_RELATED
    intro = (
        "Incidents and near misses you may see. The ICO must be told of a reportable personal "
        "data breach within 72 hours of the council becoming aware of it."
    )

    def get(self, request: HttpRequest) -> HttpResponseBase:
        export = request.GET.get("export")
        if export not in {"csv", "xlsx"}:
            return super().get(request)
        queryset, _ = self.filtered()
        return export_response(
            shown_columns(self.export_columns, request.user),
            queryset.select_related(*self.select_related).iterator(chunk_size=2000),
            "incidents",
            export,
        )

    def extra_context(self) -> dict[str, Any]:
        return {"report_url": reverse("incidents:incident_add")}


class MyReports(IncidentList):
    template_name = "incidents/my_reports.html"
    intro = "Incidents and near misses you have reported, and their progress."
    columns = (
        Column("reference", "Reference", sort="ref_number", link=True),
        Column("title", "Summary"),
        Column("reported_at", "Reported", sort="reported_at"),
        Column("is_near_miss", "Near miss"),
        Column("status", "Progress", sort="status"),
    )

    def base_queryset(self) -> QuerySet[Any]:
        person_id = get_roles(self.request.user).person_id
        return super().base_queryset().filter(reported_by_id=person_id)


class IncidentDetail(ObjectDetailView):
    model = models.Incident
    fields = (
        "reference",
        "title",
        "division",
        "description",
        "occurred_at",
        "discovered_at",
        "is_near_miss",
        "data_involved",
        "people_affected",
        "containment",
        "reported_by",
        "reported_at",
        "status",
    )
    select_related = INCIDENT_RELATED

    def extra_context(self, obj: models.Incident) -> dict[str, Any]:
        user = self.request.user
        assessor = services.is_assessor(user)
        # The assessment and the incident's work: the same field rule as the API and history.
        sees_case = may_read(user, obj, "likelihood")
        thresholds = models.ReportabilityThresholds.current()
        reportable, tell = obj.reportability(thresholds)
        pk = obj.pk
        context: dict[str, Any] = {
            "sees_case": sees_case,
            "assessor": assessor,
            "thresholds": thresholds,
            "ico_reportable": reportable,
            "individuals_to_be_told": tell,
            "deadline": _deadline_text(obj),
            "aware_text": models.to_the_minute(obj.aware_at) if obj.aware_at else "",
            "countdown": _countdown(obj) if obj.aware_at else "",
            "overdue": bool(
                obj.clock_running and obj.ico_deadline and obj.ico_deadline < timezone.now()
            ),
            "deadline_steps": explain_breach(obj.aware_at) if obj.aware_at else [],
            "notified_late": obj.notified_late,
            "may_comment": services.may_comment(user, obj),
            "comment_form": forms.CommentForm(),
            "closure_problems": services.closure_problems(obj),
        }
        if sees_case:
            context.update(
                data_categories=list(obj.data_categories.all()),
                subject_categories=list(obj.subject_categories.all()),
                other_notifications=list(obj.other_notifications.all()),
                actions=list(obj.actions.select_related("owner")),
                comments=list(obj.comments.select_related("author")),
            )
            context.update(self.links_context(obj))
        if assessor:
            context["links"] = {
                "assess": reverse("incidents:assess", args=[pk]),
                "notify": reverse("incidents:notify_ico", args=[pk]),
                "not_report": reverse("incidents:not_report", args=[pk]),
                "individuals": reverse("incidents:individuals", args=[pk]),
                "other": reverse("incidents:othernotification_add") + f"?incident={pk}",
                "action": reverse("incidents:action_add") + f"?incident={pk}",
                "close": reverse("incidents:close", args=[pk]),
                "pdf": reverse("incidents:ico_pack", args=[pk, "pdf"]),
                "docx": reverse("incidents:ico_pack", args=[pk, "docx"]),
            }
        return context

    def links_context(self, obj: models.Incident) -> dict[str, Any]:
        """The linked risks and assets the viewer may see, and how many others there are."""
        user = self.request.user
        found: dict[str, Any] = {}
        for field in services.LINK_FIELDS:
            model: Any = models.Incident._meta.get_field(field).related_model
            through: Any = getattr(models.Incident, field).through
            total = through.objects.filter(incident_id=obj.pk).count()
            visible = (
                list(model.objects.restrict(user, VIEW).filter(incidents=obj)) if total else []
            )
            found[field] = visible
            found[f"{field}_hidden"] = total - len(visible)
        return found


class IncidentEdit(ObjectEditView):
    """Report (anyone signed in) or correct a report (IG manager and caseworkers)."""

    model = models.Incident
    form_class = forms.ReportForm
    template_name = "incidents/report_form.html"

    def make_form(
        self, instance: Any, data: Any = None, files: Any = None, initial: Any = None
    ) -> Any:
        if instance.pk is None and data is None:
            initial = dict(initial or {})
            roles = get_roles(self.request.user)
            if roles.division_id and "division" not in initial:
                initial["division"] = roles.division_id
        return super().make_form(instance, data, files, initial)

    def save(self, form: Any, creating: bool) -> Any:
        if creating:
            try:
                incident = services.report_incident(
                    form.save(commit=False), acting_user=self.request.user
                )
            except ValidationError as exc:  # pragma: no cover - the form validated already
                raise PermissionDenied(" ".join(exc.messages)) from None
            self.created = incident
            return incident
        return services.update_report(form.instance, acting_user=self.request.user)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        response = super().post(request, pk)
        created = getattr(self, "created", None)
        if created is not None and response.status_code == 302:
            list(messages.get_messages(request))  # the confirmation page says it all
            return HttpResponseRedirect(reverse("incidents:reported", args=[created.pk]))
        return response


class ReportedView(ObjectDetailView):
    """Confirmation: the reference and what happens next, as the outbox holds it."""

    model = models.Incident
    template_name = "incidents/reported.html"

    def extra_context(self, obj: models.Incident) -> dict[str, Any]:
        team_told, officer_told = services.report_notices(obj)
        ack = (
            Notification.objects.filter(key=services.acknowledgement_key(obj))
            .values_list("recipient_email", flat=True)
            .first()
        )
        return {
            "team_told": team_told,
            "officer_told": officer_told,
            "acknowledgement_to": ack or "",
        }


class IncidentStepView(ObjectActionView):
    """A step on the case (assess, notify, decide, close): IG manager and caseworkers."""

    model = models.Incident
    select_related = INCIDENT_RELATED
    done = "{title}: saved for {object.reference}."


class AssessView(IncidentStepView):
    form_class = forms.AssessmentForm
    service = services.assess
    title = "Triage and assessment"
    intro = (
        "Record the type and cause, whether it is a personal data breach, and the likelihood "
        "and severity of harm to the people affected."
    )

    def action_context(self, obj: Any) -> dict[str, Any]:
        t = models.ReportabilityThresholds.current()
        return {
            "notes": [
                f"Report to the ICO when it is a personal data breach with likelihood "
                f"{t.ico_likelihood} or more and severity {t.ico_severity} or more. Tell the "
                f"individuals when likelihood is {t.individuals_likelihood} or more and "
                f"severity {t.individuals_severity} or more."
            ]
        }


class NotifyIcoView(IncidentStepView):
    form_class = forms.IcoNotificationForm
    service = services.record_ico_notification
    title = "Record the ICO notification"
    intro = "When the ICO was notified and the reference it gave."

    def action_context(self, obj: Any) -> dict[str, Any]:
        deadline = _deadline_text(obj)
        return {"notes": [f"ICO deadline: {deadline}."] if deadline else []}


class NotReportView(IncidentStepView):
    form_class = forms.NotReportForm
    service = services.decide_not_to_report
    title = "Decide not to report to the ICO"
    button = "Record the decision"

    def initial(self, obj: Any) -> dict[str, Any]:
        return {"decision_reasons": obj.decision_reasons}


class IndividualsView(IncidentStepView):
    form_class = forms.IndividualsForm
    service = services.record_individuals_notification
    title = "Record telling the individuals"

    def initial(self, obj: Any) -> dict[str, Any]:
        return {
            "individuals_notified_on": obj.individuals_notified_on,
            "individuals_method": obj.individuals_method,
            "individuals_count": obj.individuals_count or obj.people_affected,
        }


class CloseView(IncidentStepView):
    form_class = forms.CloseForm
    service = services.close_incident
    title = "Close the incident"
    button = "Close the incident"
    intro = "An incident can be closed once it is contained, assessed and the ICO decision made."

    def initial(self, obj: Any) -> dict[str, Any]:
        return {"lessons_learned": obj.lessons_learned}

    def action_context(self, obj: Any) -> dict[str, Any]:
        return {
            "warnings": list(services.closure_problems(obj).values()),
            "warnings_heading": "Before closing:",
        }


class CommentView(IncidentStepView):
    """The division's information officer or the IG team comments on the case."""

    form_class = forms.CommentForm
    service = services.add_comment
    title = "Add a comment"
    button = "Add the comment"
    done = "Comment added."

    def success_url(self, obj: Any) -> str:
        return f"{obj.get_absolute_url()}#comments"


# --- Children: other bodies notified, actions ---
class _ChildEdit(ObjectEditView):
    def make_form(
        self, instance: Any, data: Any = None, files: Any = None, initial: Any = None
    ) -> Any:
        form = super().make_form(instance, data, files, initial)
        if "incident" in form.fields:
            form.fields["incident"].queryset = models.Incident.objects.restrict(  # type: ignore[attr-defined]
                self.request.user, "change"
            ).exclude(status=Status.CLOSED)
        return form


class OtherNotificationList(ObjectListView):
    model = models.OtherNotification
    filterset_class = filters.OtherNotificationFilterSet
    columns = (
        Column("body", "Body", sort="body", link=True),
        Column("body_name", "Name"),
        Column("incident.reference", "Incident", sort="incident__ref_number"),
        Column("notified_at", "Notified", sort="notified_at"),
        Column("reference", "Their reference"),
    )
    select_related = ("incident",)


class OtherNotificationDetail(ObjectDetailView):
    model = models.OtherNotification
    fields = ("incident", "body", "body_name", "notified_at", "reference", "notes")


class OtherNotificationForm(forms.OtherNotificationForm):
    class Meta(forms.OtherNotificationForm.Meta):
        fields = ["incident", *forms.OtherNotificationForm.Meta.fields]


class OtherNotificationEdit(_ChildEdit):
    model = models.OtherNotification
    form_class = OtherNotificationForm

    def save(self, form: Any, creating: bool) -> Any:
        if creating:
            return services.add_other_notification(
                form.save(commit=False), acting_user=self.request.user
            )
        return form.save()


class ActionList(ObjectListView):
    model = models.Action
    filterset_class = filters.ActionFilterSet
    columns = (
        Column("description", "Action", link=True),
        Column("incident.reference", "Incident", sort="incident__ref_number"),
        Column("owner", "Owner", sort="owner__last_name"),
        Column("due_on", "Due", sort="due_on"),
        Column("done_on", "Done", sort="done_on"),
    )
    default_sort = "due_on"
    intro = "Actions arising from incidents, with their owners and due dates."
    select_related = ("incident", "owner")


class ActionDetail(ObjectDetailView):
    model = models.Action
    fields = ("incident", "description", "owner", "due_on", "done_on", "notes")


class ActionForm(forms.ActionForm):
    class Meta(forms.ActionForm.Meta):
        fields = ["incident", *forms.ActionForm.Meta.fields]


class ActionEdit(_ChildEdit):
    model = models.Action
    form_class = ActionForm

    def save(self, form: Any, creating: bool) -> Any:
        if creating:
            return services.add_action(form.save(commit=False), acting_user=self.request.user)
        return form.save()


# --- Managed lists ---
class CauseList(ObjectListView):
    model = models.Cause
    filterset_class = filters.CauseFilterSet
    columns = (
        Column("name", "Cause", sort="name", link=True),
        Column("ico_type.name", "ICO incident type", sort="ico_type__position"),
        Column("ico_type.category", "Cyber or non-cyber", sort="ico_type__category"),
        Column("is_active", "Active"),
    )
    default_sort = "name"
    select_related = ("ico_type",)
    intro = (
        "The causes an incident may be put down to: the ICO's 23 data security incident "
        "types, and the council's own causes, each counted under one of the ICO's types."
    )


class CauseDetail(ObjectDetailView):
    model = models.Cause
    fields = ("name", "ico_type", "description", "is_active")
    select_related = ("ico_type",)


class IcoIncidentTypeList(ObjectListView):
    model = models.IcoIncidentType
    filterset_class = filters.IcoIncidentTypeFilterSet
    columns = (
        Column("name", "ICO incident type", sort="position", link=True),
        Column("category", "Cyber or non-cyber", sort="category"),
        Column("description", "What it covers"),
    )
    default_sort = "position"
    intro = (
        "The 23 data security incident types the ICO publishes its incident trends by, "
        "shipped with InfoGov. Every cause is counted under one of them."
    )


class IcoIncidentTypeDetail(ObjectDetailView):
    model = models.IcoIncidentType
    fields = ("name", "category", "description")


class CauseEdit(ObjectEditView):
    model = models.Cause
    form_class = forms.CauseForm


class DataCategoryList(ObjectListView):
    model = models.DataCategory
    filterset_class = filters.DataCategoryFilterSet
    columns = (
        Column("name", "Category", sort="name", link=True),
        Column("is_special_category", "Special category"),
        Column("is_active", "Active"),
    )
    intro = "Categories of personal data, as the ICO's breach report form lists them."


class DataCategoryDetail(ObjectDetailView):
    model = models.DataCategory
    fields = ("name", "is_special_category", "is_active")


class DataCategoryEdit(ObjectEditView):
    model = models.DataCategory
    form_class = forms.DataCategoryForm


class SubjectCategoryList(ObjectListView):
    model = models.SubjectCategory
    filterset_class = filters.SubjectCategoryFilterSet
    columns = (
        Column("name", "Category", sort="name", link=True),
        Column("is_vulnerable", "Vulnerable"),
        Column("is_active", "Active"),
    )
    intro = "Categories of people affected, as the ICO's breach report form lists them."


class SubjectCategoryDetail(ObjectDetailView):
    model = models.SubjectCategory
    fields = ("name", "is_vulnerable", "is_active")


class SubjectCategoryEdit(ObjectEditView):
    model = models.SubjectCategory
    form_class = forms.SubjectCategoryForm


# --- Thresholds ---
@login_required
def thresholds(request: HttpRequest) -> HttpResponse:
    require_some(request.user, models.ReportabilityThresholds, VIEW)
    return HttpResponseRedirect(models.ReportabilityThresholds.current().get_absolute_url())


class ThresholdsDetail(ObjectDetailView):
    model = models.ReportabilityThresholds
    fields = ("ico_likelihood", "ico_severity", "individuals_likelihood", "individuals_severity")


class ThresholdsEdit(ObjectEditView):
    model = models.ReportabilityThresholds
    form_class = forms.ThresholdsForm


class ThresholdsHistory(ObjectHistoryView):
    model = models.ReportabilityThresholds
