"""The page list and detail select fields (``fields=``) and filter by typed fields.

Fields: Wagtail's syntax (``title,summary``, ``*``, ``_``, ``-body``, nested
``therapies(title,summary)``); typed filters: what each page type declares in
``api.content.<app>`` (exact, ``__in``, date ranges) and translation status. Bad input
is a 4xx problem, never a 500.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail.models import Page

from cms.translation_status import Status, statuses_for
from topics.models import TherapyPage, TopicPage

from ..utils import english_topic, page_in

PROBLEM_JSON = "application/problem+json"
SOME = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
THERAPIES = {"type": "topics.TherapyPage", "limit": 100}


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def problem(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_JSON
    return response.json()["detail"]


def visible(queryset):
    return queryset.live().public()


def listed_ids(response):
    return sorted(item["id"] for item in ok(response)["items"])


# fields=


@pytest.mark.django_db
def test_fields_add_to_the_summary_and_remove_from_it(api):
    params = {"type": "topics.TopicPage", "locale": "en", "limit": 3}
    default = ok(api.get("/api/v3/pages/", params))["items"][0]
    added = ok(api.get("/api/v3/pages/", {**params, "fields": "body,-summary"}))["items"][0]
    only = ok(api.get("/api/v3/pages/", {**params, "fields": "_,summary"}))["items"][0]

    assert {"title", "summary"} <= set(default) and "body" not in default
    assert "body" in added and "summary" not in added and added["title"] == default["title"]
    assert set(only) == {"id", "type", "meta", "summary"}
    assert only["meta"] == default["meta"]


@pytest.mark.django_db
def test_fields_star_on_a_list_is_the_detail_and_minus_body_trims_a_detail(api):
    topic = page_in(TopicPage, "en")
    detail = ok(api.get(f"/api/v3/pages/{topic.pk}/"))
    star = ok(api.get("/api/v3/pages/", {"id": topic.pk, "fields": "*"}))["items"][0]
    trimmed = ok(api.get(f"/api/v3/pages/{topic.pk}/", {"fields": "-body"}))

    detail_fields = set(detail) - {"meta"}
    assert set(star) - {"meta"} == detail_fields
    assert star["body"] == detail["body"] and star["therapies"] == detail["therapies"]
    assert set(trimmed) == set(detail) - {"body"}
    assert trimmed["medical_review"] == detail["medical_review"]


@pytest.mark.django_db
def test_nested_selection_inside_a_value(api):
    topic = page_in(TopicPage, "en")

    detail = ok(api.get(f"/api/v3/pages/{topic.pk}/", {"fields": "_,medical_review(overdue)"}))

    assert detail["medical_review"] == {"overdue": topic.review_overdue}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ("colour", "colour"),
        ("title,colour", "colour"),
        ("-colour", "colour"),
        ("medical_review(colour)", "colour"),
        ("therapies(colour)", "colour"),
        ("summary(title)", "summary"),
    ],
)
def test_an_unknown_field_is_a_400_naming_it(api, fields, named):
    topic = page_in(TopicPage, "en")

    for path in ("/api/v3/pages/", f"/api/v3/pages/{topic.pk}/"):
        assert named in problem(api.get(path, {"fields": fields}))


@pytest.mark.django_db
def test_a_field_of_another_type_is_unknown_when_the_type_is_given(api):
    assert "therapy_type" in problem(
        api.get("/api/v3/pages/", {"type": "topics.TopicPage", "fields": "therapy_type"})
    )
    untyped = ok(api.get("/api/v3/pages/", {"fields": "therapy_type", "limit": 100}))
    assert any("therapy_type" in item for item in untyped["items"])


@pytest.mark.django_db
@SOME
@given(text=st.text(max_size=60) | st.text("(),-*_ab", max_size=60))
def test_any_fields_text_is_an_answer_or_a_4xx(api, text):
    response = api.get("/api/v3/pages/", {"fields": text, "limit": 2})

    assert response.status_code in (200, 400, 422), response.content


@pytest.mark.django_db
def test_deep_or_long_fields_are_refused(api):
    problem(api.get("/api/v3/pages/", {"fields": "a(" * 5000}))
    problem(api.get("/api/v3/pages/", {"fields": "title," * 400}))


# typed filters


@pytest.mark.django_db
def test_therapy_type_exact_and_in(api):
    surgery = visible(TherapyPage.objects.filter(therapy_type="surgery"))
    either = visible(TherapyPage.objects.filter(therapy_type__in=["surgery", "ablation"]))

    exact = api.get("/api/v3/pages/", {**THERAPIES, "therapy_type": "surgery"})
    several = api.get("/api/v3/pages/", {**THERAPIES, "therapy_type__in": "surgery,ablation"})

    assert listed_ids(exact) == sorted(surgery.values_list("pk", flat=True))
    assert listed_ids(several) == sorted(either.values_list("pk", flat=True))
    assert len(listed_ids(several)) > len(listed_ids(exact)) > 0
    assert "therapy_type" in problem(api.get("/api/v3/pages/", {**THERAPIES, "therapy_type": "x"}))


@pytest.mark.django_db
def test_review_dates_by_range_across_the_types_that_declare_them(api):
    due = datetime.date(2030, 1, 1)
    TherapyPage.objects.filter(pk=page_in(TherapyPage, "en").pk).update(next_review_due=due)
    TopicPage.objects.filter(pk=page_in(TopicPage, "en").pk).update(next_review_due=due)
    both = {"type": ["topics.TopicPage", "topics.TherapyPage"], "limit": 100}

    late = api.get("/api/v3/pages/", {**both, "next_review_due__gte": "2029-12-31"})
    early = api.get("/api/v3/pages/", {**both, "next_review_due__lt": "2029-12-31"})

    expected_late = [
        pk
        for model in (TopicPage, TherapyPage)
        for pk in visible(model.objects.filter(next_review_due__gte=due)).values_list(
            "pk", flat=True
        )
    ]
    expected_early = [
        pk
        for model in (TopicPage, TherapyPage)
        for pk in visible(model.objects.filter(next_review_due__lt=due)).values_list(
            "pk", flat=True
        )
    ]
    assert listed_ids(late) == sorted(expected_late) and len(expected_late) >= 2
    assert listed_ids(early) == sorted(expected_early)


@pytest.mark.django_db
def test_sorting_by_a_declared_field(api):
    listed = ok(api.get("/api/v3/pages/", {**THERAPIES, "order": "-therapy_type"}))["items"]

    expected = visible(TherapyPage.objects.all()).order_by("-therapy_type", "pk")
    assert [item["id"] for item in listed] == list(expected.values_list("pk", flat=True)[:100])


@pytest.mark.django_db
def test_translation_status_filter(api):
    sources = list(visible(TopicPage.objects.filter(locale__language_code="en")))
    statuses = statuses_for(sources)
    up_to_date = sorted(
        state.page_id
        for by_language in statuses.values()
        for state in by_language.values()
        if state.status == Status.UP_TO_DATE and state.page_id
    )
    german_up_to_date = sorted(
        pk for pk in up_to_date if TopicPage.objects.get(pk=pk).locale.language_code == "de"
    )

    params = {"type": "topics.TopicPage", "limit": 100}
    found = api.get("/api/v3/pages/", {**params, "translation_status": "up_to_date"})
    german = api.get(
        "/api/v3/pages/", {**params, "locale": "de", "translation_status": "up_to_date"}
    )
    source = api.get("/api/v3/pages/", {**params, "translation_status__in": "source"})

    assert up_to_date and listed_ids(found) == up_to_date
    assert listed_ids(german) == german_up_to_date
    assert listed_ids(source) == sorted(page.pk for page in sources)
    assert "translation_status" in problem(api.get("/api/v3/pages/", {"translation_status": "ok"}))


@pytest.mark.django_db
def test_a_declared_filter_with_an_operator_needs_its_type(api):
    assert "next_review_due__lt" in problem(
        api.get("/api/v3/pages/", {"next_review_due__lt": "2030-01-01"})
    )
    assert "topics.TherapyPage" in problem(
        api.get("/api/v3/pages/", {"type": "topics.TopicPage", "therapy_type__in": "surgery"})
    )
    assert "topics.TopicPage" in problem(
        api.get(
            "/api/v3/pages/",
            {"type": ["topics.TopicPage", "topics.TherapyPage"], "therapy_type": "surgery"},
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("next_review_due__lt", "２０３０-01-01"),
        ("next_review_due__lt", "2030-02-30"),
        ("next_review_due__gte", "tomorrow"),
        ("next_review_due", "20300101"),
        ("therapy_type__in", ",".join(["surgery"] * 51)),
        ("therapy_type__in", ""),
        ("intent", "\x00"),
    ],
)
def test_bad_filter_values_are_4xx_problems(api, name, value):
    response = api.get("/api/v3/pages/", {**THERAPIES, name: value})

    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"] == PROBLEM_JSON


@pytest.mark.django_db
@SOME
@given(
    name=st.sampled_from(
        ["next_review_due", "next_review_due__lt", "last_reviewed__gte", "therapy_type__in"]
    ),
    value=st.text(max_size=40)
    | st.from_regex(r"[0-9٠-٩０-９]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True)
    | st.lists(st.sampled_from(["surgery", "ablation", "x"]), max_size=80).map(",".join),
)
def test_any_filter_value_is_an_answer_or_a_4xx_and_changes_nothing(api, name, value):
    before = Page.objects.count()

    response = api.get("/api/v3/pages/", {**THERAPIES, name: value})

    assert response.status_code in (200, 400, 422), response.content
    assert Page.objects.count() == before


# pagination


@pytest.mark.django_db
def test_count_and_the_documented_maximum_limit(api, settings):
    first = ok(api.get("/api/v3/pages/", {"limit": 2}))
    second = ok(api.get("/api/v3/pages/", {"limit": 2, "offset": 2}))

    assert first["count"] == second["count"] == visible(Page.objects.filter(depth__gt=1)).count()
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in second["items"]}
    over = api.get("/api/v3/pages/", {"limit": settings.WAGTAILAPI_LIMIT_MAX + 1})
    assert over.status_code == 422 and over["Content-Type"] == PROBLEM_JSON


@pytest.mark.django_db
def test_typed_filters_and_selection_are_documented(client):
    document = client.get("/api/v3/openapi.json").json()
    operation = document["paths"]["/api/v3/pages/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}

    assert parameters["therapy_type"]["schema"]["enum"] == [
        value for value, _label in TherapyPage.TherapyType.choices
    ]
    assert "topics.TherapyPage" in parameters["therapy_type__in"]["description"]
    assert parameters["next_review_due__lt"]["schema"]["format"] == "date"
    assert "topics.TopicPage" in parameters["next_review_due__lt"]["description"]
    assert parameters["translation_status"]["schema"]["enum"] == list(Status.LABELS)
    assert "100" in parameters["limit"]["description"]
    assert "`next_review_due`" in parameters["order"]["description"]
    assert {"fields", "expand", "depth"} <= set(parameters)
    detail = document["paths"]["/api/v3/pages/{page_id}/"]["get"]
    assert {"fields", "expand", "depth"} <= {p["name"] for p in detail["parameters"]}


@pytest.mark.django_db
def test_a_new_topic_is_found_by_its_review_date(api):
    topic = english_topic()
    TopicPage.objects.filter(pk=topic.pk).update(next_review_due=datetime.date(2099, 5, 1))

    found = api.get(
        "/api/v3/pages/",
        {"type": "topics.TopicPage", "next_review_due": "2099-05-01", "fields": "_"},
    )

    assert ok(found)["items"] == [
        {"id": topic.pk, "type": "topics.TopicPage", "meta": ok(found)["items"][0]["meta"]}
    ]


# count


LIST_COUNTS = [
    {"type": "topics.TopicPage"},
    {"type": "topics.TopicPage", "locale": "de"},
    {"type": "topics.TherapyPage", "locale": "fr", "fallback": "en"},
    {"type": "topics.TherapyPage", "therapy_type": "surgery"},
    {"type": "topics.TopicPage", "slug": "liver-metastases"},
    {"type": ["topics.TopicPage", "topics.TherapyPage"], "locale": "it"},
    {"type": "topics.TopicPage", "search": "Leber"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("params", LIST_COUNTS)
def test_a_lists_count_is_its_number_of_pages(api, params):
    listed = ok(api.get("/api/v3/pages/", {**params, "limit": 100}))

    assert listed["count"] == len(listed["items"]) > 0


@pytest.mark.django_db
def test_a_typed_lists_count_follows_unpublishing(api):
    params = {"type": "topics.TopicPage", "locale": "en", "limit": 100}
    before = ok(api.get("/api/v3/pages/", params))["count"]

    page_in(TopicPage, "en").unpublish()

    assert ok(api.get("/api/v3/pages/", params))["count"] == before - 1


@pytest.mark.django_db
def test_a_typed_lists_count_reads_the_page_table_alone(api):
    """Counted on the page table's index, not joined to the type's table (the join was a
    hash over the whole type table on PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        ok(api.get("/api/v3/pages/", {"type": "topics.TopicPage", "locale": "de"}))
    counts = [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]

    assert counts
    assert not any(TopicPage._meta.db_table in sql for sql in counts)
