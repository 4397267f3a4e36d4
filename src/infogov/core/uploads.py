"""The one upload validator: size, and type by content, for every file a person uploads.

A file's name proves nothing: a zip renamed `.docx`, a web page behind a `%PDF` header
or HTML named `.txt` are refused. Each allowed type is checked in two steps:
1. the content's signature (the `filetype` library reads the first bytes) must be the one
   the name claims, and text must be text (no binary data, no HTML);
2. the file must open with its own parser: PDF with pypdf, Word with python-docx, Excel
   with openpyxl (read-only), OpenDocument by its manifest, images with Pillow.

The size limit is `INFOGOV_MAX_UPLOAD_MB` (20 MB unless set) for every upload. Forms call
`validate_upload` in `clean_<field>`; API serializers in `validate_<field>`; both raise a
`ValidationError` whose message names the problem, shown against the field.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

# Office and OpenDocument files are zip archives; their parts are parsed in memory, so the
# expanded size is bounded too (a "zip bomb" expands a small file a thousandfold).
MAX_EXPANSION = 20
HTML_MARKER = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|script|iframe|object|embed|svg|meta|form|a\s+href)\b",
    re.IGNORECASE,
)
SNIFF_BYTES = 8192


def max_upload_mb() -> int:
    return int(getattr(settings, "INFOGOV_MAX_UPLOAD_MB", 20))


def max_upload_bytes() -> int:
    return max_upload_mb() * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    suffix: str  # ".pdf"
    label: str  # "PDF"
    mimes: tuple[str, ...]  # what `filetype` must see; () means text
    check: Callable[[bytes], str | None]  # opens the file: an error message, or None


def _not(label: str) -> str:
    article = "an" if label[:1].lower() in "aeio" else "a"
    return f"The file's content is not {article} {label} file."


def _check_pdf(data: bytes) -> str | None:
    from pypdf import PdfReader

    if HTML_MARKER.search(data[:SNIFF_BYTES]):
        return _not("PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            return "The PDF file has no pages."
    except Exception:
        return "The PDF file cannot be opened: it is damaged or not a PDF."
    return None


def _zip_ok(data: bytes, label: str) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return _not(label)
    if expanded > max(len(data), 1) * MAX_EXPANSION + 10 * 1024 * 1024:
        return f"The {label} file expands to {expanded // (1024 * 1024)} MB: it cannot be opened."
    return None


def _check_docx(data: bytes) -> str | None:
    problem = _zip_ok(data, "Word (DOCX)")
    if problem:
        return problem
    from docx import Document

    try:
        Document(io.BytesIO(data))
    except Exception:
        return "The Word file cannot be opened: it is damaged or not a Word (DOCX) document."
    return None


def _check_xlsx(data: bytes) -> str | None:
    problem = _zip_ok(data, "Excel (XLSX)")
    if problem:
        return problem
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        workbook.close()
    except Exception:
        return "The Excel file cannot be opened: it is damaged or not an Excel (XLSX) workbook."
    return None


def _check_odt(data: bytes) -> str | None:
    problem = _zip_ok(data, "OpenDocument text (ODT)")
    if problem:
        return problem
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            mimetype = archive.read("mimetype").strip()
            archive.getinfo("content.xml")
        except KeyError:
            return _not("OpenDocument text (ODT)")
    if mimetype != b"application/vnd.oasis.opendocument.text":
        return _not("OpenDocument text (ODT)")
    return None


def _check_image(data: bytes) -> str | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception:
        return "The image cannot be opened: it is damaged."
    return None


def _text(data: bytes) -> str | None:
    """The file as text (UTF-8, or Windows-1252 as saved by older programs), or None."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _check_text(data: bytes) -> str | None:
    if _text(data) is None:
        return "A text file must not contain binary data."
    if HTML_MARKER.search(data[:SNIFF_BYTES]):
        return "The file holds a web page (HTML), which cannot be uploaded as text."
    return None


def _check_csv(data: bytes) -> str | None:
    problem = _check_text(data)
    if problem:
        return problem.replace("text file", "CSV file")
    return None


def _check_eml(data: bytes) -> str | None:
    from email import message_from_bytes

    text = _text(data)
    if text is None:
        return "An e-mail file must not contain binary data."
    if HTML_MARKER.match(data.lstrip()[:200]):
        return _not("e-mail (EML)")
    message = message_from_bytes(data)
    if not any(message.get(h) for h in ("From", "To", "Subject", "Date")):
        return _not("e-mail (EML)")
    return None


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {
    t.suffix: t
    for t in (
        FileType(".pdf", "PDF", ("application/pdf",), _check_pdf),
        FileType(".docx", "Word (DOCX)", (WORD, "application/zip"), _check_docx),
        FileType(".xlsx", "Excel (XLSX)", (EXCEL, "application/zip"), _check_xlsx),
        FileType(
            ".odt",
            "OpenDocument text (ODT)",
            ("application/vnd.oasis.opendocument.text", "application/zip"),
            _check_odt,
        ),
        FileType(".png", "PNG image", ("image/png",), _check_image),
        FileType(".jpg", "JPEG image", ("image/jpeg",), _check_image),
        FileType(".jpeg", "JPEG image", ("image/jpeg",), _check_image),
        FileType(".txt", "text", (), _check_text),
        FileType(".csv", "CSV", (), _check_csv),
        FileType(".eml", "e-mail (EML)", (), _check_eml),
    )
}
OFFICE = {WORD, EXCEL, "application/vnd.oasis.opendocument.text"}
BINARY = {
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-7z-compressed",
    "application/x-rar-compressed",
    "application/x-msdownload",
    "application/x-executable",
    "image/png",
    "image/jpeg",
    "image/gif",
}
DOCUMENTS = (".pdf", ".docx", ".xlsx", ".odt", ".png", ".jpg", ".jpeg", ".txt", ".csv", ".eml")
SPREADSHEETS = (".xlsx", ".csv")


def _read(upload: Any) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return bytes(data)


def check_upload(data: bytes, filename: str, allowed: Iterable[str] = DOCUMENTS) -> str | None:
    """Why `data` may not be uploaded as `filename` (one of `allowed`), or None if it may."""
    limit = max_upload_mb()
    if len(data) > limit * 1024 * 1024:
        return f"The file must be smaller than {limit} MB."
    if not data:
        return "The file is empty."
    allowed = tuple(allowed)
    suffix = Path(filename or "").suffix.lower()
    if suffix not in allowed:
        names = ", ".join(dict.fromkeys(TYPES[s].label for s in allowed))
        return f"The file must be one of: {names}."
    kind = TYPES[suffix]
    import filetype

    guessed = filetype.guess(data[:SNIFF_BYTES])
    if kind.mimes:
        if guessed is None or guessed.mime not in kind.mimes:
            return _not(kind.label)
    elif guessed is not None and (guessed.mime in BINARY or guessed.mime in OFFICE):
        # Short signatures ("BM" for a bitmap) occur in text; these never do.
        return _not(kind.label)
    return kind.check(data)


def validate_upload(upload: Any, allowed: Iterable[str] = DOCUMENTS) -> None:
    """Raise `ValidationError` unless the uploaded file (or bytes) may be accepted."""
    size = getattr(upload, "size", None)
    limit = max_upload_mb()
    if size is not None and size > limit * 1024 * 1024:
        # Refused before reading a byte of it.
        raise ValidationError(f"The file must be smaller than {limit} MB.", code="too_large")
    problem = check_upload(_read(upload), getattr(upload, "name", "") or "", allowed)
    if problem:
        raise ValidationError(problem, code="invalid_upload")


def validate_spreadsheet(upload: Any) -> None:
    """An .xlsx workbook or a .csv file, checked like every other upload."""
    validate_upload(upload, SPREADSHEETS)


def help_text(allowed: Iterable[str] = DOCUMENTS) -> str:
    names = ", ".join(dict.fromkeys(TYPES[s].label for s in allowed))
    return f"{names}; up to {max_upload_mb()} MB."
