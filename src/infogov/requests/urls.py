from django.urls import path

from infogov.core.urls import crud_urls
from infogov.requests import event_views, publication, sic_views
from infogov.requests import views as v

app_name = "requests"

urlpatterns = [
    path("public/", v.public_request, name="public_request"),
    path("public/thank-you/", v.public_done, name="public_done"),
    path("cases/due-soon/", v.DueSoonList.as_view(), name="case_due_soon"),
    path("cases/overdue/", v.OverdueList.as_view(), name="case_overdue"),
    path("cases/<int:pk>/events/add/", v.CaseEventAdd.as_view(), name="case_event_add"),
    path("cases/<int:pk>/respond/", v.CaseRespond.as_view(), name="case_respond"),
    path("cases/<int:pk>/close/", v.CaseClose.as_view(), name="case_close"),
    path("cases/<int:pk>/withdraw/", v.CaseWithdraw.as_view(), name="case_withdraw"),
    path("cases/<int:pk>/sign-off/", v.CaseSignOff.as_view(), name="case_sign_off"),
    path(
        "events/<int:pk>/withdraw/", event_views.EventWithdraw.as_view(), name="caseevent_withdraw"
    ),
    *crud_urls(
        "cases",
        "case",
        list_view=v.CaseList,
        detail_view=v.CaseDetail,
        edit_view=v.CaseEdit,
        delete_view=True,
        history_view=v.CaseHistory,
    ),
    path("search-tasks/<int:pk>/chase/", v.SearchTaskChase.as_view(), name="searchtask_chase"),
    *crud_urls(
        "search-tasks",
        "searchtask",
        list_view=v.SearchTaskList,
        detail_view=v.SearchTaskDetail,
        edit_view=v.SearchTaskEdit,
        delete_view=True,
        history_view=True,
    ),
    path("documents/<int:pk>/download/", v.DocumentDownload.as_view(), name="document_download"),
    path(
        "documents/<int:pk>/exemptions/add/",
        v.DocumentExemptionAdd.as_view(),
        name="document_exemption_add",
    ),
    *crud_urls(
        "documents",
        "document",
        list_view=v.DocumentList,
        detail_view=v.DocumentDetail,
        edit_view=v.DocumentEdit,
        delete_view=True,
        history_view=True,
    ),
    path("statistics/", v.statistics_page, name="statistics"),
    # Publication: the disclosure log (public pages end in `_public`) and the Guide to
    # Information; the public publication scheme is mounted at /publication-scheme/.
    path("disclosure-log/", v.disclosure_log_public, name="disclosure_log_public"),
    path(
        "disclosure-log/feed/", publication.DisclosureLogFeed(), name="disclosure_log_feed_public"
    ),
    path("disclosure-log/csv/", v.disclosure_log_csv_public, name="disclosure_log_csv_public"),
    path("disclosure-log/<int:pk>/", v.disclosureentry_public, name="disclosureentry_public"),
    path(
        "disclosure-log/<int:pk>/documents/<int:number>/",
        v.disclosure_document_public,
        name="disclosureentry_document_public",
    ),
    path("cases/<int:pk>/publish/", v.CasePublish.as_view(), name="case_publish"),
    path(
        "disclosure-entries/<int:pk>/withdraw/",
        v.DisclosureEntryWithdraw.as_view(),
        name="disclosureentry_withdraw",
    ),
    path(
        "disclosure-entries/<int:pk>/edit/",
        v.DisclosureEntryEdit.as_view(),
        name="disclosureentry_edit",
    ),
    *crud_urls(
        "disclosure-entries",
        "disclosureentry",
        list_view=v.DisclosureEntryList,
        detail_view=v.DisclosureEntryDetail,
        history_view=True,
    ),
    *crud_urls(
        "guide-items",
        "guideitem",
        list_view=v.GuideItemList,
        detail_view=v.GuideItemDetail,
        edit_view=v.GuideItemEdit,
        delete_view=True,
        history_view=True,
    ),
]

# Letters (requests/letters.py) and bringing the existing case load in (requests/importers.py)
urlpatterns += [
    path("cases/<int:pk>/letters/write/", v.CaseLetterGenerate.as_view(), name="case_letter"),
    path("cases/<int:pk>/letters/sent/", v.CaseLetterSend.as_view(), name="case_letter_sent"),
    path("import/", v.import_requests, name="import"),
    *crud_urls(
        "letter-templates",
        "lettertemplate",
        list_view=v.LetterTemplateList,
        detail_view=v.LetterTemplateDetail,
        edit_view=v.LetterTemplateEdit,
        delete_view=True,
        history_view=True,
    ),
    path("statistics/sic/", sic_views.sic_return_page, name="sic_return"),
]
