"""The topic page says what the seed pages say, each thing once."""

import json
import re

import pytest

from topics.models import TherapyPage, TherapyTopic, TopicPage

from ..utils import page_in


def _main(client, page):
    html = client.get(page.url).content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_each_therapy_is_listed_once(client, language):
    main = _main(client, page_in(TopicPage, language))

    therapies = TherapyPage.objects.live().filter(locale__language_code=language)
    assert therapies.count() == 8
    for therapy in therapies:
        assert main.count(f'href="{therapy.url}"') == 1, therapy.title


@pytest.mark.django_db
def test_lists_keep_their_lead_in_sentences(client):
    main = _main(client, page_in(TopicPage, "en"))

    block_gap = r"</p>(\s*</div>)+\s*<div[^>]*>\s*"
    assert re.search(rf"Treatment options are based on:{block_gap}<ul>", main)
    assert re.search(rf"in decreasing order:{block_gap}<ol>", main)


@pytest.mark.django_db
def test_survival_figures_are_not_a_warning(client):
    main = _main(client, page_in(TopicPage, "en"))

    callout = main[main.rindex("<aside", 0, main.index("4 to 8 months")) :]
    assert "Warning" not in callout.split("</aside>")[0]


@pytest.mark.django_db
def test_the_seed_points_on_surgery_are_there(client):
    main = _main(client, page_in(TopicPage, "en"))

    assert "Between the operations, additional radiotherapy or chemotherapy" in main
    assert "symptoms and liver function, age and general health" in main


@pytest.mark.django_db
def test_summaries_are_shown_whole(client):
    main = _main(client, page_in(TopicPage, "fr"))

    palliative = page_in(TherapyPage, "fr", slug__contains="palliative")
    assert palliative.summary.endswith("bonne qualité de vie.")
    assert palliative.summary in main.replace("&#x27;", "'")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "foreign"), [("de", {"en"}), ("en", {"de"}), ("fr", {"en", "de"})]
)
def test_references_in_another_language_are_marked(client, language, foreign):
    main = _main(client, page_in(TopicPage, language))

    references = main[main.index('class="references"') :]
    assert set(re.findall(r'<li lang="(\w+)">', references)) == foreign


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_api_lists_the_therapies_the_page_lists_in_its_order(client, language):
    """One order for both (``topics.models.therapy_keys_by_topic``): the links' own order,
    then the tree. The API used to order by the tree first."""
    topic = page_in(TopicPage, language)
    first = TherapyPage.objects.filter(locale__language_code="en").order_by("path").first()
    # An editor puts this topic last in the first therapy's list, in every language.
    TherapyTopic.objects.filter(therapy__translation_key=first.translation_key).update(sort_order=3)

    html = client.get(topic.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    on_the_page = [therapy["name"] for therapy in data["about"]["possibleTreatment"]]
    in_the_api = client.get(f"/api/v3/pages/{topic.pk}/").json()["therapies"]

    assert [therapy["title"] for therapy in in_the_api] == on_the_page
    assert [therapy.title for therapy in topic.therapies()] == on_the_page
    assert len(on_the_page) == 8
    assert in_the_api[-1]["id"] == first.get_translation(topic.locale).pk
