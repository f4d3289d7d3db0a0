"""The request id (cms.metrics): nginx's id is answered, logged on the node's request
line and never taken from a header that is not a plain id."""

import re

import pytest

from cms import metrics

from ..utils import log_records


@pytest.fixture
def request_lines():
    with log_records("cms.requests") as records:
        yield records


@pytest.mark.django_db
def test_the_node_logs_one_line_per_request_under_nginx_s_request_id(client, request_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "9eb9251915f7614b"})

    assert response["X-Request-ID"] == "9eb9251915f7614b"
    (line,) = request_lines
    assert line.request_id == "9eb9251915f7614b"
    assert re.fullmatch(r"GET /healthz 200 \d+ms", line.getMessage())
    assert metrics.current_request_id() == ""  # not left behind for the next request


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["", "a b", "x" * 65, "id\r\nX-Evil: 1", "<script>"])
def test_an_id_that_is_not_a_plain_token_is_replaced(client, request_lines, forged):
    response = client.get("/healthz", headers={"X-Request-ID": forged})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert request_lines[0].request_id == response["X-Request-ID"]
