"""Images as rendition URLs in the sizes apps need, fetched in bulk."""

from wagtail.images import get_image_model

RENDITIONS = {
    "thumbnail": "fill-200x200",
    "medium": "max-800x800",
    "large": "max-1600x1600",
}


def images_by_id(ids):
    """One query for the images and one for their renditions, however many there are."""
    ids = {pk for pk in ids if pk}
    if not ids:
        return {}
    queryset = get_image_model().objects.filter(pk__in=ids)
    return queryset.prefetch_renditions(*RENDITIONS.values()).in_bulk()


def serialize_image(image, request, alt=None):
    if image is None:
        return None

    def rendition(spec):
        result = image.get_rendition(spec)
        return {
            "url": request.build_absolute_uri(result.url),
            "width": result.width,
            "height": result.height,
        }

    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else (getattr(image, "description", "") or ""),
        "width": image.width,
        "height": image.height,
        "renditions": {name: rendition(spec) for name, spec in RENDITIONS.items()},
    }
