from django.urls import path

from .views import advisory, blog, courses, exchange, feedback, newsletter, public, social, stories, workshops

app_name = "governance"

urlpatterns = [
    path("governance/", public.governance_home, name="home"),
    path("governance/network/", public.network_directory, name="network"),
    path("governance/toolkit/", public.toolkit_list, name="toolkit"),
    path("governance/engagements/", public.engagement_list, name="engagements"),
    path("governance/report/<int:year>/", public.annual_report, name="report"),
    path("governance/report/<int:year>/pdf/", public.annual_report_pdf, name="report-pdf"),
    path("governance/courses/", courses.course_list, name="courses"),
    path("governance/courses/rates/", courses.course_rates, name="course-rates"),
    path("governance/courses/<slug:slug>/<int:position>/", courses.module_detail, name="course-module"),
    path(
        "governance/courses/<slug:slug>/<int:position>/start/", courses.exam_start, name="course-exam-start"
    ),
    path("governance/courses/<slug:slug>/<int:position>/exam/", courses.exam, name="course-exam"),
    path("governance/certificates/<str:code>/pdf/", courses.certificate_download, name="certificate-pdf"),
    path("certificates/verify/", courses.certificate_verify, name="certificate-verify-form"),
    path("certificates/verify/<str:code>/", courses.certificate_verify, name="certificate-verify"),
    path("governance/advisory/", advisory.advisory_list, name="advisory"),
    path("governance/advisory/<int:pk>/", advisory.advisory_detail, name="advisory-detail"),
    path("governance/advisory/<int:pk>/comment/", advisory.advisory_comment, name="advisory-comment"),
    path("governance/advisory/<int:pk>/assign/", advisory.advisory_assign, name="advisory-assign"),
    path("governance/advisory/<int:pk>/answer/", advisory.advisory_answer, name="advisory-answer"),
    path("governance/advisory/<int:pk>/close/", advisory.advisory_close, name="advisory-close"),
    path("governance/advisory/<int:pk>/draft/", advisory.advisory_draft, name="advisory-draft"),
    path("governance/workshops/", workshops.workshop_list, name="workshops"),
    path("governance/workshops/<int:pk>/register/", workshops.workshop_register, name="workshop-register"),
    path("governance/workshops/<int:pk>/cancel/", workshops.workshop_cancel, name="workshop-cancel"),
    path("governance/workshops/<int:pk>/feedback/", workshops.workshop_feedback, name="workshop-feedback"),
    path("governance/exchange/", exchange.exchange_list, name="exchange"),
    path("governance/exchange/<int:pk>/edit/", exchange.exchange_edit, name="exchange-edit"),
    path("kpis/", public.kpi_list, name="kpis"),
    path("stories/", stories.story_list, name="stories"),
    path("stories/<int:pk>/", stories.story_detail, name="story"),
    path("governance/support-rating/", stories.support_rating, name="support-rating"),
    path("governance/social/", social.social_plan, name="social-plan"),
    path("governance/social/export.csv", social.social_plan_csv, name="social-plan-csv"),
    path("governance/feedback/<int:pk>/", feedback.campaign_feedback, name="campaign-feedback"),
    path("legal/<slug:kind>/", public.legal_page, name="legal"),
    path("blog/", blog.blog_list, name="blog"),
    path("blog/feed/rss/", blog.BlogRssFeed(), name="blog-rss"),
    path("blog/feed/atom/", blog.BlogAtomFeed(), name="blog-atom"),
    path("blog/<str:slug>/", blog.blog_detail, name="blog-detail"),
    path("blog/<str:slug>/comments/", blog.blog_comment_create, name="blog-comment-create"),
    path("blog/<str:slug>/comments/<int:comment_pk>/flag/", blog.blog_comment_flag, name="blog-comment-flag"),
    path("newsletter/", newsletter.newsletter_subscribe, name="newsletter"),
    path("newsletter/confirm/<str:token>/", newsletter.newsletter_confirm, name="newsletter-confirm"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletter.newsletter_unsubscribe,
        name="newsletter-unsubscribe",
    ),
]
