"""Governance models, one module per topic."""

from .advisory import AdvisoryComment, AdvisoryRequest, AdvisoryServiceLevel
from .agreements import Agreement
from .bodies import BodyMember, GovernanceBody
from .content import BlogPost, LegalPage, LegalPageKind, Tag
from .courses import Certificate, Choice, Course, CourseModule, ExamAttempt, Question
from .entities import Entity, EntityQuerySet, EntityStageChange, Role, validate_sectors
from .exchange import ExchangeMatch, ExpertisePost
from .feedback import CampaignFeedback
from .kpis import Axis, Kpi, KpiValue, SatisfactionSurvey, Track
from .meetings import AgendaItem, Decision, FollowUpAction, MediaPlanItem, Meeting
from .network import RESPONSIBILITIES, SKILLS, CoordinatorNomination, TrainingRecord
from .newsletter import NewsletterDelivery, NewsletterIssue, NewsletterItem, Subscriber
from .plans import AnnualPlan, OfflineEngagement, PlanIndicator, PlannedCampaign
from .projects import Milestone, Project, ProjectIndicator
from .reports import AnnualReport
from .risks import Risk, RiskImpact, validate_impacts
from .social import SocialChannel, SocialPost
from .stories import SuccessStory, SupportRating, SupportRatingPeriod, SupportRatingReminder
from .threads import Thread, ThreadDigest, ThreadPreference, ThreadReply, ThreadReport
from .toolkit import REVIEW_EVERY_MONTHS, ToolkitItem, ToolkitVersion
from .workshops import Workshop, WorkshopFeedback, WorkshopRegistration

__all__ = [
    "AgendaItem",
    "Agreement",
    "Decision",
    "FollowUpAction",
    "MediaPlanItem",
    "Meeting",
    "Thread",
    "ThreadDigest",
    "ThreadPreference",
    "ThreadReply",
    "ThreadReport",
    "AdvisoryComment",
    "AdvisoryRequest",
    "AdvisoryServiceLevel",
    "Question",
    "ExamAttempt",
    "CourseModule",
    "Course",
    "Choice",
    "Certificate",
    "RESPONSIBILITIES",
    "REVIEW_EVERY_MONTHS",
    "SKILLS",
    "AnnualPlan",
    "CampaignFeedback",
    "AnnualReport",
    "Axis",
    "BlogPost",
    "BodyMember",
    "CoordinatorNomination",
    "Entity",
    "EntityQuerySet",
    "EntityStageChange",
    "GovernanceBody",
    "Kpi",
    "KpiValue",
    "LegalPage",
    "LegalPageKind",
    "NewsletterDelivery",
    "NewsletterIssue",
    "NewsletterItem",
    "Milestone",
    "OfflineEngagement",
    "Project",
    "ProjectIndicator",
    "PlanIndicator",
    "PlannedCampaign",
    "Risk",
    "RiskImpact",
    "Role",
    "SatisfactionSurvey",
    "SocialChannel",
    "SocialPost",
    "SuccessStory",
    "SupportRating",
    "SupportRatingPeriod",
    "SupportRatingReminder",
    "Subscriber",
    "Tag",
    "ToolkitItem",
    "ToolkitVersion",
    "Track",
    "TrainingRecord",
    "ExchangeMatch",
    "ExpertisePost",
    "Workshop",
    "WorkshopFeedback",
    "WorkshopRegistration",
    "validate_impacts",
    "validate_sectors",
]
