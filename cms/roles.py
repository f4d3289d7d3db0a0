"""Editorial roles as Wagtail groups with page and collection permissions.

Permissions are Wagtail's own (``GroupPagePermission`` on each locale's tree root,
``GroupCollectionPermission`` on the root collection); nothing here invents a new
permission system. Run through ``manage.py setup_roles``; safe to run again.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
ADMINISTRATORS = "Administrators"


LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "de-x-ls": "Leichte Sprache",
    "fr": "French",
    "it": "Italian",
}
# Leichte Sprache is reviewed by people trained in its rules (and, ideally, by readers
# from its target group), not by the German translation reviewers: a role of its own.
EASY_LANGUAGE_REVIEWERS = "Leichte Sprache reviewers"
REVIEWER_GROUPS = {"de-x-ls": EASY_LANGUAGE_REVIEWERS}


def _language_name(language_code):
    return LANGUAGE_NAMES.get(language_code, language_code)


def translators_group(language_code):
    return f"Translators — {_language_name(language_code)}"


def translation_reviewers_group(language_code):
    """The group that approves pages in ``language_code`` (Leichte Sprache: its own role)."""
    if language_code in REVIEWER_GROUPS:
        return REVIEWER_GROUPS[language_code]
    return f"Translation reviewers — {_language_name(language_code)}"


def approvers_group(language_code):
    """The group whose members give the final approval of pages in ``language_code``.

    Medical reviewers for the source language, else that language's translation
    reviewers. The workflows assign this group; ``cms.integrity`` asks it again at every
    approval, so a task given to another group by mistake approves nothing.
    """
    if language_code == settings.CMS_SOURCE_LOCALE:
        return MEDICAL_REVIEWERS
    return translation_reviewers_group(language_code)


def _locale_root(language_code):
    return Page.objects.filter(depth=2, locale__language_code=language_code).first()


def _grant_pages(group, page, codenames):
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collection(group, codenames):
    root = Collection.get_first_root_node()
    for app_label, codename in codenames:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def _grant_model(group, codenames):
    for app_label, codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


MEDIA = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
SEARCH_TUNING = [
    ("search", "view_searchqueryday"),
    ("search", "add_searchsynonym"),
    ("search", "change_searchsynonym"),
    ("search", "delete_searchsynonym"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
]
# Webhook endpoints send page events to outside addresses with a signing secret:
# administrators only (``api.webhooks``; the delivery log is read-only for everyone).
WEBHOOKS = [
    ("webhooks", "add_webhookendpoint"),
    ("webhooks", "change_webhookendpoint"),
    ("webhooks", "delete_webhookendpoint"),
    ("webhooks", "view_webhookdelivery"),
]


@transaction.atomic
def setup_roles():
    """Create or update every role group; returns them by name."""
    source = settings.CMS_SOURCE_LOCALE
    groups = {}

    def group(name):
        """The role's group with its page permissions reset: grants below are the whole truth.

        Wagtail's first migration gives its own "Editors" and "Moderators" groups rights on
        the root page, which would let them edit every locale.
        """
        groups[name] = Group.objects.get_or_create(name=name)[0]
        GroupPagePermission.objects.filter(group=groups[name]).delete()
        _grant_model(groups[name], ADMIN_ACCESS)
        return groups[name]

    GroupPagePermission.objects.filter(group__name="Moderators").delete()

    source_root = _locale_root(source)
    editors = group(EDITORS)
    reviewers = group(MEDICAL_REVIEWERS)
    admins = group(ADMINISTRATORS)
    _grant_collection(editors, MEDIA)
    _grant_collection(reviewers, MEDIA)
    if source_root is not None:
        _grant_pages(editors, source_root, ["add_page", "change_page", "lock_page"])
        _grant_pages(
            reviewers, source_root, ["add_page", "change_page", "publish_page", "lock_page"]
        )
    root = Page.get_first_root_node()
    _grant_pages(
        admins,
        root,
        ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
    )
    _grant_collection(
        admins,
        MEDIA + [("wagtailimages", "change_image"), ("wagtaildocs", "change_document")],
    )
    _grant_model(
        admins,
        [
            ("wagtail_localize", "submit_translation"),
            ("wagtailcore", "add_locale"),
            ("wagtailcore", "change_locale"),
        ],
    )
    _grant_model(editors, [("wagtail_localize", "submit_translation"), *SEARCH_TUNING])
    _grant_model(admins, SEARCH_TUNING)
    _grant_model(admins, WEBHOOKS)

    for locale in Locale.objects.exclude(language_code=source):
        code = locale.language_code
        locale_root = _locale_root(code)
        translators = group(translators_group(code))
        translation_reviewers = group(translation_reviewers_group(code))
        _grant_collection(translators, MEDIA[1::2])
        # Translators start translations into their own language (cms.integrity checks
        # the language: the permission alone would allow every one).
        _grant_model(translators, [("wagtail_localize", "submit_translation")])
        _grant_collection(translation_reviewers, MEDIA[1::2])
        if locale_root is not None:
            _grant_pages(translators, locale_root, ["add_page", "change_page", "lock_page"])
            _grant_pages(
                translation_reviewers, locale_root, ["add_page", "change_page", "publish_page"]
            )
    from .workflows import setup_workflows

    setup_workflows()
    return groups


def reviewer_groups():
    """Every group whose members approve: medical and translation reviewers."""
    names = [MEDICAL_REVIEWERS]
    names += [translation_reviewers_group(code) for code in language_codes()]
    return names


def language_codes():
    return [code for code, _name in settings.LANGUAGES if code != settings.CMS_SOURCE_LOCALE]
