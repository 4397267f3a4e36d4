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
from infogov.requests.sic_views import sic_access

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
            "events": shown_rows(user, obj.events.select_related("recorded_by", "withdrawn_by")),
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
        ("case.kind", "Kind of request"),
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


# Statistics
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
            "next_year_short": f"{(year + 1) % 100:02d}",
            "sic_reader": sic_access(request.user) == "ok",
        },
    )


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
            request.session["public_request_email"] = ""
            return HttpResponseRedirect(reverse("requests:public_done"))
        if form.is_valid():
            case = services.submit_public_request(form.cleaned_data)
            request.session["public_request_reference"] = case.reference
            request.session["public_request_email"] = case.requester_email
            return HttpResponseRedirect(reverse("requests:public_done"))
        return render(request, "requests/public_form.html", _public_context(form), status=400)
    return render(request, "requests/public_form.html", _public_context(form))


def _public_context(form: Any) -> dict[str, Any]:
    from django.conf import settings

    return {"form": form, "privacy_notice_url": settings.INFOGOV_PRIVACY_NOTICE_URL}


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


# --- Publication: the disclosure log and the publication scheme (FOISA s.23, s.60 Code) ---
# Staff pages manage them; the public pages (names ending `_public`) need no sign-in and
# show only what the IG team wrote for the public, never the requester.
from django.conf import settings  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402

from infogov.core.spreadsheets import spreadsheet_response  # noqa: E402
from infogov.requests import publication  # noqa: E402

PUBLIC_PAGE_SIZE = 25


class CasePublish(CaseActionView):
    form_class = forms.PublishForm
    service = publication.publish_to_disclosure_log
    title = "Publish in the disclosure log"
    button = "Publish"
    intro = (
        "Publishing puts this response on the public disclosure log: the title, the summary "
        "and the documents you choose, with the case reference, kind, division, dates and "
        "outcome. The requester is never shown."
    )

    def initial(self, obj: Any) -> dict[str, Any]:
        entry = models.DisclosureEntry.objects.filter(case=obj).first()
        if entry is None:
            return {}
        return {"title": entry.title, "summary": entry.summary, "subject": entry.subject}

    def make_form(self, obj: Any, data: Any = None) -> Any:
        return forms.PublishForm(data=data, initial=self.initial(obj), case=obj)

    def action_context(self, obj: Any) -> dict[str, Any]:
        notes = []
        if obj.redaction_signed_off_at is None:
            notes.append("The redaction review has not been signed off: sign it off first.")
        if obj.responded_on is None:
            notes.append("No response is recorded yet: only released responses are published.")
        return {"notes": notes}

    def done_message(self, obj: Any) -> str:
        return f"{obj.reference}: published in the disclosure log."

    def success_url(self, obj: Any) -> str:
        return str(self.result.get_absolute_url())


DISCLOSURE_COLUMNS = (
    Column("case.reference", "Case", sort="case__reference", link=True),
    Column("title", "Public title", sort="title"),
    Column("subject", "Subject", sort="subject"),
    Column("published_on", "Published", sort="published_on"),
    Column(
        "withdrawn_on",
        "On the log",
        accessor=lambda e: "Yes" if e.withdrawn_on is None else f"Withdrawn {e.withdrawn_on}",
        sort="withdrawn_on",
    ),
)


class DisclosureEntryList(ObjectListView):
    model = models.DisclosureEntry
    filterset_class = filters.DisclosureEntryFilterSet
    columns = DISCLOSURE_COLUMNS
    default_sort = "-published_on"
    intro = (
        "Responses published in the public disclosure log, and those withdrawn from it. "
        "Publish a response from its case, once the redaction review is signed off."
    )
    select_related = ("case",)


class DisclosureEntryDetail(ObjectDetailView):
    model = models.DisclosureEntry
    fields = (
        ("case.reference", "Case"),
        "title",
        "summary",
        "subject",
        "published_on",
        "published_by",
        "withdrawn_on",
        "withdrawn_by",
        "withdrawal_reason",
    )
    select_related = ("case", "published_by", "withdrawn_by")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        published = publication.publishable_documents(obj.case).filter(
            pk__in=obj.documents.values("pk")
        )
        return {
            "case_url": obj.case.get_absolute_url()
            if models.Case.objects.restrict(user).filter(pk=obj.case_id).exists()
            else None,
            "document_count": published.count(),
            # Titles only for those who may see the case's documents.
            "documents": models.Document.objects.restrict(user).filter(
                pk__in=published.values("pk")
            ),
            "may_withdraw": obj.is_live
            and publication.withdraw_from_disclosure_log.allowed(user, obj),
            "may_edit": models.DisclosureEntry.policy.allows(user, CHANGE, obj),
            "may_publish": not obj.is_live
            and publication.publish_to_disclosure_log.allowed(user, obj.case),
        }


class DisclosureEntryEdit(ObjectEditView):
    model = models.DisclosureEntry
    form_class = forms.DisclosureEntryForm


class DisclosureEntryWithdraw(ObjectActionView):
    model = models.DisclosureEntry
    select_related = ("case",)
    form_class = forms.WithdrawEntryForm
    service = publication.withdraw_from_disclosure_log
    title = "Withdraw from the disclosure log"
    button = "Withdraw"
    intro = "The entry and its documents leave the public log, the feed and the CSV download."

    def done_message(self, obj: Any) -> str:
        return f"{obj.case.reference}: withdrawn from the disclosure log."


class GuideItemList(ObjectListView):
    model = models.GuideItem
    filterset_class = filters.GuideItemFilterSet
    columns = (
        Column("title", "Item", sort="title", link=True),
        Column("publication_class.number", "Class", sort="publication_class__number"),
        Column("availability", "How to get it", sort="availability"),
        Column("charge", "Charge (£)", sort="charge"),
        Column("review_on", "Next review", sort="review_on"),
    )
    default_sort = "publication_class__number"
    intro = (
        "The council's Guide to Information: what it publishes under each class of the "
        "Scottish Information Commissioner's Model Publication Scheme, shown to the public "
        "at /publication-scheme/."
    )
    select_related = ("publication_class",)


class GuideItemDetail(ObjectDetailView):
    model = models.GuideItem
    fields = (
        ("publication_class", "Class"),
        "title",
        "description",
        "url",
        "availability",
        "charge",
        "charge_note",
        "review_on",
        "reviewed_on",
    )
    select_related = ("publication_class",)


class GuideItemEdit(ObjectEditView):
    model = models.GuideItem
    form_class = forms.GuideItemForm


def _public_entries(request: HttpRequest) -> tuple[Any, filters.DisclosureEntryFilterSet]:
    filterset = filters.DisclosureEntryFilterSet(
        request.GET or None, queryset=publication.live_entries(), request=request
    )
    if filterset.is_bound and not filterset.is_valid():
        return None, filterset
    return filterset.qs, filterset


def disclosure_log_public(request: HttpRequest) -> HttpResponse:
    """The public disclosure log: search and filters, 25 a page; no sign-in."""
    entries, filterset = _public_entries(request)
    page = None
    if entries is not None:
        page = Paginator(entries, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests/disclosure_log_public.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
        },
        status=200 if entries is not None else 400,
    )


def disclosure_log_csv_public(request: HttpRequest) -> HttpResponseBase:
    """The disclosure log (with the page's filters) as CSV, never the requester."""
    entries, _filterset = _public_entries(request)
    if entries is None:
        entries = publication.live_entries().none()
    return spreadsheet_response(
        "disclosure-log",
        "csv",
        publication.CSV_HEADINGS,
        publication.csv_rows(publication.with_public_documents(entries), settings.SITE_URL),
    )


def _live_entry(pk: int) -> Any:
    entry = publication.live_entries().filter(pk=pk).first()
    if entry is None:
        raise Http404("No such entry in the disclosure log")
    return entry


def _public_documents(entry: Any) -> list[Any]:
    return list(
        publication.publishable_documents(entry.case).filter(pk__in=entry.documents.values("pk"))
    )


def disclosureentry_public(request: HttpRequest, pk: int) -> HttpResponse:
    """One published response and its released documents; no sign-in."""
    entry = _live_entry(pk)
    documents = [
        {
            "number": number,
            "name": publication.public_document_name(entry, document, number),
            "size": document.size,
            "url": reverse("requests:disclosureentry_document_public", args=[entry.pk, number]),
        }
        for number, document in enumerate(_public_documents(entry), start=1)
    ]
    return render(
        request,
        "requests/disclosure_entry_public.html",
        {
            "entry": entry,
            "case": entry.case,
            "documents": documents,
            "kind": publication.kind_label(entry.case),
        },
    )


def disclosure_document_public(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """A published document of a live entry, under a name that names no one."""
    entry = _live_entry(pk)
    documents = _public_documents(entry)
    if not 1 <= number <= len(documents):
        raise Http404("No such document")
    document = documents[number - 1]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=publication.public_document_name(entry, document, number),
    )


def publication_scheme_public(request: HttpRequest) -> HttpResponse:
    """The Model Publication Scheme's classes with the council's Guide to Information."""
    # Items come in the model's order: by class, then title.
    classes = models.PublicationClass.objects.prefetch_related("items")
    return render(request, "requests/publication_scheme_public.html", {"classes": classes})


def publication_class_public(request: HttpRequest, number: int) -> HttpResponse:
    """One class of the scheme and what the council publishes under it."""
    scheme_class = models.PublicationClass.objects.filter(number=number).first()
    if scheme_class is None:
        raise Http404("No such class")
    return render(
        request,
        "requests/publication_class_public.html",
        {"class": scheme_class, "items": scheme_class.items.order_by("title", "id")},
    )


# --- letters (requests/letters.py) ---------------------------------------------------

from django.core.exceptions import ValidationError  # noqa: E402

from infogov.core.views import model_url  # noqa: E402
from infogov.requests import letters  # noqa: E402


class LetterTemplateList(ObjectListView):
    model = models.LetterTemplate
    filterset_class = filters.LetterTemplateFilterSet
    columns = (
        Column("letter", "Letter", sort="letter", link=True),
        Column("family", "Used for", sort="family"),
        Column("subject", "Subject line"),
        Column("updated_at", "Last changed", sort="updated_at"),
    )
    default_sort = "letter"
    intro = (
        "The wording of the letters generated for a case and of the acknowledgement the "
        "public request form e-mails. Each letter may have its own wording for FOISA, EIR "
        "and subject access requests; “Any other kind” is used for the rest."
    )


def _placeholder_rows() -> list[tuple[str, str]]:
    return [(f"{{{{ {name} }}}}", text) for name, text in letters.PLACEHOLDERS.items()]


class LetterTemplateDetail(ObjectDetailView):
    model = models.LetterTemplate
    fields = ("letter", "family", "subject", "body", "updated_at")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {
            "preview": letters.preview(
                obj.letter, obj.family, obj.subject, obj.body, timezone.localdate()
            ),
            "placeholders": _placeholder_rows(),
        }


class LetterTemplateEdit(ObjectEditView):
    """Edit a template; the Preview button fills it from a sample case without saving."""

    model = models.LetterTemplate
    form_class = forms.LetterTemplateForm
    template_name = "requests/lettertemplate_edit.html"

    def render_form(self, form: ModelForm[Any], obj: Any, status: int = 200) -> HttpResponse:
        context = {
            **self.common_context(),
            "breadcrumbs": self.breadcrumbs(
                obj, "Edit" if obj.pk else f"Add {self.model._meta.verbose_name}"
            ),
            "form": form,
            "object": obj if obj.pk else None,
            "cancel_url": obj.get_absolute_url() if obj.pk else model_url(self.model, "list"),
            "placeholders": _placeholder_rows(),
            **getattr(self, "extra", {}),
        }
        return render(self.request, self.template_name, context, status=status)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        if "preview" not in request.POST:
            return super().post(request, pk)
        obj = self.instance_for(pk)
        form = self.make_form(obj, request.POST)
        self.extra = {}
        if form.is_valid():
            data = form.cleaned_data
            self.extra["preview"] = letters.preview(
                data["letter"],
                data["family"],
                data["subject"],
                data["body"],
                timezone.localdate(),
            )
            return self.render_form(form, obj)
        return self.render_form(form, obj, status=400)


class CaseLetterGenerate(CaseActionView):
    form_class = forms.GenerateLetterForm
    service = letters.generate_letter
    title = "Write a letter"
    button = "Generate the letter"
    template_name = "requests/letter_generate.html"
    intro = (
        "The letter is filled from the case with its template and saved to the case's "
        "documents as a Word document (to edit) and a PDF. Nothing is sent: when you send "
        "it, record that with “Record a letter sent”."
    )

    def action_context(self, obj: Any) -> dict[str, Any]:
        return {**super().action_context(obj), **getattr(self, "extra", {})}

    def initial(self, obj: Any) -> dict[str, Any]:
        return {**super().initial(obj), "letter": self.request.GET.get("letter", "")}

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        if "preview" not in request.POST:
            return super().post(request, pk)
        obj = self.action_object(pk)
        form = self.make_form(obj, request.POST)
        self.extra = {}
        if form.is_valid():
            data = form.cleaned_data
            try:
                letters.check_letter(obj, data["letter"], data["on"])
                self.extra["preview"] = letters.render_letter(
                    obj, data["letter"], data["on"], data.get("details", "")
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return self.render_form(obj, form, status=400)
            return self.render_form(obj, form)
        return self.render_form(obj, form, status=400)

    def done_message(self, obj: Any) -> str:
        return f"{obj.reference}: letter saved to the case's documents (Word and PDF)."


class CaseLetterSend(CaseActionView):
    form_class = forms.SendLetterForm
    service = letters.send_letter
    title = "Record a letter sent"
    intro = (
        "Records on the case's timeline that the letter was sent. A clarification request, "
        "identity request, fees notice or extension notice is also a step on the clock: "
        "it is recorded as that event on the same date (unless already recorded) and the "
        "due date is worked out again."
    )

    def make_form(self, obj: Any, data: Any = None) -> Any:
        form = super().make_form(obj, data)
        form.fields["document"].queryset = obj.documents.restrict(  # type: ignore[attr-defined]
            self.request.user
        )
        return form


@login_required
def import_requests(request: HttpRequest) -> HttpResponse:
    """The upload page for the existing case load: the register upload, kind "requests"."""
    return HttpResponseRedirect(reverse("import_upload") + "?kind=requests")
