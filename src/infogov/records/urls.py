from django.urls import path

from infogov.core.urls import crud_urls
from infogov.records import views as v

app_name = "records"

urlpatterns = [
    *crud_urls(
        "retention-rules",
        "retentionrule",
        list_view=v.RetentionRuleList,
        detail_view=v.RetentionRuleDetail,
        edit_view=v.RetentionRuleEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "holdings",
        "recordholding",
        list_view=v.RecordHoldingList,
        detail_view=v.RecordHoldingDetail,
        edit_view=v.RecordHoldingEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "legal-holds",
        "legalhold",
        list_view=v.LegalHoldList,
        detail_view=v.LegalHoldDetail,
        edit_view=v.LegalHoldEdit,
        history_view=True,
    ),
    path("legal-holds/<int:pk>/release/", v.LegalHoldRelease.as_view(), name="legalhold_release"),
    path("disposal/due/", v.disposal_due, name="disposal_due"),
    *crud_urls(
        "disposal-batches",
        "disposalbatch",
        list_view=v.DisposalBatchList,
        detail_view=v.DisposalBatchDetail,
        history_view=True,
    ),
    path(
        "disposal-batches/<int:pk>/certificate.pdf",
        v.DisposalCertificate.as_view(),
        name="disposalbatch_certificate",
    ),
    *crud_urls(
        "disposal-log",
        "disposaldecision",
        list_view=v.DisposalDecisionList,
        detail_view=v.DisposalDecisionDetail,
        history_view=v.DisposalDecisionHistory,
    ),
]
