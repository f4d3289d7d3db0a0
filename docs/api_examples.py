"""Write docs/api-examples.md: one real request and response for every API endpoint.

    .venv/bin/python docs/api_examples.py

Builds the demo site in a throwaway SQLite database, calls each endpoint through
Django's test client (reads anonymously, writes with an editor's or a translator's
token) and records the answers, long lists cut to their first items. Re-run it after
changing the API so the examples stay true.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/examples.sqlite3"
os.environ.setdefault("RATE_LIMIT_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from wagtail.models import APIToken, Page  # noqa: E402

from cms import integrity  # noqa: E402
from specialists.models import SpecialistPage  # noqa: E402

LIST_ITEMS = 2
DEPTH_CUT = 6


def trim(value, depth=0):
    """Keep examples readable: lists cut to two items, deep structures elided."""
    if isinstance(value, list):
        kept = [trim(item, depth + 1) for item in value[:LIST_ITEMS]]
        return kept + ([f"… {len(value) - LIST_ITEMS} more"] if len(value) > LIST_ITEMS else [])
    if isinstance(value, dict):
        if depth > DEPTH_CUT:
            return "…"
        return {key: trim(item, depth + 1) for key, item in value.items()}
    if isinstance(value, str) and len(value) > 160:
        return value[:157] + "…"
    return value


def demo_photo():
    """The demo has no images: one 2000x1333 photo (its focal point on the right), so the
    image examples show a full srcset."""
    import io

    from PIL import Image as Picture

    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    picture = Picture.radial_gradient("L").resize((2000, 1333)).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return get_image_model().objects.create(
        title="Consultation room",
        description="A bright consultation room",
        file=ImageFile(buffer, name="consultation-room.jpg"),
        focal_point_x=1500,
        focal_point_y=600,
        focal_point_width=300,
        focal_point_height=300,
    )


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("demo_users", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    editor = APIToken.create_token(user=users.get(username="editor"), name="docs")[1]
    translator = APIToken.create_token(user=users.get(username="translator_fr"), name="docs")[1]
    reviewer = APIToken.create_token(user=users.get(username="reviewer"), name="docs")[1]
    topic_de = Page.objects.get(locale__language_code="de", slug="lebermetastasen")
    topic_en = topic_de.get_translation(topic_de.locale.get_default())
    therapy = Page.objects.filter(locale__language_code="en", slug="sirt").first()
    topic_index = topic_en.get_parent()
    client = Client()

    def call(method, path, body=None, token=None, note=""):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if body is None:
            response = getattr(client, method)(path, **headers)
        else:
            response = getattr(client, method)(
                path, json.dumps(body), content_type="application/json", **headers
            )
        try:
            shown = json.dumps(trim(json.loads(response.content)), indent=2, ensure_ascii=False)
        except ValueError:
            shown = response.content.decode()[:600]
        auth = " (with a token)" if token else ""
        lines = [f"### `{method.upper()} {path}`{auth}", ""]
        if note:
            lines += [note, ""]
        if body is not None:
            lines += ["Request body:", "```json", json.dumps(body, indent=2), "```", ""]
        if response.has_header("Location"):
            lines += [f"Response `{response.status_code}`, `Location: {response['Location']}`", ""]
            return "\n".join(lines)
        lines += [f"Response `{response.status_code}`:", "```json", shown, "```", ""]
        return "\n".join(lines)

    created = client.post(
        "/api/v3/pages/",
        json.dumps(
            {
                "meta": {"type": "topics.TopicPage", "parent_id": topic_index.pk},
                "title": "Bone metastases",
                "summary": "Tumours that spread to the bones.",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {editor}",
    ).json()
    new_id = created["id"]
    photo = demo_photo()
    specialist = SpecialistPage.objects.filter(locale__language_code="en").first()
    specialist.photo = photo
    with integrity.administration("API examples: a specialist's photo"):
        specialist.save_revision().publish()
    rendition = f"/api/v3/images/{photo.pk}/rendition/"

    def draft(title, summary):
        """A topic submitted for review by the editor: its id."""
        body = {"meta": {"type": "topics.TopicPage", "parent_id": topic_index.pk}}
        page = client.post(
            "/api/v3/pages/",
            json.dumps({**body, "title": title, "summary": summary}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {editor}",
        ).json()
        client.post(
            f"/api/v3/pages/{page['id']}/actions/submit/",
            "{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {editor}",
        )
        return page["id"]

    to_approve = draft("Lung metastases", "Tumours that spread to the lungs.")
    to_reject = draft("Brain metastases", "Tumours that spread to the brain.")
    sections = [
        "# API v3 by example",
        "",
        "Generated by `docs/api_examples.py` against the demo content; lists are cut to "
        f"{LIST_ITEMS} items. The full contract is `/api/v3/openapi.json` "
        "(interactive at `/api/v3/docs/`).",
        "",
        "## Reads (public)",
        "",
        call("get", "/api/v3/locales/"),
        call("get", "/api/v3/pages/?type=topics.TopicPage&locale=de"),
        call("get", f"/api/v3/pages/{topic_de.pk}/"),
        call("get", f"/api/v3/pages/{therapy.pk}/?locale=it&fallback=en"),
        call("get", "/api/v3/pages/find/?html_path=/de/themen/lebermetastasen/&locale=fr"),
        call("get", f"/api/v3/pages/{topic_en.pk}/translation-status/"),
        call("get", "/api/v3/site/menu/fr/"),
        call("get", "/api/v3/site/display-options/de/"),
        call("get", "/api/v3/specialties/?locale=it"),
        call("get", "/api/v3/search/?q=Chemotherapie&locale=de"),
        call("get", "/api/v3/specialists/find/?locale=fr&near=Zurich&radius=100&sort=distance"),
        "## Images",
        "",
        "Every image value (a specialist's `photo`, an image block) has three fixed "
        "`renditions` and a `srcset` per format (`original`, `webp`, `avif` where the "
        "server's Pillow writes AVIF) in the allowed widths up to the original's: one "
        "`<source type srcset>` each in a `<picture>`. Other sizes come from "
        "`/api/v3/images/<id>/rendition/`, from the allowed list only "
        "(`CMS_API_IMAGE_RENDITIONS`: widths 320-1600, heights 16:9, 4:3 and 1:1 of them, "
        "`jpeg png webp avif`, fits `width max fill`); `fill` crops around the focal point "
        "editors set on the image. Anything else is a 400 naming the parameter (numbers in "
        "other digits or beyond 64 bits: the API-wide 422). A rendition is made on the "
        "first request and reused after.",
        "",
        call("get", f"/api/v3/pages/{specialist.pk}/?fields=_,photo"),
        call("get", f"{rendition}?width=800&height=600&fit=fill&format=webp"),
        call("get", f"{rendition}?width=1600"),
        call("get", f"{rendition}?width=333&format=tiff"),
        call("get", "/api/v3/images/"),
        "## Queries: fields, filters, order, expand, depth",
        "",
        call("get", "/api/v3/pages/?type=topics.TopicPage&fields=_,title,summary&limit=2",
             note="`fields=` as in Wagtail: `_` keeps only `id`, `type` and `meta`; "
             "`-summary` removes a field, `*` shows every field."),
        call("get", "/api/v3/pages/?type=topics.TherapyPage&therapy_type__in=surgery,ablation"
             "&order=-next_review_due&fields=therapy_type,medical_review",
             note="Typed filters a page type declares (exact, `__in`, date ranges such as "
             "`next_review_due__lt=2027-01-01`, `translation_status=outdated`) and `order=` "
             "by any of them (`-` for descending; several, comma-separated)."),
        call("get", f"/api/v3/pages/{topic_en.pk}/?expand=therapies&fields=_,therapies",
             note="`expand=` shows relations as the related pages' summary cards "
             "(`PageCard` in the OpenAPI document) instead of `{id, title, url, locale}`."),
        call("get", f"/api/v3/pages/{topic_en.pk}/?fields=_,therapies(title,specialists)"
             "&expand=therapies.specialists",
             note="A selection inside a relation expands it with those fields; "
             "`therapies.specialists` expands a second level (at most 2)."),
        call("get", f"/api/v3/pages/{therapy.pk}/?depth=1&fields=_,topics",
             note="`depth=1` (or 2) expands every relation that many levels."),
        call("get", "/api/v2/pages/?type=topics.TopicPage&locale=de&fields=summary"),
        "## Bad input",
        "",
        call("get", "/api/v3/search/?q=liver&type=recipes"),
        call("get", "/api/v3/specialists/find/?radius=far"),
        call("get", "/api/v3/site/menu/xx/"),
        call("get", "/api/v3/pages/?limit=abc"),
        "## Writes (token)",
        "",
        call(
            "post",
            "/api/v3/pages/",
            {
                "meta": {"type": "topics.TopicPage", "parent_id": topic_index.pk},
                "title": "Peritoneal metastases",
                "summary": "Tumours that spread to the lining of the abdomen.",
            },
            token=editor,
            note="An editor creates a draft; readers cannot see it until it is published.",
        ),
        call("patch", f"/api/v3/pages/{new_id}/", {"summary": "Spread to bone."}, editor),
        call("post", f"/api/v3/pages/{new_id}/actions/publish/", {}, editor,
             note="Editors cannot publish past medical review."),
        call("post", f"/api/v3/pages/{new_id}/actions/submit/", {}, editor),
        call("get", f"/api/v3/pages/{new_id}/?version=draft", token=editor),
        call("get", f"/api/v3/pages/{new_id}/revisions/", token=editor,
             note="Revisions, for users who may edit the page (Wagtail's v3 paths)."),
        call("post", f"/api/v3/pages/{to_approve}/actions/approve/",
             {"comment": "Checked against the guideline."}, reviewer,
             note="A reviewer approves the current review task (not their own edit: the "
             "four-eyes rule applies as in the admin); the last task publishes."),
        call("post", f"/api/v3/pages/{to_reject}/actions/reject/",
             {"comment": "Please cite the 2025 guideline."}, reviewer,
             note="Reject is the admin's \"Request changes\": the page goes back to the editor."),
        call("post", f"/api/v3/pages/{to_approve}/actions/unpublish/", {}, reviewer,
             note="Wagtail's unpublish action; `{\"recursive\": true}` takes the children "
             "down too."),
        call("post", f"/api/v3/pages/{new_id}/preview-link/", {}, editor),
        call("post", f"/api/v3/pages/{topic_en.pk}/translations/", {"locale": "fr"}, translator,
             note="Starts (or resumes) a wagtail-localize translation, with its progress."),
        call("get", f"/api/v3/pages/{topic_en.pk}/translations/fr/", token=translator),
        call("get", f"/api/v3/pages/{topic_en.pk}/translations/fr/po/", token=translator),
        call("post", f"/api/v3/pages/{topic_en.pk}/translations/", {"locale": "de"}, translator,
             note="A French translator cannot touch German."),
        "## Beyond REST",
        "",
        "- **Webhooks**: instead of polling, register an endpoint (Admin → Settings → "
        "Webhooks) and receive signed `page.published`, `page.unpublished`, … events; "
        "see [webhooks.md](webhooks.md).",
        "- **GraphQL** at `/api/graphql/` answers through the same read path (same fields, "
        "languages and visibility); see [graphql.md](graphql.md).",
        "- Coming from Contentful or Strapi: [api-for-app-developers.md]"
        "(api-for-app-developers.md) maps their parameters to ours.",
        "",
    ]  # fmt: skip
    target = ROOT / "docs" / "api-examples.md"
    target.write_text("\n".join(sections))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
