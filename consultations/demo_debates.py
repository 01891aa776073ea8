"""Demo of debates and the moderation tools (issue 14): a forum per sector (health pre-moderated), word
lists in Arabic and English, debates with comments and agree/disagree marks, one debate taken up into a
consultation, and something waiting in the review queue.

Idempotent: keyed on sectors, list names and debate titles; written through the services.
"""

from sharik.accounts.models import User
from sharik.core.choices import Sector

from .models import Comment, CommentReaction, Consultation, Debate, DebateForum, ModerationWordList
from .services import comment_create, comment_react
from .services import debates as services

FORUMS = {
    "education": ("المدارس والجامعات والتعلم مدى الحياة.", "Schools, universities and lifelong learning."),
    "health": (
        "الخدمات الصحية والوقاية. يراجع المشرفون المساهمات قبل نشرها.",
        "Health services and prevention. Moderators review contributions before they are published.",
    ),
    "environment": ("المناخ والمياه والنفايات والمدن الخضراء.", "Climate, water, waste and green cities."),
}
PRE_MODERATED = {"health"}

WORD_LISTS = [
    ("ألفاظ مسيئة", "ar", "غبي\nأحمق\nتافه\nكلام فارغ"),
    ("Insults", "en", "idiot\nstupid\nshut up"),
]

# title, sector, author email, body, comments [(author email, body, [(marker email, +1/-1)])]
DEBATES = [
    (
        "ساعات عمل المكتبات العامة في عطلة نهاية الأسبوع",
        "education",
        "citizen@sharik.example",
        "كثير من الطلاب والعاملين لا يستطيعون زيارة المكتبات العامة إلا يومي السبت والأحد. هل نطالب بفتحها في عطلة نهاية الأسبوع؟",
        [
            (
                "resident@sharik.example",
                "Yes, and with study rooms that can be booked online.",
                [
                    ("citizen3@sharik.example", 1),
                    ("citizen4@sharik.example", 1),
                    ("citizen5@sharik.example", -1),
                ],
            ),
            (
                "citizen3@sharik.example",
                "أقترح أن تبدأ بمكتبة واحدة في كل إمارة ثم تُقيَّم التجربة.",
                [
                    ("citizen@sharik.example", 1),
                    ("resident@sharik.example", 1),
                    ("citizen4@sharik.example", 1),
                ],
            ),
        ],
    ),
    (
        "Shaded walkways to metro stations",
        "environment",
        "resident@sharik.example",
        "Walking to a metro station in summer is hard. Should shaded walkways be part of every new station?",
        [
            (
                "citizen@sharik.example",
                "نعم، مع زراعة أشجار محلية تحتاج إلى القليل من الماء.",
                [("resident@sharik.example", 1), ("citizen5@sharik.example", 1)],
            ),
            (
                "citizen4@sharik.example",
                "Cooling the walkways costs too much energy; shade alone is enough.",
                [("citizen3@sharik.example", -1), ("citizen@sharik.example", -1)],
            ),
        ],
    ),
    (
        "مواعيد مسائية في المراكز الصحية",
        "health",
        "citizen5@sharik.example",
        "هل يمكن أن تفتح المراكز الصحية مساءً مرتين في الأسبوع للعاملين الذين لا يستطيعون الحضور نهاراً؟",
        [],
    ),
]
TAKEN_UP = "ساعات عمل المكتبات العامة في عطلة نهاية الأسبوع"
HELD_COMMENT = "هذا كلام فارغ ولا فائدة منه"


def seed(*, stdout) -> None:
    for sector, (ar, en) in FORUMS.items():
        DebateForum.objects.get_or_create(
            sector=sector,
            defaults={"description_ar": ar, "description_en": en, "pre_moderated": sector in PRE_MODERATED},
        )
    for name, language, words in WORD_LISTS:
        ModerationWordList.objects.get_or_create(name=name, language=language, defaults={"words": words})
    people = {u.email: u for u in User.objects.filter(email__endswith="@sharik.example")}
    if "citizen@sharik.example" not in people or "coordinator.moe@sharik.example" not in people:
        stdout.write("debates: skipped (run the accounts and governance demos first)")
        return
    for title, sector, author, body, comments in DEBATES:
        if Debate.objects.filter(title=title).exists() or sector not in Sector.values:
            continue
        debate = services.debate_create(author=people[author], sector=sector, title=title, body=body)
        for commenter, text, marks in comments:
            comment = services.debate_comment_create(debate=debate, author=people[commenter], body=text)
            for marker, value in marks:
                comment_react(comment=comment, user=people[marker], value=value)
    _take_up(people)
    _consultation_marks_and_queue(people)
    stdout.write(
        f"debates: {Debate.objects.count()} debates, {CommentReaction.objects.count()} agree/disagree marks, "
        f"{Comment.objects.filter(held_for_review=True).count() + Debate.objects.filter(held_for_review=True).count()}"
        " contributions in the review queue"
    )


def _open_moe_consultation():
    open_ones = [
        c
        for c in Consultation.objects.filter(entity__slug="moe", phase="conduct").order_by("pk")
        if c.accepts_contributions()
    ]
    return open_ones[0] if open_ones else None


def _take_up(people) -> None:
    debate = Debate.objects.filter(title=TAKEN_UP, consultation__isnull=True).first()
    consultation = _open_moe_consultation()
    if debate is None or consultation is None:
        return
    services.debate_take_up(
        debate=debate, consultation=consultation, by=people["coordinator.moe@sharik.example"]
    )


def _consultation_marks_and_queue(people) -> None:
    consultation = _open_moe_consultation()
    if consultation is None:
        return
    markers = [
        people[e]
        for e in (
            "citizen@sharik.example",
            "resident@sharik.example",
            "citizen3@sharik.example",
            "citizen4@sharik.example",
        )
    ]
    for i, comment in enumerate(
        consultation.comments.filter(is_hidden=False, parent__isnull=True).order_by("pk")[:4]
    ):
        for j, person in enumerate(markers):
            if (
                person.pk != comment.author_id
                and not CommentReaction.objects.filter(comment=comment, user=person).exists()
            ):
                comment_react(comment=comment, user=person, value=1 if (i + j) % 3 else -1)
    if not Comment.objects.filter(body=HELD_COMMENT).exists():
        comment_create(consultation=consultation, author=people["citizen4@sharik.example"], body=HELD_COMMENT)
