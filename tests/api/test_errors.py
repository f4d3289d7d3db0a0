"""Every API error is JSON with the right status: never a redirect, never HTML."""

import pytest

from topics.models import TopicPage

from ..utils import page_in

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(("application/problem+json", "application/json"))
    body = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v3/pages/999999/", 404),
        ("/api/v3/pages/999999/?locale=de", 404),
        ("/api/v3/pages/?locale=xx", 404),
        ("/api/v3/pages/?locale=de&fallback=xx", 404),
        ("/api/v3/specialties/?locale=xx", 404),
        ("/api/v3/pages/?limit=0", 422),
        ("/api/v3/pages/?limit=1000", 422),
        ("/api/v3/pages/?offset=-1", 422),
        ("/api/v3/pages/?type=nope.Page", 422),
        ("/api/v3/pages/?child_of=999999", 422),
        ("/api/v3/pages/?order=colour", 422),
        ("/api/v3/pages/?colour=red", 400),
        ("/api/v3/pages/?fallback=en", 400),
        ("/api/v3/pages/?child_of=3&descendant_of=3", 400),
        ("/api/v3/pages/abc/", 422),
        ("/api/v3/pages/99999999999999999999999/", 404),
        ("/api/v3/pages/?offset=99999999999999999999999", 422),
        ("/api/v3/pages", 404),
        ("/api/v3/no-such-endpoint/", 404),
        ("/api/v4/pages/", 404),
        ("/api/v3/pages/1/?version=draft", 401),
        ("/api/v3/whoami/", 401),
    ],
)
def test_v3_errors_are_problem_json(api, path, status):
    assert_problem(api.get(path, **HTML), status)


@pytest.mark.django_db
def test_unknown_locale_of_an_existing_page_is_404(api):
    topic = page_in(TopicPage, "en")

    assert_problem(api.get(f"/api/v3/pages/{topic.pk}/?locale=xx"), 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["Bearer wagtail_not-a-real-token", "Bearer ", "Token abc", "Basic YWRtaW46YWRtaW4="]
)
def test_invalid_token_is_401_even_on_public_reads(api, header):
    assert_problem(api.get("/api/v3/pages/", HTTP_AUTHORIZATION=header), 401)


@pytest.mark.django_db
def test_revoked_token_is_401(api, token, demo_users):
    from wagtail.models import APIToken

    plaintext = token("editor")
    APIToken.objects.filter(user=demo_users["editor"]).update(revoked_at="2026-01-01T00:00Z")

    assert_problem(api.as_user(plaintext).get("/api/v3/pages/"), 401)


@pytest.mark.django_db
def test_writes_without_token_are_401(api):
    body = {"meta": {"type": "topics.TopicPage", "parent_id": 1}, "title": "x", "summary": "y"}

    assert_problem(api.post("/api/v3/pages/", body), 401)
    assert_problem(api.patch("/api/v3/pages/1/", {"title": "x"}), 401)


@pytest.mark.django_db
def test_wrong_method_is_405_json(api):
    assert_problem(api.client.put("/api/v3/locales/"), 405)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v2/pages/999999/", 404),
        ("/api/v2/pages/?locale=xx", 404),
        ("/api/v2/pages/?colour=red", 400),
        ("/api/v2/pages/?fields=colour", 400),
        ("/api/v2/pages/?type=nope.Page", 400),
        ("/api/v2/images/999999/", 404),
        ("/api/v2/documents/999999/", 404),
    ],
)
def test_v2_errors_are_json_even_for_browsers(api, path, status):
    response = api.get(path, **HTML)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


@pytest.mark.django_db
def test_api_404_is_not_redirected_to_a_language_prefix(api):
    response = api.get("/api/v3/pages/999999/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 404
    assert "Location" not in response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v3/pages/?limit=²", "/api/v2/images/?limit=²", "/api/v2/pages/?child_of=٣"]
)
def test_numbers_outside_0_9_are_client_errors(api, path):
    response = api.get(path)

    assert response.status_code in (400, 422), response.content
    assert "json" in response["Content-Type"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/api/v3/locales/", "GET"),
        ("delete", "/api/v3/search/", "GET"),
        ("put", "/api/v3/specialists/find/", "GET"),
        ("delete", "/api/v3/pages/", "GET"),
        ("put", "/api/v2/pages/", "GET"),
        ("post", "/api/v2/images/", "GET"),
    ],
)
def test_405_names_the_allowed_methods(api, method, path, allowed):
    response = getattr(api.client, method)(path)

    assert response.status_code == 405
    assert "json" in response["Content-Type"]
    assert allowed in response["Allow"]


@pytest.mark.django_db
def test_translating_the_root_page_is_refused_not_a_crash(api, token):
    from wagtail.models import Page
    from wagtail_localize.models import TranslationSource

    root = Page.get_first_root_node()
    sources = TranslationSource.objects.count()

    response = api.as_user(token("editor")).post(
        f"/api/v3/pages/{root.pk}/translations/", {"locale": "de"}
    )

    assert response.status_code in (400, 404, 422), response.content
    assert response.json()["detail"]
    assert TranslationSource.objects.count() == sources


@pytest.mark.django_db
def test_translating_the_root_page_in_the_admin_is_a_message(client, demo_users):
    from wagtail.models import Page
    from wagtail_localize.models import TranslationSource

    client.force_login(demo_users["admin"])
    root = Page.get_first_root_node()
    sources = TranslationSource.objects.count()

    response = client.post(f"/admin/cms/pages/{root.pk}/translate/de/", follow=True)

    assert response.status_code in (200, 404)
    assert TranslationSource.objects.count() == sources


@pytest.mark.django_db
@pytest.mark.parametrize("segment", ["abc", "൰", "½", "1.5"])
def test_updating_a_page_that_is_no_id_is_404(api, token, segment):
    response = api.as_user(token("editor")).patch(f"/api/v3/pages/{segment}/", {"title": "x"})

    assert_problem(response, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v3/pages/?offset=", "/api/v2/pages/?child_of="])
def test_numbers_too_long_for_python_are_422(api, path):
    # int() refuses strings of more than 4,300 digits with a ValueError.
    assert_problem(api.get(path + "9" * 5000), 422)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v3/images/1/", [None, None]),
        ("/api/v3/pages/3/", "text"),
        ("/api/v3/redirects/", [1]),
    ],
)
def test_json_bodies_must_be_objects(api, token, path, body):
    """Wagtail's image patch read ``[null, null]`` as an empty update (a 200)."""
    editor = api.as_user(token("editor"))
    write = editor.post if path.endswith("redirects/") else editor.patch

    assert_problem(write(path, body), 422)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v3/images/", "/api/v3/documents/"])
def test_multipart_without_a_boundary_is_400(client, token, path):
    response = client.post(
        path,
        b'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--x--\r\n',
        content_type="multipart/form-data",
        HTTP_AUTHORIZATION=f"Bearer {token('editor')}",
    )

    assert_problem(response, 400)


@pytest.mark.django_db
@pytest.mark.parametrize("meta_type", [[None, None], {}, 3])
def test_a_page_type_that_is_no_text_is_422(api, token, meta_type):
    body = {"meta": {"type": meta_type, "parent_id": 3}, "title": "x"}

    assert_problem(api.as_user(token("editor")).post("/api/v3/pages/", body), 422)
