"""One wagtail-factories factory per page type, for tests that build their own trees."""

import factory
import wagtail_factories

from home.models import ContentPage, HomePage
from specialists.models import SpecialistIndexPage, SpecialistPage, Specialty
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Content page {n}")
    summary = "A content page."

    class Meta:
        model = ContentPage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = "Topics"

    class Meta:
        model = TopicIndexPage


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    summary = "A condition explained."

    class Meta:
        model = TopicPage


class TherapyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Therapies"

    class Meta:
        model = TherapyIndexPage


class TherapyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Therapy {n}")
    summary = "A treatment explained."
    therapy_type = TherapyPage.TherapyType.SURGERY
    intent = TherapyPage.Intent.CURATIVE

    class Meta:
        model = TherapyPage


class SpecialistIndexPageFactory(wagtail_factories.PageFactory):
    title = "Specialists"

    class Meta:
        model = SpecialistIndexPage


class SpecialistPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dr Example {n}")
    given_name = "Example"
    family_name = factory.Sequence(lambda n: f"Person {n}")
    focus = "Liver surgery"
    city = "Zürich"
    country = "CH"
    latitude = 47.3769
    longitude = 8.5417

    class Meta:
        model = SpecialistPage


class SpecialtyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Specialty {n}")

    class Meta:
        model = Specialty
