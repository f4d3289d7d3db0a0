"""The API's URLs (/api/v3/, /api/v2/, JSON 404s under /api/): ``cms.urls`` includes
this module by name, so ``cms`` does not import the layer above it."""

from .mount import urlpatterns as api_urlpatterns

urlpatterns = api_urlpatterns()
