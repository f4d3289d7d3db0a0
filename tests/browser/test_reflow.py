"""Reflow (WCAG 1.4.10) and the first screen on phones, for every page type and language.

At 320 px and at 1280 px, with standard and with 200 % text, the document is never wider
than the viewport. On a 320 × 568 and a 390 × 844 phone at 200 % text, the page's own
heading starts on the first screen: the header menu is folded into "Menu".
"""

import pytest

from .pages import EASY_LANGUAGE, EASY_PAGE_TYPES, LANGUAGES, PAGE_TYPES, VIEWS

ALL_PAGES = [*PAGE_TYPES, *VIEWS]
# Every page type in every language, and the Leichte Sprache pages.
PAGES = [(page_type, language) for language in LANGUAGES for page_type in ALL_PAGES] + [
    (page_type, EASY_LANGUAGE) for page_type in EASY_PAGE_TYPES
]
PHONES = {"320x568": (320, 568), "390x844": (390, 844)}
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className)"""


@pytest.mark.parametrize("text", ["text:100", "text:200"])
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize(("page_type", "language"), PAGES)
def test_no_horizontal_scrolling(new_page, urls, page_type, language, width, text):
    page = new_page(cookie=text, width=width)
    page.goto(urls[page_type, language])

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= width, page.evaluate(WIDEST)


@pytest.mark.parametrize("phone", PHONES)
@pytest.mark.parametrize(("page_type", "language"), PAGES)
def test_first_heading_is_on_the_first_screen_at_200_percent(
    new_page, urls, output_dir, page_type, language, phone
):
    width, height = PHONES[phone]
    page = new_page(cookie="text:200", width=width, height=height)
    page.goto(urls[page_type, language])

    top, line = page.locator("main h1").first.evaluate(
        "h => [h.getBoundingClientRect().top, parseFloat(getComputedStyle(h).lineHeight)]"
    )

    if page_type in {"specialist", "topic"} and language == "de":
        path = output_dir / "screenshots" / f"{page_type}-{language}-{phone}-200.png"
        page.screenshot(path=str(path))
    assert top + line <= height, f"the heading's first line ends at {top + line:.0f} px"
    assert page.locator(".meta-menu__link--emergencies").is_visible()


def test_menu_opens_on_a_phone_without_javascript(new_page, urls):
    page = new_page(width=320, javascript=False)
    page.goto(urls["topic", "de"])
    contact = page.locator("header").get_by_role("link", name="Kontakt", exact=True)
    assert not contact.is_visible()

    page.get_by_text("Menü", exact=True).click()

    assert contact.is_visible()
    assert page.locator("header").get_by_role("link", name="Deutsch").is_visible()


def test_menu_is_open_on_wide_screens(new_page, urls):
    page = new_page(width=1280)
    page.goto(urls["topic", "en"])

    assert page.locator("header").get_by_role("link", name="Contact", exact=True).is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()
