"""schema.org entities for specialists: a Physician, or a MedicalClinic for clinics/centres."""

from home.jsonld import SCHEMA, absolute_url


def specialist_structured_data(specialist, request):
    is_physician = specialist.kind == specialist.Kind.PHYSICIAN
    data = {
        "@context": SCHEMA,
        "@type": "Physician" if is_physician else "MedicalClinic",
        "name": specialist.display_name,
        "url": absolute_url(specialist, request),
        "description": specialist.focus,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": specialist.street,
            "postalCode": specialist.postcode,
            "addressLocality": specialist.city,
            "addressRegion": specialist.region,
            "addressCountry": specialist.country,
        },
    }
    address = {key: value for key, value in data.pop("address").items() if value}
    if len(address) > 1:
        data["address"] = address
    if specialist.latitude is not None and specialist.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": specialist.latitude,
            "longitude": specialist.longitude,
        }
    for key, value in (
        ("telephone", specialist.phone),
        ("email", specialist.email),
        ("sameAs", specialist.website),
    ):
        if value:
            data[key] = value
    specialties = [s.name for s in specialist.specialties()]
    if specialties:
        data["knowsAbout"] = specialties
    if specialist.institution and is_physician:
        data["memberOf"] = {"@type": "MedicalOrganization", "name": specialist.institution}
    return data
