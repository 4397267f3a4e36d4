"""Permissions in the queryset (ARCHITECTURE convention 2).

Every governed model carries a `Policy`. `Model.objects.restrict(user, action)`
asks the policy for a filter, so lists, details, exports, search, reports and the
API all see the same scope. Out-of-scope records answer 404; in scope but not
allowed answers 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Q

from infogov.core.roles import GRANTS, READ_EVERYTHING, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import Model

    AnyUser = AbstractBaseUser | AnonymousUser

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)

# What a reader of a field they may not read gets instead (`FieldRule.otherwise`).
SHOW, MASKED, HIDDEN = "show", "mask", "hide"
MASK = "•••"


@dataclass(frozen=True)
class UserRoles:
    """The access roles a user holds: council-wide, and per division."""

    user_id: int | None
    person_id: int | None = None
    division_id: int | None = None
    is_superuser: bool = False
    council_wide: frozenset[str] = frozenset()
    by_division: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def has(self, *roles: str) -> bool:
        if self.is_superuser and Role.IG_MANAGER in roles:
            return True
        return any(r in self.council_wide or self.by_division.get(r) for r in roles)

    def has_council_wide(self, *roles: str) -> bool:
        if self.is_superuser and Role.IG_MANAGER in roles:
            return True
        return any(r in self.council_wide for r in roles)

    def divisions(self, *roles: str) -> frozenset[int]:
        ids: set[int] = set()
        for r in roles:
            ids |= self.by_division.get(r, frozenset())
        return frozenset(ids)

    @property
    def all_roles(self) -> frozenset[str]:
        roles = set(self.council_wide) | {r for r, ids in self.by_division.items() if ids}
        if self.is_superuser:
            roles.add(Role.IG_MANAGER)
        return frozenset(roles)


ANONYMOUS = UserRoles(user_id=None)


def get_roles(user: Any) -> UserRoles:
    """The user's roles, computed once per user object (one query, cached on it)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_infogov_roles", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    person_model = apps.get_model("organisation", "Person")
    assignment_model = apps.get_model("organisation", "RoleAssignment")
    person = person_model.objects.filter(user_id=user.pk).only("id", "division_id", "kind").first()
    council_wide: set[str] = set()
    by_division: dict[str, set[int]] = {}
    if person is not None:
        council_wide.add(Role.STAFF)
        if person.kind == "elected_member":
            council_wide.add(Role.ELECTED_MEMBER)
        for role, division_id in (
            assignment_model.objects.current()
            .filter(person_id=person.pk)
            .values_list("role", "division_id")
        ):
            granted = GRANTS.get(role)
            if granted is None:
                continue
            if division_id is None:
                council_wide.add(granted)
            else:
                by_division.setdefault(granted, set()).add(division_id)
    roles = UserRoles(
        user_id=user.pk,
        person_id=person.pk if person else None,
        division_id=person.division_id if person else None,
        is_superuser=bool(user.is_superuser),
        council_wide=frozenset(council_wide),
        by_division={k: frozenset(v) for k, v in by_division.items()},
    )
    user._infogov_roles = roles
    return roles


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after a role is granted or revoked)."""
    if hasattr(user, "_infogov_roles"):
        del user._infogov_roles


def _frozen(roles: Iterable[str]) -> frozenset[str]:
    return frozenset(str(r) for r in roles)


def _follow(obj: Any, path: str) -> Any:
    """The id at the end of `path` ("case__caseworker" → `obj.case.caseworker_id`)."""
    *steps, last = path.split("__")
    value = obj
    for step in steps:
        value = getattr(value, step, None)
        if value is None:
            return None
    return getattr(value, f"{last}_id", None)


@dataclass(frozen=True)
class FieldRule:
    """Who may read some of a model's fields; everyone else gets them masked or hidden.

    `fields` names what a rendering may show: model fields, properties and computed
    API fields alike (`ico_deadline` reveals `aware_at`). Readers are the roles in
    `council_wide`, the roles in `in_division` for the record's division (the policy's
    `division_path`), and the person the record links to through `own_path`.
    `otherwise` is `MASKED` (the field is there, its value reads "•••") or `HIDDEN`
    (the field is left out of pages, the API, exports and history).
    `only_when=("kind", {"sar", ...})` limits the rule to the records whose own field
    holds one of those values (a SAR's "What is asked for" is personal data, an FOI
    request's is not); on other records everyone who sees the record reads the fields.
    """

    fields: tuple[str, ...]
    council_wide: frozenset[str] = frozenset()
    in_division: frozenset[str] = frozenset()
    own_path: str | None = None
    otherwise: str = HIDDEN
    only_when: tuple[str, frozenset[str]] | None = None

    def __init__(
        self,
        fields: Iterable[str],
        *,
        council_wide: Iterable[str] = (),
        in_division: Iterable[str] = (),
        own_path: str | None = None,
        otherwise: str = HIDDEN,
        only_when: tuple[str, Iterable[str]] | None = None,
    ) -> None:
        if otherwise not in (MASKED, HIDDEN):
            raise ValueError(f"otherwise must be {MASKED!r} or {HIDDEN!r}")
        object.__setattr__(self, "fields", tuple(fields))
        object.__setattr__(self, "council_wide", _frozen(council_wide))
        object.__setattr__(self, "in_division", _frozen(in_division))
        object.__setattr__(self, "own_path", own_path)
        object.__setattr__(self, "otherwise", otherwise)
        object.__setattr__(
            self,
            "only_when",
            None if only_when is None else (only_when[0], _frozen(only_when[1])),
        )

    def applies_to(self, obj: Any) -> bool:
        """Whether the rule guards `obj` at all (always, without `only_when`)."""
        if self.only_when is None:
            return True
        name, values = self.only_when
        return getattr(obj, name, None) in values

    def reads(self, user: Any, obj: Any, division_path: str | None) -> bool:
        roles = get_roles(user)
        if not roles.authenticated:
            return False
        if not self.applies_to(obj):
            return True
        if roles.is_superuser or roles.has_council_wide(*self.council_wide):
            return True
        if self.in_division and division_path:
            division_id = _follow(obj, division_path)
            if division_id is not None and division_id in roles.divisions(*self.in_division):
                return True
        if self.own_path and roles.person_id is not None:
            return bool(_follow(obj, self.own_path) == roles.person_id)
        return False


def readers_q(rule: FieldRule, user: Any, division_path: str | None) -> Q | None:
    """The records whose `rule` fields `user` reads, as a filter (None: no records), so a
    filter or search on those fields cannot find what the rule hides."""
    roles = get_roles(user)
    if not roles.authenticated:
        return None
    if roles.is_superuser or roles.has_council_wide(*rule.council_wide):
        return Q()
    clauses: list[Q] = []
    if rule.in_division and division_path:
        division_ids = roles.divisions(*rule.in_division)
        if division_ids:
            clauses.append(Q(**{f"{division_path}__in": sorted(division_ids)}))
    if rule.own_path and roles.person_id is not None:
        clauses.append(Q(**{rule.own_path: roles.person_id}))
    if rule.only_when is not None:
        name, values = rule.only_when
        clauses.append(~Q(**{f"{name}__in": sorted(values)}))
    if not clauses:
        return None
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    return combined


class Policy:
    """Who may do what to a model's records, expressed as queryset filters.

    - `council_wide[action]`: roles that may act on every record.
    - `in_division[action]`: roles that may act on records of the divisions they hold
      the role for (`division_path` leads from the record to its division id).
    - `own_path` / `own_actions`: a person may act on records linked to them
      (e.g. the IAO of an asset, the reporter of an incident).
    - `signed_in_view`: every signed-in person may view (reference data).
    - `field_roles[field]`: roles that may set that field; others get 403.
    - `field_rules`: who may read which fields (`FieldRule`); one rule for the page, the
      API, exports, history and generated documents (`field_access`, `mask`).
    """

    def __init__(
        self,
        *,
        division_path: str | None = "division",
        council_wide: dict[str, Iterable[str]] | None = None,
        in_division: dict[str, Iterable[str]] | None = None,
        own_path: str | None = None,
        own_actions: Iterable[str] = (),
        signed_in_view: bool = False,
        signed_in_add: bool = False,
        field_roles: dict[str, Iterable[str]] | None = None,
        field_rules: Iterable[FieldRule] = (),
    ) -> None:
        default = {
            VIEW: READ_EVERYTHING,
            ADD: {Role.IG_MANAGER},
            CHANGE: {Role.IG_MANAGER},
            DELETE: {Role.IG_MANAGER},
        }
        merged = {**default, **(council_wide or {})}
        self.council_wide = {a: _frozen(merged.get(a, ())) for a in ACTIONS}
        self.in_division = {a: _frozen((in_division or {}).get(a, ())) for a in ACTIONS}
        self.division_path = division_path
        self.own_path = own_path
        self.own_actions = frozenset(own_actions)
        self.signed_in_view = signed_in_view
        self.signed_in_add = signed_in_add
        self.field_roles = {k: _frozen(v) for k, v in (field_roles or {}).items()}
        self.field_rules = tuple(field_rules)
        self.rule_for = {name: rule for rule in self.field_rules for name in rule.fields}

    def q(self, user: Any, action: str) -> Q | None:
        """A filter for the records `user` may `action`; None when there are none."""
        roles = get_roles(user)
        if not roles.authenticated:
            return None
        if roles.is_superuser or roles.has_council_wide(*self.council_wide[action]):
            return Q()
        if action == VIEW and self.signed_in_view:
            return Q()
        clauses: list[Q] = []
        if self.division_path and self.in_division[action]:
            division_ids = roles.divisions(*self.in_division[action])
            if division_ids:
                clauses.append(Q(**{f"{self.division_path}__in": sorted(division_ids)}))
        if self.own_path and action in self.own_actions and roles.person_id:
            clauses.append(Q(**{self.own_path: roles.person_id}))
        if not clauses:
            return None
        combined = clauses[0]
        for clause in clauses[1:]:
            combined |= clause
        return combined

    def can_add(self, user: Any) -> bool:
        roles = get_roles(user)
        if not roles.authenticated:
            return False
        if roles.is_superuser or self.signed_in_add:
            return True
        if roles.has_council_wide(*self.council_wide[ADD]):
            return True
        return bool(self.in_division[ADD]) and bool(self.add_division_ids(user))

    def division_ids(self, user: Any, action: str) -> frozenset[int] | None:
        """Divisions in which the user may `action` records; None means every division."""
        roles = get_roles(user)
        if roles.is_superuser or roles.has_council_wide(*self.council_wide[action]):
            return None
        if action == ADD and self.signed_in_add:
            return None
        return roles.divisions(*self.in_division[action])

    def add_division_ids(self, user: Any) -> frozenset[int] | None:
        """Divisions the user may add records to; None means every division."""
        return self.division_ids(user, ADD)

    def allows(self, user: Any, action: str, obj: Model) -> bool:
        q = self.q(user, action)
        if q is None:
            return False
        if not q:
            return True
        return type(obj)._default_manager.filter(q, pk=obj.pk).exists()

    def may_set_field(self, user: Any, field_name: str) -> bool:
        allowed = self.field_roles.get(field_name)
        if allowed is None:
            return True
        roles = get_roles(user)
        return roles.is_superuser or roles.has(*allowed)

    def readable_q(self, user: Any, name: str) -> Q | None:
        """The records whose `name` the user may read unmasked (`Q()`: all; None: none)."""
        rule = self.rule_for.get(name)
        return Q() if rule is None else readers_q(rule, user, self.division_path)

    def field_access(self, user: Any, obj: Any, name: str) -> str:
        """`SHOW`, `MASKED` or `HIDDEN`: how `name` of `obj` may be shown to `user`."""
        rule = self.rule_for.get(name)
        if rule is None:
            return SHOW
        return SHOW if rule.reads(user, obj, self.division_path) else rule.otherwise


def field_access(user: Any, obj: Any, name: str) -> str:
    """How `obj.<name>` may be shown to `user`: `SHOW`, `MASKED` or `HIDDEN`."""
    policy = getattr(type(obj), "policy", None)
    if not isinstance(policy, Policy):
        return SHOW
    return policy.field_access(user, obj, name)


def may_read(user: Any, obj: Any, name: str) -> bool:
    return field_access(user, obj, name) == SHOW


def hidden_fields(user: Any, obj: Any) -> frozenset[str]:
    """The names of `obj` that `user` may not see at all."""
    policy = getattr(type(obj), "policy", None)
    if not isinstance(policy, Policy):
        return frozenset()
    hidden: set[str] = set()
    for rule in policy.field_rules:
        if rule.otherwise == HIDDEN and not rule.reads(user, obj, policy.division_path):
            hidden.update(rule.fields)
    return frozenset(hidden)


def visible_fields(user: Any, obj: Any, names: Iterable[str]) -> list[str]:
    """`names` without those hidden from `user` (masked ones stay: they show "•••")."""
    hidden = hidden_fields(user, obj)
    return [name for name in names if name not in hidden]


def mask(user: Any, obj: Any, name: str, value: Any) -> Any:
    """`value` as `user` may see it: itself, "•••" when masked (empty stays empty), or
    None when hidden."""
    access = field_access(user, obj, name)
    if access == SHOW:
        return value
    if access == HIDDEN:
        return None
    return MASK if value not in (None, "", [], ()) else value


def policy_for(model: type[Model]) -> Policy:
    policy = getattr(model, "policy", None)
    if not isinstance(policy, Policy):
        raise TypeError(f"{model.__name__} has no access policy")
    return policy


class Shown:
    """A record as one viewer may see it, for templates: each attribute passes through
    the model's field rules (`{{ event.note }}` reads "•••" when masked, empty when hidden).
    """

    def __init__(self, user: Any, obj: Any) -> None:
        self._user = user
        self._obj = obj

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._obj, name)
        if name.startswith("_"):
            return value
        return mask(self._user, self._obj, name, value)

    def __str__(self) -> str:
        return str(self._obj)


def shown_rows(user: Any, objs: Iterable[Any]) -> list[Shown]:
    """`objs` as `user` may see them (see `Shown`)."""
    return [Shown(user, obj) for obj in objs]


def is_ig_manager(user: Any) -> bool:
    """The IG manager council-wide (or a post that acts as one), or a superuser."""
    roles = get_roles(user)
    return roles.is_superuser or roles.has_council_wide(Role.IG_MANAGER)


# Reference data (managed lists, causes, categories, bands): every signed-in person reads
# it, the IG manager maintains it.
REFERENCE = Policy(division_path=None, signed_in_view=True)
