"""Fixtures for API tests: demo logins with tokens and a small JSON client."""

import json

import pytest


class API:
    """The Django test client, speaking JSON with an optional bearer token."""

    def __init__(self, client, token=None):
        self.client = client
        self.token = token

    def as_user(self, token):
        return API(self.client, token)

    def _headers(self, headers):
        if self.token:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token}")
        return headers

    def get(self, path, data=None, **headers):
        return self.client.get(path, data, **self._headers(headers))

    def post(self, path, data=None, **headers):
        body = json.dumps(data if data is not None else {})
        return self.client.post(
            path, body, content_type="application/json", **self._headers(headers)
        )

    def patch(self, path, data, **headers):
        return self.client.patch(
            path, json.dumps(data), content_type="application/json", **self._headers(headers)
        )


@pytest.fixture
def api(client):
    return API(client)
