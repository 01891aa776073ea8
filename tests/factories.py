"""factory-boy factories shared by the suite (each app may add its own in tests/<app>/factories.py)."""

from datetime import timedelta

import factory
from django.utils import timezone

from consultations.models import Comment, Consultation, Idea, Poll, PollOption
from governance.models import Entity
from sharik.accounts.models import User

PASSWORD = "a-Long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    slug = factory.Sequence(lambda n: f"entity-{n}")
    name_ar = factory.Sequence(lambda n: f"جهة {n}")
    name_en = factory.Sequence(lambda n: f"Entity {n}")
    sectors = factory.LazyFunction(lambda: ["education"])


class ConsultationFactory(factory.django.DjangoModelFactory):
    """By default an open consultation: in Conduct, opened yesterday, closing in two weeks."""

    class Meta:
        model = Consultation

    entity = factory.SubFactory(EntityFactory)
    title_ar = factory.Sequence(lambda n: f"استشارة {n}")
    title_en = factory.Sequence(lambda n: f"Consultation {n}")
    summary_ar = "ملخص"
    summary_en = "Summary"
    phase = "conduct"
    sector = "education"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class PollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poll
        skip_postgeneration_save = True

    consultation = factory.SubFactory(ConsultationFactory)
    question_ar = "سؤال؟"
    question_en = "Question?"

    @factory.post_generation
    def options(obj, create, extracted, **kwargs):
        if create:
            for i, label in enumerate(extracted or ["A", "B", "C"]):
                PollOption.objects.create(poll=obj, label_ar=label, label_en=label, order=i)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    body = "An idea"
