"""Words for people: phrases inside sentences, and people by their names.

Django writes a model's name in lower case inside sentences ("All kpis", "3 ico
registrations") when templates apply `lower`; `in_sentence` lower-cases a phrase but keeps
its acronyms (SIRO, KPIs, UK GDPR, Art.). `person_name` shows a user as a person, never as
a username; `CoreConfig.ready` makes it the user's `str()`, so every page, export and
history entry that renders a user shows the name.
"""

from __future__ import annotations

import re
from typing import Any

# A word with a capital after its first letter is an acronym or a name: kept as it is.
_WORD = re.compile(r"[^\W\d_][\w.'\u2019-]*")
# Words lower case would change for the worse although they are written Xxx.
KEPT_WORDS = frozenset({"Art.", "Article", "Schedule", "Sch.", "Scottish", "Scotland", "Keeper"})
SYSTEM_NAME = "InfoGov (system)"


def in_sentence(phrase: Any) -> str:
    """`phrase` to stand inside a sentence: lower case, acronyms and names kept."""

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if text in KEPT_WORDS or any(c.isupper() for c in text[1:]):
            return text
        return text.lower()

    return _WORD.sub(word, str(phrase))


def person_name(user: Any) -> str:
    """A user as people know them: their full name, "InfoGov (system)" for the system."""
    from infogov.core.services import SYSTEM_USERNAME

    username = getattr(user, "username", "") or ""
    if username == SYSTEM_USERNAME:
        return SYSTEM_NAME
    full = f"{getattr(user, 'first_name', '')} {getattr(user, 'last_name', '')}".strip()
    return full or username
