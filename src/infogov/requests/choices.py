"""Choices for information requests: kinds, events, statuses, outcomes, exemptions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import models


class CaseKind(models.TextChoices):
    SAR = "sar", "Subject access request (UK GDPR Art. 15)"
    FOI = "foi", "Freedom of information request (FOISA 2002)"
    EIR = "eir", "Environmental information request (EIR 2004)"
    SAR_REVIEW = "sar_review", "Internal review of a subject access request"
    FOI_REVIEW = "foi_review", "Internal review of an FOI request"
    EIR_REVIEW = "eir_review", "Internal review of an EIR request"
    RECTIFICATION = "rectification", "Right to rectification (Art. 16)"
    ERASURE = "erasure", "Right to erasure (Art. 17)"
    RESTRICTION = "restriction", "Right to restriction of processing (Art. 18)"
    PORTABILITY = "portability", "Right to data portability (Art. 20)"
    OBJECTION = "objection", "Right to object (Art. 21)"
    DISCLOSURE = "disclosure", "Third-party disclosure request (DPA 2018 Sch. 2 para. 2)"
    COMPLAINT = "complaint", "Data protection complaint"


# Kinds on the subject-access clock (UK GDPR Art. 12(3) applies to Art. 15-22 requests).
SAR_CLOCK_KINDS = frozenset(
    {
        CaseKind.SAR,
        CaseKind.RECTIFICATION,
        CaseKind.ERASURE,
        CaseKind.RESTRICTION,
        CaseKind.PORTABILITY,
        CaseKind.OBJECTION,
    }
)
FOI_KINDS = frozenset({CaseKind.FOI, CaseKind.EIR})
REVIEW_KINDS = frozenset({CaseKind.SAR_REVIEW, CaseKind.FOI_REVIEW, CaseKind.EIR_REVIEW})
# Kinds whose requester is (or acts for) a data subject: personal data throughout.
PERSONAL_KINDS = SAR_CLOCK_KINDS | {CaseKind.SAR_REVIEW, CaseKind.COMPLAINT}

REFERENCE_PREFIX = {
    CaseKind.SAR: "SAR",
    CaseKind.FOI: "FOI",
    CaseKind.EIR: "EIR",
    CaseKind.SAR_REVIEW: "SARR",
    CaseKind.FOI_REVIEW: "FOIR",
    CaseKind.EIR_REVIEW: "EIRR",
    CaseKind.RECTIFICATION: "RECT",
    CaseKind.ERASURE: "ERAS",
    CaseKind.RESTRICTION: "REST",
    CaseKind.PORTABILITY: "PORT",
    CaseKind.OBJECTION: "OBJ",
    CaseKind.DISCLOSURE: "DISC",
    CaseKind.COMPLAINT: "COMP",
}


class EventType(models.TextChoices):
    RECEIVED = "received", "Received"
    IDENTITY_REQUESTED = "identity_requested", "Proof of identity requested"
    IDENTITY_VERIFIED = "identity_verified", "Identity verified"
    AUTHORITY_REQUESTED = "authority_requested", "Authority to act requested"
    AUTHORITY_RECEIVED = "authority_received", "Authority to act received"
    CLARIFICATION_REQUESTED = "clarification_requested", "Clarification requested"
    CLARIFICATION_RECEIVED = "clarification_received", "Clarification received"
    FEE_REQUESTED = "fee_requested", "Fee requested (fees notice)"
    FEE_RECEIVED = "fee_received", "Fee received"
    EXTENDED = "extended", "Deadline extended"
    RESPONDED = "responded", "Response sent"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"
    LETTER_SENT = "letter_sent", "Letter sent"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    ON_HOLD = "on_hold", "Clock stopped"
    RESPONDED = "responded", "Responded"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.ON_HOLD)


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    WEB_FORM = "web_form", "Public web form"
    POST = "post", "Post"
    PHONE = "phone", "Telephone"
    IN_PERSON = "in_person", "In person"
    SOCIAL_MEDIA = "social_media", "Social media"
    STAFF = "staff", "Passed on by a member of staff"


class ResponseMethod(models.TextChoices):
    EMAIL = "email", "E-mail"
    SECURE_PORTAL = "secure_portal", "Secure portal"
    POST = "post", "Post"
    COLLECTION = "collection", "Collected in person"


class Outcome(models.TextChoices):
    # The categories the Scottish Information Commissioner's statistics collect.
    DISCLOSED_IN_FULL = "disclosed_in_full", "Information disclosed in full"
    DISCLOSED_IN_PART = "disclosed_in_part", "Information disclosed in part"
    WITHHELD = "withheld", "Information withheld in full (exemptions applied)"
    NOT_HELD = "not_held", "Information not held"
    EXCESSIVE_COST = (
        "excessive_cost",
        "Refused: excessive cost (FOISA s.12; EIR reg. 10(4)(b) manifestly unreasonable)",
    )
    VEXATIOUS = (
        "vexatious",
        "Refused: vexatious (FOISA s.14(1); EIR reg. 10(4)(b) manifestly unreasonable)",
    )
    REPEATED = (
        "repeated",
        "Refused: repeated request (FOISA s.14(2); EIR reg. 10(4)(b) manifestly unreasonable)",
    )
    NEITHER_CONFIRM_NOR_DENY = (
        "neither_confirm_nor_deny",
        "Neither confirmed nor denied that the information is held (FOISA s.18; EIR reg. 10(8))",
    )
    CLARIFICATION_NOT_RECEIVED = (
        "clarification_not_received",
        "Closed: the clarification asked for was not received (FOISA s.1(3); EIR reg. 9)",
    )
    FEE_NOT_PAID = "fee_not_paid", "Fee not paid"
    ACTION_TAKEN = "action_taken", "Right applied / action taken"
    REQUEST_REFUSED = "request_refused", "Request refused"
    WITHDRAWN = "withdrawn", "Withdrawn or lapsed"
    REVIEW_UPHELD = "review_upheld", "Review: original decision upheld"
    REVIEW_UPHELD_MODIFIED = "review_modified", "Review: upheld with modifications"
    REVIEW_OVERTURNED = "review_overturned", "Review: original decision overturned"
    REVIEW_FIRST_DECISION = (
        "review_first_decision",
        "Review: a decision made for the first time (no response had been given)",
    )


class AppealStatus(models.TextChoices):
    NONE = "", "No appeal"
    APPEALED = "appealed", "Appealed to the Commissioner"
    UPHELD = "upheld", "Commissioner upheld the council"
    PARTLY = "partly", "Commissioner partly upheld the appeal"
    OVERTURNED = "overturned", "Commissioner found for the requester"
    WITHDRAWN = "withdrawn", "Appeal withdrawn"


class TaskKind(models.TextChoices):
    SEARCH = "search", "Search for records"
    CONSULTATION = "consultation", "Serious-harm consultation (DPA 2018 Sch. 3)"
    REDACTION_REVIEW = "redaction_review", "Redaction review"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done: records found"
    NOTHING_FOUND = "nothing_found", "Done: nothing found"
    CANCELLED = "cancelled", "Cancelled"


OPEN_TASK_STATUSES = (TaskStatus.OPEN,)


class DocumentType(models.TextChoices):
    RECORDS = "records", "Records found"
    CORRESPONDENCE = "correspondence", "Correspondence"
    IDENTITY = "identity", "Proof of identity or authority"
    REDACTED = "redacted", "Redacted copy for release"
    RESPONSE = "response", "Response letter"
    OTHER = "other", "Other"


@dataclass(frozen=True)
class ExemptionEntry:
    """One exemption or exception of the reference list (`data/exemptions.yaml`)."""

    code: str
    regime: str  # foisa | eir | dpa
    reference: str
    title: str
    current: bool

    @property
    def label(self) -> str:
        prefix = {"foisa": "FOISA ", "eir": "EIR "}.get(self.regime, "")
        text = f"{prefix}{self.reference} {self.title}"
        return text if self.current else f"{text} (subsection not recorded)"


@lru_cache(maxsize=1)
def exemption_entries() -> tuple[ExemptionEntry, ...]:
    """The reference list, in the order of the Commissioner's list (FOISA, EIR, DPA)."""
    raw = yaml.safe_load((Path(__file__).parent / "data" / "exemptions.yaml").read_text())
    return tuple(
        ExemptionEntry(
            code=str(row["code"]),
            regime=str(row["regime"]),
            reference=str(row["reference"]),
            title=str(row["title"]),
            current=bool(row.get("current", True)),
        )
        for row in raw["exemptions"]
    )


def exemption_choices() -> list[tuple[str, str]]:
    """Every valid code with its label (old section-level codes included)."""
    return [(e.code, e.label) for e in exemption_entries()]


def current_exemption_choices() -> list[tuple[str, str]]:
    """The codes offered for a new application: subsection level, where there is one."""
    return [(e.code, e.label) for e in exemption_entries() if e.current]


# The same list as TextChoices (`Exemption.FOISA_S33_1_B`), for code that names one.
Exemption = models.TextChoices(  # type: ignore[misc,call-overload]
    "Exemption", [(e.code.upper(), (e.code, e.label)) for e in exemption_entries()]
)


class AccessChannel(models.TextChoices):
    UI = "ui", "Web page"
    API = "api", "API"
    EXPORT = "export", "Export"


# --- Publication: the disclosure log and the publication scheme (FOISA s.23, s.60 Code) ---
class DisclosureSubject(models.TextChoices):
    """What a published response is about, for filtering the public disclosure log."""

    COUNCIL_TAX = "council_tax", "Council tax and benefits"
    EDUCATION = "education", "Education and children"
    ENVIRONMENT = "environment", "Environment, waste and planning"
    FINANCE = "finance", "Finance and spending"
    HOUSING = "housing", "Housing"
    PROCUREMENT = "procurement", "Contracts and procurement"
    ROADS = "roads", "Roads and transport"
    SOCIAL_CARE = "social_care", "Health and social care"
    STAFFING = "staffing", "Staff and organisation"
    GOVERNANCE = "governance", "Policies, decisions and governance"
    OTHER = "other", "Other"


class Availability(models.TextChoices):
    """How a published item of the Guide to Information can be obtained."""

    ONLINE = "online", "Online"
    ON_REQUEST = "on_request", "On request"
    BOTH = "both", "Online, or on paper on request"


# --- letters (requests/letters.py) ---------------------------------------------------


class LetterType(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    CLARIFICATION = "clarification", "Clarification request"
    IDENTITY = "identity", "Identity request"
    FEES_NOTICE = "fees_notice", "Fees notice (FOISA s.9)"
    EXTENSION = "extension", "Extension notice (UK GDPR Art. 12(3); EIR reg. 7)"
    RESPONSE = "response", "Response"
    REFUSAL = "refusal", "Refusal notice (FOISA s.16, s.19; EIR reg. 13)"
    REVIEW_OUTCOME = "review_outcome", "Review outcome"


class LetterFamily(models.TextChoices):
    """The law a template's wording follows; blank is the wording for every other kind."""

    ANY = "", "Any other kind of request"
    FOI = "foi", "FOISA requests and their reviews"
    EIR = "eir", "EIR requests and their reviews"
    SAR = "sar", "Subject access and other data-protection rights requests"
