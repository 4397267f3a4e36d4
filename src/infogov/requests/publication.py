"""Publication under FOISA s.23 and the s.60 Code of Practice: the public disclosure log of
released FOI/EIR responses and the Model Publication Scheme with the council's Guide to
Information.

The business actions (publishing a response, withdrawing it from the log), the loader of
the Commissioner's classes from `data/publication_scheme.json`, and what the public pages,
the feed and the CSV download read: only live entries, their public title and summary,
and never the requester.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from infogov.core.history import grouped_history
from infogov.core.models import record_event
from infogov.core.services import business_action
from infogov.requests.models import (
    Case,
    DisclosureEntry,
    Document,
    PublicationClass,
    requester_details_in,
)
from infogov.requests.services import may_work_case

SCHEME_FILE = Path(__file__).resolve().parent / "data" / "publication_scheme.json"
PUBLISHED_KINDS = frozenset({"foi", "eir", "foi_review", "eir_review"})
PUBLISH_DENIED = "Only the IG manager or the case's caseworker may publish or withdraw it."

# --- the Model Publication Scheme's classes, from the data file ------------------------


def scheme_classes(path: Path = SCHEME_FILE) -> list[dict[str, Any]]:
    """The Commissioner's classes as the data file lists them (number, title, description)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    classes = data["classes"]
    numbers = [c["number"] for c in classes]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise ValueError(f"{path.name}: classes must be numbered 1 to {len(numbers)}")
    return [
        {"number": int(c["number"]), "title": c["title"], "description": c["description"]}
        for c in classes
    ]


def load_publication_classes(model: Any = PublicationClass, path: Path = SCHEME_FILE) -> int:
    """Create or update the classes from the data file; returns how many changed.

    `model` is the migration's historical model when run from a migration.
    """
    changed = 0
    for row in scheme_classes(path):
        current = model.objects.filter(number=row["number"]).first()
        if current is None:
            model.objects.create(**row)
            changed += 1
        elif (current.title, current.description) != (row["title"], row["description"]):
            current.title, current.description = row["title"], row["description"]
            current.save()
            changed += 1
    return changed


# --- publishing to the disclosure log ---------------------------------------------------


def may_publish(user: Any, case: Case) -> bool:
    """The IG team working the case decides: the IG manager or its caseworker."""
    return may_work_case(user, case)


def publishable_documents(case: Case) -> QuerySet[Document]:
    """Documents that may be published: released to the requester and already there
    when the redaction review was signed off (a later upload was not reviewed)."""
    if case.redaction_signed_off_at is None:
        return Document.objects.none()
    return case.documents.filter(
        released=True, created_at__lte=case.redaction_signed_off_at
    ).order_by("pk")


@business_action(allowed=may_publish, denied=PUBLISH_DENIED)
def publish_to_disclosure_log(
    case: Case,
    *,
    acting_user: Any,
    title: str,
    summary: str,
    subject: str,
    documents: Iterable[Document | int] = (),
) -> DisclosureEntry:
    """Publish a released response in the disclosure log with a public title and summary
    written by the IG team (never the requester's details), and the chosen documents.

    Needs a response and a signed-off redaction review. Publishing an entry that was
    withdrawn publishes it again, with the new texts.
    """
    wanted = {d.pk if isinstance(d, Document) else int(d) for d in documents}
    chosen = list(case.documents.filter(pk__in=wanted).order_by("pk"))
    errors: dict[str, str] = {}
    if case.kind not in PUBLISHED_KINDS:
        errors["case"] = "Only FOI and EIR responses (and their reviews) go in the disclosure log."
    elif case.anonymised_at is not None:
        errors["case"] = "The case file has been anonymised: there is nothing left to publish."
    elif case.responded_on is None:
        errors["case"] = "Record the response first: only released responses are published."
    elif case.redaction_signed_off_at is None:
        errors["case"] = "Sign off the redaction review first."
    allowed = {d.pk for d in publishable_documents(case)}
    refused = sorted(wanted - allowed)
    if refused and "case" not in errors:
        errors["documents"] = (
            "Only documents of this case released to the requester and reviewed before the "
            f"redaction sign-off may be published (not: {', '.join(map(str, refused))})."
        )
    errors.update(requester_details_in(case, {"title": title, "summary": summary}))
    if errors:
        raise ValidationError(errors)
    entry = DisclosureEntry.objects.filter(case=case).first() or DisclosureEntry(case=case)
    again = entry.pk is not None
    entry.title, entry.summary, entry.subject = title.strip(), summary.strip(), subject
    entry.published_on = timezone.localdate()
    entry.published_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    entry.withdrawn_on, entry.withdrawn_by, entry.withdrawal_reason = None, None, ""
    entry.full_clean(exclude=["case", "published_on"])
    with grouped_history():
        entry.save()
        entry.documents.set(chosen)
    if not case.publish_in_disclosure_log:
        case.publish_in_disclosure_log = True
        case.save(update_fields=["publish_in_disclosure_log", "updated_at"])
    record_event(
        acting_user,
        case,
        "disclosure_published",
        f"{'Published again' if again else 'Published'} in the disclosure log as "
        f"“{entry.title}” with {len(chosen)} document{'s' if len(chosen) != 1 else ''}",
        entry=entry.pk,
    )
    return entry


@business_action(allowed=lambda user, entry: may_publish(user, entry.case), denied=PUBLISH_DENIED)
def withdraw_from_disclosure_log(
    entry: DisclosureEntry, *, acting_user: Any, reason: str
) -> DisclosureEntry:
    """Take an entry off the public log (its pages, documents, feed and CSV), with why."""
    if entry.withdrawn_on is not None:
        raise ValidationError({"reason": "This entry has already been withdrawn from the log."})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the entry is withdrawn."})
    entry.withdrawn_on = timezone.localdate()
    entry.withdrawn_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    entry.withdrawal_reason = reason.strip()
    entry.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason", "updated_at"])
    record_event(
        acting_user,
        entry,
        "disclosure_withdrawn",
        f"Withdrawn from the disclosure log: {entry.withdrawal_reason}",
    )
    return entry


# --- what the public sees ---------------------------------------------------------------


def live_entries() -> QuerySet[DisclosureEntry]:
    """Entries on the public log: published and not withdrawn (an anonymised case keeps
    its entry, whose texts were written for the public; its documents are gone)."""
    return (
        DisclosureEntry.objects.filter(withdrawn_on__isnull=True)
        .select_related("case", "case__division")
        .order_by("-published_on", "-id")
    )


def with_public_documents(entries: QuerySet[DisclosureEntry]) -> QuerySet[DisclosureEntry]:
    return entries.prefetch_related(
        Prefetch("documents", queryset=Document.objects.order_by("pk"), to_attr="public_documents")
    )


def public_document_name(entry: DisclosureEntry, document: Document, number: int) -> str:
    """A download name that says nothing the public page does not (never the upload's name,
    which can name people)."""
    extension = Path(document.file.name).suffix.lower()
    return f"{entry.case.reference}-document-{number}{extension}"


def kind_label(case: Case) -> str:
    return {"foi": "FOI", "eir": "EIR", "foi_review": "FOI review", "eir_review": "EIR review"}.get(
        case.kind, case.get_kind_display()
    )


CSV_HEADINGS = (
    "Reference",
    "Kind",
    "Title",
    "Summary",
    "Subject",
    "Division",
    "Received",
    "Responded",
    "Outcome",
    "Published",
    "Documents",
    "Link",
)


def csv_rows(entries: Iterable[DisclosureEntry], base_url: str) -> Iterator[Sequence[Any]]:
    """The public CSV: the same fields as the public page, never the requester."""
    for entry in entries:
        case = entry.case
        yield (
            case.reference,
            kind_label(case),
            entry.title,
            entry.summary,
            entry.get_subject_display(),
            case.division.name if case.division else "",
            case.received_on,
            case.responded_on,
            case.get_outcome_display(),
            entry.published_on,
            len(getattr(entry, "public_documents", ())),
            base_url + entry.public_url(),
        )


class DisclosureLogFeed(Feed):  # type: ignore[type-arg]
    """The latest 50 entries of the disclosure log as RSS 2.0."""

    title = "Disclosure log"
    description = "FOI and EIR responses the council has published."

    def link(self) -> str:
        return reverse("requests:disclosure_log_public")

    def items(self) -> QuerySet[DisclosureEntry]:
        return live_entries()[:50]

    def item_title(self, item: DisclosureEntry) -> str:
        return f"{item.case.reference}: {item.title}"

    def item_description(self, item: DisclosureEntry) -> str:
        return item.summary

    def item_link(self, item: DisclosureEntry) -> str:
        return item.public_url()

    def item_guid(self, item: DisclosureEntry) -> str:
        return f"disclosure-log-{item.pk}"

    def item_pubdate(self, item: DisclosureEntry) -> Any:
        from datetime import datetime, time

        return timezone.make_aware(datetime.combine(item.published_on, time(9)))

    def item_categories(self, item: DisclosureEntry) -> list[str]:
        return [str(item.get_subject_display())]


def review_reminder_key(item_pk: int, review_on: date) -> str:
    return f"requests-guide-review:{item_pk}:{review_on.isoformat()}"
