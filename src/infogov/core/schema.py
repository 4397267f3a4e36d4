"""The OpenAPI schema, told about field rules: a field some callers may not read is
left out of their responses, so it is never a required property of a response."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema

from infogov.core.permissions import HIDDEN, Policy


class GovernedAutoSchema(AutoSchema):
    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        result: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        policy = getattr(model, "policy", None)
        if direction != "response" or not isinstance(policy, Policy) or "required" not in result:
            return result
        hidden = {
            name for rule in policy.field_rules if rule.otherwise == HIDDEN for name in rule.fields
        }
        required = [name for name in result["required"] if name not in hidden]
        if required:
            result["required"] = required
        else:
            del result["required"]
        return result
