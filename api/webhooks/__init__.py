"""Webhooks: apps are told when pages change instead of polling the API.

Its own Django app (label ``webhooks``) inside the ``api`` package: the ``api`` app has
no models, and an app of its own keeps the webhook tables, migrations and permissions
(``webhooks.*``) together, removable as one entry of ``INSTALLED_APPS``. It sits in the
``api`` layer: it reads ``cms`` (page events, public URLs, visibility) and nothing
imports it.

How it fits together (``docs/webhooks.md`` for app developers):

* ``events``: ``cms.page_events.page_event`` -> one ``WebhookDelivery`` row per
  subscribed endpoint, written in the publishing transaction (an outbox: a rolled-back
  publish announces nothing), and a delivery task enqueued on commit;
* ``delivery``: sends due deliveries, oldest first per endpoint, signs them
  (``signing``), records the answer and schedules retries with exponential backoff;
* ``tasks``: the django-tasks task; ``manage.py deliver_webhooks`` (cron or a worker)
  delivers whatever is due, whichever task backend runs;
* ``wagtail_hooks``: the admin's endpoint and delivery-log views, administrators only.
"""
