"""What the API shows of the home page and simple content pages."""

from api import add_page_field, add_router, register_page_type
from api.relations import child_objects, links
from api.schemas import PageLink
from home.models import ContentPage, HomePage


def featured_topics(pages, ctx):
    children = child_objects(pages, ctx, "featured_topics", links_to=["page"])
    return {page.pk: links(ctx, page, [item.page for item in children[page.pk]]) for page in pages}


def register():
    register_page_type(HomePage, summary=["introduction"])
    add_page_field(HomePage, "featured_topics", list[PageLink], featured_topics)
    register_page_type(ContentPage, summary=["summary"])
    from .home_chrome import router

    add_router("/site/", router)
