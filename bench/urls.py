"""The site's URLs plus two baselines served by the same gunicorn process.

``/bench/hello/`` is the cheapest Django view (a plain ``HttpResponse``) and
``/bench/ninja/hello`` the cheapest django-ninja endpoint: every figure in the benchmark
is reported as a ratio to one of them, so the numbers say what the CMS costs on top of
the framework on this machine. Both pass through the full production middleware stack.
"""

from ninja import NinjaAPI

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns

hello_api = NinjaAPI(urls_namespace="bench-ninja", docs_url=None, openapi_url=None)


@hello_api.get("/hello")
def ninja_hello(request):
    return {"hello": "world"}


def hello(request):
    return HttpResponse("hello world", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/ninja/", hello_api.urls),
    *site_urlpatterns,
]
