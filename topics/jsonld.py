"""schema.org entities for conditions and therapies (MedicalCondition, MedicalTherapy)."""

from home.jsonld import absolute_url, medical_web_page

# Therapies that are done to the body are procedures; the others are therapies.
PROCEDURE_TYPES = {
    "surgery": "SurgicalProcedure",
    "ablation": "PercutaneousProcedure",
    "interventional": "PercutaneousProcedure",
}


def _ref(page, request, schema_type):
    return {"@type": schema_type, "name": page.title, "url": absolute_url(page, request)}


def therapy_entity(therapy, request):
    procedure_type = PROCEDURE_TYPES.get(therapy.therapy_type)
    entity = {
        "@type": "MedicalProcedure" if procedure_type else "MedicalTherapy",
        "name": therapy.title,
        "description": therapy.summary,
        "url": absolute_url(therapy, request),
    }
    if procedure_type:
        entity["procedureType"] = f"https://schema.org/{procedure_type}"
    return entity


def topic_structured_data(topic, request, therapies):
    condition = {
        "@type": "MedicalCondition",
        "name": topic.title,
        "description": topic.summary,
        "url": absolute_url(topic, request),
        "possibleTreatment": [therapy_entity(therapy, request) for therapy in therapies],
    }
    return medical_web_page(topic, request, condition)


def therapy_structured_data(therapy, request, topics):
    data = medical_web_page(therapy, request, therapy_entity(therapy, request))
    if topics:
        data["mentions"] = [_ref(topic, request, "MedicalCondition") for topic in topics]
    return data
