"""`infogov demo`: loads the organisation once; a second run writes nothing."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from infogov.core.demo import load_demo

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("sessions.", "axes."))
    }


def test_demo_refuses_to_run_unless_demo_mode() -> None:
    with override_settings(DEMO=False), pytest.raises(CommandError) as excinfo:
        call_command("demo")
    assert excinfo.value.returncode == 2
    assert "INFOGOV_DEMO=1" in str(excinfo.value)


def test_second_demo_run_writes_no_rows_and_no_history() -> None:
    started = time.monotonic()
    with override_settings(DEMO=True):
        call_command("demo")
    assert time.monotonic() - started < 60  # the real bound (20 s) is measured by `make bench`
    first = row_counts()
    with override_settings(DEMO=True):
        call_command("demo")
    assert row_counts() == first
    assert load_demo() == []


def test_demo_gives_the_ten_sign_ins_their_roles() -> None:
    from infogov.core.permissions import get_roles
    from infogov.core.roles import Role

    load_demo()
    user_model = apps.get_model("auth", "User")
    expected = {
        "ig.manager": Role.IG_MANAGER,
        "siro": Role.SIRO,
        "cr.officer": Role.INFORMATION_OFFICER,
        "ecs.officer": Role.INFORMATION_OFFICER,
        "cw.officer": Role.INFORMATION_OFFICER,
        "cr.iao": Role.IAO,
        "caseworker": Role.CASEWORKER,
        "staff.member": Role.STAFF,
        "councillor": Role.ELECTED_MEMBER,
        "auditor": Role.AUDITOR,
    }
    for username, role in expected.items():
        user: Any = user_model.objects.get(username=username)
        assert user.check_password("demo-password")
        assert role in get_roles(user).all_roles, username
    divisions = apps.get_model("organisation", "Division").objects.values_list("name", flat=True)
    assert set(divisions) >= {
        "Corporate Resources",
        "Education & Children's Services",
        "Communities & Wellbeing",
    }
    groups = apps.get_model("organisation", "Group").objects.count()
    assert groups == 4
