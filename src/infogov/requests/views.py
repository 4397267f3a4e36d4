"""Views for information requests: cases and their actions, tasks, documents, statistics,
the disclosure log and the public request form."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from infogov.core.net import client_ip
from infogov.core.permissions import CHANGE, VIEW, get_roles, shown_rows
from infogov.core.roles import Role
from infogov.core.tables import Column
from infogov.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectFileView,
    ObjectHistoryView,
    ObjectListView,
)
from infogov.requests import filters, forms, models, services, statistics
from infogov.requests.choices import AccessChannel
from infogov.requests.models import can_see_personal_data

PUBLIC_RATE_LIMIT = 5  # submissions per IP address per hour
PUBLIC_RATE_WINDOW = 3600


def _overdue_text(case: Any) -> str:
    if case.due_on is None:
        return "Clock stopped"
    if case.is_open and case.due_on < timezone.localdate():
        return f"{case.due_on.isoformat()} (overdue)"
    return case.due_on.isoformat()


CASE_COLUMNS = (
    Column("reference", "Reference", sort="reference", link=True),
    Column(
        "kind",
        "Kind",
        accessor=lambda c: (
            c.kind.replace("_", " ").upper()
            if c.kind in {"sar", "foi", "eir"}
            else c.get_kind_display()
        ),
        sort="kind",
    ),
    Column("received_on", "Received", sort="received_on"),
    Column("due_on", "Due", accessor=_overdue_text, sort="due_on"),
    Column("status", "Status", sort="status"),
    Column("caseworker", "Caseworker", sort="caseworker__last_name"),
    Column("division", "Division", sort="division__name"),
)


class CaseList(ObjectListView):
    model = models.Case
    filterset_class = filters.CaseFilterSet
    columns = CASE_COLUMNS
    default_sort = "-received_on"
    intro = (
        "Subject access, FOI and EIR requests, reviews and other rights requests. "
        "Due dates are worked out from each case's events."
    )

    select_related = ("caseworker", "division")


class DueSoonList(CaseList):
    intro = "Open cases due in the next five working days."
    heading: ClassVar[str] = "Cases due soon"
    due_value: ClassVar[str] = "soon"
    default_sort = "due_on"

    def base_queryset(self) -> QuerySet[Any]:
        return filters.due_filter(super().base_queryset(), self.due_value)

    def extra_context(self) -> dict[str, Any]:
        return {"verbose_name_plural": self.heading}


class OverdueList(DueSoonList):
    intro = "Open cases past their due date."
    heading = "Overdue cases"
    due_value = "overdue"


class CaseDetail(ObjectDetailView):
    model = models.Case
    fields = (
        "reference",
        "kind",
        "received_on",
        "channel",
        "status",
        ("due_on", "Due"),
        "requester_name",
        "requester_email",
        "requester_address",
        "requester_phone",
        "subject_name",
        "acting_for",
        "authority_note",
        "description",
        "division",
        "caseworker",
        "original_case",
        "responded_on",
        "response_method",
        "outcome",
        "closed_on",
        "appeal_status",
        "appeal_reference",
        "publish_in_disclosure_log",
    )

    select_related = ("caseworker", "division", "original_case", "redaction_signed_off_by")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        personal = can_see_personal_data(user, obj)
        if personal:
            services.log_personal_data_access(user, [obj], AccessChannel.UI, self.request.path)
        may_change = models.Case.policy.allows(user, CHANGE, obj)
        roles = get_roles(user)
        return {
            "today": timezone.localdate(),
            "personal": personal,
            "may_change": may_change,
            "events": shown_rows(user, obj.events.select_related("recorded_by")),
            "tasks": obj.tasks.restrict(user).select_related("division", "assignee"),
            "documents": obj.documents.restrict(user).prefetch_related("exemptions"),
            "may_add_task": may_change and models.SearchTask.policy.can_add(user),
            "may_add_document": may_change and models.Document.policy.can_add(user),
            "accesses": obj.accesses.select_related("user")[:20]
            if roles.has(Role.IG_MANAGER)
            else None,
            "reviews": obj.reviews.restrict(user),
        }


class CaseEdit(ObjectEditView):
    model = models.Case
    form_class = forms.CaseForm

    def save(self, form: ModelForm[Any], creating: bool) -> Any:
        case = form.save(commit=False)
        if creating:
            return services.create_case(case, acting_user=self.request.user)
        return services.update_case(case, acting_user=self.request.user)

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        if pk is not None:
            obj = self.get_object(pk)
            if can_see_personal_data(request.user, obj):
                services.log_personal_data_access(
                    request.user, [obj], AccessChannel.UI, request.path
                )
        return super().get(request, pk)


class CaseHistory(ObjectHistoryView):
    model = models.Case

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        # Old requester details are in the history too: masked by the case's field rule,
        # and a view of them is logged like one of the case page.
        obj = self.get_object(pk)
        if can_see_personal_data(request.user, obj):
            services.log_personal_data_access(request.user, [obj], AccessChannel.UI, request.path)
        return super().get(request, pk)


class CaseActionView(ObjectActionView):
    """A form that does one thing to a case (record an event, respond, close, withdraw)."""

    model = models.Case

    def initial(self, obj: Any) -> dict[str, Any]:
        return {"on": timezone.localdate()}

    def action_context(self, obj: Any) -> dict[str, Any]:
        due = f"{obj.due_on:%A %-d %B %Y}" if obj.due_on else "clock stopped"
        return {
            "notes": [
                f"Currently due: {due}. The due date is worked out again from the events "
                "when you save."
            ]
        }

    def done_message(self, obj: Any) -> str:
        due = obj.due_on.isoformat() if obj.due_on else "not set while the clock is stopped"
        return f"{obj.reference}: saved. Due date {due}."


class CaseEventAdd(CaseActionView):
    form_class = forms.EventForm
    service = services.add_event
    title = "Record an event"


class CaseRespond(CaseActionView):
    form_class = forms.RespondForm
    service = services.respond
    title = "Record the response or refusal"


class CaseClose(CaseActionView):
    form_class = forms.CloseForm
    service = services.close
    title = "Close the case"


class CaseWithdraw(CaseActionView):
    form_class = forms.WithdrawForm
    service = services.withdraw
    title = "Record that the request was withdrawn"


class CaseSignOff(CaseActionView):
    service = services.sign_off_redaction
    title = "Sign off the redaction review"
    button = "Sign off"

    def action_context(self, obj: Any) -> dict[str, Any]:
        return {}

    done = "{object.reference}: redaction review signed off."


# Search tasks
class SearchTaskList(ObjectListView):
    model = models.SearchTask
    filterset_class = filters.SearchTaskFilterSet
    columns = (
        Column("case.reference", "Case", sort="case__reference", link=True),
        Column("kind", "Task", sort="kind"),
        Column("division", "Division", sort="division__name"),
        Column("assignee", "Assigned to", sort="assignee__last_name"),
        Column("due_on", "Due", sort="due_on"),
        Column("status", "Status", sort="status"),
    )
    default_sort = "due_on"
    intro = (
        "Searches for records sent to divisions, and serious-harm consultations. "
        "An information officer sees the tasks sent to their division."
    )

    select_related = ("case", "division", "assignee")


class SearchTaskDetail(ObjectDetailView):
    model = models.SearchTask
    fields = (
        ("case.reference", "Case"),
        ("case.get_kind_display", "Kind of request"),
        "kind",
        "division",
        "assignee",
        "instructions",
        "due_on",
        "status",
        "completed_on",
        "result",
        "chased_at",
    )

    select_related = ("case", "division", "assignee")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            "case_url": obj.case.get_absolute_url()
            if models.Case.objects.restrict(user).filter(pk=obj.case_id).exists()
            else None,
            "may_chase": models.Case.policy.allows(user, CHANGE, obj.case) and obj.status == "open",
        }


class SearchTaskEdit(ObjectEditView):
    model = models.SearchTask
    form_class = forms.SearchTaskForm

    def save(self, form: ModelForm[Any], creating: bool) -> Any:
        task = form.save(commit=False)
        if creating:
            return services.create_task(task, acting_user=self.request.user)
        task.save()
        return task


class SearchTaskChase(ObjectActionView):
    model = models.SearchTask
    select_related = ("case",)
    service = services.chase_task
    title = "Chase the division"
    button = "Send a chaser"
    done = "Chaser sent."


# Documents
class DocumentList(ObjectListView):
    model = models.Document
    filterset_class = filters.DocumentFilterSet
    columns = (
        Column("title", "Title", sort="title", link=True),
        Column("case.reference", "Case", sort="case__reference"),
        Column("doc_type", "Type", sort="doc_type"),
        Column("released", "Released"),
        Column("created_at", "Added", sort="created_at"),
    )

    select_related = ("case",)


class DocumentDetail(ObjectDetailView):
    model = models.Document
    fields = (
        ("case.reference", "Case"),
        "title",
        "doc_type",
        "content_type",
        "size",
        "released",
        "uploaded_by",
        "created_at",
    )

    select_related = ("case", "uploaded_by")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        may_change = models.Case.policy.allows(user, CHANGE, obj.case)
        return {
            "exemptions": obj.exemptions.all(),
            "exemption_form": forms.ExemptionForm(user=user) if may_change else None,
            "download_url": reverse("requests:document_download", args=[obj.pk]),
        }


class DocumentEdit(ObjectEditView):
    model = models.Document
    form_class = forms.DocumentForm

    def save(self, form: ModelForm[Any], creating: bool) -> Any:
        document = form.save(commit=False)
        if creating:
            return services.add_document(document, acting_user=self.request.user)
        document.save()
        return document


class DocumentDownload(ObjectFileView):
    model = models.Document
    select_related = ("case",)

    def respond(self, obj: Any, **kwargs: Any) -> FileResponse:
        services.log_personal_data_access(
            self.request.user, [obj.case], AccessChannel.UI, self.request.path
        )
        return FileResponse(
            obj.file.open("rb"), as_attachment=True, filename=obj.file.name.rsplit("/", 1)[-1]
        )


class DocumentExemptionAdd(ObjectActionView):
    model = models.Document
    select_related = ("case",)
    form_class = forms.ExemptionForm
    service = services.apply_exemption
    title = "Apply an exemption"
    button = "Apply"

    def make_form(self, obj: Any, data: Any = None) -> Any:
        return forms.ExemptionForm(data=data, user=self.request.user)

    done = "Exemption applied: {result}"


# Statistics and the disclosure log
@login_required
def statistics_page(request: HttpRequest) -> HttpResponseBase:
    if models.Case.policy.q(request.user, VIEW) is None:
        raise Http404("No statistics")
    cases = models.Case.objects.restrict(request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    data = statistics.build(cases, year, today)
    if request.GET.get("export") == "xlsx":
        return statistics.xlsx_response(data, year)
    return render(
        request,
        "requests/statistics.html",
        {
            "data": data,
            "year": year,
            "years": list(range(today.year - 4, today.year + 1)),
            "chart": statistics.timeliness_chart(data),
        },
    )


@login_required
def disclosure_log(request: HttpRequest) -> HttpResponse:
    cases = models.Case.objects.filter(
        publish_in_disclosure_log=True,
        kind__in=["foi", "eir"],
        responded_on__isnull=False,
        anonymised_at__isnull=True,
    ).order_by("-responded_on")[:200]
    return render(request, "requests/disclosure_log.html", {"cases": cases})


# The public request form
def public_request(request: HttpRequest) -> HttpResponse:
    """Anyone may submit a SAR or FOI request here; no sign-in."""
    form = forms.PublicRequestForm(request.POST or None)
    if request.method == "POST":
        key = f"requests:public:{client_ip(request)}"
        count = cache.get(key, 0)
        if count >= PUBLIC_RATE_LIMIT:
            return render(request, "requests/public_refused.html", status=429)
        cache.set(key, count + 1, PUBLIC_RATE_WINDOW)
        if form.is_spam:
            # Look successful to the robot; store nothing.
            request.session["public_request_reference"] = ""
            return HttpResponseRedirect(reverse("requests:public_done"))
        if form.is_valid():
            case = services.submit_public_request(form.cleaned_data)
            request.session["public_request_reference"] = case.reference
            request.session["public_request_email"] = case.requester_email
            return HttpResponseRedirect(reverse("requests:public_done"))
        return render(request, "requests/public_form.html", {"form": form}, status=400)
    return render(request, "requests/public_form.html", {"form": form})


def public_done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("public_request_reference")
    if reference is None:
        return HttpResponseRedirect(reverse("requests:public_request"))
    return render(
        request,
        "requests/public_done.html",
        {
            "reference": reference,
            "email": request.session.get("public_request_email", ""),
        },
    )
