from django.urls import path

from infogov.core.urls import crud_urls
from infogov.training import views as v

app_name = "training"

urlpatterns = [
    path("compliance/", v.compliance, name="compliance"),
    path("chase/", v.chase, name="chase"),
    path("divisions/<int:pk>/chase/", v.DivisionChase.as_view(), name="division_chase"),
    path("mine/", v.mine, name="mine"),
    path("import/", v.import_completions, name="import"),
    path("surveys/<int:pk>/respond/", v.SurveyRespond.as_view(), name="survey_respond"),
    path("surveys/<int:pk>/results/", v.SurveyResults.as_view(), name="survey_results"),
    *crud_urls(
        "modules",
        "module",
        list_view=v.ModuleList,
        detail_view=v.ModuleDetail,
        edit_view=v.ModuleEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "completions",
        "completion",
        list_view=v.CompletionList,
        detail_view=v.CompletionDetail,
        edit_view=v.CompletionEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "campaigns",
        "campaign",
        list_view=v.CampaignList,
        detail_view=v.CampaignDetail,
        edit_view=v.CampaignEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "surveys",
        "survey",
        list_view=v.SurveyList,
        detail_view=v.SurveyDetail,
        edit_view=v.SurveyEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "questions",
        "question",
        list_view=v.QuestionList,
        detail_view=v.QuestionDetail,
        edit_view=v.QuestionEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "survey-responses",
        "surveyresponse",
        list_view=v.SurveyResponseList,
        detail_view=v.SurveyResponseDetail,
        history_view=True,
    ),
]
