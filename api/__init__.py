"""The headless API: generic machinery, and what it shows of each content app.

``api`` sits above the content apps: none of them imports it. What the API shows of an
app's page types (and the app's own endpoints) is declared in ``api.content.<app>``
through the functions re-exported here, from ``ApiConfig.ready()``; ``api.urls``, which
``cms.urls`` includes by name, mounts the result on Wagtail's v3 ``api`` object.
"""

from .registry import add_page_field, add_router, register_page_type

__all__ = ["add_page_field", "add_router", "register_page_type"]
