"""The signature apps check: HMAC-SHA256 of ``"<timestamp>.<body>"`` with the endpoint's secret.

Sent as ``Webhook-Signature: t=<unix seconds>,v1=<hex digest>``. The timestamp is the
attempt's, so a receiver can refuse old or replayed requests (``TOLERANCE``); the body
is the same bytes on every attempt. ``docs/webhooks.md`` shows the receiver's side,
which is ``verify`` below.
"""

import hashlib
import hmac
import time

HEADER = "Webhook-Signature"
TOLERANCE = 300  # seconds a receiver should accept between signing and receiving


def signature(secret, timestamp, body):
    message = f"{int(timestamp)}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_value(secret, timestamp, body):
    return f"t={int(timestamp)},v1={signature(secret, timestamp, body)}"


def verify(secret, header, body, *, now=None, tolerance=TOLERANCE):
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds."""
    fields = {}
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))
