"""Statutory reference lists, loaded by a data migration (never typed in by users)."""

from typing import Any

# UK GDPR Art. 6(1)
LAWFUL_BASES: list[tuple[str, str, str]] = [
    ("6(1)(a)", "Consent", "The data subject has given consent for one or more specific purposes."),
    ("6(1)(b)", "Contract", "Necessary for a contract with the data subject, or steps before one."),
    (
        "6(1)(c)",
        "Legal obligation",
        "Necessary to comply with a legal obligation of the controller.",
    ),
    ("6(1)(d)", "Vital interests", "Necessary to protect someone's vital interests."),
    (
        "6(1)(e)",
        "Public task",
        "Necessary for a task in the public interest or in official authority.",
    ),
    (
        "6(1)(f)",
        "Legitimate interests",
        "Necessary for legitimate interests (not for public authorities performing their tasks).",
    ),
]

# UK GDPR Art. 9(2) and DPA 2018 Schedule 1 (Parts 1-3)
CONDITIONS: list[tuple[str, str, str]] = [
    ("art9", "9(2)(a)", "Explicit consent"),
    ("art9", "9(2)(b)", "Employment, social security and social protection law"),
    ("art9", "9(2)(c)", "Vital interests where consent cannot be given"),
    ("art9", "9(2)(d)", "Not-for-profit bodies"),
    ("art9", "9(2)(e)", "Made public by the data subject"),
    ("art9", "9(2)(f)", "Legal claims or judicial acts"),
    ("art9", "9(2)(g)", "Reasons of substantial public interest"),
    ("art9", "9(2)(h)", "Health or social care"),
    ("art9", "9(2)(i)", "Public health"),
    ("art9", "9(2)(j)", "Archiving, research and statistics"),
    ("sch1", "Sch1 para 1", "Employment, social security and social protection"),
    ("sch1", "Sch1 para 2", "Health or social care purposes"),
    ("sch1", "Sch1 para 3", "Public health"),
    ("sch1", "Sch1 para 4", "Research etc"),
    ("sch1", "Sch1 para 6", "Statutory and government purposes"),
    ("sch1", "Sch1 para 8", "Equality of opportunity or treatment"),
    ("sch1", "Sch1 para 10", "Preventing or detecting unlawful acts"),
    ("sch1", "Sch1 para 11", "Protecting the public"),
    ("sch1", "Sch1 para 12", "Regulatory requirements"),
    (
        "sch1",
        "Sch1 para 16",
        "Support for individuals with a particular disability or medical condition",
    ),
    ("sch1", "Sch1 para 17", "Counselling"),
    ("sch1", "Sch1 para 18", "Safeguarding of children and individuals at risk"),
    ("sch1", "Sch1 para 21", "Occupational pensions"),
    ("sch1", "Sch1 para 23", "Elected representatives responding to requests"),
    ("sch1", "Sch1 para 24", "Disclosure to elected representatives"),
    ("sch1", "Sch1 para 33", "Legal claims (criminal offence data)"),
    ("sch1", "Sch1 para 36", "Extension of Part 2 conditions to criminal offence data"),
]


def ensure_reference_lists(lawful_basis: Any, condition: Any) -> None:
    """Create any missing lawful basis or processing condition (models passed in, so the data
    migration can use its historical models and the demo the real ones)."""
    for code, name, description in LAWFUL_BASES:
        lawful_basis.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
    for kind, code, name in CONDITIONS:
        condition.objects.get_or_create(code=code, defaults={"kind": kind, "name": name})
