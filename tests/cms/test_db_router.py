"""The replica router (cms.db_router): who reads from the replica, and falling back.

The replica here is a real PostgreSQL address that nothing listens on: the promise
under test is that an unreachable replica costs visitors nothing. Streaming from a
live replica is proven by the cluster tests (tests/cluster/).
"""

import dj_database_url
import pytest

from django.db import connections
from django.test import RequestFactory

from cms import db_router

UNREACHABLE_REPLICA = "postgres://postgres@127.0.0.1:1/replica"


@pytest.fixture
def replica(db):
    """A ``replica`` alias for the duration of a test, as DATABASE_REPLICA_URL makes it.

    Added after the test database is set up (``db`` first), as a second address
    the test may connect to."""
    default = connections.settings["default"]
    configured = connections.configure_settings(
        {"default": dict(default), "replica": dj_database_url.parse(UNREACHABLE_REPLICA)}
    )
    configured["replica"]["OPTIONS"]["connect_timeout"] = 1
    connections.settings["replica"] = configured["replica"]
    db_router.replica.reset()
    yield db_router.replica
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]
    db_router.replica.reset()


@pytest.mark.parametrize(
    ("method", "path", "cookies", "headers", "eligible"),
    [
        ("GET", "/en/", {}, {}, True),
        ("HEAD", "/api/v3/pages/", {}, {}, True),
        ("POST", "/en/", {}, {}, False),
        ("GET", "/admin/", {}, {}, False),
        ("GET", "/en/", {"sessionid": "x"}, {}, False),
        ("GET", "/en/", {db_router.PIN_COOKIE: "1"}, {}, False),
        ("GET", "/api/v3/pages/", {}, {"Authorization": "Bearer t"}, False),
    ],
    ids=["page", "api", "write", "admin", "session", "pinned", "token"],
)
def test_only_anonymous_reads_that_wrote_nothing_may_use_the_replica(
    method, path, cookies, headers, eligible
):
    request = RequestFactory().generic(method, path, headers=headers)
    request.COOKIES.update(cookies)

    assert db_router.replica_eligible(request) is eligible


def test_writes_go_to_the_primary_even_inside_a_replica_read(replica):
    router = db_router.ReplicaRouter()
    token = db_router._reading_from_replica.set(True)
    replica.usable, replica.checked = True, float("inf")  # as if just checked
    try:
        assert router.db_for_read(None) == db_router.REPLICA
        assert router.db_for_write(None) == db_router.PRIMARY
    finally:
        db_router._reading_from_replica.reset(token)
    assert router.db_for_read(None) == db_router.PRIMARY  # outside a replica read


def test_an_unreachable_replica_is_skipped_and_the_page_served(client, replica):
    response = client.get("/en/")

    assert response.status_code == 200
    assert replica.usable is False


def test_a_write_pins_the_client_to_the_primary(client, replica):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code < 400
    assert response.cookies[db_router.PIN_COOKIE]["max-age"] > 0


@pytest.mark.django_db
def test_without_a_replica_nothing_is_pinned(client):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})

    assert db_router.PIN_COOKIE not in response.cookies
