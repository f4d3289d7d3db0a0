"""Admin registration of the site chrome snippets."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .accessibility import AccessibilityLabels
from .menus import FooterMenu, MetaMenu


class MetaMenuIndexView(IndexView):
    """The menu listing warns which languages show the source-language menu."""

    missing_message = _(
        "No meta menu in %(languages)s yet: visitors there see the menu of "
        "the source language. Translate the menu to change that."
    )

    def get(self, request, *args, **kwargs):
        if not self.results_only:
            missing = [
                str(locale.get_display_name()) for locale in self.model.locales_without_menu()
            ]
            if missing:
                messages.warning(request, self.missing_message % {"languages": ", ".join(missing)})
        return super().get(request, *args, **kwargs)


class FooterMenuIndexView(MetaMenuIndexView):
    missing_message = _(
        "No footer in %(languages)s yet: visitors there see the footer of the source "
        "language. Translate the footer to change that."
    )


class MetaMenuViewSet(SnippetViewSet):
    model = MetaMenu
    icon = "list-ul"
    index_view_class = MetaMenuIndexView


class FooterMenuViewSet(SnippetViewSet):
    model = FooterMenu
    icon = "list-ul"
    index_view_class = FooterMenuIndexView


class AccessibilityLabelsViewSet(SnippetViewSet):
    model = AccessibilityLabels
    icon = "view"


register_snippet(MetaMenuViewSet)
register_snippet(FooterMenuViewSet)
register_snippet(AccessibilityLabelsViewSet)
