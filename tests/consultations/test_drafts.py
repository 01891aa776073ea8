"""Draft documents: paragraphs from text, comments per paragraph, supports, answers, versions and diffs."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import DraftParagraph, ParagraphComment, ParagraphCommentSupport
from consultations.phases import Phase
from consultations.selectors_lifecycle import participation_figures
from consultations.services import drafts as services
from tests.factories import ConsultationFactory, UserFactory

from .drafts_helpers import TEXT_AR, TEXT_EN, make_draft, paragraphs

pytestmark = pytest.mark.django_db


def test_markdown_text_becomes_sections_and_paragraphs_in_both_languages(open_consultation, coordinator):
    draft = make_draft(open_consultation, coordinator)
    version = draft.current_version
    ps = paragraphs(version)
    assert version.number == 1
    assert [p.key for p in ps] == ["p1", "p2", "p3"]
    assert ps[0].heading_ar == "الفصل الأول: الأهداف"
    assert ps[0].heading_en == "Chapter one: objectives"
    assert ps[1].heading_ar == ""
    assert ps[2].text_en == "The first phase starts next school year."


def test_english_text_with_other_paragraph_count_is_refused(open_consultation, coordinator):
    with pytest.raises(ValidationError) as error:
        services.draft_create(
            consultation=open_consultation,
            user=coordinator,
            title_ar="مسودة",
            text_ar=TEXT_AR,
            text_en="Only one paragraph.",
        )
    assert "text_en" in error.value.message_dict


def test_citizen_comments_on_a_paragraph_and_counts_show_per_paragraph(
    client, open_consultation, coordinator
):
    draft = make_draft(open_consultation, coordinator)
    first, second, _third = paragraphs(draft.current_version)
    people = [UserFactory() for _ in range(3)]
    for person in people:
        services.paragraph_comment_create(paragraph=second, author=person, body="أقترح تحديد مؤشرات التقدم")
    services.paragraph_comment_create(paragraph=first, author=people[0], body="هدف واضح")

    html = client.get(draft.get_absolute_url()).content.decode()
    assert "أقترح تحديد مؤشرات التقدم" in html
    # The heat strip lists the most discussed paragraph first, with its count.
    strip = html[html.index('id="heat"') : html.index(f'id="para-{first.pk}"')]
    assert strip.index(f'#para-{second.pk}">§2') < strip.index(f'#para-{first.pk}">§1')
    assert "heat-10" in strip
    assert participation_figures(open_consultation)["paragraph_comments"] == 4
    assert participation_figures(open_consultation)["participants_online"] == 3


def test_one_support_per_person_for_a_paragraph_comment(open_consultation, coordinator, citizen):
    draft = make_draft(open_consultation, coordinator)
    author = UserFactory()
    comment = services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=author, body="تعليق"
    )
    services.paragraph_comment_support(comment=comment, user=citizen)
    with pytest.raises(ValidationError) as error:
        services.paragraph_comment_support(comment=comment, user=citizen)
    assert error.value.code == "duplicate"
    with pytest.raises(ValidationError):
        services.paragraph_comment_support(comment=comment, user=author)
    assert ParagraphCommentSupport.objects.filter(comment=comment).count() == 1


def test_support_is_unique_in_the_database(open_consultation, coordinator, citizen):
    from django.db import IntegrityError, transaction

    draft = make_draft(open_consultation, coordinator)
    comment = services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=UserFactory(), body="تعليق"
    )
    ParagraphCommentSupport.objects.create(comment=comment, user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParagraphCommentSupport.objects.create(comment=comment, user=citizen)


def test_support_through_the_page(client, open_consultation, coordinator, citizen):
    draft = make_draft(open_consultation, coordinator)
    comment = services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=UserFactory(), body="تعليق"
    )
    client.force_login(citizen)
    url = reverse(
        "consultations:paragraph-comment-support", args=[open_consultation.pk, draft.pk, comment.pk]
    )
    client.post(url)
    response = client.post(url, follow=True)
    assert "أنت تؤيد هذا التعليق بالفعل." in response.content.decode()
    assert comment.supports.count() == 1


def test_new_version_keeps_comments_on_the_version_they_were_made_on(
    client, open_consultation, coordinator, citizen
):
    draft = make_draft(open_consultation, coordinator)
    v1 = draft.current_version
    old_second = paragraphs(v1)[1]
    comment = services.paragraph_comment_create(
        paragraph=old_second, author=citizen, body="انشروا التقرير كل ستة أشهر"
    )

    changed = TEXT_AR.replace("تقرير سنوي عن التقدم", "تقرير نصف سنوي عن التقدم")
    v2 = services.draft_version_publish_text(
        draft=draft, user=coordinator, text_ar=changed, text_en=TEXT_EN, note="بناءً على التعليقات"
    )
    assert v2.number == 2
    new_second = paragraphs(v2)[1]
    assert new_second.key == old_second.key  # the edited paragraph keeps its identity
    comment.refresh_from_db()
    assert comment.paragraph_id == old_second.pk
    assert not new_second.comments.exists()

    # The current page shows version 2 without the old comment; version 1 still shows it.
    assert "انشروا التقرير كل ستة أشهر" not in client.get(draft.get_absolute_url()).content.decode()
    old_page = client.get(draft.get_absolute_url() + "?v=1").content.decode()
    assert "انشروا التقرير كل ستة أشهر" in old_page

    # Commenting on the replaced version is refused.
    with pytest.raises(ValidationError) as error:
        services.paragraph_comment_create(paragraph=old_second, author=citizen, body="تعليق آخر")
    assert error.value.code == "old_version"


def test_diff_between_versions_marks_words_added_and_removed(client, open_consultation, coordinator, english):
    draft = make_draft(open_consultation, coordinator)
    changed_en = TEXT_EN.replace("an annual progress report", "a half-yearly progress report")
    changed_en += "\n\nA review takes place after three years."
    changed_ar = TEXT_AR.replace("تقرير سنوي", "تقرير نصف سنوي") + "\n\nتجرى مراجعة بعد ثلاث سنوات."
    v2 = services.draft_version_publish_text(
        draft=draft, user=coordinator, text_ar=changed_ar, text_en=changed_en
    )

    rows = services.version_diff(draft.versions.get(number=1), v2, language="en")
    assert [row["op"] for row in rows] == ["equal", "changed", "equal", "added"]
    assert ("delete", "an annual") in rows[1]["parts"]
    assert ("insert", "a half-yearly") in rows[1]["parts"]
    assert paragraphs(v2)[3].key == "p4"

    url = reverse("consultations:draft-diff", args=[open_consultation.pk, draft.pk]) + "?from=1&to=2"
    html = client.get(url).content.decode()
    assert "<del>an annual</del>" in html
    assert "<ins>a half-yearly</ins>" in html
    assert "2 paragraphs changed" in html


def test_coordinator_answers_a_paragraph_and_the_page_shows_it(client, open_consultation, coordinator):
    draft = make_draft(open_consultation, coordinator)
    paragraph = paragraphs(draft.current_version)[0]
    services.paragraph_answer(paragraph=paragraph, user=coordinator, answer_ar="سنضيف مؤشرات قابلة للقياس")
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "سنضيف مؤشرات قابلة للقياس" in html


def test_coordinator_of_another_entity_cannot_answer_or_publish(
    open_consultation, coordinator, other_coordinator
):
    draft = make_draft(open_consultation, coordinator)
    with pytest.raises(PermissionDenied):
        services.paragraph_answer(
            paragraph=paragraphs(draft.current_version)[0], user=other_coordinator, answer_ar="لا"
        )
    with pytest.raises(PermissionDenied):
        services.draft_version_publish_text(draft=draft, user=other_coordinator, text_ar="نص")
    with pytest.raises(PermissionDenied):
        make_draft(open_consultation, other_coordinator)


@pytest.mark.parametrize("phase", [Phase.ANALYSIS, Phase.ARCHIVED])
def test_closed_consultation_refuses_paragraph_comments(coordinator, entity, citizen, phase):
    consultation = ConsultationFactory(entity=entity)
    draft = make_draft(consultation, coordinator)
    comment = services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=UserFactory(), body="تعليق"
    )
    consultation.phase = phase
    consultation.save()
    with pytest.raises(ValidationError) as error:
        services.paragraph_comment_create(
            paragraph=paragraphs(draft.current_version)[0], author=citizen, body="تعليق"
        )
    assert error.value.code == "closed"
    with pytest.raises(ValidationError):
        services.paragraph_comment_support(comment=comment, user=citizen)


def test_past_close_date_refuses_through_the_page(client, coordinator, entity, citizen):
    consultation = ConsultationFactory(entity=entity)
    draft = make_draft(consultation, coordinator)
    consultation.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    consultation.opens_at = timezone.now() - timezone.timedelta(days=2)
    consultation.save()
    client.force_login(citizen)
    paragraph = paragraphs(draft.current_version)[0]
    url = reverse("consultations:paragraph-comment", args=[consultation.pk, draft.pk, paragraph.pk])
    response = client.post(url, {"body": "تعليق متأخر"}, follow=True)
    assert not ParagraphComment.objects.exists()
    assert "هذه الاستشارة مغلقة" in response.content.decode()


def test_who_may_take_part_applies_to_paragraph_comments(coordinator, entity, citizen):
    from consultations.models import Plan

    consultation = ConsultationFactory(entity=entity)
    Plan.objects.create(consultation=consultation, participation=Plan.Participation.VERIFIED)
    draft = make_draft(consultation, coordinator)
    with pytest.raises(ValidationError) as error:
        services.paragraph_comment_create(
            paragraph=paragraphs(draft.current_version)[0], author=citizen, body="تعليق"
        )
    assert error.value.code == "not_allowed"


def test_draft_pages_in_arabic_and_english(client, open_consultation, coordinator, citizen):
    draft = make_draft(open_consultation, coordinator)
    client.force_login(citizen)
    arabic = client.get(draft.get_absolute_url()).content.decode()
    assert 'dir="rtl"' in arabic
    assert "أكثر الفقرات نقاشًا" in arabic
    assert "تهدف هذه السياسة" in arabic
    with translation.override("en"):
        english = client.get(draft.get_absolute_url()).content.decode()
        detail = client.get(open_consultation.get_absolute_url()).content.decode()
    assert 'dir="ltr"' in english
    assert "Most discussed paragraphs" in english
    assert "This policy aims" in english
    assert "Draft education policy" in detail
    assert "1 version" in detail


def test_paragraph_keys_survive_a_removed_paragraph(open_consultation, coordinator):
    draft = make_draft(open_consultation, coordinator)
    without_second = TEXT_AR.replace("تلتزم الوزارة بنشر تقرير سنوي عن التقدم.\n\n", "")
    v2 = services.draft_version_publish_text(draft=draft, user=coordinator, text_ar=without_second)
    assert [p.key for p in paragraphs(v2)] == ["p1", "p3"]
    assert DraftParagraph.objects.filter(version__draft=draft).count() == 5


def _admin_draft_data(consultation, text_ar, text_en="", note=""):
    return {
        "consultation": consultation.pk,
        "title_ar": "مسودة دليل",
        "title_en": "Guide draft",
        "order": 0,
        "text_ar": text_ar,
        "text_en": text_en,
        "version_note": note,
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
        "invitations-MIN_NUM_FORMS": "0",
        "invitations-MAX_NUM_FORMS": "1000",
    }


def test_coordinator_writes_a_draft_in_the_admin_and_saving_new_text_publishes_a_version(
    client, open_consultation, coordinator
):
    from consultations.models import Draft

    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_draft_add"),
        _admin_draft_data(open_consultation, "فقرة أولى.\n\nفقرة ثانية."),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Draft.objects.get()
    assert draft.current_version.paragraphs.count() == 2
    url = reverse("admin:consultations_draft_change", args=[draft.pk])
    # Saving the same text publishes nothing; a changed text publishes version 2.
    client.post(url, _admin_draft_data(open_consultation, "فقرة أولى.\n\nفقرة ثانية."))
    assert draft.versions.count() == 1
    client.post(url, _admin_draft_data(open_consultation, "فقرة أولى معدلة.\n\nفقرة ثانية.", note="تعديل"))
    assert draft.versions.count() == 2
    assert draft.current_version.note == "تعديل"


def test_coordinator_uploads_a_markdown_file(client, open_consultation, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from consultations.models import Draft

    client.force_login(coordinator)
    data = _admin_draft_data(open_consultation, "")
    data["upload"] = SimpleUploadedFile("draft.md", TEXT_AR.encode(), content_type="text/markdown")
    response = client.post(reverse("admin:consultations_draft_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Draft.objects.get().current_version.paragraphs.count() == 3


def test_admin_lists_only_own_entitys_drafts_and_paragraphs(
    client, open_consultation, coordinator, other_coordinator
):
    draft = make_draft(open_consultation, coordinator)
    paragraph = paragraphs(draft.current_version)[0]
    client.force_login(other_coordinator)
    assert (
        "مسودة سياسة التعليم"
        not in client.get(reverse("admin:consultations_draft_changelist")).content.decode()
    )
    response = client.get(reverse("admin:consultations_draft_change", args=[draft.pk]))
    assert response.status_code in (302, 403, 404)
    response = client.get(reverse("admin:consultations_draftparagraph_change", args=[paragraph.pk]))
    assert response.status_code in (302, 403, 404)
    # The draft form does not offer another entity's consultation.
    form = client.get(reverse("admin:consultations_draft_add")).content.decode()
    assert f'<option value="{open_consultation.pk}"' not in form


def test_coordinator_answers_in_the_admin(client, open_consultation, coordinator):
    draft = make_draft(open_consultation, coordinator)
    paragraph = paragraphs(draft.current_version)[0]
    client.force_login(coordinator)
    url = reverse("admin:consultations_draftparagraph_change", args=[paragraph.pk])
    response = client.post(url, {"answer_ar": "شكرًا، سنوضح الهدف", "answer_en": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    paragraph.refresh_from_db()
    assert paragraph.answer_ar == "شكرًا، سنوضح الهدف"
    assert paragraph.answered_by == coordinator


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_supports_of_a_paragraph_comment_count_once(entity):
    from governance.services import entity_coordinator_assign
    from tests.consultations.test_concurrency import _race, _succeeded, _unexpected

    coordinator = UserFactory()
    entity_coordinator_assign(entity=entity, user=coordinator)
    draft = make_draft(ConsultationFactory(entity=entity), coordinator)
    comment = services.paragraph_comment_create(
        paragraph=paragraphs(draft.current_version)[0], author=UserFactory(), body="تعليق"
    )
    supporter = UserFactory()
    outcomes = _race(12, lambda: services.paragraph_comment_support(comment=comment, user=supporter))
    assert _unexpected(outcomes) == [] and _succeeded(outcomes) >= 1
    assert ParagraphCommentSupport.objects.filter(comment=comment).count() == 1


def test_paragraph_comments_count_in_participation_over_time(open_consultation, coordinator, citizen):
    from consultations.selectors_lifecycle import participation_over_time

    draft = make_draft(open_consultation, coordinator)
    for p in paragraphs(draft.current_version):
        services.paragraph_comment_create(paragraph=p, author=citizen, body="تعليق")
    (today,) = participation_over_time(open_consultation)
    assert today["total"] == 3
