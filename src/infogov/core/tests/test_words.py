"""Words for people: acronyms keep their capitals in every model name and list page, and
people are shown by their names, never by usernames."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags

from infogov.core.services import system_user
from infogov.core.words import in_sentence, person_name

ACRONYMS = [
    "SIRO",
    "KPI",
    "ICO",
    "DPIA",
    "UK",
    "GDPR",
    "FOI",
    "EIR",
    "SAR",
    "IAO",
    "DIMG",
    "IMG",
    "CMT",
    "UPRN",
    "USRN",
    "ROPA",
    "DPO",
    "DPA",
    "API",
    "URL",
]
# An acronym written in any case but its own ("kpis", "Siro", "uk gdpr"); a plural "s" is
# allowed after it ("KPIs").
LOWERED = re.compile(r"\b(" + "|".join(ACRONYMS) + r")(s?)\b", re.IGNORECASE)


def lowered_acronyms(text: str) -> list[str]:
    return [m.group(0) for m in LOWERED.finditer(text) if m.group(1) != m.group(1).upper()]


def our_models() -> list[Any]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("infogov.") and not m.__name__.startswith("Historical")
    ]


def test_in_sentence_lower_cases_a_phrase_but_keeps_its_acronyms() -> None:
    assert in_sentence("KPIs") == "KPIs"
    assert in_sentence("ICO registrations") == "ICO registrations"
    assert in_sentence("Information assets") == "information assets"
    assert (
        in_sentence("Subject access request (UK GDPR Art. 15)")
        == "subject access request (UK GDPR Art. 15)"
    )


def test_every_model_field_and_choice_name_keeps_its_acronyms_in_capitals() -> None:
    found = []
    for model in our_models():
        meta = model._meta
        names = [("name", meta.verbose_name), ("plural", meta.verbose_name_plural)]
        for f in meta.get_fields():
            if hasattr(f, "verbose_name"):
                names.append((f.name, f.verbose_name))
            if getattr(f, "help_text", ""):
                names.append((f"{f.name} help", f.help_text))
            names += [(f"{f.name} choice", label) for _, label in getattr(f, "choices", None) or []]
        for where, name in names:
            for phrase in (str(name), in_sentence(name)):
                if lowered_acronyms(phrase):
                    found.append(f"{meta.label} {where}: {phrase!r}")
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_list_pages_say_all_n_and_filter_with_acronyms_in_capitals(
    people: Any, client_as: Any
) -> None:
    client = client_as(people.ig_manager)
    checked, found = 0, []
    for model in our_models():
        meta = model._meta
        try:
            url = reverse(f"{meta.app_label}:{meta.model_name}_list")
        except NoReverseMatch:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        parts = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        parts += re.findall(r'id="result-count">(.*?)</p>', html, re.S)
        parts += re.findall(r'govuk-details__summary-text">(.*?)</span>', html, re.S)
        parts += re.findall(r"<caption[^>]*>(.*?)</caption>", html, re.S)
        parts += re.findall(r"No [^<]* match\.", html)
        checked += 1
        for part in parts:
            text = strip_tags(part)
            if lowered_acronyms(text):
                found.append(f"{url}: {text.strip()!r}")
    assert checked > 20
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_people_are_shown_by_their_names_not_usernames(people: Any) -> None:
    user = get_user_model()(username="ig.manager2", first_name="Morag", last_name="Kerr")
    assert str(user) == "Morag Kerr" == person_name(user)
    assert str(system_user()) == "InfoGov (system)"
    assert str(get_user_model()(username="no.name")) == "no.name"
