"""Choices for information requests: kinds, events, statuses, outcomes, exemptions."""

from __future__ import annotations

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
    EXCESSIVE_COST = "excessive_cost", "Refused: excessive cost (FOISA s.12)"
    VEXATIOUS = "vexatious", "Refused: vexatious or repeated (FOISA s.14)"
    FEE_NOT_PAID = "fee_not_paid", "Fee not paid"
    ACTION_TAKEN = "action_taken", "Right applied / action taken"
    REQUEST_REFUSED = "request_refused", "Request refused"
    WITHDRAWN = "withdrawn", "Withdrawn or lapsed"
    REVIEW_UPHELD = "review_upheld", "Review: original decision upheld"
    REVIEW_UPHELD_MODIFIED = "review_modified", "Review: upheld with modifications"
    REVIEW_OVERTURNED = "review_overturned", "Review: original decision overturned"


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


class Exemption(models.TextChoices):
    FOISA_S25 = "foisa_s25", "FOISA s.25 Otherwise accessible"
    FOISA_S27 = "foisa_s27", "FOISA s.27 Intended for future publication"
    FOISA_S30 = "foisa_s30", "FOISA s.30 Prejudice to effective conduct of public affairs"
    FOISA_S33 = "foisa_s33", "FOISA s.33 Commercial interests"
    FOISA_S34 = "foisa_s34", "FOISA s.34 Investigations"
    FOISA_S35 = "foisa_s35", "FOISA s.35 Law enforcement"
    FOISA_S36 = "foisa_s36", "FOISA s.36 Confidentiality"
    FOISA_S38 = "foisa_s38", "FOISA s.38 Personal information"
    FOISA_S39 = "foisa_s39", "FOISA s.39 Health, safety and the environment"
    EIR_10_4_A = "eir_10_4_a", "EIR reg. 10(4)(a) Information not held"
    EIR_10_4_B = "eir_10_4_b", "EIR reg. 10(4)(b) Manifestly unreasonable"
    EIR_10_4_D = "eir_10_4_d", "EIR reg. 10(4)(d) Material in the course of completion"
    EIR_10_4_E = "eir_10_4_e", "EIR reg. 10(4)(e) Internal communications"
    EIR_10_5_B = "eir_10_5_b", "EIR reg. 10(5)(b) Course of justice"
    EIR_10_5_E = "eir_10_5_e", "EIR reg. 10(5)(e) Commercial confidentiality"
    EIR_11 = "eir_11", "EIR reg. 11 Personal data"
    DPA_THIRD_PARTY = "dpa_third_party", "DPA 2018 Sch. 2 para. 16 Other people's data"
    DPA_LEGAL_PRIVILEGE = "dpa_legal_privilege", "DPA 2018 Sch. 2 para. 19 Legal privilege"
    DPA_CRIME = "dpa_crime", "DPA 2018 Sch. 2 para. 2 Crime and taxation"
    DPA_SERIOUS_HARM = (
        "dpa_serious_harm",
        "DPA 2018 Sch. 3 Serious harm (health, education, social work)",
    )
    DPA_MANAGEMENT = "dpa_management", "DPA 2018 Sch. 2 para. 22 Management forecasts"


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
