"""The asset register spreadsheet (PRODUCT §5.3): import and export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from infogov.assets import models
from infogov.assets.choices import AssetFormat, Classification, Criticality, DPIAStatus
from infogov.core.importing import (
    CellError,
    Column,
    RowPlan,
    TableImporter,
    a_date,
    choice,
    join_many,
    lookup_many,
    norm,
    render_choice,
    render_date,
    render_yes_no,
    text,
    yes_no,
)
from infogov.organisation.models import Division, Person, Service
from infogov.records.models import RetentionRule

HEADINGS = [
    "Asset name",
    "Description",
    "Division",
    "Service",
    "Information asset owner",
    "Format",
    "Location or system",
    "Personal data",
    "Special category data",
    "Special category condition",
    "Criminal offence data",
    "Data subjects",
    "Categories of personal data",
    "Purposes",
    "Lawful basis",
    "Recipients",
    "International transfers",
    "Retention code",
    "Security classification",
    "Business criticality",
    "DPIA status",
    "Last reviewed",
    "Next review",
]


class AssetImporter(TableImporter):
    kind = "assets"
    title = "Information asset register"
    model = models.InformationAsset
    noun = "asset (same division and asset name)"
    key_headings = ("Division", "Asset name")

    def build_columns(self) -> list[Column]:
        divisions: dict[str, int] = {}
        division_names: dict[int, str] = {}
        for pk, name, code in Division.objects.values_list("pk", "name", "code"):
            divisions[norm(name)] = pk
            divisions.setdefault(norm(code), pk)
            division_names[pk] = name
        self.division_names = division_names
        self.services: dict[tuple[int, str], int] = {}
        self.service_names: dict[int, tuple[int, str]] = {}
        for pk, division_id, name in Service.objects.values_list("pk", "division_id", "name"):
            self.services[(division_id, norm(name))] = pk
            self.service_names[pk] = (division_id, name)
        people: dict[str, list[int]] = {}
        self.person_email: dict[int, str] = {}
        for pk, email in Person.objects.exclude(email="").values_list("pk", "email"):
            people.setdefault(email.strip().lower(), []).append(pk)
            self.person_email[pk] = email
        retention = dict(RetentionRule.objects.values_list("code", "pk"))
        retention_codes = {pk: code for code, pk in retention.items()}

        def labelled(model: Any, *attrs: str) -> tuple[dict[str, int], dict[int, str]]:
            table: dict[str, int] = {}
            labels: dict[int, str] = {}
            for obj in model.objects.all():
                for attr in attrs:
                    table.setdefault(norm(str(getattr(obj, attr))), obj.pk)
                table.setdefault(norm(str(obj)), obj.pk)
                labels[obj.pk] = str(getattr(obj, attrs[0]))
            return table, labels

        bases, basis_labels = labelled(models.LawfulBasis, "name", "code")
        for code, pk in list(bases.items()):
            bases.setdefault(norm(f"art. {code}"), pk)
            bases.setdefault(norm(f"article {code}"), pk)
        conditions, condition_labels = labelled(models.ProcessingCondition, "code", "name")
        subjects, subject_labels = labelled(models.DataSubjectCategory, "name")
        categories, category_labels = labelled(models.PersonalDataCategory, "name")

        def division(cell: str) -> int:
            found = divisions.get(norm(cell))
            if found is None:
                raise CellError(
                    f"Unknown division “{cell}”." if cell.strip() else "Enter the division."
                )
            return found

        def owner(cell: str) -> int | None:
            email = cell.strip().lower()
            if not email:
                return None
            found = people.get(email)
            if not found:
                raise CellError(f"No person with the e-mail address “{cell.strip()}”.")
            if len(found) > 1:
                raise CellError(f"Several people share the e-mail address “{cell.strip()}”.")
            return found[0]

        def retention_code(cell: str) -> int | None:
            code = cell.strip()
            if not code:
                return None
            found = retention.get(code)
            if found is None:
                raise CellError(
                    f"Unknown retention code “{code}”: it is not in the retention schedule."
                )
            return found

        def asset_name(cell: str) -> str:
            value = text(200)(cell)
            if not value:
                raise CellError("Enter the asset name.")
            return value

        def service_raw(cell: str) -> str:
            return cell.strip()

        hint = "Add it to the managed list first."
        return [
            Column("Asset name", "name", asset_name, str),
            Column("Description", "description", text(), str),
            Column("Division", "division_id", division, lambda pk: division_names.get(pk, "")),
            Column("Service", "service_id", service_raw, self.render_service),
            Column(
                "Information asset owner",
                "owner_id",
                owner,
                lambda pk: self.person_email.get(pk, ""),
                required=True,
            ),
            Column(
                "Format",
                "format",
                choice(AssetFormat, AssetFormat.ELECTRONIC, "format"),
                render_choice(AssetFormat),
            ),
            Column("Location or system", "location", text(200), str),
            Column("Personal data", "personal_data", yes_no, render_yes_no),
            Column("Special category data", "special_category", yes_no, render_yes_no),
            Column(
                "Special category condition",
                "special_category_conditions",
                lookup_many(
                    conditions,
                    "special category condition",
                    "Use an Art. 9(2) or DPA 2018 Sch. 1 code, e.g. 9(2)(h).",
                ),
                join_many(condition_labels),
                m2m=True,
            ),
            Column("Criminal offence data", "criminal_offence_data", yes_no, render_yes_no),
            Column(
                "Data subjects",
                "data_subjects",
                lookup_many(subjects, "data subject category", hint),
                join_many(subject_labels),
                m2m=True,
            ),
            Column(
                "Categories of personal data",
                "personal_data_categories",
                lookup_many(categories, "category of personal data", hint),
                join_many(category_labels),
                m2m=True,
            ),
            Column("Purposes", "purposes", text(), str),
            Column(
                "Lawful basis",
                "lawful_bases",
                lookup_many(
                    bases,
                    "lawful basis",
                    "Use a UK GDPR Art. 6(1) basis, e.g. Public task or 6(1)(e).",
                ),
                join_many(basis_labels),
                m2m=True,
            ),
            Column("Recipients", "recipients", text(), str),
            Column("International transfers", "international_transfers", text(), str),
            Column(
                "Retention code",
                "retention_rule_id",
                retention_code,
                lambda pk: retention_codes.get(pk, ""),
            ),
            Column(
                "Security classification",
                "security_classification",
                choice(Classification, Classification.OFFICIAL, "security classification"),
                render_choice(Classification),
            ),
            Column(
                "Business criticality",
                "business_criticality",
                choice(Criticality, Criticality.MEDIUM, "business criticality"),
                render_choice(Criticality),
            ),
            Column(
                "DPIA status",
                "dpia_status",
                choice(DPIAStatus, DPIAStatus.NOT_REQUIRED, "DPIA status"),
                render_choice(DPIAStatus),
            ),
            Column("Last reviewed", "last_reviewed", a_date, render_date),
            Column("Next review", "next_review", a_date, render_date),
        ]

    def render_service(self, pk: Any) -> str:
        if pk is None:
            return ""
        return self.service_names.get(pk, (0, ""))[1]

    def existing(self) -> dict[Any, Any]:
        # Many-to-many values straight from the link tables: a few queries, no prefetch.
        assets = list(models.InformationAsset.objects.all())
        by_pk = {a.pk: a for a in assets}
        for asset in assets:
            asset._import_m2m = {}  # type: ignore[attr-defined]
        for column in self.columns:
            if not column.m2m:
                continue
            relation = getattr(models.InformationAsset, column.field).field
            through = getattr(models.InformationAsset, column.field).through
            source = relation.m2m_field_name() + "_id"
            target = relation.m2m_reverse_field_name() + "_id"
            links: dict[int, set[int]] = {}
            for asset_id, target_id in through.objects.values_list(source, target):
                links.setdefault(asset_id, set()).add(target_id)
            for pk, asset in by_pk.items():
                asset._import_m2m[column.field] = frozenset(links.get(pk, ()))  # type: ignore[attr-defined]
        return {(a.division_id, norm(a.name)): a for a in assets}

    def key_for(self, values: dict[str, Any]) -> Any:
        return (values["division_id"], norm(values["name"]))

    def label_for(self, values: dict[str, Any]) -> str:
        return f"{values['name']} ({self.division_names.get(values['division_id'], '')})"

    def check(self, merged: dict[str, Any], row: RowPlan) -> list[tuple[str | None, str]]:
        problems: list[tuple[str | None, str]] = []
        # Service names are resolved within the row's division.
        if "service_id" in row.values:
            raw = row.values["service_id"]
            if raw in ("", None):
                service_id = None
            elif isinstance(raw, int):
                service_id = raw
            else:
                service_id = self.services.get((merged["division_id"], norm(raw)))
                if service_id is None:
                    problems.append(
                        (
                            "Service",
                            f"Unknown service “{raw}” in "
                            f"{self.division_names.get(merged['division_id'])}.",
                        )
                    )
                    return problems
            row.values["service_id"] = service_id
            merged["service_id"] = service_id
            if row.instance is not None:
                if row.instance.service_id == service_id:
                    if "Service" in row.changed:
                        row.changed.remove("Service")
                elif "Service" not in row.changed:
                    row.changed.append("Service")
        elif merged.get("service_id") is not None and (
            self.service_names.get(merged["service_id"], (None,))[0] != merged["division_id"]
        ):
            problems.append(
                (
                    "Division",
                    "The asset's service belongs to another division: add a Service column.",
                )
            )
        if merged.get("special_category") and not merged.get("personal_data"):
            problems.append(
                (
                    "Special category data",
                    "Special category data is personal data: Personal data must be Yes.",
                )
            )
        if merged.get("criminal_offence_data") and not merged.get("personal_data"):
            problems.append(
                (
                    "Criminal offence data",
                    "Criminal offence data is personal data: Personal data must be Yes.",
                )
            )
        headings = {c.field.removesuffix("_id"): c.heading for c in self.columns}
        for field, message in models.personal_data_problems(merged).items():
            problems.append((headings.get(field), message))
        last, following = merged.get("last_reviewed"), merged.get("next_review")
        if last and following and following < last:
            problems.append(("Next review", "The next review is before the last review."))
        return problems

    def after_apply(self, touched: list[Any]) -> None:
        # The history records written in bulk carry no links: copy the final ones onto them.
        from infogov.core.history import snapshot_m2m

        snapshot_m2m(self.model, touched)

    def export_queryset(self) -> Iterable[Any]:
        return models.InformationAsset.objects.order_by("division__name", "name").prefetch_related(
            "special_category_conditions",
            "data_subjects",
            "personal_data_categories",
            "lawful_bases",
        )


IMPORTERS = {"assets": AssetImporter}
