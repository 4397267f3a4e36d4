"""Generated documents (Word, PDF, spreadsheets) survive characters XML cannot hold."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from infogov.core.documents import clean_text
from infogov.incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

TITLE = "Tenancy letters\u000bsent to the wrong address"


def test_clean_text_keeps_what_xml_can_hold() -> None:
    assert clean_text("a\x00b\x0bc\x0cd\x1fe\ufffef") == "abcdef"
    assert clean_text("tab\tline\nreturn\r £ é 😀") == "tab\tline\nreturn\r £ é 😀"
    assert clean_text(None) == ""


def test_a_vertical_tab_in_an_incident_title_breaks_no_output(people: Any, client_as: Any) -> None:
    from docx import Document

    incident = IncidentFactory(
        division=people.division_a,
        reported_by=people.staff.person,
        title=TITLE,
        description="Found\u000bin the post room",
    )
    client = client_as(people.ig_manager)
    docx = client.get(reverse("incidents:ico_pack", args=[incident.pk, "docx"]))
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Tenancy letterssent to the wrong address" in text
    pdf = client.get(reverse("incidents:ico_pack", args=[incident.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/incidents/incidents/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.getvalue().startswith(b"PK")
