"""Request and response examples of the archive API, shown in the OpenAPI schema and /api/docs/."""

from drf_spectacular.utils import OpenApiExample

_TITLE = {"ar": "اختيار موقع المحمية الطبيعية الجديدة", "en": "Choosing the site of the new nature reserve"}
_SUMMARY = {"ar": "تصويت عام على موقع المحمية.", "en": "A public vote on the reserve's site."}
_RESULTS = {
    "participants": 1200,
    "comments": 340,
    "polls": [
        {
            "question": {"ar": "أي موقع تفضل؟", "en": "Which site do you prefer?"},
            "options": [
                {"label": {"ar": "الساحل الشرقي", "en": "The east coast"}, "votes": 700},
                {"label": {"ar": "المنطقة الجبلية", "en": "The mountain area"}, "votes": 500},
            ],
        }
    ],
}
_DECISION = {"ar": "اعتماد موقع الساحل الشرقي.", "en": "The east coast site is adopted."}

PUSH = {
    "title": _TITLE,
    "summary": _SUMMARY,
    "sector": "environment",
    "un_level": "e-consultation",
    "escwa_stage": "participation",
    "phase": "announcement",
    "opens_at": "2026-01-01T00:00:00Z",
    "closes_at": "2026-03-01T00:00:00Z",
    "url": "https://entity.example/consultations/42",
    "results": _RESULTS,
    "decision": _DECISION,
    "decided_at": "2026-03-20T00:00:00Z",
}

STORED_VALUE = {
    "id": 17,
    "external_id": "42",
    "entity": "moccae",
    "entity_name": {"ar": "وزارة التغير المناخي والبيئة", "en": "Ministry of Climate Change and Environment"},
    "source": "pushed",
    "title": _TITLE,
    "summary": _SUMMARY,
    "sector": "environment",
    "un_level": "e-consultation",
    "escwa_stage": "participation",
    "phase": "announcement",
    "status": "decided",
    "opens_at": "2026-01-01T00:00:00Z",
    "closes_at": "2026-03-01T00:00:00Z",
    "url": "https://entity.example/consultations/42",
    "results": _RESULTS,
    "decision": _DECISION,
    "decided_at": "2026-03-20T00:00:00Z",
    "created_at": "2026-03-21T08:00:00Z",
    "updated_at": "2026-03-21T08:00:00Z",
}

STORED_DETAIL = OpenApiExample(
    "The stored consultation, with its instruments' figures and results and its follow-ups",
    value={
        **STORED_VALUE,
        "instruments": {
            "survey_responses": 410,
            "survey_responses_offline": 35,
            "budget_allocations": 260,
            "opinion_statements": 24,
            "opinion_votes": 1830,
            "drafts": 1,
            "draft_versions": 2,
            "paragraph_comments": 6,
            "paragraph_comments_hidden": 1,
            "paragraph_comment_supports": 9,
            "amendments": 3,
            "amendments_accepted": 1,
            "amendments_rejected": 1,
            "amendments_hidden": 0,
            "amendment_reactions": 5,
            "follow_ups": 1,
            "follow_ups_done": 0,
        },
        "instrument_results": {
            "surveys": [
                {
                    "title": {"ar": "استبيان زوار المحميات", "en": "Reserve visitors' survey"},
                    "responses": 410,
                    "offline": 35,
                }
            ],
            "budgets": [
                {
                    "title": {"ar": "ميزانية مرافق المحمية", "en": "The reserve's facilities budget"},
                    "total": 1000000,
                    "currency": "AED",
                    "allocations": 260,
                    "spent": 900000,
                    "funded": [
                        {
                            "title": {"ar": "مسار للمشي", "en": "A walking trail"},
                            "cost": 400000,
                            "votes": 190,
                        },
                        {
                            "title": {"ar": "مركز للزوار", "en": "A visitor centre"},
                            "cost": 500000,
                            "votes": 150,
                        },
                    ],
                }
            ],
            "opinion_map": {
                "statements": 24,
                "votes": 1830,
                "groups": 2,
                "group_sizes": [71, 48],
                "consensus": ["يجب حماية الشعاب المرجانية"],
                "divisive": ["يُسمح بالصيد في أطراف المحمية"],
                "computed_at": "2026-03-02T10:00:00Z",
            },
        },
        "follow_ups": [
            {
                "action": {
                    "ar": "إنشاء المحمية في موقع الساحل الشرقي",
                    "en": "Create the reserve on the east coast",
                },
                "status": "in-progress",
                "adopted": "idea",
                "starts_on": "2026-04-01",
                "due_on": "2026-12-31",
                "done_on": None,
            }
        ],
    },
    response_only=True,
)

PUSH_BODY = OpenApiExample("A decided consultation", value=PUSH, request_only=True)
STORED = OpenApiExample("The stored consultation", value=STORED_VALUE, response_only=True)
PAGE = OpenApiExample(
    "One page of the archive",
    value={
        "count": 1,
        "count_exact": True,
        "next": None,
        "previous": None,
        "results": [STORED_VALUE],
    },
    response_only=True,
)
BULK_BODY = OpenApiExample(
    "Two items, the second invalid",
    value={
        "items": [
            {"external_id": "42", **PUSH},
            {"external_id": "43", **PUSH, "sector": "space"},
        ]
    },
    request_only=True,
)
BULK_RESULT = OpenApiExample(
    "Each item's result",
    value={
        "counts": {"created": 1, "updated": 0, "unchanged": 0, "error": 1},
        "results": [
            {"index": 0, "external_id": "42", "status": "created", "id": 17},
            {
                "index": 1,
                "external_id": "43",
                "status": "error",
                "id": None,
                "errors": {"sector": ['"space" is not a valid choice.']},
            },
        ],
    },
    response_only=True,
)
SUMMARY = OpenApiExample(
    "Counts",
    value={
        "total": 2,
        "with_decision": 1,
        "by_source": {"native": 1, "pushed": 1},
        "by_status": {"decided": 1, "open": 1},
        "by_sector": {"environment": 1, "health": 1},
        "by_year": {"2026": 2},
        "entities": [
            {
                "slug": "moccae",
                "name": {
                    "ar": "وزارة التغير المناخي والبيئة",
                    "en": "Ministry of Climate Change and Environment",
                },
                "total": 2,
                "with_decision": 1,
                "by_source": {"native": 1, "pushed": 1},
            }
        ],
    },
    response_only=True,
)


def error_example(
    status: int, code: str, message: str, fields: dict | None = None, name: str = ""
) -> OpenApiExample:
    return OpenApiExample(
        name or code,
        value={"error": {"status": status, "code": code, "message": message, "fields": fields or {}}},
        response_only=True,
        status_codes=[str(status)],
    )


INVALID = error_example(
    400,
    "invalid",
    "Invalid input.",
    {"sector": ['"space" is not a valid choice.'], "title": {"ar": ["This field is required."]}},
)
INVALID_FILTER = error_example(400, "invalid", "Invalid input.", {"sector": ["Select a valid choice."]})
BULK_TOO_MANY = error_example(
    400, "invalid", "Invalid input.", {"items": ["Ensure this field has no more than 1000 elements."]}
)
UNAUTHORIZED = error_example(401, "authentication_failed", "The API key is not valid or has been revoked.")
FORBIDDEN = error_example(403, "permission_denied", "This key acts for another entity.")
NOT_FOUND = error_example(404, "not_found", "No Consultation matches the given query.")
INVALID_PAGE = error_example(404, "not_found", "Invalid page.", name="page past the end")
THROTTLED = error_example(429, "throttled", "Request was throttled. Expected available in 42 seconds.")

FEED_REGISTER = OpenApiExample(
    "A daily feed",
    value={"url": "https://entity.example/sharik-feed.json", "interval_minutes": 1440},
    request_only=True,
)
_FEED_VALUE = {
    "id": 3,
    "url": "https://entity.example/sharik-feed.json",
    "is_active": True,
    "interval_minutes": 1440,
    "next_run_at": "2026-03-22T02:00:00Z",
    "consecutive_failures": 1,
    "last_success_at": "2026-03-20T02:00:04Z",
    "last_runs": [
        {
            "started_at": "2026-03-21T02:00:00Z",
            "finished_at": "2026-03-21T02:00:20Z",
            "status": "failed",
            "pages": 0,
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "failed": 0,
            "errors": ["page 1: timed out after 20 s"],
        }
    ],
}
FEED = OpenApiExample("The registered feed", value=_FEED_VALUE, response_only=True)
FEEDS = OpenApiExample("The entity's feeds", value=[_FEED_VALUE], response_only=True)
INVALID_FEED = error_example(400, "invalid", "Invalid input.", {"url": ["127.0.0.1 is not a public address"]})
