"""The integrity gate: the one place that decides which words may reach a visitor or an app.

Every path that can put text in front of a reader — the admin's publish and workflow
buttons, wagtail-localize's editor, sync, alias and override views, API v2/v3 writes,
management commands, background tasks — ends in Wagtail's page actions or in
wagtail-localize's models. The gate sits there, not in any view: ``cms.compat`` routes
every page publish through :func:`authorise_publish`, and the receivers below watch
page rows, translations, translated strings, overrides and source snapshots. A new
path therefore cannot skip it.

Invariants (also in ``docs/workflow.md``):

1. **Translations start from approved text.** A translation is created, synced or
   translated (each string, by hand, file or machine) only from a live source page
   whose live revision was approved; the snapshot it translates is that live
   revision's text, never a draft, and its strings are strings of the language it is
   translated from (Leichte Sprache: German, never English).
2. **Four eyes, the language's reviewers.** A page revision goes live only through the
   final approval of its workflow by a reviewer of the page's language
   (``roles.approvers_group``: medical reviewers for source pages, that language's
   translation reviewers, Leichte Sprache reviewers for Leichte Sprache), whichever
   group the workflow's task names, who authored none of the change
   (``CMS_FOUR_EYES``, on by default); or by an administrator (recorded as such), or on
   schedule after one of those. A revision that does not validate never goes live.
   Machine translation never goes live without a translation review.
3. **Synchronised data is the source's.** Contact details, coordinates, names and
   review stamps are never overridden in a translation; they are copied from the
   source whenever either page is published, so review dates reach every language.
4. **Translators translate.** Outside administrators, nobody aliases, un-syncs,
   deletes or moves a page in a translated language, or creates one there except
   through the translation flow; only administrators write a live row directly, and
   only an operator's restore (``administration``: ``import_content``, ``loaddata``)
   writes one raw.
5. **Outdated is computed from revisions.** Each revision records the source text it
   renders (:class:`cms.models.RevisionProvenance`); a live translation is outdated
   while its source's live revision renders other text. Review dates are not text;
   exports and syncs cannot move the comparison.
6. **Review sees what goes live.** A translation's strings do not change while it is
   in review; to change it, the reviewer requests changes first.
7. **GETs change nothing.** Nothing here runs on a read; exports read what was synced.

Who acts is read from the request being served (:class:`ActorMiddleware`), from an
explicit :func:`acting_as`, or is "the system" (management commands, tasks), which may
do only what an approval already allowed.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page, Revision, WorkflowState
from wagtail.signals import pre_page_move

from . import roles

# Page fields that change without changing what a visitor reads.
BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_id",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "locked_by_id",
        "numchild",
        "url_path",
        "path",
        "depth",
        "owner",
        "owner_id",
    }
)

_TEXT_LOCKED = gettext_lazy(
    "This translation is in review, so its text is locked. Ask the reviewer to request "
    "changes if it needs more work."
)

source_text_changed = Signal()  # sender=page class, page=the source page


class IntegrityViolation(PermissionDenied):
    """A refused transition. The message says why and what to do instead."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user (maybe anonymous), or the system with a reason."""

    user: object = None
    system: bool = False
    administration: str = ""

    @property
    def is_administrator(self):
        return bool(self.administration) or is_administrator(self.user)


_request = ContextVar("cms_integrity_request", default=None)
_actor = ContextVar("cms_integrity_actor", default=None)
_open = ContextVar("cms_integrity_open", default=False)
_approval = ContextVar("cms_integrity_approval", default=None)


class ActorMiddleware:
    """Makes the request's user the actor for everything the request changes.

    The user is read when the gate asks, so API token authentication, which sets
    ``request.user`` inside the view, counts too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        explicit = _actor.set(None)  # a request acts for its user, never for its caller
        try:
            return self.get_response(request)
        finally:
            _actor.reset(explicit)
            _request.reset(token)


def current_actor():
    explicit = _actor.get()
    if explicit is not None:
        return explicit
    request = _request.get()
    if request is None:
        return Actor(system=True)
    return Actor(user=getattr(request, "user", None))


@contextmanager
def _scoped(variable, value):
    """``variable`` is ``value`` for the ``with`` block only, in this thread or task."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


def _acting(actor):
    return _scoped(_actor, actor)


def acting_as(user):
    """Code that acts for a user outside a request (tasks, tests) says so."""
    return _acting(Actor(user=user))


def as_system():
    """Act as a management command or a task would: no user, no administrator rights."""
    return _acting(Actor(system=True))


def administration(reason):
    """An operator's command with administrator rights, recorded with ``reason``.

    For ``load_demo`` and benchmarks: code run from a shell, never reachable from a
    request.
    """
    return _acting(Actor(system=True, administration=reason))


def is_administrator(user):
    if user is None or not getattr(user, "is_active", False):
        return False
    return user.is_superuser or roles.ADMINISTRATORS in _group_names(user)


def _group_names(user):
    """The names of ``user``'s groups, read once per user object (one request)."""
    cache = "_cms_group_names"
    if not hasattr(user, cache):
        setattr(user, cache, frozenset(user.groups.values_list("name", flat=True)))
    return getattr(user, cache)


def four_eyes():
    return getattr(settings, "CMS_FOUR_EYES", True)


def source_language():
    return settings.CMS_SOURCE_LOCALE


def _is_source(page):
    return page.locale.language_code == source_language()


def source_page_of(page):
    """The page ``page`` is translated from (``page`` itself for source pages).

    The source-language page for most translations; for a derived language (Leichte
    Sprache) the page in its base language (German).
    """
    from .i18n import translated_from

    language = translated_from(page.locale.language_code)
    return page if language is None else page_in(page, language)


def page_in(page, language_code):
    """``page``'s translation in ``language_code``, live or not, or ``None``."""
    return (
        Page.objects.filter(
            translation_key=page.translation_key, locale__language_code=language_code
        )
        .select_related("locale")
        .first()
    )


def _is_translated_from(page):
    """True if other languages are translated from ``page`` (source or base language)."""
    from .i18n import derived_from

    return _is_source(page) or bool(derived_from(page.locale.language_code))


# --- who may do what ---------------------------------------------------------------


def may_translate_into(user, locale):
    """Editors (every language) and the translators of ``locale`` start translations."""
    if is_administrator(user):
        return True
    if user is None or not user.is_active:
        return False
    from .i18n import translated_from

    base = translated_from(locale.language_code)
    if base is None:
        return False
    if not user.has_perm("wagtail_localize.submit_translation"):
        return False
    roots = Page.objects.filter(depth=2, locale__language_code__in=[base, locale.language_code])
    return any(root.permissions_for_user(user).can_edit() for root in roots)


def public_reviewer_name(user):
    """The name a reviewer is shown under in public: their profile, else their full name."""
    from .models import ReviewerProfile

    profile = ReviewerProfile.objects.filter(user=user).first()
    if profile is not None and profile.display_name.strip():
        return profile.public_name
    return user.get_full_name().strip()


def change_authors(page, revision=None):
    """Users whose words the next publication of ``page`` would put live.

    For a source page, everyone who saved a revision since the live one (up to
    ``revision``). A translation's words are its strings and its per-language files,
    whoever pressed save or submit: everyone who translated a string (by hand or by
    asking the machine) or replaced a file (a sign-language video) since then.
    """
    from wagtail_localize.models import SegmentOverride, StringTranslation

    since = page.live_revision.created_at if page.live_revision_id else None
    if not _is_source(page):
        authors = set()
        for model in (StringTranslation, SegmentOverride):
            changes = model.objects.filter(
                context__object_id=page.translation_key, locale_id=page.locale_id
            ).exclude(last_translated_by=None)
            if since is not None:
                changes = changes.filter(updated_at__gt=since)
            authors |= set(changes.values_list("last_translated_by_id", flat=True))
        return authors
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    if revision is not None:
        revisions = revisions.filter(created_at__lte=revision.created_at)
    if since is not None:
        revisions = revisions.filter(created_at__gt=since)
    return set(revisions.exclude(user=None).values_list("user_id", flat=True))


def check_may_approve(page, user):
    """Raise unless ``user`` may give the final approval that publishes ``page``."""
    _check_reviews_language(page, user)
    if four_eyes() and user is not None and user.pk in change_authors(page):
        raise IntegrityViolation(
            _(
                "You changed this version yourself, so someone else must approve it "
                "(four-eyes rule)."
            )
        )
    if user is not None and not public_reviewer_name(user):
        raise IntegrityViolation(
            _(
                "Add the name visitors will see (Account → Reviewer profile) before you "
                "approve: a login name is never shown in public."
            )
        )


def _check_reviews_language(page, user):
    """Only the reviewers of a page's language approve it (``roles.approvers_group``).

    The workflow task names a group too, but a task given to the wrong group (German
    reviewers on the Leichte Sprache task, a generic group) must not let its members
    approve: the gate asks the role, not the task. Administrators approve anything; an
    approval with no user only inside an operator's ``administration`` block.
    """
    if user is None:
        if current_actor().is_administrator:
            return
        raise IntegrityViolation(_("A review is approved by a reviewer, never anonymously."))
    if is_administrator(user):
        return
    group = roles.approvers_group(page.locale.language_code)
    if getattr(user, "is_active", False) and group in _group_names(user):
        return
    raise IntegrityViolation(
        _("Pages in %(language)s are approved by the group “%(group)s” only.")
        % {"language": page.locale.get_display_name(), "group": group}
    )


@contextmanager
def workflow_approval(page, user):
    """The final approval of ``page``'s workflow by ``user``: its publish is authorised."""
    check_may_approve(page, user)
    with _scoped(_approval, (page.pk, getattr(user, "pk", None))):
        yield


# --- publishing --------------------------------------------------------------------


def authorise_publish(revision, user):
    """Raise unless ``revision`` may go live; record who let it. Returns the approval kind.

    Called by every page publish (``cms.compat``), whatever started it.
    """
    from .models import RevisionProvenance
    from .translation_status import machine_translation_unreviewed

    page = revision.content_object.specific
    instance = revision.as_object()
    _validate(instance)
    actor = current_actor()
    user = user or actor.user
    approval = _approval.get()
    provenance = RevisionProvenance.objects.filter(revision=revision).first()

    if approval is not None and approval[0] == page.pk:
        kind = RevisionProvenance.Approval.WORKFLOW
    elif actor.administration:
        kind = RevisionProvenance.Approval.SYSTEM
    elif is_administrator(user):
        kind = RevisionProvenance.Approval.ADMINISTRATOR
    elif provenance is not None and provenance.approval and revision.approved_go_live_at:
        return provenance.approval  # scheduled earlier by an approval
    else:
        raise IntegrityViolation(
            _(
                "Pages go live through review: submit this page to its review workflow. "
                "Only the final approval (by someone other than the author) or an "
                "administrator publishes."
            )
        )

    if not _is_source(page):
        source = source_page_of(page)
        if source is None or not source.live:
            raise IntegrityViolation(
                _("The source page is not live, so its translation cannot go live.")
            )
        if kind != RevisionProvenance.Approval.WORKFLOW and machine_translation_unreviewed(page):
            raise IntegrityViolation(
                _("Machine translation goes live only after a translation review.")
            )

    values = {
        "approval": kind,
        "approved_by": user if getattr(user, "pk", None) else None,
        "approved_at": timezone.now(),
        "note": actor.administration,
    }
    if _is_source(page):
        values["source_text"] = text_fingerprint(instance)
    elif _is_translated_from(page):
        values["own_text"] = text_fingerprint(instance)
    RevisionProvenance.objects.update_or_create(revision=revision, defaults=values)
    return kind


def _validate(instance):
    """The model's validation plus every StreamField's blocks (Django does not run those)."""
    from wagtail.fields import StreamField

    try:
        instance.full_clean(exclude=["path", "depth", "url_path", "numchild"])
        for field in instance._meta.concrete_fields:
            if isinstance(field, StreamField):
                try:
                    field.stream_block.clean(getattr(instance, field.attname))
                except ValidationError as error:
                    raise ValidationError({field.name: error.messages}) from error
    except ValidationError as error:
        fields = ", ".join(sorted(error.message_dict)) if hasattr(error, "error_dict") else ""
        raise IntegrityViolation(
            _("This version is not valid and cannot go live (%(fields)s): %(errors)s")
            % {"fields": fields, "errors": "; ".join(error.messages)}
        ) from error


def publishing():
    """The authorised publish writes the live row: the row guard lets it through."""
    return _scoped(_open, True)


def after_publish(revision):
    """Copy synchronised data across the translation set; announce changed source text."""
    from .models import RevisionProvenance

    page = Page.objects.select_related("locale").get(pk=revision.object_id).specific
    source = page if _is_source(page) else page_in(page, source_language())
    if source is None:
        return
    copy_synchronised_fields(source)
    if page.pk != source.pk and not _is_translated_from(page):
        return
    # What other languages are translated from: a source page's text, a German page's
    # own words (Leichte Sprache is made from them).
    field = "source_text" if page.pk == source.pk else "own_text"
    previous = (
        RevisionProvenance.objects.filter(
            revision__object_id=str(page.pk),
            approval__gt="",
            revision__created_at__lt=revision.created_at,
        )
        .exclude(revision=revision)
        .order_by("-revision__created_at")
        .values_list(field, flat=True)
        .first()
    )
    current = (
        RevisionProvenance.objects.filter(revision=revision).values_list(field, flat=True).first()
    )
    if previous != current:
        source_text_changed.send(sender=type(page), page=page)


def synchronised_field_names(model):
    """Concrete fields of ``model`` that wagtail-localize synchronises (not Page's own)."""
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    page_fields = {field.name for field in Page._meta.get_fields()}
    names = []
    for declared in get_translatable_fields(model):
        if not isinstance(declared, SynchronizedField) or declared.field_name in page_fields:
            continue
        field = model._meta.get_field(declared.field_name)
        if field.concrete and not field.many_to_many:
            names.append(field.attname)
    return names


def copy_synchronised_fields(source):
    """Every translation's synchronised fields take the source's live values (one UPDATE)."""
    model = type(source)
    names = synchronised_field_names(model)
    if not names or not source.live:
        return
    values = model.objects.filter(pk=source.pk).values(*names).first()
    model.objects.filter(translation_key=source.translation_key).exclude(pk=source.pk).update(
        **values
    )


# --- what a revision renders -------------------------------------------------------


def text_fingerprint(instance):
    """A fingerprint of the translatable text of a source-language page instance.

    Built from wagtail-localize's own segment extraction, so it covers exactly what a
    translator translates: strings, rich-text templates and related objects, never
    synchronised data such as review dates.
    """
    from wagtail_localize.segments import (
        OverridableSegmentValue,
        RelatedObjectSegmentValue,
        StringSegmentValue,
        TemplateSegmentValue,
    )
    from wagtail_localize.segments.extract import extract_segments

    parts = []
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            parts.append(("s", segment.path, segment.string.data))
        elif isinstance(segment, TemplateSegmentValue):
            parts.append(("t", segment.path, segment.template))
        elif isinstance(segment, RelatedObjectSegmentValue):
            parts.append(("r", segment.path, str(segment.translation_key)))
        elif not isinstance(segment, OverridableSegmentValue):
            parts.append(("?", segment.path, repr(segment)))
    return hashlib.sha256(json.dumps(sorted(parts)).encode()).hexdigest()


def live_text_fingerprint(page):
    """The fingerprint of the text ``page``'s live revision shows, computed once and kept.

    For a source page that is its ``source_text``; for a page a derived language is
    translated from (German for Leichte Sprache) its ``own_text``: its ``source_text``
    fingerprints the English text it was translated from, not its German words.
    """
    from .models import RevisionProvenance

    if not page.live_revision_id:
        return ""
    field = "source_text" if _is_source(page) else "own_text"
    provenance, _created = RevisionProvenance.objects.get_or_create(
        revision_id=page.live_revision_id
    )
    if not getattr(provenance, field):
        setattr(provenance, field, text_fingerprint(page.live_revision.as_object()))
        provenance.save(update_fields=[field])
    return getattr(provenance, field)


def _is_approved(revision_id):
    from .models import RevisionProvenance

    return RevisionProvenance.objects.filter(revision_id=revision_id).exclude(approval="").exists()


# --- receivers -----------------------------------------------------------------------


def _refuse_unless_administrator(message):
    if not current_actor().is_administrator:
        raise IntegrityViolation(message)


def guard_page_row(sender, instance, raw=False, update_fields=None, **kwargs):
    """Invariants 2 and 4 at the row: nothing but an authorised publish writes live text."""
    if raw:
        _guard_raw_page_row(instance)
        return
    if not isinstance(instance, Page) or instance.depth == 1 or _open.get():
        return
    if current_actor().is_administrator:
        return
    foreign = instance.locale_id is not None and not _is_source(instance)
    if instance._state.adding:
        if foreign and instance.alias_of_id:
            raise IntegrityViolation(_("Pages in other languages are translations, never aliases."))
        if foreign and not _in_translation_flow(instance):
            raise IntegrityViolation(
                _("Pages in other languages are created by translating the source page.")
            )
        if instance.live:
            raise IntegrityViolation(_("New pages go live through review."))
        return
    fields = set(update_fields) if update_fields is not None else None
    if (
        foreign
        and instance.alias_of_id
        and (fields is None or fields & {"alias_of", "alias_of_id"})
    ):
        raise IntegrityViolation(_("Pages in other languages are translations, never aliases."))
    if fields is not None and fields <= BOOKKEEPING_FIELDS:
        return
    if not instance.live or not _live_row_changes(instance, fields):
        return
    raise IntegrityViolation(
        _("The live version of a page changes only when a reviewed version is published.")
    )


def _guard_raw_page_row(instance):
    """A raw save (``loaddata``, ``import_content``, a test database restored from its
    snapshot) writes a row exactly as given: no transition is checked, no approval
    recorded. It is an operator's restore, so a live page row is written raw only inside
    ``administration``; anywhere else it is refused."""
    if not isinstance(instance, Page) or not instance.live or current_actor().administration:
        return
    raise IntegrityViolation(
        _(
            "Live pages are loaded from a fixture or an archive only by an operator's restore "
            "(manage.py import_content)."
        )
    )


def _live_row_changes(instance, fields):
    model = type(instance)
    compared = [
        field
        for field in model._meta.concrete_fields
        if field.name not in BOOKKEEPING_FIELDS
        and not field.primary_key
        and not (field.one_to_one and field.remote_field.parent_link)
        and (fields is None or field.name in fields or field.attname in fields)
    ]
    stored = (
        model._default_manager.filter(pk=instance.pk).values(*[f.attname for f in compared]).first()
    )
    if stored is None:
        return False
    for field in compared:
        if field.get_prep_value(stored[field.attname]) != field.get_prep_value(
            getattr(instance, field.attname)
        ):
            return True
    return False


def _in_translation_flow(page):
    from wagtail_localize.models import Translation

    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).exists()


def guard_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth > 2 and not _is_source(instance):
        _refuse_unless_administrator(_("Only administrators delete pages in other languages."))


def guard_page_move(sender, instance, **kwargs):
    if instance.depth > 1 and not _is_source(instance):
        _refuse_unless_administrator(_("Only administrators move pages in other languages."))


def guard_translation(sender, instance, raw=False, **kwargs):
    """Invariants 1 and 4 for wagtail-localize's ``Translation`` records."""
    if raw:
        return
    actor = current_actor()
    if instance._state.adding:
        _check_translated_from(instance)
        if not actor.system and not may_translate_into(actor.user, instance.target_locale):
            raise IntegrityViolation(
                _("You may not translate pages into %(language)s.")
                % {"language": instance.target_locale.get_display_name()}
            )
        return
    stored = type(instance).objects.filter(pk=instance.pk).values_list("enabled", flat=True).first()
    if stored and not instance.enabled:
        _refuse_unless_administrator(
            _("Only administrators stop a synced translation: it would no longer be tracked.")
        )


def _check_translated_from(translation):
    """Each language is translated from its own source: Leichte Sprache from German only."""
    from wagtail.models import Locale

    from .i18n import translated_from

    base = translated_from(translation.target_locale.language_code)
    if base is None or translation.source.locale.language_code == base:
        return
    raise IntegrityViolation(
        _("Pages in %(language)s are translated from the %(source)s page.")
        % {
            "language": translation.target_locale.get_display_name(),
            "source": Locale.objects.get(language_code=base).get_display_name(),
        }
    )


def guard_translation_delete(sender, instance, **kwargs):
    _refuse_unless_administrator(_("Only administrators remove a translation record."))


def guard_source_snapshot(sender, instance, raw=False, **kwargs):
    """Invariant 1: a source snapshot is the live, approved revision's text."""
    if raw:
        return
    source = instance.get_source_instance() if instance.object_id else None
    if not isinstance(source, Page):
        return
    if not source.live or not source.live_revision_id:
        raise IntegrityViolation(
            _("Only live pages are translated: this page has not passed its review yet.")
        )
    if not _is_approved(source.live_revision_id):
        raise IntegrityViolation(
            _("The live version of this page was not approved, so it cannot be translated.")
        )
    live_row = json.loads(source.to_json())
    snapshot = json.loads(instance.content_json)
    for key in BOOKKEEPING_FIELDS | {
        "live_revision",
        "last_published_at",
        "has_unpublished_changes",
    }:
        live_row.pop(key, None)
        snapshot.pop(key, None)
    if live_row != snapshot:
        raise IntegrityViolation(
            _("Translations are made from the live version of a page, not from a draft.")
        )


def record_source_snapshot(sender, instance, raw=False, **kwargs):
    from .models import SourceSnapshot

    source = instance.get_source_instance() if not raw else None
    if not isinstance(source, Page):
        return
    SourceSnapshot.objects.update_or_create(
        translation_source=instance,
        defaults={
            "revision_id": source.live_revision_id,
            "source_text": live_text_fingerprint(source),
        },
    )


def guard_revision(sender, instance, raw=False, **kwargs):
    """Invariant 6 for whole drafts: no new version of a translation while it is in review."""
    if raw or not instance._state.adding or _approval.get() is not None:
        return
    if instance.base_content_type.model_class() is not Page:
        return
    page = Page.objects.filter(pk=instance.object_id).select_related("locale").first()
    if page is None or _is_source(page):
        return
    if WorkflowState.objects.filter(
        base_content_type__model="page",
        object_id=str(page.pk),
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).exists():
        raise IntegrityViolation(_TEXT_LOCKED)


def record_revision_source(sender, instance, created=False, raw=False, **kwargs):
    """Invariant 5: a translation revision renders the source text it was synced from."""
    from wagtail_localize.models import TranslationSource

    from .models import RevisionProvenance, SourceSnapshot

    if raw or not created or instance.base_content_type.model_class() is not Page:
        return
    from .i18n import translated_from

    page = instance.content_object
    if page is None or _is_source(page):
        return
    source = TranslationSource.objects.filter(
        object_id=page.translation_key,
        locale__language_code=translated_from(page.locale.language_code),
    ).first()
    snapshot = SourceSnapshot.objects.filter(translation_source=source).first() if source else None
    if snapshot is None:
        return
    RevisionProvenance.objects.update_or_create(
        revision=instance,
        defaults={"source_text": snapshot.source_text, "source_revision_id": snapshot.revision_id},
    )


def guard_strings(sender, instance, raw=False, **kwargs):
    """Invariant 6: strings of a translation in review are frozen."""
    if raw or current_actor().administration:
        return
    object_id = instance.context.object_id if instance.context_id else None
    if object_id is None:
        return
    page_ids = Page.objects.filter(translation_key=object_id, locale_id=instance.locale_id).values(
        "pk"
    )
    in_review = WorkflowState.objects.filter(
        base_content_type__model="page",
        object_id__in=[str(row["pk"]) for row in page_ids],
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).exists()
    if in_review:
        raise IntegrityViolation(_TEXT_LOCKED)


def guard_translated_text(sender, instance, raw=False, **kwargs):
    """Invariant 1 for each translated string and per-language file written by hand, by
    file or by a machine: the page it translates is live with an approved version, and
    the string is one of that page's language (Leichte Sprache: German, never English)."""
    from wagtail.models import Locale
    from wagtail_localize.models import String

    from .i18n import translated_from

    if raw or current_actor().administration or not instance.context_id:
        return
    locale = Locale.objects.get(pk=instance.locale_id)
    base = translated_from(locale.language_code)
    if base is None:
        return
    base_name = Locale.objects.get(language_code=base).get_display_name()
    translation_of = getattr(instance, "translation_of_id", None)  # overrides have none
    if (
        translation_of is not None
        and not String.objects.filter(pk=translation_of, locale__language_code=base).exists()
    ):
        raise IntegrityViolation(
            _("Pages in %(language)s are translated from the %(source)s page.")
            % {"language": locale.get_display_name(), "source": base_name}
        )
    source = (
        Page.objects.filter(translation_key=instance.context.object_id, locale__language_code=base)
        .values("live", "live_revision_id")
        .first()
    )
    if source is None or not source["live"] or not _is_approved(source["live_revision_id"]):
        raise IntegrityViolation(
            _(
                "Only approved text is translated: the %(source)s page is not live with an "
                "approved version."
            )
            % {"source": base_name}
        )


def refuse_override(sender, instance, raw=False, **kwargs):
    """Invariant 3: no synchronised value is ever overridden in a translation.

    The one exception is a file a block declares per-language (a block's
    ``translation_overridable`` children, e.g. a sign-language video and its captions):
    such an override must pass that child's validation, is frozen during review like any
    string (invariant 6) and reaches readers only through the translation's review.
    """
    if raw:
        return
    child = overridable_block_child(instance)
    if child is None:
        raise IntegrityViolation(
            _(
                "Synchronised data (contact details, names, review dates) comes from the "
                "source page."
            )
        )
    guard_strings(sender, instance, raw=raw)
    guard_translated_text(sender, instance, raw=raw)
    try:
        child.clean(child.to_python(json.loads(instance.data_json)))
    except ValidationError as error:
        raise IntegrityViolation(" ".join(error.messages)) from error


def overridable_block_child(override):
    """The block child ``override`` replaces, if a top-level block lets translations
    replace it; else ``None``.

    wagtail-localize paths read ``<field>.<block id>.<child>``; the block is looked up
    in the source page's stored data, so the rule follows the block's definition.
    """
    from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist

    from wagtail.fields import StreamField
    from wagtail_localize.models import TranslationSource

    from .i18n import translated_from

    context = override.context if override.context_id else None
    parts = context.path.split(".") if context is not None else []
    if len(parts) != 3:
        return None
    field_name, block_id, child_name = parts
    # The snapshot this language is translated from (Leichte Sprache: the German one).
    source = TranslationSource.objects.filter(
        object_id=context.object_id,
        locale__language_code=translated_from(override.locale.language_code),
    ).first()
    try:
        instance = source.get_source_instance() if source is not None else None
        field = instance._meta.get_field(field_name) if instance is not None else None
    except (ObjectDoesNotExist, FieldDoesNotExist):
        return None
    if not isinstance(field, StreamField):
        return None
    for item in getattr(instance, field_name).raw_data:
        if item.get("id") == block_id:
            block = field.stream_block.child_blocks.get(item.get("type"))
            if child_name in getattr(block, "translation_overridable", ()):
                return block.child_blocks[child_name]
    return None


def connect():
    from wagtail_localize.models import (
        SegmentOverride,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    pre_save.connect(guard_page_row, dispatch_uid="integrity-page-row")
    pre_delete.connect(guard_page_delete, dispatch_uid="integrity-page-delete")
    pre_page_move.connect(guard_page_move, dispatch_uid="integrity-page-move")
    pre_save.connect(guard_translation, sender=Translation, dispatch_uid="integrity-translation")
    pre_delete.connect(
        guard_translation_delete, sender=Translation, dispatch_uid="integrity-translation-del"
    )
    pre_save.connect(
        guard_source_snapshot, sender=TranslationSource, dispatch_uid="integrity-source"
    )
    post_save.connect(
        record_source_snapshot, sender=TranslationSource, dispatch_uid="integrity-source-rec"
    )
    pre_save.connect(guard_revision, sender=Revision, dispatch_uid="integrity-revision-lock")
    post_save.connect(record_revision_source, sender=Revision, dispatch_uid="integrity-revision")
    pre_save.connect(guard_strings, sender=StringTranslation, dispatch_uid="integrity-strings")
    pre_save.connect(
        guard_translated_text, sender=StringTranslation, dispatch_uid="integrity-strings-source"
    )
    pre_delete.connect(guard_strings, sender=StringTranslation, dispatch_uid="integrity-str-del")
    pre_save.connect(refuse_override, sender=SegmentOverride, dispatch_uid="integrity-override")
    pre_delete.connect(guard_strings, sender=SegmentOverride, dispatch_uid="integrity-ovr-del")
