"""The public disclosure log and the publication scheme with the Guide to Information."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from infogov.core.models import AuditEvent, Notification
from infogov.core.testing import ContractAction, CrudContract
from infogov.organisation.models import Person
from infogov.requests import models, publication, services
from infogov.requests.reminders import guide_item_reviews
from infogov.requests.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

REQUESTER = "Morag Requester-Smith"
REQUEST_TEXT = "Every e-mail about my neighbour's extension at 4 Esk Road"
TITLE = "Spending on agency staff, 2023 to 2026"
SUMMARY = "Totals spent on agency staff by year and directorate. Released in full."


def responded_case(people: Any, *, division: Any = None, kind: str = "foi", **extra: Any) -> Any:
    case = CaseFactory(
        kind=kind,
        received_on=date(2026, 3, 2),
        requester_name=REQUESTER,
        requester_email="morag@example.org",
        description=REQUEST_TEXT,
        division=division or people.division_a,
        **extra,
    )
    services.respond(
        case,
        acting_user=people.ig_manager,
        on=date(2026, 3, 20),
        method="email",
        outcome="disclosed_in_part",
    )
    return case


def add_document(people: Any, case: Any, *, released: bool = True, name: str = "") -> Any:
    upload = SimpleUploadedFile(
        name or f"{REQUESTER} letter.txt", b"The released totals.\n", content_type="text/plain"
    )
    document = models.Document(case=case, title=f"Letter to {REQUESTER}", file=upload)
    document.released = released
    return services.add_document(document, acting_user=people.ig_manager)


def published(people: Any, *, documents: int = 0, **kwargs: Any) -> Any:
    case = responded_case(people, **kwargs)
    docs = [add_document(people, case) for _ in range(documents)]
    services.sign_off_redaction(case, acting_user=people.ig_manager)
    case.refresh_from_db()
    return publication.publish_to_disclosure_log(
        case,
        acting_user=people.ig_manager,
        title=TITLE,
        summary=SUMMARY,
        subject="staffing",
        documents=docs,
    )


def signed_off(people: Any, **kwargs: Any) -> Any:
    case = responded_case(people, **kwargs)
    services.sign_off_redaction(case, acting_user=people.ig_manager)
    case.refresh_from_db()
    return case


def _never_personal(text: str) -> None:
    assert REQUESTER not in text
    assert "morag@example.org" not in text
    assert REQUEST_TEXT not in text
    assert "Requester" not in text


# --- the public disclosure log ----------------------------------------------------------


def test_anonymous_visitor_reads_the_log_an_entry_and_its_documents(people: Any) -> None:
    entry = published(people, documents=1)
    anonymous = Client()
    listing = anonymous.get("/requests/disclosure-log/")
    assert listing.status_code == 200
    assert TITLE in listing.content.decode()
    page = anonymous.get(f"/requests/disclosure-log/{entry.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert SUMMARY in body and entry.case.reference in body and "Corporate Resources" in body
    download = anonymous.get(f"/requests/disclosure-log/{entry.pk}/documents/1/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"The released totals.\n"
    # Named by reference and number, never by the upload's name (which named the requester).
    assert f"{entry.case.reference}-document-1.txt" in download["Content-Disposition"]
    assert anonymous.get(f"/requests/disclosure-log/{entry.pk}/documents/2/").status_code == 404


def test_requester_is_never_on_the_public_pages_feed_or_csv(people: Any) -> None:
    entry = published(people, documents=1)
    anonymous = Client()
    for url in (
        "/requests/disclosure-log/",
        f"/requests/disclosure-log/{entry.pk}/",
        "/requests/disclosure-log/feed/",
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        _never_personal(response.content.decode())
    csv_response = anonymous.get("/requests/disclosure-log/csv/")
    _never_personal(b"".join(csv_response.streaming_content).decode())
    # Searching for the requester or the request's words finds nothing.
    for words in (REQUESTER, "neighbour"):
        found = anonymous.get("/requests/disclosure-log/", {"q": words}).content.decode()
        assert "No published responses match." in found


def test_publishing_needs_a_response_and_a_signed_off_redaction_review(people: Any) -> None:
    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    with pytest.raises(Exception, match="Record the response first"):
        publication.publish_to_disclosure_log(
            case, acting_user=people.ig_manager, title=TITLE, summary=SUMMARY, subject="other"
        )
    case = responded_case(people)
    with pytest.raises(Exception, match="Sign off the redaction review first"):
        publication.publish_to_disclosure_log(
            case, acting_user=people.ig_manager, title=TITLE, summary=SUMMARY, subject="other"
        )
    sar = CaseFactory(kind="sar", received_on=date(2026, 3, 2))
    with pytest.raises(Exception, match="Only FOI and EIR responses"):
        publication.publish_to_disclosure_log(
            sar, acting_user=people.ig_manager, title=TITLE, summary=SUMMARY, subject="other"
        )
    assert not models.DisclosureEntry.objects.exists()


def test_public_texts_naming_the_requester_are_refused(people: Any, client_as: Any) -> None:
    case = signed_off(people)
    with pytest.raises(Exception) as caught:
        publication.publish_to_disclosure_log(
            case,
            acting_user=people.ig_manager,
            title=f"Request from {REQUESTER}",
            summary="Sent to morag@example.org.",
            subject="other",
        )
    errors = caught.value.message_dict  # type: ignore[attr-defined]
    assert "requester's name" in errors["title"][0]
    assert "e-mail address" in errors["summary"][0]
    assert not models.DisclosureEntry.objects.exists()
    # The same rule on a later correction of the public texts.
    entry = published(people)
    edit = client_as(people.ig_manager).post(
        reverse("requests:disclosureentry_edit", args=[entry.pk]),
        {"title": REQUESTER, "summary": SUMMARY, "subject": "staffing"},
    )
    assert edit.status_code == 400
    entry.refresh_from_db()
    assert entry.title == TITLE


def test_only_released_documents_reviewed_before_the_sign_off_are_published(
    people: Any,
) -> None:
    case = responded_case(people)
    released = add_document(people, case)
    withheld = add_document(people, case, released=False)
    services.sign_off_redaction(case, acting_user=people.ig_manager)
    case.refresh_from_db()
    later = add_document(people, case)
    assert list(publication.publishable_documents(case)) == [released]
    other_case = signed_off(people)
    foreign = add_document(people, other_case)
    for refused in (withheld, later, foreign):
        with pytest.raises(Exception, match="Only documents of this case released"):
            publication.publish_to_disclosure_log(
                case,
                acting_user=people.ig_manager,
                title=TITLE,
                summary=SUMMARY,
                subject="other",
                documents=[released, refused],
            )
    entry = publication.publish_to_disclosure_log(
        case,
        acting_user=people.ig_manager,
        title=TITLE,
        summary=SUMMARY,
        subject="other",
        documents=[released],
    )
    assert list(entry.documents.all()) == [released]


def test_withdrawn_entry_leaves_the_page_documents_feed_and_csv(people: Any) -> None:
    entry = published(people, documents=1)
    publication.withdraw_from_disclosure_log(
        entry, acting_user=people.ig_manager, reason="Published in error."
    )
    anonymous = Client()
    assert anonymous.get(f"/requests/disclosure-log/{entry.pk}/").status_code == 404
    assert anonymous.get(f"/requests/disclosure-log/{entry.pk}/documents/1/").status_code == 404
    assert TITLE not in anonymous.get("/requests/disclosure-log/").content.decode()
    assert TITLE not in anonymous.get("/requests/disclosure-log/feed/").content.decode()
    csv_body = b"".join(anonymous.get("/requests/disclosure-log/csv/").streaming_content)
    assert TITLE not in csv_body.decode()
    with pytest.raises(Exception, match="already been withdrawn"):
        publication.withdraw_from_disclosure_log(
            entry, acting_user=people.ig_manager, reason="Again."
        )
    # Publishing it again brings it back, with the new texts.
    again = publication.publish_to_disclosure_log(
        entry.case,
        acting_user=people.ig_manager,
        title="Agency staff spending (corrected)",
        summary=SUMMARY,
        subject="finance",
    )
    assert again.pk == entry.pk and again.withdrawn_on is None
    assert anonymous.get(f"/requests/disclosure-log/{entry.pk}/").status_code == 200


def test_log_is_searchable_and_filterable_by_date_subject_and_division(people: Any) -> None:
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=ZoneInfo("Europe/London"))):
        april = published(people)
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Europe/London"))):
        case = signed_off(people, division=people.division_b)
        june = publication.publish_to_disclosure_log(
            case,
            acting_user=people.ig_manager,
            title="Potholes on the A7",
            summary="Reported and repaired, by month.",
            subject="roads",
        )
    anonymous = Client()

    def found(**query: Any) -> set[int]:
        response = anonymous.get("/requests/disclosure-log/", query)
        assert response.status_code == 200
        return {e.pk for e in response.context["page"]}

    assert found() == {april.pk, june.pk}
    assert found(subject="roads") == {june.pk}
    assert found(division=people.division_a.pk) == {april.pk}
    assert found(published_after="2026-05-01") == {june.pk}
    assert found(published_before="2026-05-01") == {april.pk}
    assert found(q="potholes") == {june.pk}
    assert found(q=april.case.reference) == {april.pk}
    bad = anonymous.get("/requests/disclosure-log/", {"published_after": "last Tuesday"})
    assert bad.status_code == 400
    assert "Enter a valid date" in bad.content.decode()


def test_feed_is_rss_with_one_item_per_live_entry(people: Any) -> None:
    entry = published(people)
    response = Client().get("/requests/disclosure-log/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert f"<title>{entry.case.reference}: {TITLE}</title>" in body
    assert f"/requests/disclosure-log/{entry.pk}/</link>" in body
    assert "<category>Staff and organisation</category>" in body


def test_csv_download_has_the_public_fields_and_follows_the_filters(people: Any) -> None:
    entry = published(people, documents=2)
    response = Client().get("/requests/disclosure-log/csv/")
    assert response["Content-Disposition"] == 'attachment; filename="disclosure-log.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == list(publication.CSV_HEADINGS)
    assert rows[1][:6] == [
        entry.case.reference,
        "FOI",
        TITLE,
        SUMMARY,
        "Staff and organisation",
        "Corporate Resources",
    ]
    assert rows[1][10] == "2"
    assert rows[1][11].endswith(f"/requests/disclosure-log/{entry.pk}/")
    filtered = Client().get("/requests/disclosure-log/csv/", {"subject": "roads"})
    assert len(list(csv.reader(io.StringIO(b"".join(filtered.streaming_content).decode())))) == 1


def test_publishing_through_the_page_and_the_api_does_the_same(
    people: Any, client_as: Any, api_as: Any
) -> None:
    outcomes = []
    for via in ("ui", "api"):
        case = signed_off(people)
        document = models.Document.objects.none()
        before = set(AuditEvent.objects.values_list("pk", flat=True))
        data = {"title": TITLE, "summary": SUMMARY, "subject": "staffing"}
        if via == "ui":
            url = reverse("requests:case_publish", args=[case.pk])
            page = client_as(people.ig_manager).get(url)
            assert page.status_code == 200
            assert REQUEST_TEXT not in page.content.decode().split("<form")[1]
            response = client_as(people.ig_manager).post(url, data)
            assert response.status_code == 302, response.content.decode()[:2000]
        else:
            response = api_as(people.ig_manager).post(
                f"/api/requests/cases/{case.pk}/publish/", data, format="json"
            )
            assert response.status_code == 200, response.content
        entry = models.DisclosureEntry.objects.get(case=case)
        verbs = list(AuditEvent.objects.exclude(pk__in=before).values_list("verb", flat=True))
        outcomes.append((entry.title, entry.summary, entry.subject, verbs, list(document)))
        assert entry.history.count() == 1
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][3] == ["disclosure_published"]


def test_publishing_is_refused_outside_the_ig_team(
    people: Any, client_as: Any, api_as: Any
) -> None:
    case = signed_off(people)
    data = {"title": TITLE, "summary": SUMMARY, "subject": "staffing"}
    url = reverse("requests:case_publish", args=[case.pk])
    api_url = f"/api/requests/cases/{case.pk}/publish/"
    # The auditor and the SIRO see the case but may not work it: 403.
    # Everyone else does not see the case (a caseworker sees only their own): 404.
    expected = {
        "siro": 403,
        "auditor": 403,
        "officer_a": 404,
        "officer_b": 404,
        "iao": 404,
        "caseworker": 404,
        "staff": 404,
        "councillor": 404,
    }
    for who, status in expected.items():
        user = getattr(people, who)
        assert client_as(user).get(url).status_code == status, who
        assert client_as(user).post(url, data).status_code == status, who
        assert api_as(user).post(api_url, data, format="json").status_code == status, who
    assert api_as(None).post(api_url, data, format="json").status_code in {401, 403}
    assert not models.DisclosureEntry.objects.exists()
    # The caseworker assigned to the case may publish it.
    case.caseworker = Person.objects.get(user=people.caseworker)
    case.save()
    response = api_as(people.caseworker).post(api_url, data, format="json")
    assert response.status_code == 200, response.content


def test_publish_form_shows_field_errors_and_saves_nothing(people: Any, client_as: Any) -> None:
    case = responded_case(people)
    response = client_as(people.ig_manager).post(
        reverse("requests:case_publish", args=[case.pk]),
        {"title": "", "summary": SUMMARY, "subject": "staffing"},
    )
    assert response.status_code == 400
    assert "Enter" in response.content.decode() or "required" in response.content.decode()
    response = client_as(people.ig_manager).post(
        reverse("requests:case_publish", args=[case.pk]),
        {"title": TITLE, "summary": SUMMARY, "subject": "staffing"},
    )
    assert response.status_code == 400
    assert "Sign off the redaction review first." in response.content.decode()
    assert not models.DisclosureEntry.objects.exists()


def test_api_publish_refuses_document_ids_of_other_cases_alike(people: Any, api_as: Any) -> None:
    case = signed_off(people)
    foreign = add_document(people, signed_off(people))
    for document_id in (foreign.pk, 999_999):
        response = api_as(people.ig_manager).post(
            f"/api/requests/cases/{case.pk}/publish/",
            {"title": TITLE, "summary": SUMMARY, "subject": "other", "documents": [document_id]},
            format="json",
        )
        assert response.status_code == 400
        assert f"(not: {document_id})" in response.json()["documents"][0]


class TestDisclosureEntry(CrudContract):
    model = models.DisclosureEntry
    api_url = "/api/requests/disclosure-entries/"
    add_ui = False
    add_api = False
    actions = (
        ContractAction(
            "disclosureentry_withdraw",
            api_path="withdraw",
            form_data=lambda people, obj: {"reason": "Published in error."},
            state=("withdrawn_on", "withdrawal_reason"),
            forbidden="staff",
        ),
    )

    def make(self, people: Any) -> Any:
        return published(people)

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"title": TITLE, "summary": SUMMARY, "subject": "staffing"}


def test_disclosure_entry_api_answers_every_role(people: Any, api_as: Any) -> None:
    entry = published(people)
    for who, user in people.all().items():
        api = api_as(user)
        assert api.get("/api/requests/disclosure-entries/").status_code == 200, who
        assert api.get(f"/api/requests/disclosure-entries/{entry.pk}/").status_code == 200, who
        patch = api.patch(
            f"/api/requests/disclosure-entries/{entry.pk}/", {"title": "New"}, format="json"
        )
        assert patch.status_code == (200 if who == "ig_manager" else 403), who
        post = api.post("/api/requests/disclosure-entries/", {"case": entry.case_id}, format="json")
        assert post.status_code == 403, who
    # The action owns publication: a PATCH cannot reach it.
    response = api_as(people.ig_manager).patch(
        f"/api/requests/disclosure-entries/{entry.pk}/",
        {"withdrawn_on": "2026-04-01"},
        format="json",
    )
    assert response.status_code == 403
    assert api_as(None).get("/api/requests/disclosure-entries/").status_code in {401, 403}


# --- the publication scheme and the Guide to Information ---------------------------------


def guide_item(**extra: Any) -> Any:
    values = {
        "publication_class": models.PublicationClass.objects.get(number=4),
        "title": "Annual accounts",
        "url": "https://www.council.example.org/accounts",
        "availability": "online",
        "review_on": date(2027, 3, 1),
        **extra,
    }
    item = models.GuideItem(**values)
    item.full_clean()
    item.save()
    return item


def test_the_commissioners_nine_classes_are_loaded_from_the_data_file() -> None:
    classes = list(models.PublicationClass.objects.values_list("number", "title"))
    assert classes == [(c["number"], c["title"]) for c in publication.scheme_classes()]
    assert classes[2] == (3, "How we take decisions and what we decided")
    assert classes[-1] == (9, "Our open data")
    assert publication.load_publication_classes() == 0  # loading again changes nothing


def test_anonymous_visitor_reads_the_scheme_and_guide_per_class(people: Any) -> None:
    guide_item(charge=Decimal("0"))
    guide_item(
        publication_class=models.PublicationClass.objects.get(number=8),
        title="Local history books",
        url="",
        availability="on_request",
        charge=Decimal("12.50"),
        charge_note="Postage at cost.",
    )
    anonymous = Client()
    scheme = anonymous.get("/publication-scheme/")
    assert scheme.status_code == 200
    body = scheme.content.decode()
    for number in range(1, 10):
        assert f"Class {number}: " in body
    assert 'href="https://www.council.example.org/accounts"' in body
    assert "£12.50: Postage at cost." in body and "On request" in body and "Free" in body
    one = anonymous.get("/publication-scheme/class-8/")
    assert one.status_code == 200
    assert "Local history books" in one.content.decode()
    assert "Annual accounts" not in one.content.decode()
    assert anonymous.get("/publication-scheme/class-10/").status_code == 404


def test_guide_item_needs_a_link_when_online_and_a_note_when_charged() -> None:
    with pytest.raises(Exception) as caught:
        guide_item(url="", availability="both", charge=Decimal("5"))
    errors = caught.value.message_dict  # type: ignore[attr-defined]
    assert "Enter where it is published online" in errors["url"][0]
    assert errors["charge_note"] == ["Say what the charge is for."]
    with pytest.raises(Exception, match="greater than or equal to 0"):
        guide_item(charge=Decimal("-1"), charge_note="Refund")


def test_review_reminder_goes_to_the_ig_manager_once_per_item_per_review_date(
    people: Any,
) -> None:
    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=ZoneInfo("Europe/London"))):
        item = guide_item(review_on=date(2026, 3, 1))
    ig_email = Person.objects.get(user=people.ig_manager).email
    early = datetime(2026, 1, 15, 9, tzinfo=ZoneInfo("Europe/London"))
    assert guide_item_reviews(early) == 0  # more than 30 days ahead
    now = datetime(2026, 2, 10, 9, tzinfo=ZoneInfo("Europe/London"))
    assert guide_item_reviews(now) == 1
    assert guide_item_reviews(now) == 0
    assert guide_item_reviews(datetime(2026, 3, 5, 9, tzinfo=ZoneInfo("Europe/London"))) == 0
    message = Notification.objects.get()
    assert message.recipient_email == ig_email
    assert "Annual accounts" in message.subject and "01 March 2026" in message.subject
    # A new review date is a new reminder.
    with time_machine.travel(datetime(2026, 3, 5, 9, tzinfo=ZoneInfo("Europe/London"))):
        item.review_on = date(2026, 3, 20)
        item.save()
        assert guide_item_reviews(datetime(2026, 3, 5, 9, tzinfo=ZoneInfo("Europe/London"))) == 1


class TestGuideItem(CrudContract):
    model = models.GuideItem
    api_url = "/api/requests/guide-items/"
    bad_field = ("availability", "by pigeon")

    def make(self, people: Any) -> Any:
        return guide_item()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "publication_class": models.PublicationClass.objects.get(number=7).pk,
            "title": "Annual performance report",
            "url": "https://www.council.example.org/performance",
            "availability": "both",
            "charge": "0",
            "review_on": "2027-06-01",
        }


def test_guide_and_classes_api_answer_every_role(people: Any, api_as: Any) -> None:
    item = guide_item()
    for who, user in people.all().items():
        api = api_as(user)
        assert api.get("/api/requests/publication-classes/").json()["count"] == 9, who
        assert api.get(f"/api/requests/guide-items/{item.pk}/").status_code == 200, who
        created = api.post(
            "/api/requests/guide-items/",
            {
                "publication_class": item.publication_class_id,
                "title": f"By {who}",
                "availability": "on_request",
                "review_on": "2027-01-01",
            },
            format="json",
        )
        assert created.status_code == (201 if who == "ig_manager" else 403), who
        patched = api.patch(f"/api/requests/guide-items/{item.pk}/", {"title": "X"}, format="json")
        assert patched.status_code == (200 if who == "ig_manager" else 403), who
        classes = api.post("/api/requests/publication-classes/", {}, format="json")
        assert classes.status_code in {403, 405}, who  # loaded from the data file only
