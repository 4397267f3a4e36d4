"""The ICO's data security incident types, shipped as `data/ico_incident_types.json`.

The ICO publishes its data security incident trends by 23 incident types, grouped as cyber
and non-cyber incidents (source: the `source` entry of the data file; see
`docs/administration.md`, "ICO incident types"). They are loaded by a migration, by
`infogov load_ico_incident_types` and by the demo; each type is also shipped as a cause, so
the cause list starts with the ICO's own categories. The council adds its own causes, each
mapped to one of these types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "ico_incident_types.json"

# Names of causes used before the ICO types were shipped, and the ICO type each belongs to
# (by code). A cause whose name matches none of these is mapped by keywords (`guess_code`).
KNOWN_CAUSES = {
    "sent to wrong recipient (e-mail)": "emailed_wrong_recipient",
    "sent to wrong recipient (post)": "posted_faxed_wrong_recipient",
    "lost or stolen device": "loss_theft_device",
    "lost or stolen paperwork": "loss_theft_paperwork",
    "unauthorised access": "unauthorised_access",
    "cyber attack": "other_cyber",
    "disposal failure": "disposal_paperwork",
    "verbal disclosure": "verbal_disclosure",
    "failure to redact": "failure_to_redact",
    "system or software error": "misconfiguration",
}

# Keywords, checked in order, for causes the council named itself.
KEYWORDS = (
    ("bcc", "failure_to_use_bcc"),
    ("redact", "failure_to_redact"),
    ("phish", "phishing"),
    ("ransom", "ransomware"),
    ("malware", "malware"),
    ("virus", "malware"),
    ("brute", "brute_force"),
    ("denial", "denial_of_service"),
    ("portal", "wrong_subject_portal"),
    ("website", "uploaded_to_website"),
    ("e-mail", "emailed_wrong_recipient"),
    ("email", "emailed_wrong_recipient"),
    ("post", "posted_faxed_wrong_recipient"),
    ("fax", "posted_faxed_wrong_recipient"),
    ("letter", "posted_faxed_wrong_recipient"),
    ("device", "loss_theft_device"),
    ("laptop", "loss_theft_device"),
    ("phone", "loss_theft_device"),
    ("paper", "loss_theft_paperwork"),
    ("dispos", "disposal_paperwork"),
    ("verbal", "verbal_disclosure"),
    ("access", "unauthorised_access"),
    ("cyber", "other_cyber"),
    ("hack", "unauthorised_access"),
    ("misconfig", "misconfiguration"),
    ("software", "misconfiguration"),
    ("alter", "alteration"),
)
FALLBACK = "other_non_cyber"


@dataclass(frozen=True)
class IcoType:
    code: str
    name: str
    category: str
    description: str
    position: int


@cache
def shipped() -> tuple[IcoType, ...]:
    """The 23 types in the data file, in its order."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        IcoType(t["code"], t["name"], t["category"], t["description"], n)
        for n, t in enumerate(data["types"], start=1)
    )


def source() -> str:
    return str(json.loads(DATA_FILE.read_text(encoding="utf-8"))["source"])


def guess_code(cause_name: str) -> str:
    """The ICO type an existing cause most likely belongs to (by its name)."""
    name = cause_name.casefold().strip()
    for ico in shipped():
        if ico.name.casefold() == name:
            return ico.code
    if name in KNOWN_CAUSES:
        return KNOWN_CAUSES[name]
    for word, code in KEYWORDS:
        if word in name:
            return code
    return FALLBACK


def load(type_model: Any, cause_model: Any) -> tuple[int, int]:
    """Create or update the ICO types and make sure each is on the cause list; map any
    cause without a type. Works with the real models (saves write history) and with a
    migration's historical models. Returns (types created, causes created)."""
    types_created = causes_created = 0
    by_code: dict[str, Any] = {}
    for ico in shipped():
        found = type_model.objects.filter(code=ico.code).first()
        if found is None:
            found = type_model(code=ico.code)
            types_created += 1
        changed = (found.name, found.category, found.description, found.position) != (
            ico.name,
            ico.category,
            ico.description,
            ico.position,
        )
        if found.pk is None or changed:
            found.name, found.category = ico.name, ico.category
            found.description, found.position = ico.description, ico.position
            found.save()
        by_code[ico.code] = found
    for cause in cause_model.objects.filter(ico_type__isnull=True):
        cause.ico_type = by_code[guess_code(cause.name)]
        cause.save()
    for ico in shipped():
        if not cause_model.objects.filter(name__iexact=ico.name).exists():
            cause_model(
                name=ico.name, description=ico.description, ico_type=by_code[ico.code]
            ).save()
            causes_created += 1
    return types_created, causes_created


def load_ico_types() -> tuple[int, int]:
    """`load` with the app's models, in one transaction."""
    from django.db import transaction

    from infogov.incidents.models import Cause, IcoIncidentType

    with transaction.atomic():
        return load(IcoIncidentType, Cause)
