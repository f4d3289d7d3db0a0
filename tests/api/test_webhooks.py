"""Webhooks: real deliveries to a local HTTP server, signed, retried, in order, never in
the publish's way, and managed by administrators only."""

import json
import re
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from api.webhooks import signing
from api.webhooks.delivery import deliver_due
from api.webhooks.models import WebhookDelivery, WebhookEndpoint, validate_webhook_url
from cms import page_events, roles
from cms.translation_status import Status, statuses_for
from topics.models import TopicPage

from ..utils import english_topic, free_port, translate


class Receiver:
    """An HTTP server on 127.0.0.1 that records every request and answers as told."""

    def __init__(self):
        self.requests = []
        self.statuses = []  # answered in turn; 200 once they run out
        self.hang = threading.Event()  # set: requests wait until released
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                if receiver.hang.is_set():
                    receiver.release.wait(10)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"<h1>Server error</h1>")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def payloads(self):
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    server = Receiver()
    server.thread.start()
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def endpoint(receiver):
    def make(events=page_events.EVENTS, url=None):
        return WebhookEndpoint.objects.create(
            name="App", url=url or receiver.url, events=list(events)
        )

    return make


def deliveries(endpoint):
    return list(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("pk"))


def publish_topic(commit, slug="webhook-topic", title="Webhook topic"):
    return commit(english_topic, title=title, slug=slug)


# Delivery, payload, signature ---------------------------------------------------------


@pytest.mark.django_db
def test_a_publish_is_delivered_signed_after_the_commit(receiver, endpoint, commit):
    hook = endpoint()

    page = publish_topic(commit)

    [request] = receiver.requests
    body = request["body"]
    assert request["path"] == "/hooks/cms"
    assert signing.verify(hook.secret, request["headers"]["Webhook-Signature"], body)
    payload = json.loads(body)
    [delivery] = deliveries(hook)
    assert payload["id"] == str(delivery.uuid) == request["headers"]["Webhook-Id"]
    assert payload["event"] == "page.published" == request["headers"]["Webhook-Event"]
    assert payload["page"] == {
        "id": page.pk,
        "locale": "en",
        "translation_key": str(page.translation_key),
        "path": "/en/topics/webhook-topic/",
        "url": f"{_public()}/en/topics/webhook-topic/",
        "api_url": f"{_public()}/api/v3/pages/{page.pk}/",
    }
    assert payload["occurred_at"].endswith("Z")
    assert delivery.status == WebhookDelivery.DELIVERED
    assert (delivery.attempts, delivery.response_status, delivery.response_excerpt) == (
        1,
        200,
        "ok",
    )


def _public():
    from django.conf import settings

    return settings.CMS_PUBLIC_BASE_URL


@pytest.mark.django_db
def test_the_signature_fails_for_another_body_secret_or_an_old_timestamp(
    receiver, endpoint, commit
):
    hook = endpoint()
    publish_topic(commit)
    [request] = receiver.requests
    header, body = request["headers"]["Webhook-Signature"], request["body"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)

    assert not signing.verify(hook.secret, header, body + b" ")
    assert not signing.verify(hook.secret + "x", header, body)
    assert not signing.verify(hook.secret, header, body, now=time.time() + 600)
    assert not signing.verify(hook.secret, "v1=" + header.split("v1=")[1], body)


@given(header=st.text(max_size=80), body=st.binary(max_size=40))
@hypothesis_settings(max_examples=200, deadline=None)
def test_verifying_any_header_never_raises(header, body):
    assert signing.verify("whsec_x", header, body) in (True, False)


@pytest.mark.django_db
def test_a_rolled_back_publish_announces_nothing(
    receiver, endpoint, django_capture_on_commit_callbacks
):
    hook = endpoint()
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        english_topic(title="Never", slug="never")
        raise RuntimeError
    assert deliveries(hook) == []
    assert receiver.requests == []


# Retries, ordering ------------------------------------------------------------------


@pytest.mark.django_db
def test_server_errors_are_retried_with_growing_waits_then_delivered(
    receiver, endpoint, commit, settings
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    hook = endpoint()
    receiver.statuses = [500, 503]

    publish_topic(commit)
    [delivery] = deliveries(hook)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.response_excerpt == "<h1>Server error</h1>"
    first_wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert first_wait == timedelta(seconds=60)

    # Not due yet: nothing is sent.
    assert deliver_due(now=delivery.next_attempt_at - timedelta(seconds=1))["waiting"] == 1
    assert len(receiver.requests) == 1

    deliver_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_status) == (2, 503)
    assert delivery.next_attempt_at - delivery.last_attempt_at == timedelta(seconds=240)

    assert deliver_due(now=delivery.next_attempt_at)["delivered"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 3, 200)
    # The same signed body each time, the attempt counted in a header.
    assert {request["body"] for request in receiver.requests} == {delivery.body.encode()}
    assert [r["headers"]["Webhook-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    for request in receiver.requests:
        assert signing.verify(hook.secret, request["headers"]["Webhook-Signature"], request["body"])


@pytest.mark.django_db
def test_deliveries_go_out_in_order_and_wait_for_an_earlier_one(receiver, endpoint, commit):
    hook = endpoint()
    receiver.statuses = [500]

    def three_events():
        first = english_topic(title="First", slug="first")
        english_topic(title="Second", slug="second")
        first.unpublish()

    commit(three_events)

    created = deliveries(hook)
    assert [d.event for d in created] == ["page.published", "page.published", "page.unpublished"]
    # The first failed; the other two are due but wait behind it.
    assert len(receiver.requests) == 1
    assert [d.attempts for d in created] == [1, 0, 0]

    later = timezone.now() + timedelta(hours=1)
    assert deliver_due(now=later) == {"delivered": 3, "failed": 0, "waiting": 0}
    sent = [request["headers"]["Webhook-Id"] for request in receiver.requests]
    expected = [str(created[0].uuid)] + [str(d.uuid) for d in created]
    assert sent == expected


@pytest.mark.django_db
def test_a_delivery_given_up_on_no_longer_holds_the_queue(receiver, endpoint, commit, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    hook = endpoint()
    receiver.statuses = [500] * 3

    commit(lambda: [english_topic(title="A", slug="a"), english_topic(title="B", slug="b")])
    later = timezone.now()
    for _ in range(3):
        later += timedelta(days=1)
        deliver_due(now=later)

    first, second = deliveries(hook)
    assert (first.status, first.attempts, first.next_attempt_at) == ("failed", 3, None)
    assert second.status == "delivered"
    assert len(receiver.requests) == 4


@pytest.mark.django_db
def test_a_delivery_claimed_by_another_worker_is_not_sent_twice(receiver, endpoint, commit):
    hook = endpoint()
    receiver.statuses = [500]
    publish_topic(commit)
    [delivery] = deliveries(hook)
    stale = WebhookDelivery.objects.get(pk=delivery.pk)
    later = timezone.now() + timedelta(hours=1)

    deliver_due(now=later)  # this worker sends attempt 2
    from api.webhooks.delivery import attempt

    assert attempt(stale, hook, now=later, timeout=1) is False  # the other one read attempt 1
    assert len(receiver.requests) == 2


# The publish never waits long, never fails --------------------------------------------


@pytest.mark.django_db
def test_a_hanging_endpoint_delays_the_publish_by_the_short_timeout_only(
    receiver, endpoint, commit, settings
):
    settings.WEBHOOK_FIRST_ATTEMPT_TIMEOUT = 0.5
    hook = endpoint()
    receiver.hang.set()

    started = time.monotonic()
    page = publish_topic(commit)
    elapsed = time.monotonic() - started

    assert TopicPage.objects.get(pk=page.pk).live
    assert elapsed < 2.5, elapsed
    [delivery] = deliveries(hook)
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "timed out" in delivery.error
    receiver.release.set()


@pytest.mark.django_db
def test_an_endpoint_that_is_down_does_not_fail_the_publish(endpoint, commit):
    hook = endpoint(url=f"http://127.0.0.1:{free_port()}/down")

    started = time.monotonic()
    page = publish_topic(commit)

    assert time.monotonic() - started < 2.5
    assert TopicPage.objects.get(pk=page.pk).live
    [delivery] = deliveries(hook)
    assert delivery.status == "pending" and "Connection" in delivery.error


@pytest.mark.django_db
def test_the_admin_publish_answers_while_the_endpoint_hangs(
    receiver, endpoint, client, users, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_FIRST_ATTEMPT_TIMEOUT = 0.5
    hook = endpoint(events=[page_events.UNPUBLISHED])
    receiver.hang.set()
    page = english_topic(title="Admin unpublish", slug="admin-unpublish")
    client.force_login(users["admin"])

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    assert time.monotonic() - started < 2.5
    assert not TopicPage.objects.get(pk=page.pk).live
    assert [d.event for d in deliveries(hook)] == ["page.unpublished"]
    receiver.release.set()


# Events ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_endpoint_gets_only_the_events_it_asked_for(receiver, endpoint, commit):
    published = endpoint(events=[page_events.PUBLISHED])
    gone = endpoint(events=[page_events.UNPUBLISHED, page_events.DELETED])

    page = publish_topic(commit)
    commit(page.unpublish)
    commit(TopicPage.objects.get(pk=page.pk).delete)

    assert [d.event for d in deliveries(published)] == ["page.published"]
    assert [d.event for d in deliveries(gone)] == ["page.unpublished", "page.deleted"]
    # A live page deleted is announced once, as deleted; a draft never published is no news.
    live = publish_topic(commit, slug="deleted-live", title="Deleted live")
    draft = english_topic(title="Draft", slug="draft", publish=False)
    commit(TopicPage.objects.get(pk=live.pk).delete)
    commit(TopicPage.objects.get(pk=draft.pk).delete)
    assert [(d.event, d.page_id) for d in deliveries(gone)][2:] == [("page.deleted", live.pk)]
    deleted = json.loads(deliveries(gone)[-1].body)["page"]
    assert deleted["id"] == live.pk and deleted["path"] == "/en/topics/deleted-live/"


@pytest.mark.django_db
def test_translations_published_and_outdated(receiver, endpoint, commit, users):
    hook = endpoint(events=[page_events.TRANSLATION_PUBLISHED, page_events.TRANSLATION_OUTDATED])
    english = english_topic(user=users["editor"])
    german = translate(english, "de", commit)
    assert [(d.event, d.page_id) for d in deliveries(hook)] == [
        ("translation.published", german.pk)
    ]
    assert json.loads(deliveries(hook)[0].body)["page"]["locale"] == "de"

    # A review date is not text: nothing goes out of date.
    source = english.get_latest_revision_as_object()
    source.next_review_due = timezone.localdate() + timedelta(days=400)
    commit(source.save_revision(user=users["admin"]).publish, user=users["admin"])
    assert len(deliveries(hook)) == 1

    source = TopicPage.objects.get(pk=english.pk).get_latest_revision_as_object()
    source.summary = "New evidence changed the advice."
    commit(source.save_revision(user=users["admin"]).publish, user=users["admin"])

    assert statuses_for([TopicPage.objects.get(pk=english.pk)])[english.pk]["de"].status == (
        Status.OUTDATED
    )
    assert [(d.event, d.page_id) for d in deliveries(hook)][1:] == [
        ("translation.outdated", german.pk)
    ]
    assert [p["event"] for p in receiver.payloads()] == [
        "translation.published",
        "translation.outdated",
    ]


@pytest.mark.django_db
def test_review_due_is_announced_once_per_due_date(receiver, endpoint, commit):
    hook = endpoint(events=[page_events.REVIEW_DUE])
    page = publish_topic(commit)
    due = timezone.localdate() - timedelta(days=1)
    TopicPage.objects.filter(pk=page.pk).update(next_review_due=due)

    for _ in range(2):
        with transaction.atomic():
            call_command("announce_review_due", stdout=open("/dev/null", "w"))  # noqa: SIM115
    mine = [d for d in deliveries(hook) if d.page_id == page.pk]
    assert len(mine) == 1
    assert json.loads(mine[0].body)["page"]["next_review_due"] == due.isoformat()
    count = len(deliveries(hook))

    TopicPage.objects.filter(pk=page.pk).update(next_review_due=due + timedelta(days=1))
    call_command("announce_review_due", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(deliveries(hook)) == count + 1


@pytest.mark.django_db
def test_pages_in_private_sections_are_not_announced(receiver, endpoint, commit):
    hook = endpoint()
    page = publish_topic(commit)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    revision = TopicPage.objects.get(pk=page.pk).save_revision()
    commit(revision.publish)
    commit(TopicPage.objects.get(pk=page.pk).unpublish)

    assert [d.event for d in deliveries(hook)] == ["page.published"]


# Where requests may go -----------------------------------------------------------------


@pytest.mark.django_db
def test_private_addresses_are_refused_unless_allowed(receiver, endpoint, commit, settings):
    hook = endpoint()
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False

    publish_topic(commit)

    assert receiver.requests == []
    [delivery] = deliveries(hook)
    assert delivery.status == "pending" and "private or reserved" in delivery.error


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/x",
        "file:///etc/passwd",
        "gopher://x",
        "http://",
        "http://u:p@example.org/",
    ],
)
def test_only_http_and_https_addresses_are_accepted(url):
    with pytest.raises(ValidationError):
        validate_webhook_url(url)


@pytest.mark.parametrize("url", ["http://example.org:99999/", "http://[::1/", "https://[x]/"])
def test_addresses_that_do_not_parse_are_refused_not_500s(url):
    with pytest.raises(ValidationError):
        validate_webhook_url(url)


@given(url=st.one_of(st.text(max_size=60), st.text(max_size=40).map("http://".__add__)))
@hypothesis_settings(max_examples=400, deadline=None)
def test_any_text_is_refused_or_an_http_address(url):
    try:
        validate_webhook_url(url)
    except ValidationError:
        return
    assert url.lower().startswith(("http://", "https://"))


@pytest.mark.django_db
def test_a_stored_address_that_cannot_be_sent_to_is_a_failed_attempt(endpoint, commit):
    hook = endpoint(url="http://127.0.0.1:99999/")  # saved without validation

    publish_topic(commit)

    [delivery] = deliveries(hook)
    assert delivery.status == "pending" and "not a valid address" in delivery.error


# Admin ---------------------------------------------------------------------------------


def admin_urls(hook, delivery):
    endpoints, logs = "webhook_endpoints", "webhook_deliveries"
    urls = [reverse(f"{endpoints}:{name}") for name in ("index", "index_results", "add")]
    urls += [
        reverse(f"{endpoints}:{name}", args=[hook.pk])
        for name in ("edit", "delete", "history", "usage")
    ]
    urls += [reverse(f"{logs}:{name}") for name in ("index", "index_results", "add")]
    urls += [
        reverse(f"{logs}:{name}", args=[delivery.pk])
        for name in ("edit", "delete", "history", "usage", "inspect")
    ]
    return urls


@pytest.fixture
def logged(receiver, endpoint, commit):
    hook = endpoint()
    publish_topic(commit)
    return hook, deliveries(hook)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["editor", "reviewer", "translator_de", "translation_reviewer_de", "reviewer_ls"]
)
def test_nobody_but_administrators_reaches_any_webhook_screen(client, users, logged, username):
    hook, delivery = logged
    client.force_login(users[username])
    for url in admin_urls(hook, delivery):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x"}).status_code == 403, url
    assert WebhookEndpoint.objects.get(pk=hook.pk).name == "App"
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "webhook" not in menu.lower()


@pytest.fixture
def administrator(users):
    """A member of the Administrators role, not a superuser."""
    user = get_user_model().objects.create_user("role_admin", "role_admin@example.org", "x")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "administrators role"])
def test_administrators_manage_endpoints_and_read_the_log(
    client, users, administrator, logged, who, receiver
):
    hook, delivery = logged
    client.force_login(users["admin"] if who == "superuser" else administrator)

    listing = client.get(reverse("webhook_endpoints:index")).content.decode()
    assert hook.masked_secret in listing and hook.secret not in listing
    log = client.get(reverse("webhook_deliveries:index"), {"endpoint": hook.pk})
    assert log.status_code == 200 and "page.published" in log.content.decode()
    for nonsense in ({"endpoint": "x"}, {"status": "lost", "event": "<b>"}, {"p": "-1"}):
        assert client.get(reverse("webhook_deliveries:index"), nonsense).status_code in (200, 404)
    detail = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert detail.status_code == 200 and delivery.response_excerpt in detail.content.decode()
    assert hook.secret not in detail.content.decode()
    # The log is a record: nobody adds, edits or deletes deliveries.
    for name, args in (("add", []), ("edit", [delivery.pk]), ("delete", [delivery.pk])):
        assert client.get(reverse(f"webhook_deliveries:{name}", args=args)).status_code == 403

    response = client.post(
        reverse("webhook_endpoints:add"),
        {"name": "Mobile app", "url": receiver.url, "events": ["page.published"], "active": "on"},
        follow=True,
    )
    created = WebhookEndpoint.objects.get(name="Mobile app")
    assert created.secret.startswith("whsec_") and created.secret in response.content.decode()
    assert created.secret not in client.get(reverse("webhook_endpoints:index")).content.decode()

    edit = reverse("webhook_endpoints:edit", args=[created.pk])
    assert created.secret not in client.get(edit).content.decode()
    client.post(edit, {"name": "Mobile app", "url": receiver.url, "events": ["page.published"]})
    assert WebhookEndpoint.objects.get(pk=created.pk).secret == created.secret
    client.post(
        edit,
        {
            "name": "Mobile app",
            "url": receiver.url,
            "events": ["page.published"],
            "new_secret": "on",
        },
    )
    assert WebhookEndpoint.objects.get(pk=created.pk).secret != created.secret


@pytest.mark.django_db
def test_the_admin_form_refuses_other_schemes_and_unknown_events(client, users):
    client.force_login(users["admin"])
    response = client.post(
        reverse("webhook_endpoints:add"),
        {"name": "Bad", "url": "ftp://example.org/", "events": ["page.exploded"]},
    )
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.filter(name="Bad").exists()
    errors = response.context["form"].errors
    assert set(errors) == {"url", "events"}


@pytest.mark.django_db
def test_deliver_webhooks_command_sends_what_is_due(receiver, endpoint, commit):
    hook = endpoint()
    receiver.statuses = [500]
    publish_topic(commit)
    WebhookDelivery.objects.filter(endpoint=hook).update(next_attempt_at=timezone.now())

    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [d.status for d in deliveries(hook)] == ["delivered"]
    assert len(receiver.requests) == 2


@pytest.mark.django_db
def test_finished_deliveries_leave_the_log_after_the_retention_pending_ones_stay(
    receiver, endpoint, commit, settings
):
    settings.WEBHOOK_LOG_DAYS = 30
    hook = endpoint()
    for number in range(4):
        publish_topic(commit, slug=f"kept-topic-{number}", title=f"Kept {number}")
    old, retrying, retried_lately, recent = deliveries(hook)
    long_ago = timezone.now() - timedelta(days=31)
    WebhookDelivery.objects.filter(pk__in=[old.pk, retrying.pk, retried_lately.pk]).update(
        created_at=long_ago, last_attempt_at=long_ago
    )
    WebhookDelivery.objects.filter(pk=retrying.pk).update(
        status=WebhookDelivery.PENDING, next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    WebhookDelivery.objects.filter(pk=retried_lately.pk).update(
        status=WebhookDelivery.FAILED, last_attempt_at=timezone.now() - timedelta(days=29)
    )

    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115

    left = set(WebhookDelivery.objects.filter(endpoint=hook).values_list("pk", flat=True))
    assert left == {retrying.pk, retried_lately.pk, recent.pk}
