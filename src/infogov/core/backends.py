"""Authentication backend: demo sign-ins work only while INFOGOV_DEMO=1."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_GROUP = "demo sign-ins"


class InfoGovBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return settings.DEMO or not user.groups.filter(name=DEMO_GROUP).exists()
