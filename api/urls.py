"""The API's URLs (/api/v3/, /api/v2/, /api/graphql/, JSON 404s under /api/): ``cms.urls``
includes this module by name, so ``cms`` does not import the layer above it."""

from django.urls import path

from .graphql.view import graphql_view
from .mount import urlpatterns as api_urlpatterns

urlpatterns = [path("api/graphql/", graphql_view(), name="graphql"), *api_urlpatterns()]
