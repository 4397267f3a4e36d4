"""Every request model with pages passes the shared UI and API contract."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from infogov.core.testing import ContractAction, CrudContract
from infogov.core.tests import samples
from infogov.requests import models
from infogov.requests.tests.factories import CaseFactory, SearchTaskFactory

pytestmark = pytest.mark.django_db


CASE_STATE = ("status", "due_on", "outcome", "response_method", "responded_on", "closed_on")
CASE_ACTIONS = (
    ContractAction(
        "case_event_add",
        api_path="events",
        api_status=201,
        forbidden="auditor",
        form_data=lambda people, obj: {"type": "extended", "on": "2026-03-10", "reason": ""},
        state=CASE_STATE,
    ),
    ContractAction(
        "case_respond",
        api_path="respond",
        forbidden="auditor",
        form_data=lambda people, obj: {
            "on": "2026-03-20",
            "method": "email",
            "outcome": "disclosed_in_full",
        },
        state=CASE_STATE,
    ),
    ContractAction(
        "case_close",
        api_path="close",
        forbidden="auditor",
        form_data=lambda people, obj: {"on": "2026-03-21", "outcome": "withheld"},
        state=CASE_STATE,
    ),
    ContractAction(
        "case_withdraw",
        api_path="withdraw",
        forbidden="auditor",
        form_data=lambda people, obj: {"on": "2026-03-12", "reason": "No longer needed."},
        state=CASE_STATE,
    ),
    ContractAction(
        "case_sign_off",
        api_path="sign-off",
        forbidden="auditor",
        form_data=lambda people, obj: {},
        state=("redaction_signed_off_by",),
    ),
)


class TestCase(CrudContract):
    model = models.Case
    api_url = "/api/requests/cases/"
    bad_field = ("kind", "gossip")
    outsider = "officer_a"
    actions = CASE_ACTIONS

    def make(self, people: Any) -> Any:
        return CaseFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "kind": "foi",
            "received_on": "2026-03-02",
            "channel": "email",
            "requester_name": "Ann Other",
            "description": "Spending on consultants.",
        }

    def api_data(self, people: Any) -> dict[str, Any]:
        return {
            "kind": "foi",
            "received_on": "2026-03-02",
            "requester_name": "Ann Other",
            "description": "Spending on consultants.",
        }


class TestCaseByCaseworker(TestCase):
    """A caseworker adds cases (assigned to them) and works them."""

    manager = "caseworker"
    outsider = "staff"

    def make(self, people: Any) -> Any:
        return CaseFactory(caseworker=people.caseworker.person)


class TestSearchTask(CrudContract):
    model = models.SearchTask
    api_url = "/api/requests/search-tasks/"
    bad_field = ("due_on", "not a date")
    outsider = "officer_b"

    def make(self, people: Any) -> Any:
        return SearchTaskFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        case = CaseFactory()
        return {
            "case": case.pk,
            "kind": "search",
            "division": people.division_a.pk,
            "instructions": "Search the tenancy files.",
            "due_on": "2026-02-13",
            "status": "open",
        }


def _exemptions(document: Any) -> list[tuple[str, str]]:
    return sorted((e.exemption, e.note) for e in document.exemptions.all())


class TestDocument(CrudContract):
    model = models.Document
    api_url = "/api/requests/documents/"
    add_api = False  # multipart upload: see test_api.py
    outsider = "auditor"
    actions = (
        ContractAction(
            "document_exemption_add",
            api_path="apply-exemption",
            forbidden=None,  # whoever sees a document works its case; others get 404
            form_data=lambda people, obj: {"exemption": "foisa_s30_b_i", "note": "Page 3"},
            state=_exemptions,
        ),
    )

    def make(self, people: Any) -> Any:
        case = CaseFactory()
        return models.Document.objects.create(
            case=case, title="Tenancy file", file=SimpleUploadedFile("t.pdf", b"%PDF-1.4 x")
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        case = CaseFactory()
        return {
            "case": case.pk,
            "title": "Letter",
            "doc_type": "records",
            "file": SimpleUploadedFile(
                "letter.pdf", samples.pdf_bytes(), content_type="application/pdf"
            ),
        }
