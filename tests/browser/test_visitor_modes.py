"""Each visitor mode looks as intended (screenshots for people); reflow: test_reflow.py."""

import pytest

from .pages import LANGUAGES, MODES


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshot_of_each_mode(new_page, urls, output_dir, mode, language):
    page = new_page(cookie=MODES[mode])
    page.goto(urls["topic", language])

    path = output_dir / "screenshots" / f"topic-{language}-{mode}.png"
    page.screenshot(path=str(path))

    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("mode", MODES)
def test_emergencies_page_reflows_at_320_px_in_every_mode(new_page, urls, output_dir, mode):
    page = new_page(cookie=MODES[mode], width=320)
    page.goto(urls["content", "de"])

    page.screenshot(
        path=str(output_dir / "screenshots" / f"emergencies-de-320px-{mode}.png"), full_page=True
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_print_stylesheet_hides_navigation(new_page, urls, output_dir):
    page = new_page()
    page.goto(urls["therapy", "en"])
    page.emulate_media(media="print")

    page.screenshot(path=str(output_dir / "screenshots" / "therapy-en-print.png"), full_page=True)

    assert page.locator(".meta-menu").is_hidden()
    assert page.locator(".breadcrumbs").is_hidden()
    assert page.locator(".review").is_visible()


def test_system_preferences_are_honoured_without_a_cookie(new_page, urls):
    page = new_page()
    page.emulate_media(reduced_motion="reduce", contrast="more")
    page.goto(urls["topic", "en"])

    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    link = page.locator("main .therapy-links a").first
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(0, 0, 143)"


def test_forced_colours_keep_the_emergency_item_outlined(new_page, urls):
    page = new_page()
    page.emulate_media(forced_colors="active")
    page.goto(urls["home", "de"])

    emergency = page.locator(".meta-menu__link--emergencies")
    assert emergency.evaluate("a => getComputedStyle(a).borderTopStyle") == "solid"
    assert emergency.evaluate("a => getComputedStyle(a).borderTopWidth") == "2px"


def test_print_button_appears_with_javascript_only(new_page, urls):
    with_js = new_page()
    with_js.goto(urls["topic", "en"])
    without_js = new_page(javascript=False)
    without_js.goto(urls["topic", "en"])

    assert with_js.get_by_role("button", name="Print").is_visible()
    assert not without_js.get_by_role("button", name="Print").is_visible()
    assert without_js.get_by_role("link", name="PDF for your doctor").is_visible()
