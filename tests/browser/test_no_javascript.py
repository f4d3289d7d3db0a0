"""Without JavaScript the settings still save, apply on the server, and persist."""

import re


def test_settings_persist_across_pages_without_javascript(new_page, urls):
    page = new_page(javascript=False)
    page.goto(urls["topic", "fr"])
    page.get_by_role("link", name="Réglages d'accessibilité").click()

    page.get_by_label("175 %").check()
    page.get_by_label("Sombre", exact=False).check()
    page.get_by_label("Souligner tous les liens").check()
    page.get_by_role("button", name="Enregistrer les réglages").click()

    page.wait_for_url(re.compile(re.escape(urls["topic", "fr"]) + "$"))
    expected = {"a11y-text-175", "a11y-contrast-dark", "a11y-underline"}
    assert expected <= set(page.evaluate("document.documentElement.className").split())
    page.goto(urls["therapy", "fr"])
    assert expected <= set(page.evaluate("document.documentElement.className").split())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 18, 18)"


def test_javascript_previews_a_choice_before_it_is_saved(new_page, urls):
    page = new_page()
    page.goto(urls["settings", "en"])

    page.get_by_label("200 %").check()

    assert "a11y-text-200" in page.evaluate("document.documentElement.className")
    page.goto(urls["home", "en"])
    assert "a11y-text-200" not in page.evaluate("document.documentElement.className")
