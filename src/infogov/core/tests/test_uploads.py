"""The one upload validator (core.uploads): size from settings, type by content."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from infogov.assets.tests.factories import AssetFactory, DataStandardFactory
from infogov.core.tests import samples
from infogov.core.uploads import check_upload, validate_upload
from infogov.requests.tests.factories import CaseFactory

HTML = b"<!DOCTYPE html><html><body><script>document.location='//evil'</script></body></html>"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("minutes.pdf", samples.pdf_bytes()),
        ("minutes.docx", samples.docx_bytes()),
        ("figures.xlsx", samples.xlsx_bytes()),
        ("photo.png", samples.png_bytes()),
        ("notes.txt", "Notes for the file, with a £ sign\n".encode()),
        ("list.csv", b"BMW,Audi\n1,2\n"),  # "BM" opens a bitmap's signature: still text
        ("mail.eml", b"From: a@example.org\nSubject: Request\n\nPlease send my records.\n"),
    ],
)
def test_real_files_of_each_type_are_accepted(name: str, data: bytes) -> None:
    assert check_upload(data, name) is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("letter.docx", samples.plain_zip(), "not a Word (DOCX) document"),
        ("letter.docx", samples.fake_docx(), "cannot be opened"),
        ("records.pdf", b"%PDF-1.7\n" + HTML, "not a PDF file"),
        ("records.pdf", b"%PDF-1.7 content", "cannot be opened"),
        ("notes.txt", HTML, "web page (HTML)"),
        ("notes.txt", samples.pdf_bytes(), "not a text file"),
        ("photo.png", samples.pdf_bytes(), "not a PNG image file"),
        ("figures.xlsx", samples.docx_bytes(), "not an Excel (XLSX) file"),
        ("tool.exe", b"MZ\x90\x00", "The file must be one of"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_files_whose_content_is_not_what_their_name_claims_are_refused(
    name: str, data: bytes, message: str
) -> None:
    problem = check_upload(data, name)
    assert problem is not None and message in problem


def test_the_size_limit_comes_from_the_setting(settings: Any) -> None:
    settings.INFOGOV_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="smaller than 1 MB"):
        validate_upload(SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1)))
    validate_upload(SimpleUploadedFile("fits.txt", b"a" * 1024))


@pytest.mark.django_db
def test_request_documents_refuse_disguised_files_through_form_and_api(
    people: Any, api_as: Any, client_as: Any
) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    api = api_as(people.caseworker)
    for name, data in (
        ("letter.docx", samples.plain_zip()),
        ("records.pdf", b"%PDF-1.7\n" + HTML),
        ("notes.txt", HTML),
    ):
        response = api.post(
            "/api/requests/documents/",
            {"case": case.pk, "title": "Disguised", "file": SimpleUploadedFile(name, data)},
            format="multipart",
        )
        assert response.status_code == 400 and "file" in response.json(), name
    accepted = api.post(
        "/api/requests/documents/",
        {
            "case": case.pk,
            "title": "Minutes",
            "file": SimpleUploadedFile("minutes.docx", samples.docx_bytes()),
        },
        format="multipart",
    )
    assert accepted.status_code == 201, accepted.content
    page = client_as(people.caseworker).post(
        "/requests/documents/add/",
        {
            "case": case.pk,
            "title": "Disguised",
            "doc_type": "records",
            "file": SimpleUploadedFile("notes.txt", HTML),
        },
    )
    assert page.status_code in {200, 400} and b"web page (HTML)" in page.content
    assert case.documents.count() == 1  # only the real Word file


@pytest.mark.django_db
def test_asset_uploads_follow_the_upload_size_setting(
    people: Any, client_as: Any, api_as: Any, settings: Any
) -> None:
    settings.INFOGOV_MAX_UPLOAD_MB = 1
    body = b"UPRN,Postcode\n" + b"100000000001,EH22 1AA\n" * 60_000  # 1.3 MB, under 10 MB
    assert 1024 * 1024 < len(body) < 10 * 1024 * 1024
    asset = AssetFactory(division=people.division_a)
    standard = DataStandardFactory(asset=asset, unique_key="UPRN")
    upload = io.BytesIO(body)
    upload.name = "extract.csv"
    page = client_as(people.officer_a).post(
        f"/assets/data-standards/{standard.pk}/check/", {"file": upload}, follow=True
    )
    assert "smaller than 1 MB" in page.content.decode()
    assert not standard.checks.exists()
    api = api_as(people.officer_a).post(
        f"/api/assets/data-standards/{standard.pk}/check/",
        {"file": SimpleUploadedFile("extract.csv", body)},
        format="multipart",
    )
    assert api.status_code == 400 and "smaller than 1 MB" in str(api.json()["file"])
    upload = io.BytesIO(body)
    upload.name = "register.csv"
    imported = client_as(people.ig_manager).post("/imports/", {"kind": "assets", "file": upload})
    assert imported.status_code == 400 and "smaller than 1 MB" in imported.content.decode()
    page = client_as(people.ig_manager).get("/imports/").content.decode()
    assert "At most 1 MB." in page
