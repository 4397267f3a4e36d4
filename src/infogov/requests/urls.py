from django.urls import path

from infogov.core.urls import crud_urls
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
    path("disclosure-log/", v.disclosure_log, name="disclosure_log"),
]
