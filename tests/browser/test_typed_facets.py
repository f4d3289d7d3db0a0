"""The finder's typed facets (a text field and the links offered when words match several)
pass axe and reflow on a phone at 200 % text, and work without JavaScript."""

import pytest

from .test_axe import _check
from .test_reflow import WIDEST

TYPED = "?city_name=e"  # several towns contain an "e": the field and its choice links


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("language", ["en", "de"])
def test_typed_facets_pass_axe_on_a_phone_at_200_percent(new_page, urls, axe, language):
    page = new_page(cookie="text:200", width=320, height=568)
    url = urls["specialist-index", language] + TYPED

    _check(page, url, axe, ("finder-typed", language, "text-200 320 px"))

    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.evaluate(WIDEST)


def test_a_choice_link_filters_without_javascript(new_page, urls):
    page = new_page(javascript=False)
    page.goto(urls["specialist-index", "en"] + TYPED)
    before = int(page.locator(".result-count").get_attribute("data-count"))

    link = page.locator(".finder__suggestions a").first
    town = link.inner_text()
    link.click()

    assert page.locator("#finder-city").input_value() == town
    assert int(page.locator(".result-count").get_attribute("data-count")) < before
