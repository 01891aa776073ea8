from modeltranslation.translator import TranslationOptions, register

from .models import (
    AgendaItem,
    AnnualReport,
    BlogPost,
    BodyMember,
    Choice,
    Course,
    CourseModule,
    Decision,
    Entity,
    FollowUpAction,
    GovernanceBody,
    Kpi,
    LegalPage,
    MediaPlanItem,
    Meeting,
    Milestone,
    NewsletterIssue,
    OfflineEngagement,
    PlanIndicator,
    Project,
    ProjectIndicator,
    Question,
    Risk,
    SocialChannel,
    SuccessStory,
    Tag,
    ToolkitItem,
    Workshop,
)


@register(Entity)
class EntityTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(GovernanceBody)
class GovernanceBodyTranslationOptions(TranslationOptions):
    fields = ("name", "description", "duties")
    required_languages = ("ar",)


@register(BodyMember)
class BodyMemberTranslationOptions(TranslationOptions):
    fields = ("name", "position")
    required_languages = ("ar",)


@register(Risk)
class RiskTranslationOptions(TranslationOptions):
    fields = ("risk", "recovery_plan", "owner")
    required_languages = ("ar",)


@register(Kpi)
class KpiTranslationOptions(TranslationOptions):
    fields = ("name", "description", "period", "source_note")
    required_languages = ("ar",)


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("name", "description", "owner")
    required_languages = ("ar",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)


@register(ProjectIndicator)
class ProjectIndicatorTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(PlanIndicator)
class PlanIndicatorTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(LegalPage)
class LegalPageTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ar", "en")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(BlogPost)
class BlogPostTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("ar",)


@register(NewsletterIssue)
class NewsletterIssueTranslationOptions(TranslationOptions):
    fields = ("title", "intro", "news")
    required_languages = ("ar", "en")


@register(ToolkitItem)
class ToolkitItemTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ar",)


@register(OfflineEngagement)
class OfflineEngagementTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("ar",)


@register(AnnualReport)
class AnnualReportTranslationOptions(TranslationOptions):
    fields = ("pdf",)


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("ar",)


@register(CourseModule)
class CourseModuleTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ar",)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)


@register(Workshop)
class WorkshopTranslationOptions(TranslationOptions):
    fields = ("title", "description", "place")
    required_languages = ("ar",)


@register(SuccessStory)
class SuccessStoryTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ar", "en")  # the public pages are bilingual


@register(SocialChannel)
class SocialChannelTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "minutes")
    required_languages = ("ar",)


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)


@register(Decision)
class DecisionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)


@register(FollowUpAction)
class FollowUpActionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(MediaPlanItem)
class MediaPlanItemTranslationOptions(TranslationOptions):
    fields = ("title",)
