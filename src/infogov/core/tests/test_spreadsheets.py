"""The one spreadsheet writer and reader (core.spreadsheets): safe, typed, streamed, bounded."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from infogov.assets.tests.factories import AssetFactory
from infogov.core.spreadsheets import (
    SpreadsheetError,
    read_sheet,
    safe_cell,
    unsafe_cell,
    write_sheet,
)

pytestmark = pytest.mark.django_db

CONTROL = "Tenancy files\u000b(scanned)"
FORMULA = '=HYPERLINK("http://evil.example/","Click")'


def _xlsx_values(data: bytes) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"formula written in {cell.coordinate}: {cell.value}"
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_asset_list_exports_a_control_character_and_a_formula_safely(
    people: Any, client_as: Any
) -> None:
    AssetFactory(name=CONTROL, division=people.division_a)
    AssetFactory(name=FORMULA, division=people.division_a)
    client = client_as(people.ig_manager)

    response = client.get("/assets/assets/?export=xlsx")
    assert response.status_code == 200
    assert isinstance(response, FileResponse)  # streamed from a temporary file
    names = [row[0] for row in _xlsx_values(response.getvalue())[1:]]
    assert "Tenancy files(scanned)" in names
    assert "'" + FORMULA in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)

    response = client.get("/assets/assets/?export=csv")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = response.getvalue().decode()
    assert "\x0b" not in text
    names = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert "Tenancy files(scanned)" in names and "'" + FORMULA in names


def test_the_writer_keeps_dates_and_numbers_and_guards_formulas_alike() -> None:
    rows = [
        ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "'quoted", date(2026, 3, 31), 7],
        # 13:05 UTC is 14:05 in London (British Summer Time): local time is written.
        [datetime(2026, 3, 31, 13, 5, tzinfo=UTC), None, True, -5, "plain", "", "", "", ""],
    ]
    headings = [f"H{i}" for i in range(9)]
    xlsx = io.BytesIO()
    write_sheet(xlsx, "xlsx", headings, rows)
    values = _xlsx_values(xlsx.getvalue())
    assert values[1][:7] == ["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "''quoted"]
    assert values[1][7] == datetime(2026, 3, 31)  # a date cell, not text  # noqa: DTZ001
    assert values[1][8] == 7
    assert values[2][0] == datetime(2026, 3, 31, 14, 5)  # noqa: DTZ001
    assert values[2][2] == "Yes" and values[2][3] == -5
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).worksheets[0]
    assert sheet["H2"].is_date and sheet["H2"].number_format == "yyyy-mm-dd"

    text = io.BytesIO()
    write_sheet(text, "csv", headings, rows)
    parsed = list(csv.reader(io.StringIO(text.getvalue().decode())))
    assert parsed[1][:7] == values[1][:7]
    assert parsed[1][7] == "2026-03-31" and parsed[2][0] == "2026-03-31 14:05"
    # The guard round-trips: an import gives back exactly what was exported.
    for original in ("=1+1", "'quoted", "''x", "plain", "-2"):
        assert unsafe_cell(safe_cell(original)) == original


def _padded_workbook(rows: int, declare: bool) -> bytes:
    """A tiny workbook whose rows reach column XFD (16,384 columns)."""
    sheet = io.StringIO()
    sheet.write(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if declare:
        sheet.write(f'<dimension ref="A1:XFD{rows}"/>')
    sheet.write("<sheetData>")
    for r in range(1, rows + 1):
        sheet.write(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c>'
            f'<c r="XFD{r}"><v>1</v></c></row>'
        )
    sheet.write("</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return buffer.getvalue()


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
def test_a_small_workbook_padded_to_column_xfd_is_refused_quickly(declare: bool) -> None:
    data = _padded_workbook(100_000, declare)
    assert len(data) < 1_500_000  # a small upload …
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match=r"16,384 columns \(up to column XFD\)"):
        read_sheet(data, "padded.xlsx")
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # … that used to expand to 16,384 cells a row: now refused in bounded time and memory.
    assert elapsed < 10
    assert peak < 50 * 1024 * 1024


def test_the_reader_refuses_too_many_rows_and_columns(settings: Any) -> None:
    settings.INFOGOV_IMPORT_MAX_ROWS = 3
    settings.INFOGOV_IMPORT_MAX_COLUMNS = 4
    ok = b"A,B\n1,2\n3,4\n5,6\n"
    assert [r[1] for r in read_sheet(ok, "ok.csv").rows] == [
        {"A": "1", "B": "2"},
        {"A": "3", "B": "4"},
        {"A": "5", "B": "6"},
    ]
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read_sheet(ok + b"7,8\n", "long.csv")
    with pytest.raises(SpreadsheetError, match="at most 4 can be read"):
        read_sheet(b"A,B,C,D,E\n", "wide.csv")
    wide = io.BytesIO()
    write_sheet(wide, "xlsx", ["A", "B", "C", "D", "E"], [["1", "2", "3", "4", "5"]])
    with pytest.raises(SpreadsheetError, match="at most 4 can be read"):
        read_sheet(wide.getvalue(), "wide.xlsx")
    long = io.BytesIO()
    write_sheet(long, "xlsx", ["A"], [[str(i)] for i in range(5)])
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read_sheet(long.getvalue(), "long.xlsx")


def test_the_import_command_refuses_a_padded_workbook_with_its_error_format(
    people: Any, tmp_path: Any
) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "padded.xlsx"
    path.write_bytes(_padded_workbook(1000, True))
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import", "assets", str(path), stderr=err)
    assert raised.value.returncode == 1
    assert err.getvalue().startswith("row 1: The sheet has 16,384 columns (up to column XFD)")


def _poison_every_text_field() -> int:
    """Put a vertical tab and a leading `=` into every free-text field of every record."""
    from django.apps import apps as django_apps
    from django.db import models as dj
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Substr

    poisoned = 0
    for model in django_apps.get_models():
        if not model.__module__.startswith("infogov.") or model._meta.proxy:
            continue
        if "historical" in model.__name__.lower() or not model._default_manager.exists():
            continue
        updates: dict[str, Any] = {}
        for field in model._meta.concrete_fields:
            if not isinstance(field, dj.CharField | dj.TextField) or field.choices:
                continue
            if field.unique or field.primary_key or isinstance(field, dj.EmailField | dj.URLField):
                continue
            if field.name in {"password", "username", "reference", "code", "colour"}:
                continue
            max_length = field.max_length or 10_000
            if max_length < 8:
                continue
            updates[field.name] = Concat(
                Value("=\u000b"), Substr(F(field.name), 1, max_length - 2), output_field=field
            )
        if updates:
            model._default_manager.update(**updates)
            poisoned += 1
    return poisoned


def test_every_list_exports_with_control_characters_and_formulas_in_its_data(
    settings: Any,
) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from infogov.core.demo import load_demo
    from infogov.core.tests.test_url_walk import pages

    settings.DEMO = True  # the demo people sign in without a second factor
    load_demo()
    assert _poison_every_text_field() > 10
    client = Client()
    client.force_login(get_user_model().objects.get(username="ig.manager"))
    lists = [p for p in pages() if p.view == "list" and p.model is not None]
    assert len(lists) > 15
    problems: list[str] = []
    carried = 0
    for page in lists:
        for fmt in ("xlsx", "csv"):
            response = client.get(f"{page.url}?export={fmt}")
            if response.status_code != 200:
                problems.append(f"{page.url} {fmt}: {response.status_code}")
                continue
            body = response.getvalue()
            if fmt == "xlsx":
                rows = _xlsx_values(body)
            else:
                assert b"\x0b" not in body, page.url
                rows = list(csv.reader(io.StringIO(body.decode())))
            for row in rows[1:]:
                for value in row:
                    if isinstance(value, str) and value[:1] in {"=", "+", "@", "\t", "\r"}:
                        problems.append(f"{page.url} {fmt}: formula cell {value[:40]!r}")
                    if isinstance(value, str) and value.startswith("'="):
                        carried += 1
    assert not problems, "\n".join(problems[:50])
    assert carried > 100  # the poisoned text reached the exports, made safe
