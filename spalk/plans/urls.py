from django.urls import path

from spalk.plans import views, views_reports

app_name = "plans"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("settings/", views.plan_settings, name="settings"),
    path("trajectories/<int:trajectory_id>/", views.trajectory_plan, name="trajectory"),
    path("trajectories/<int:trajectory_id>/new/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_id>/save/", views.plan_save, name="save"),
    path("<int:plan_id>/goals/new/", views.goal_new, name="goal_new"),
    path("<int:plan_id>/sign/", views.plan_sign, name="sign"),
    path("<int:plan_id>/revise/", views.plan_revise, name="revise"),
    path("<int:plan_id>/diff/", views.plan_diff, name="diff"),
    path("<int:plan_id>/evaluate/", views.plan_evaluate, name="evaluate"),
    path("goals/<int:goal_id>/", views.goal_save, name="goal"),
    path("goals/<int:goal_id>/remove/", views.goal_remove, name="goal_remove"),
]

urlpatterns += [
    path("trajectories/<int:trajectory_id>/reports/new/", views_reports.report_new, name="report_new"),
    path("reports/<int:report_id>/", views_reports.report_detail, name="report"),
    path("reports/<int:report_id>/pdf/", views_reports.report_pdf, name="report_pdf"),
    path("reports/<int:report_id>/issue/", views_reports.report_issue, name="report_issue"),
    path("reports/<int:report_id>/send/", views_reports.report_send, name="report_send"),
    path("reports/<int:report_id>/withhold/", views_reports.report_withhold, name="report_withhold"),
]
