"""Demo logins, one per role, so every workflow can be tried from the admin.

Translators and translation reviewers see the admin in their own language; editors,
medical reviewers and the administrator work in the source language.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.users.models import UserProfile

from cms.models import ReviewerProfile
from cms.roles import (
    EDITORS,
    MEDICAL_REVIEWERS,
    language_codes,
    translation_reviewers_group,
    translators_group,
)

DEMO_PASSWORD = "demo-password-change-me"  # noqa: S105
SHORT_NAMES = {"de-x-ls": ("ls", "de")}  # language code -> (login suffix, admin language)


def demo_accounts():
    """``(username, group, is_superuser, admin language)`` of every demo login."""
    source = settings.CMS_SOURCE_LOCALE
    accounts = [
        ("admin", None, True, source),
        ("editor", EDITORS, False, source),
        ("reviewer", MEDICAL_REVIEWERS, False, source),
    ]
    for code in language_codes():
        # Leichte Sprache staff work in the German admin; logins avoid the tag's hyphens.
        short, admin_language = SHORT_NAMES.get(code, (code, code))
        reviewer = "reviewer" if code in SHORT_NAMES else "translation_reviewer"
        accounts.append((f"translator_{short}", translators_group(code), False, admin_language))
        accounts.append(
            (f"{reviewer}_{short}", translation_reviewers_group(code), False, admin_language)
        )
    return accounts


def create_demo_users():
    """Create the demo users if missing; returns ``(username, role)`` pairs."""
    User = get_user_model()
    created = []
    for username, group_name, is_superuser, language in demo_accounts():
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
            },
        )
        if new:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        profile = UserProfile.get_for_user(user)
        if not profile.preferred_language:  # a language the user chose stays
            profile.preferred_language = language
            profile.save(update_fields=["preferred_language"])
        created.append((username, group_name or "Superuser"))
    create_reviewer_profiles()
    return created


# Invented people: the public review stamp names a person, never a login.
REVIEWER_PROFILES = {
    "reviewer": ("Dr. med. Clara Weber", "Specialist in visceral surgery (demo profile)"),
    "translation_reviewer_de": ("Anna Keller", "Medical translator (demo profile)"),
    "translation_reviewer_fr": ("Camille Dubois", "Medical translator (demo profile)"),
    "translation_reviewer_it": ("Giulia Rossi", "Medical translator (demo profile)"),
    "reviewer_ls": ("Jonas Brandt", "Leichte Sprache reviewer (demo profile)"),
    "admin": ("Site administrator", ""),
}


def create_reviewer_profiles():
    User = get_user_model()
    for username, (display_name, qualification) in REVIEWER_PROFILES.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            ReviewerProfile.objects.get_or_create(
                user=user,
                defaults={"display_name": display_name, "qualification": qualification},
            )
