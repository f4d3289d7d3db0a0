"""axe-core finds no WCAG 2.0/2.1/2.2 A/AA or best-practice violation (heading-order,
landmarks, ...) on any page type, language or mode, on a wide screen and on a phone."""

import pytest

from .pages import EASY_LANGUAGE, EASY_PAGE_TYPES, LANGUAGES, MODES, PAGE_TYPES, VIEWS

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            *["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}
RESULTS = {}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module", autouse=True)
def results_table(output_dir):
    """Write what axe found as a table under test-output/ (gitignored) for the record."""
    yield
    if not RESULTS:
        return
    lines = ["| page type | language | mode | violations |", "| --- | --- | --- | --- |"]
    for (page_type, language, mode), count in sorted(RESULTS.items()):
        lines.append(f"| {page_type} | {language} | {mode} | {count} |")
    (output_dir / "axe-results.md").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", [*PAGE_TYPES, *VIEWS])
def test_no_wcag_violations(new_page, urls, axe, page_type, language, mode):
    _check(
        new_page(cookie=MODES[mode]), urls[page_type, language], axe, (page_type, language, mode)
    )


@pytest.mark.parametrize("mode", ["default", "text-200"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", [*PAGE_TYPES, *VIEWS])
def test_no_violations_on_a_phone(new_page, urls, axe, page_type, language, mode):
    page = new_page(cookie=MODES[mode], width=320, height=568)
    _check(page, urls[page_type, language], axe, (page_type, language, f"{mode} 320 px"))


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page_type", EASY_PAGE_TYPES)
def test_no_violations_in_leichte_sprache(new_page, urls, axe, page_type, mode, width):
    page = new_page(cookie=MODES[mode], width=width, height=568 if width == 320 else 900)
    _check(page, urls[page_type, EASY_LANGUAGE], axe, (page_type, EASY_LANGUAGE, f"{mode} {width}"))


def _check(page, url, axe, key):
    response = page.goto(url)
    assert response.status == 200

    result = axe.run(page, options=AXE_OPTIONS)

    RESULTS[key] = result.violations_count
    assert result.violations_count == 0, result.generate_report()
