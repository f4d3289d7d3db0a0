"""The headless API: generic machinery that content apps plug their page types into.

``cms`` never imports a content app. Each app describes its page types and extra fields
in its own ``api.py`` (called from its ``AppConfig.ready()``) through the functions
re-exported here; ``cms.urls`` mounts the result on Wagtail's v3 ``api`` object.
"""

from .registry import add_page_field, add_router, register_page_type

__all__ = ["add_page_field", "add_router", "register_page_type"]
