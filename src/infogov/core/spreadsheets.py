"""The one spreadsheet writer and reader: every export, import and extract goes through here.

Writing (list downloads, the record of processing, the action plan export, statistics,
`infogov export`):
- text loses the characters a workbook cannot hold (`core.documents.clean_text`);
- a text cell that a spreadsheet program would run as a formula (it starts with
  ``= + - @``, a tab or a carriage return) gets an apostrophe in front, in CSV and XLSX
  alike; a leading apostrophe is doubled so that `unsafe_cell` undoes exactly this;
- dates and times stay dates in XLSX (ISO text in CSV), numbers stay numbers;
- rows are streamed: XLSX through openpyxl's write-only mode into a temporary file, CSV
  line by line to the response, so a large export never sits whole in memory.

Reading (`read_sheet`): openpyxl's read-only (streaming) mode or the csv module, with the
number of columns and rows bounded (`INFOGOV_IMPORT_MAX_COLUMNS`, `INFOGOV_IMPORT_MAX_ROWS`)
before and while reading, so a small file that claims 16,384 columns is refused at once.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Model
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

from infogov.core.documents import clean_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}
FORMULA_START = "=+-@\t\r"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_CELL_LIMIT = 32_767
DEFAULT_MAX_COLUMNS = 200
DEFAULT_MAX_ROWS = 200_000

Target = IO[bytes] | str | Path


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, for the user."""


# --- cells ----------------------------------------------------------------------------


def safe_cell(text: str) -> str:
    """Spreadsheet formula injection: a text cell never starts with = + - @, tab or CR.

    An apostrophe goes in front (and in front of a leading apostrophe, so that
    `unsafe_cell` gives back exactly the original text)."""
    if text and text[0] in FORMULA_START + "'":
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell` on the way back in, so an export re-imports unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START + "'":
        return text[1:]
    return text


def _local(value: datetime) -> datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def xlsx_value(value: Any) -> Any:
    """A Python value as an XLSX cell: numbers and dates keep their type, the rest is text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    # A cell holds at most 32,767 characters (Excel's limit; a longer one "needs repair").
    return safe_cell(clean_text(value))[:XLSX_CELL_LIMIT] or None


def csv_value(value: Any) -> str:
    """A Python value as CSV text (dates as ISO, so they read back in any locale)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        value = str(value)
    return safe_cell(clean_text(value))


# --- writing --------------------------------------------------------------------------


@dataclass
class SheetData:
    """One sheet to write: its title, the headings in row 1 and the rows below."""

    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _sheet_title(title: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in clean_text(title)).strip()
    cleaned = (cleaned or "Sheet")[:31]
    candidate, number = cleaned, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = cleaned[: 31 - len(suffix)] + suffix
        number += 1
    used.add(candidate.casefold())
    return candidate


def write_xlsx(target: Target, sheets: Iterable[SheetData]) -> None:
    """Write a workbook in openpyxl's write-only mode: rows go to disk as they come."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    wrote = False
    for data in sheets:
        wrote = True
        sheet = workbook.create_sheet(title=_sheet_title(data.title, used))
        heading_cells = []
        for heading in data.headings:
            cell = WriteOnlyCell(sheet, value=xlsx_value(heading))
            cell.font = Font(bold=True)
            heading_cells.append(cell)
        sheet.append(heading_cells)
        for row in data.rows:
            cells: list[Any] = []
            for raw in row:
                value = xlsx_value(raw)
                if isinstance(value, datetime):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = DATETIME_FORMAT
                    cells.append(cell)
                elif isinstance(value, date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = DATE_FORMAT
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    if not wrote:
        workbook.create_sheet(title="Sheet1")
    workbook.save(target)


def csv_lines(headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV file line by line (RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_value(h) for h in headings])
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_value(v) for v in row])
        yield buffer.getvalue()


def write_csv(target: Target, headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    if isinstance(target, str | Path):
        with Path(target).open("wb") as handle:
            write_csv(handle, headings, rows)
        return
    for line in csv_lines(headings, rows):
        target.write(line.encode("utf-8"))


def write_sheet(
    target: Target,
    fmt: str,
    headings: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "Sheet1",
) -> None:
    """One sheet as .xlsx or .csv to a path or a binary file."""
    if fmt == "xlsx":
        write_xlsx(target, [SheetData(title, headings, rows)])
    elif fmt == "csv":
        write_csv(target, headings, rows)
    else:
        raise ValueError(f"Unknown spreadsheet format {fmt!r}")


def _attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    safe = "".join(ch for ch in clean_text(filename) if ch not in '"\\\r\n') or "export"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def workbook_response(filename: str, sheets: Iterable[SheetData]) -> HttpResponseBase:
    """A workbook download, written to a temporary file and streamed from it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_xlsx(handle, sheets)
    size = handle.tell()
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    response["Content-Length"] = str(size)
    return _attachment(response, filename)


def spreadsheet_response(
    filename: str,
    fmt: str,
    headings: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str | None = None,
) -> HttpResponseBase:
    """One sheet as a download: `filename` without its extension, `fmt` csv or xlsx."""
    if fmt == "xlsx":
        return workbook_response(f"{filename}.xlsx", [SheetData(title or filename, headings, rows)])
    if fmt != "csv":
        raise ValueError(f"Unknown spreadsheet format {fmt!r}")
    response = StreamingHttpResponse(csv_lines(headings, rows), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, f"{filename}.csv")


# --- reading --------------------------------------------------------------------------


def max_columns() -> int:
    return int(getattr(settings, "INFOGOV_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS))


def max_rows() -> int:
    return int(getattr(settings, "INFOGOV_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def cell_text(value: Any) -> str:
    """A cell read from a file as the text an importer parses."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Sheet:
    """Row 1's headings and every non-blank row after it as {heading: text}, by row number."""

    headings: list[str]
    rows: list[tuple[int, dict[str, str]]]


def file_format(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise SpreadsheetError("The file must be .xlsx or .csv.")
    return suffix[1:]


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(min(max(number, 1), 16384))


def _too_wide(columns: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"The sheet has {columns:,} columns (up to column {_column_letter(columns)}): at most "
        f"{limit:,} can be read. Delete the empty columns to the right of the data and save "
        "the file again."
    )


def _too_long(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"The sheet has more than {limit:,} rows of data: split it into several files, or "
        "delete the empty rows below the data and save the file again."
    )


def _first_sheet_path(source: IO[bytes]) -> str | None:
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(source, read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        for _sheet, rel in reader.parser.find_sheets():
            return str(rel.target)
    finally:
        reader.archive.close()
    return None


def _column_number(reference: str) -> int:
    number = 0
    for ch in reference:
        if not ch.isalpha():
            break
        number = number * 26 + (ord(ch.upper()) - 64)
    return number


def _prescan(source: IO[bytes], columns: int, rows: int) -> None:
    """Check the first sheet's size before openpyxl opens it.

    A declared size (<dimension>) is checked at once. Without one, openpyxl would parse the
    whole sheet just to learn its size, so the cells are scanned here (streaming, one row
    in memory) and the first cell beyond the bounds stops the reading."""
    from lxml import etree

    path = _first_sheet_path(source)
    source.seek(0)
    if path is None:
        return
    with zipfile.ZipFile(source) as archive:
        try:
            stream = archive.open(path.lstrip("/"))
        except KeyError:
            return
        with stream:
            seen_rows = 0
            for event, element in etree.iterparse(
                stream,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                huge_tree=False,
            ):
                tag = etree.QName(element).localname
                if event == "start":
                    if tag == "dimension":
                        ref = str(element.get("ref") or "").split(":")[-1]
                        declared_columns = _column_number(ref)
                        declared_rows = int("".join(ch for ch in ref if ch.isdigit()) or 0)
                        if declared_columns > columns:
                            raise _too_wide(declared_columns, columns)
                        if declared_rows > rows + 1:
                            raise _too_long(rows)
                        return
                    continue
                if tag == "c":
                    has_value = any(
                        etree.QName(child).localname in {"v", "is", "f"} for child in element
                    )
                    number = _column_number(str(element.get("r") or ""))
                    if has_value and number > columns:
                        raise _too_wide(number, columns)
                elif tag == "row":
                    seen_rows += 1
                    if seen_rows > rows + 1:
                        raise _too_long(rows)
                    element.clear()
                    while element.getprevious() is not None:
                        parent = element.getparent()
                        if parent is None:
                            break
                        del parent[0]
                elif tag == "sheetData":
                    return


def _xlsx_rows(source: IO[bytes], columns: int, rows: int) -> Generator[Sequence[Any], None, None]:
    from openpyxl import load_workbook

    try:
        _prescan(source, columns, rows)
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError("The file is not a readable Excel workbook (.xlsx).") from None
    source.seek(0)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetError("The file is not a readable Excel workbook (.xlsx).") from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("The workbook has no sheet.")
        sheet = workbook.worksheets[0]
        # The size the file declares (<dimension>): refused before a single row is read.
        declared_columns = getattr(sheet, "max_column", None) or 0
        declared_rows = getattr(sheet, "max_row", None) or 0
        if declared_columns > columns:
            raise _too_wide(declared_columns, columns)
        if declared_rows > rows + 1:
            raise _too_long(rows)
        # Without a declaration each row is as long as its last cell: one row is held at a
        # time, and the first one wider than allowed stops the reading.
        for raw in sheet.iter_rows(max_row=rows + 2, values_only=True):
            if len(raw) > columns and any(v not in (None, "") for v in raw[columns:]):
                raise _too_wide(len(raw), columns)
            yield raw[:columns]
    finally:
        workbook.close()


def _csv_rows(source: IO[bytes], columns: int) -> Generator[Sequence[Any], None, None]:
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        for raw in csv.reader(text):
            if len(raw) > columns:
                raise _too_wide(len(raw), columns)
            yield raw
    except UnicodeDecodeError:
        raise SpreadsheetError("The CSV file is not UTF-8: save it as “CSV UTF-8”.") from None
    except csv.Error as exc:
        raise SpreadsheetError(f"The CSV file cannot be read ({exc}).") from None
    finally:
        text.detach()


def read_sheet(data: bytes | IO[bytes], filename: str) -> Sheet:
    """Row 1 of the first sheet holds the headings; every other non-blank row is data.

    Raises `SpreadsheetError` for an unreadable file, or one wider than
    `INFOGOV_IMPORT_MAX_COLUMNS` or longer than `INFOGOV_IMPORT_MAX_ROWS`."""
    fmt = file_format(filename)
    source: IO[bytes] = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    column_limit, row_limit = max_columns(), max_rows()
    raw_rows = (
        _xlsx_rows(source, column_limit, row_limit)
        if fmt == "xlsx"
        else _csv_rows(source, column_limit)
    )
    with closing(raw_rows):
        return _sheet(raw_rows, row_limit)


def _sheet(raw_rows: Iterator[Sequence[Any]], row_limit: int) -> Sheet:
    try:
        header = next(raw_rows)
    except StopIteration:
        raise SpreadsheetError("The file is empty: put the headings in row 1.") from None
    headings = [cell_text(h) for h in header]
    while headings and not headings[-1]:
        headings.pop()
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in enumerate(raw_rows, start=2):
        if number > row_limit + 1:
            raise _too_long(row_limit)
        cells = [cell_text(v) for v in raw]
        if not any(cells):
            continue
        rows.append(
            (number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headings) if h})
        )
    return Sheet(headings=headings, rows=rows)
