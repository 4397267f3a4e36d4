from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class AssetsConfig(AppConfig):
    name = "infogov.assets"
    label = "assets"
    verbose_name = "Assets"
    nav = (("Assets", "assets:informationasset_list", "assets.InformationAsset"),)
    sections = (
        ("Asset register", "assets:informationasset_list", "assets.InformationAsset"),
        ("Record of processing", "assets:ropa", "assets.InformationAsset"),
        ("Sharing agreements", "assets:sharingagreement_list", "assets.SharingAgreement"),
        ("DPIAs", "assets:dpia_list", "assets.DPIA"),
        ("Data standards", "assets:datastandard_list", "assets.DataStandard"),
        ("Quality checks", "assets:qualitycheck_list", "assets.QualityCheck"),
        ("Data subjects", "assets:datasubjectcategory_list", "assets.DataSubjectCategory"),
        (
            "Personal data categories",
            "assets:personaldatacategory_list",
            "assets.PersonalDataCategory",
        ),
        ("Lawful bases", "assets:lawfulbasis_list", "assets.LawfulBasis"),
        ("Conditions", "assets:processingcondition_list", "assets.ProcessingCondition"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.assets.dashboard import panels

        return panels(request)
