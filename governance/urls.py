from django.urls import path

from .views import advisory, agreements, blog, courses, feedback, meetings, newsletter, public, threads

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
    path("governance/meetings/", meetings.meeting_list, name="meetings"),
    path("governance/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("governance/agreements/", agreements.agreement_list, name="agreements"),
    path(
        "governance/agreements/<int:pk>/document/", agreements.agreement_document, name="agreement-document"
    ),
    path("governance/network/threads/", threads.thread_list, name="threads"),
    path("governance/network/threads/email/", threads.thread_preference, name="thread-preference"),
    path("governance/network/threads/<int:pk>/", threads.thread_detail, name="thread"),
    path("governance/network/replies/<int:pk>/report/", threads.reply_report, name="thread-reply-report"),
    path("governance/network/replies/<int:pk>/hide/", threads.reply_hide, name="thread-reply-hide"),
    path("kpis/", public.kpi_list, name="kpis"),
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
