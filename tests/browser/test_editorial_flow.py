"""The editorial promise end to end, clicked through the admin in real Chromium.

An editor writes, another person (the medical reviewer) approves; translator_de
translates in wagtail-localize's editor and submits; the German reviewer approves and
the German page is live. The English text changes: the German page is outdated on the
site, in the API and in the report — and stays so after a file download — until the
translator syncs, translates and the reviewer approves again.
"""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from wagtail.users.models import UserProfile

from demo.users import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Bone metastases"


@pytest.fixture
def admin_as(browser, live_site):
    contexts = []

    def login(username):
        # Demo translators work in their own language; buttons are found by English name.
        UserProfile.objects.filter(user__username=username).update(preferred_language="en")
        context = browser.new_context(
            base_url=live_site.url, viewport={"width": 1400, "height": 1000}
        )
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        return page

    yield login
    for context in contexts:
        context.close()


def _page_id(page):
    return int(re.search(r"/admin/pages/(\d+)/", page.url).group(1))


def _footer_action(page, name):
    """Click a button of Wagtail's page-editor footer, opening its dropdown if needed."""
    button = page.locator(
        f"footer button[name='{name}'], footer [data-workflow-action-name='{name}']"
    )
    if not button.first.is_visible():
        page.locator("footer .w-dropdown__toggle").first.click()
    button.first.click()


def _wait_for_saved(page):
    """Wait for the editor to leave the add form; if the form was refused, say why."""
    try:
        page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    except PlaywrightTimeoutError:
        errors = page.locator(".error-message, .help-critical, .w-field__errors").all_inner_texts()
        raise AssertionError(f"the page was not saved; the form says: {errors}") from None


def _translate_every_segment(page, text):
    """Fill every untranslated segment in wagtail-localize's editor."""
    for _segment in range(20):
        translate = page.get_by_role("button", name="Translate", exact=True)
        if translate.count() == 0:
            return
        translate.first.click()
        page.locator(".js-translation-editor textarea").first.fill(text)
        page.get_by_role("button", name="Save", exact=True).first.click()
        page.wait_for_timeout(300)
    raise AssertionError("segments kept asking for a translation")


def _approve_in_localize_editor(page, page_id):
    page.goto(f"/admin/pages/{page_id}/edit/")
    page.get_by_role("button", name="Approve", exact=True).first.click()
    page.wait_for_load_state()


def _status_in_report(page, title, language="de"):
    page.goto(f"/admin/cms/translations/?locale={language}")
    row = page.locator("table.translations-matrix tr", has=page.locator(f"th:has-text('{title}')"))
    return row.locator("td[data-status]").last.get_attribute("data-status")


@pytest.fixture
def english_admin(users):
    """Demo translators see the admin in their language; the steps below read English."""
    from wagtail.users.models import UserProfile

    for user in users.values():
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()


def test_write_review_translate_review_outdated_sync_review(admin_as, live_site, english_admin):
    # 1. The editor writes a topic and submits it to medical review.
    editor = admin_as("editor")
    editor.goto("/admin/pages/")
    topics_index = editor.evaluate(
        "() => fetch('/api/v3/pages/?type=topics.TopicIndexPage&locale=en')"
        ".then(r => r.json()).then(d => d.items[0].id)"
    )
    editor.goto(f"/admin/pages/add/topics/topicpage/{topics_index}/")
    editor.fill("#id_title", TITLE)
    # Leaving the title is what fills the slug (Wagtail's w-sync); on a loaded machine
    # the submit could otherwise leave before it, and the form is refused (400).
    editor.press("#id_title", "Tab")
    editor.wait_for_function("() => document.querySelector('#id_slug').value !== ''")
    editor.fill("#id_summary", "Tumours in the bones that have spread from cancer elsewhere.")
    _footer_action(editor, "action-submit")
    _wait_for_saved(editor)
    english_id = int(
        editor.evaluate(
            f"() => fetch('/admin/api/main/pages/?search={TITLE}&locale=en')"
            ".then(r => r.json()).then(d => d.items[0].id)"
        )
    )

    # 2. The medical reviewer (another person) approves: the page is live, stamped.
    reviewer = admin_as("reviewer")
    reviewer.goto(f"/admin/pages/{english_id}/edit/")
    _footer_action(reviewer, "approve")
    reviewer.wait_for_load_state()
    english = reviewer.request.get(f"{live_site.url}/api/v3/pages/{english_id}/").json()
    assert english["title"] == TITLE
    assert english["medical_review"]["reviewed_by"].startswith("Dr. med. Clara Weber")

    # 3. translator_de starts the German translation, translates it in the editor, submits.
    translator = admin_as("translator_de")
    translator.goto("/admin/cms/translations/?locale=de")
    row = translator.locator(
        "table.translations-matrix tr", has=translator.locator(f"th:has-text('{TITLE}')")
    )
    row.get_by_role("button", name="Start translation").click()
    translator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    german_id = _page_id(translator)
    _translate_every_segment(translator, "Knochenmetastasen")
    translator.get_by_role("button", name="Submit for translation review").click()
    translator.wait_for_load_state()
    assert _status_in_report(translator, TITLE) == "in_review"

    # 4. The German translation reviewer approves: the German page is live.
    german_reviewer = admin_as("translation_reviewer_de")
    _approve_in_localize_editor(german_reviewer, german_id)
    german = german_reviewer.request.get(f"{live_site.url}/api/v3/pages/{german_id}/").json()
    assert german["title"] == "Knochenmetastasen"
    german_path = urlparse(german["meta"]["url"]).path
    visitor = german_reviewer.context.browser.new_page()
    live_german = visitor.goto(live_site.url + german_path)
    assert live_german.ok and "Knochenmetastasen" in visitor.content()
    assert visitor.locator(".notice--outdated").count() == 0
    assert _status_in_report(translator, TITLE) == "up_to_date"

    # 5. The English text changes and is approved again: German is outdated everywhere.
    editor.goto(f"/admin/pages/{english_id}/edit/")
    editor.fill("#id_summary", "Tumours in the bones. New guidance on pain relief.")
    _footer_action(editor, "action-submit")
    editor.wait_for_load_state()
    reviewer.goto(f"/admin/pages/{english_id}/edit/")
    _footer_action(reviewer, "approve")
    reviewer.wait_for_load_state()

    statuses = translator.request.get(
        f"{live_site.url}/api/v3/pages/{german_id}/translation-status/"
    ).json()["statuses"]
    assert statuses["de"] == "outdated"
    visitor.goto(live_site.url + german_path)
    assert visitor.locator(".notice--outdated").count() == 1
    assert _status_in_report(translator, TITLE) == "outdated"
    download = translator.request.get(f"{live_site.url}/admin/cms/pages/{german_id}/xliff/")
    assert download.ok and b"Knochenmetastasen" in download.body()
    assert _status_in_report(translator, TITLE) == "outdated"

    # 6. The translator syncs, translates the new text, submits; the reviewer approves.
    translator.goto(f"/admin/pages/{german_id}/edit/")
    translator.get_by_role("button", name="Sync with the source").click()
    translator.wait_for_load_state()
    _translate_every_segment(
        translator, "Knochenmetastasen. Neue Empfehlungen zur Schmerzlinderung."
    )
    translator.get_by_role("button", name="Submit for translation review").click()
    translator.wait_for_load_state()
    _approve_in_localize_editor(german_reviewer, german_id)

    assert _status_in_report(translator, TITLE) == "up_to_date"
    visitor.goto(live_site.url + german_path)
    assert visitor.locator(".notice--outdated").count() == 0
    assert "Schmerzlinderung" in visitor.content()
    visitor.close()
