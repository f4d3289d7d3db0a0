"""Demo logins, one per role, so every workflow can be tried from the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.roles import (
    EDITORS,
    MEDICAL_REVIEWERS,
    language_codes,
    translation_reviewers_group,
    translators_group,
)

DEMO_PASSWORD = "demo-password-change-me"  # noqa: S105


def demo_accounts():
    accounts = [
        ("admin", None, True),
        ("editor", EDITORS, False),
        ("reviewer", MEDICAL_REVIEWERS, False),
    ]
    for code in language_codes():
        accounts.append((f"translator_{code}", translators_group(code), False))
        accounts.append((f"translation_reviewer_{code}", translation_reviewers_group(code), False))
    return accounts


def create_demo_users():
    """Create the demo users if missing; returns ``(username, role)`` pairs."""
    User = get_user_model()
    created = []
    for username, group_name, is_superuser in demo_accounts():
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
        created.append((username, group_name or "Superuser"))
    return created
