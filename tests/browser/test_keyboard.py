"""Everything in the site chrome works with the keyboard alone."""

import re

ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, text: (el.innerText || el.value || "").trim(),
          name: el.getAttribute("name") || "", cls: el.className || ""};
}"""


def _tab_until(page, predicate, limit=40):
    """Press Tab until ``predicate(active element)``; return everything focused on the way."""
    seen = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        seen.append(active)
        if predicate(active):
            return seen
    raise AssertionError(f"never reached the target; focused: {[a['text'] for a in seen]}")


def test_tab_reaches_menu_languages_and_settings_form_which_submits_by_keyboard(new_page, urls):
    topic = urls["topic", "en"]
    page = new_page()
    page.goto(topic)

    seen = _tab_until(page, lambda a: "meta-menu__link--search" in a["cls"])

    texts = [a["text"] for a in seen]
    assert texts[0] == "Skip to main content"
    for label in ["Emergencies", "Contact", "Accessibility settings", "Search"]:
        assert label in texts
    for language in ["English", "Deutsch", "Leichte Sprache", "Français", "Italiano"]:
        assert language in texts
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

    page.keyboard.press("Shift+Tab")
    for _language in range(5):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(ACTIVE)["text"] == "Accessibility settings"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/accessibility-settings/"))

    _tab_until(page, lambda a: a["name"] == "text")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _tab_until(page, lambda a: a["name"] == "contrast")
    page.keyboard.press("ArrowRight")
    _tab_until(page, lambda a: a["name"] == "underline")
    page.keyboard.press("Space")
    _tab_until(page, lambda a: a["name"] == "save")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(re.escape(topic) + "$"))
    classes = page.evaluate("document.documentElement.className").split()
    assert {"a11y-text-150", "a11y-contrast-high", "a11y-underline"} <= set(classes)
    assert page.locator(".messages").inner_text() == "Your display settings are saved."


def test_skip_link_moves_focus_to_the_main_content(new_page, urls):
    page = new_page()
    page.goto(urls["therapy", "de"])

    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["text"] == "Zum Hauptinhalt springen"
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_choosing_a_language_by_keyboard_opens_the_translation_and_is_remembered(
    new_page, urls, live_site
):
    page = new_page()
    page.goto(urls["topic", "en"])

    _tab_until(page, lambda a: a["text"] == "Deutsch")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(re.escape(urls["topic", "de"]) + "$"))
    assert page.evaluate("document.documentElement.lang") == "de"
    page.goto(live_site.url + "/")
    assert page.url == live_site.url + "/de/"
