from modeltranslation.translator import TranslationOptions, register

from .models import Consultation, ConsultationDocument, Poll, PollOption


@register(Consultation)
class ConsultationTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "decision", "decision_rationale")
    required_languages = ("ar",)


@register(ConsultationDocument)
class ConsultationDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Poll)
class PollTranslationOptions(TranslationOptions):
    fields = ("question",)


@register(PollOption)
class PollOptionTranslationOptions(TranslationOptions):
    fields = ("label",)


# The lifecycle's public texts (the outcome page).
from .models import Decision  # noqa: E402


@register(Decision)
class DecisionTranslationOptions(TranslationOptions):
    fields = ("input_summary", "text", "rationale", "impact", "not_adopted", "thanks")
    required_languages = {"ar": ("text", "rationale")}


# Engagement instruments (issue 8b): the texts a coordinator writes in both languages.
from .models import BudgetProject, ParticipatoryBudget, Survey, SurveyChoice, SurveyQuestion  # noqa: E402


@register(Survey)
class SurveyTranslationOptions(TranslationOptions):
    fields = ("title", "intro")


@register(SurveyQuestion)
class SurveyQuestionTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(SurveyChoice)
class SurveyChoiceTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(ParticipatoryBudget)
class ParticipatoryBudgetTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(BudgetProject)
class BudgetProjectTranslationOptions(TranslationOptions):
    fields = ("title", "description")


# Draft documents and "you said, we did" (issue 8).
from .models import Draft, DraftParagraph, FollowUp  # noqa: E402


@register(Draft)
class DraftTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)


@register(DraftParagraph)
class DraftParagraphTranslationOptions(TranslationOptions):
    fields = ("heading", "text", "answer")
    required_languages = {"ar": ("text",)}


@register(FollowUp)
class FollowUpTranslationOptions(TranslationOptions):
    fields = ("action", "details")
    required_languages = {"ar": ("action",)}


# Citizens set the agenda (issue 14): the data tables and the entity's answer in both languages.
from .models import ProposalKind, ProposalMilestone, PublicHoliday, SdgTag  # noqa: E402


@register(PublicHoliday)
class PublicHolidayTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(SdgTag)
class SdgTagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(ProposalKind)
class ProposalKindTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(ProposalMilestone)
class ProposalMilestoneTranslationOptions(TranslationOptions):
    fields = ("answer",)


# Ideas get an official answer in both languages (issue 14).
from .models import Idea  # noqa: E402


@register(Idea)
class IdeaTranslationOptions(TranslationOptions):
    fields = ("answer",)


# Debates (issue 14): each sector's forum is described in both languages.
from .models import DebateForum  # noqa: E402


@register(DebateForum)
class DebateForumTranslationOptions(TranslationOptions):
    fields = ("description",)
