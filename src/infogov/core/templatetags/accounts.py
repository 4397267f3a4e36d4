"""`{% security_link person %}`: the IG manager's link to a person's sign-in security."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def security_link(context: Any, person: Any) -> SafeString | str:
    from infogov.core.auth_views import is_account_manager

    request = context.get("request")
    user_id = getattr(person, "user_id", None)
    if request is None or user_id is None or not is_account_manager(request.user):
        return ""
    return format_html(
        '<p class="govuk-body"><a class="govuk-link" href="{}">Sign-in security</a>'
        " (authenticators and API tokens)</p>",
        reverse("account_security_for", args=[user_id]),
    )
