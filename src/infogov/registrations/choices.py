"""Choice lists and fee rules for ICO data protection fee registrations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models


class Tier(models.IntegerChoices):
    MICRO = 1, "Tier 1 (micro organisations)"
    SMALL = 2, "Tier 2 (small and medium organisations)"
    LARGE = 3, "Tier 3 (large organisations)"


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    LAPSED = "lapsed", "Lapsed"
    CANCELLED = "cancelled", "Cancelled"


# The Data Protection (Charges and Information) Regulations 2018, as amended with effect
# from 17 February 2025; before that the fees set in 2018 applied.
FEES_FROM_17_FEB_2025 = {1: Decimal("52"), 2: Decimal("78"), 3: Decimal("3763")}
FEES_BEFORE = {1: Decimal("40"), 2: Decimal("60"), 3: Decimal("2900")}
FEE_CHANGE = date(2025, 2, 17)
DIRECT_DEBIT_DISCOUNT = Decimal("5")  # reg. 2(4): £5 less when paid by direct debit

# Elected members acting for their functions have been exempt since 1 April 2019.
MEMBER_EXEMPTION_START = date(2019, 4, 1)

REMINDER_DAYS = (60, 30, 7)


def fee_for(tier: int, direct_debit: bool, on: date) -> Decimal:
    """The annual data protection fee for `tier`, payable on `on`."""
    table = FEES_FROM_17_FEB_2025 if on >= FEE_CHANGE else FEES_BEFORE
    fee = table[int(tier)]
    return fee - DIRECT_DEBIT_DISCOUNT if direct_debit else fee
