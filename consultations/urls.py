from django.urls import path

from .views import anonymous as anonymous_views
from .views import cases as case_views
from .views import debates as debate_views
from .views import drafts as draft_views
from .views import instruments as instrument_views
from .views import proposals as proposal_views
from .views import public as views
from .views import reach as reach_views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/comments/", views.comment_page, name="comments"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("<int:pk>/comments/new/", views.comment_create, name="comment-create"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", views.comment_edit, name="comment-edit"),
    path("<int:pk>/comments/<int:comment_pk>/flag/", views.comment_flag, name="comment-flag"),
    path("comments/<int:comment_pk>/react/", views.comment_react, name="comment-react"),
    path("<int:pk>/polls/<int:poll_pk>/vote/", views.vote, name="vote"),
    path(
        "<int:pk>/polls/<int:poll_pk>/vote/anonymous/", anonymous_views.anonymous_vote, name="vote-anonymous"
    ),
    path("<int:pk>/ideas/new/", views.idea_create, name="idea-create"),
    path("<int:pk>/ideas/<int:idea_pk>/support/", views.idea_support, name="idea-support"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    # Engagement instruments (issue 8b)
    path("<int:pk>/surveys/<int:survey_pk>/", instrument_views.survey_detail, name="survey"),
    path("<int:pk>/surveys/<int:survey_pk>/export.csv", instrument_views.survey_export, name="survey-export"),
    path("<int:pk>/budget/<int:budget_pk>/", instrument_views.budget_detail, name="budget"),
    path("<int:pk>/opinions/", instrument_views.opinion_map, name="opinions"),
    path("<int:pk>/opinions/new/", instrument_views.opinion_statement_create, name="opinion-create"),
    path("<int:pk>/opinions/<int:statement_pk>/vote/", instrument_views.opinion_vote, name="opinion-vote"),
    # Draft documents, co-drafting and "you said, we did" (issue 8).
    path("<int:pk>/drafts/<int:draft_pk>/", draft_views.draft_detail, name="draft"),
    path("<int:pk>/drafts/<int:draft_pk>/diff/", draft_views.draft_diff, name="draft-diff"),
    path(
        "<int:pk>/drafts/<int:draft_pk>/paragraphs/<int:paragraph_pk>/comment/",
        draft_views.paragraph_comment_create,
        name="paragraph-comment",
    ),
    path(
        "<int:pk>/drafts/<int:draft_pk>/comments/<int:comment_pk>/support/",
        draft_views.paragraph_comment_support,
        name="paragraph-comment-support",
    ),
    path(
        "<int:pk>/drafts/<int:draft_pk>/comments/<int:comment_pk>/flag/",
        draft_views.paragraph_comment_flag,
        name="paragraph-comment-flag",
    ),
    path(
        "<int:pk>/drafts/<int:draft_pk>/paragraphs/<int:paragraph_pk>/amend/",
        draft_views.amendment_propose,
        name="amendment-propose",
    ),
    path(
        "<int:pk>/drafts/<int:draft_pk>/amendments/<int:amendment_pk>/react/",
        draft_views.amendment_react,
        name="amendment-react",
    ),
    path("<int:pk>/follow-ups/", draft_views.follow_ups, name="follow-ups"),
    # Citizens set the agenda (issue 14): proposals with signature thresholds.
    path("proposals/", proposal_views.proposal_list, name="proposals"),
    path("proposals/new/", proposal_views.proposal_edit, name="proposal-create"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", proposal_views.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/sign/", proposal_views.proposal_sign, name="proposal-sign"),
    # Reach (issue 15): follow, preferences, unsubscribe, goals, feeds, the participation corner.
    path("follow/<str:kind>/<str:key>/", reach_views.follow_toggle, name="follow-target"),
    path("follows/", reach_views.follows, name="follows"),
    path("follows/unsubscribe/<str:token>/", reach_views.follow_unsubscribe, name="follow-unsubscribe"),
    path("goals/", reach_views.goal_list, name="goals"),
    path("goals/<str:code>/", reach_views.goal_detail, name="goal"),
    path("feeds/<str:kind>/<str:key>/rss/", reach_views.ConsultationFeed(), name="feed-rss"),
    path("feeds/<str:kind>/<str:key>/atom/", reach_views.ConsultationAtomFeed(), name="feed-atom"),
    path("feeds/calendar.ics", reach_views.calendar_ics, name="feed-ics"),
    path("corner/<slug:slug>/", reach_views.corner, name="corner"),
    path("share/<str:kind>/<str:key>.png", reach_views.share_image, name="share-image"),
    # Debates (issue 14): citizen-started discussion topics under a sector's forum.
    path("debates/", debate_views.debate_list, name="debates"),
    path("debates/new/", debate_views.debate_create, name="debate-create"),
    path("debates/<int:pk>/", debate_views.debate_detail, name="debate"),
    path("debates/<int:pk>/comments/new/", debate_views.debate_comment_create, name="debate-comment"),
    # Suggestions and complaints (issue 14): private cases, only ever the person's own.
    path("cases/", case_views.case_list, name="cases"),
    path("cases/new/", case_views.case_create, name="case-create"),
    path("cases/<int:pk>/", case_views.case_detail, name="case"),
    path("cases/<int:pk>/reopen/", case_views.case_reopen, name="case-reopen"),
    path("cases/<int:pk>/close/", case_views.case_close, name="case-close"),
    path("cases/<int:pk>/attachment/", case_views.case_attachment, name="case-attachment"),
]
