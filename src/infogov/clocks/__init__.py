"""Statutory clocks for information-governance cases (pure Python, no Django).

Scottish working-day calendar, SAR / FOI / EIR / review deadlines, the 72-hour breach
deadline, and plain-English explanations of each calculation.
"""

from infogov.clocks.calendar import (
    add_working_days,
    count_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    non_working_reason,
)
from infogov.clocks.deadlines import (
    LONDON,
    add_months_clamped,
    breach_deadline,
    eir_due,
    foi_due,
    foi_due_with_fee,
    parse_london,
    review_due,
    sar_due,
    sar_start,
)
from infogov.clocks.explain import (
    explain_breach,
    explain_eir,
    explain_foi,
    explain_sar,
    format_date,
    format_datetime,
)

__all__ = [
    "LONDON",
    "add_months_clamped",
    "add_working_days",
    "breach_deadline",
    "count_working_days",
    "eir_due",
    "explain_breach",
    "explain_eir",
    "explain_foi",
    "explain_sar",
    "foi_due",
    "foi_due_with_fee",
    "format_date",
    "format_datetime",
    "holiday_name",
    "is_working_day",
    "next_working_day",
    "non_working_reason",
    "parse_london",
    "review_due",
    "sar_due",
    "sar_start",
]
