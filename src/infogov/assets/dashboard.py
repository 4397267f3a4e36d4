"""The assets panel on the home dashboard: my assets to review, the register's state."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.assets.choices import AgreementStatus, RiskLevel
from infogov.assets.models import DPIA, InformationAsset, SharingAgreement
from infogov.core.permissions import VIEW, get_roles


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    roles = get_roles(user)
    visible = InformationAsset.objects.restrict(user, VIEW)
    today = timezone.localdate()
    result: list[dict[str, Any]] = []
    if roles.person_id:
        mine = list(
            visible.filter(owner_id=roles.person_id, next_review__lte=today).order_by(
                "next_review"
            )[:10]
        )
        if mine:
            result.append(
                {
                    "title": "Assets to review",
                    "items": [
                        {
                            "label": f"{a.name} (review due {a.next_review:%d %b %Y})",
                            "url": a.get_absolute_url(),
                        }
                        for a in mine
                    ],
                }
            )
    dpias = DPIA.objects.restrict(user, VIEW)
    consult = dpias.filter(residual_risk=RiskLevel.HIGH, ico_consulted_on__isnull=True)
    needing = list(consult.order_by("pk")[:5])
    if needing:
        result.append(
            {
                "title": "ICO prior consultation needed",
                "items": [
                    {
                        "label": f"{dpia.title}: high residual risk remains (UK GDPR Art. 36)",
                        "url": dpia.get_absolute_url(),
                    }
                    for dpia in needing
                ],
            }
        )
    agreements = SharingAgreement.objects.restrict(user, VIEW).filter(
        review_date__lt=today,
        status__in=[AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW],
    )
    total = visible.count()
    if total:
        base = reverse("assets:informationasset_list")
        result.append(
            {
                "title": "Information assets",
                "stats": [
                    {"value": total, "label": "Assets in your scope", "url": base},
                    {
                        "value": visible.filter(next_review__lt=today).count(),
                        "label": "Reviews overdue",
                        "url": f"{base}?review_overdue=true",
                    },
                    {
                        "value": visible.filter(special_category=True).count(),
                        "label": "Hold special category data",
                        "url": f"{base}?special_category=true",
                    },
                    {
                        "value": agreements.count(),
                        "label": "Sharing agreements overdue for review",
                        "url": reverse("assets:sharingagreement_list") + "?review_overdue=true",
                    },
                ],
            }
        )
    return result
