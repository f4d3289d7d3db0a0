"""The demo site's English source content.

Written from the two seed pages (a cancer centre's liver-metastases page and a
specialist finder's therapy article), restructured into our blocks and in our own
words. German, French and Italian come from ``translations/<lang>.po`` through
wagtail-localize, so the translated pages are real, syncable translations.
"""

from datetime import date

from home.names import EDITORIAL_BOARD

# The reviewer's name is the same in every language (a synchronised field); a board's
# name like this one is in the UI catalogues, so visitors read it in their language.
REVIEWED_BY = EDITORIAL_BOARD
LAST_REVIEWED = date(2026, 10, 1)
NEXT_REVIEW_DUE = date(2028, 10, 1)


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


HOME = {
    "title": "Liver metastases: information for patients and families",
    "slug": "home",
    "introduction": p(
        "Clear, medically reviewed information about liver metastases, how they are "
        "treated, and where to find specialists in Germany, Austria and Switzerland."
    ),
    "finder_heading": "Find a specialist",
    "finder_text": (
        "Are you looking for a specialist or a specialised clinic for liver metastases "
        "in Germany, Austria or Switzerland?"
    ),
}

TOPIC_INDEX = {
    "title": "Topics",
    "slug": "topics",
    "introduction": "Conditions explained in plain language.",
}

THERAPY_INDEX = {
    "title": "Therapies",
    "slug": "therapies",
    "introduction": (
        "Treatments used for liver metastases: what they do, who they are for and what to expect."
    ),
}

SPECIALIST_INDEX = {
    "title": "Specialists in liver metastases",
    "slug": "specialists",
    "introduction": (
        "Experienced doctors, clinics and centres for the diagnosis and treatment of "
        "liver metastases in Germany, Austria and Switzerland."
    ),
}

TOPIC = {
    "title": "Liver metastases",
    "slug": "liver-metastases",
    "summary": (
        "Liver metastases are tumours in the liver that have spread from cancer elsewhere in "
        "the body, most often from the bowel. Depending on their number, size and location "
        "they can be removed by surgery, shrunk by chemotherapy or treated locally."
    ),
    "body": [
        ("heading", {"text": "What are liver metastases?", "level": "h2"}),
        (
            "paragraph",
            p(
                "Liver metastases are secondary tumours: cancer cells break away from a "
                "primary tumour in another organ and settle in the liver. They are by far "
                "the most common malignant growths in the liver.",
                "The tumour tissue in the liver is made of the original cancer's cells, not "
                "of liver cells. Liver metastases from bowel cancer therefore consist of "
                "bowel cancer cells. Cancer that starts in the liver cells themselves, such "
                "as hepatocellular carcinoma, is a different disease.",
            ),
        ),
        ("heading", {"text": "How do they develop?", "level": "h2"}),
        (
            "paragraph",
            p(
                "Cancer cells travel through the bloodstream or the lymphatic system. Tumours "
                "of the digestive organs, such as bowel, stomach or pancreatic cancer, spread "
                "mainly through the blood of the portal vein, which carries blood from the "
                "gut straight to the liver.",
                "When liver metastases are found, there is often more than one. Their number, "
                "size and position decide which treatment is possible.",
                "The following tumours most often spread to the liver, in decreasing order:",
            ),
        ),
        (
            "list",
            {
                "style": "numbered",
                "items": [
                    "Bowel cancer (colorectal cancer)",
                    "Stomach cancer",
                    "Pancreatic cancer",
                    "Breast cancer",
                    "Lung cancer",
                ],
            },
        ),
        ("heading", {"text": "How are liver metastases treated?", "level": "h2"}),
        (
            "paragraph",
            p(
                "Treatment has improved a great deal over the last decade. A team of "
                "specialists, usually liver surgeons, oncologists, radiologists, radiation "
                "oncologists and pathologists, plans it together for each person.",
                "Treatment options are based on:",
            ),
        ),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    "the type of the primary tumour",
                    "the number, size and location of the liver metastases",
                    "whether the cancer has spread to other parts of the body",
                    "the patient's general health and liver function",
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "info",
                "title": "A personal consultation is essential",
                "text": p(
                    "Planning treatment needs a careful diagnostic work-up and knowledge of "
                    "earlier treatments. Only a personal visit allows doctors to weigh the "
                    "benefits and risks for you."
                ),
            },
        ),
        ("heading", {"text": "Surgery: the best chance of a cure", "level": "h2"}),
        (
            "paragraph",
            p(
                "Complete surgical removal of the tumour tissue usually offers the only chance "
                "of a cure. Before surgery, doctors make sure that the primary tumour is under "
                "control and that there is no other spread in the body.",
                "Because the liver grows back quickly, large parts of it can be removed. If "
                "there are many metastases, the operation can be done in two stages so that "
                "the liver can recover in between.",
                "Between the operations, additional radiotherapy or chemotherapy can be "
                "beneficial; the specialists plan and give it.",
            ),
        ),
        (
            "key_fact",
            {
                "figure": "up to 80 %",
                "label": "of the liver can be removed if the remaining liver is healthy",
                "source": "European Surgical Centre for Metastatic Disease",
            },
        ),
        (
            "paragraph",
            p(
                "How much of the liver can be removed is decided for each person. It depends "
                "mainly on the patient's symptoms and liver function, age and general health.",
                "If the metastases are too many or too large to remove, chemotherapy given "
                "first can shrink them so that an operation becomes possible. This is called "
                "neoadjuvant chemotherapy.",
            ),
        ),
        ("heading", {"text": "When surgery is not possible", "level": "h2"}),
        (
            "paragraph",
            p(
                "Metastases that cannot be removed are usually treated with chemotherapy to "
                "control the disease and relieve symptoms. Local treatments can destroy or "
                "shrink tumours in the liver with heat, targeted chemotherapy or internal "
                "radiation. Combining surgery, chemotherapy and local treatments is "
                "particularly promising."
            ),
        ),
        (
            "therapy_links",
            {"heading": "Treatment options", "therapies": "__therapies__"},
        ),
        ("heading", {"text": "Outlook", "level": "h2"}),
        (
            "key_fact",
            {
                "figure": "up to 45 %",
                "label": (
                    "of patients are alive five years after complete removal of liver "
                    "metastases from bowel cancer"
                ),
                "source": "Published surgical series",
            },
        ),
        (
            "callout",
            {
                "kind": "info",
                "title": "Figures are averages",
                "text": p(
                    "Without removal, average survival after diagnosis is about 4 to 8 months, "
                    "depending on the primary tumour. Your own outlook can be very different: "
                    "ask your care team what these numbers mean for you."
                ),
            },
        ),
        (
            "faq",
            {
                "title": "Frequently asked questions",
                "items": [
                    {
                        "question": "Are liver metastases the same as liver cancer?",
                        "answer": p(
                            "No. Liver cancer starts in the liver cells. Liver metastases "
                            "come from a cancer in another organ and are treated like that "
                            "cancer."
                        ),
                    },
                    {
                        "question": "Can liver metastases be cured?",
                        "answer": p(
                            "Sometimes. If all metastases can be removed completely, a cure is "
                            "possible, especially with metastases from bowel cancer."
                        ),
                    },
                    {
                        "question": "Who decides on my treatment?",
                        "answer": p(
                            "A team of specialists (a tumour board) recommends a treatment. "
                            "You decide together with your doctors."
                        ),
                    },
                ],
            },
        ),
        (
            "call_to_action",
            {
                "text": "Looking for an experienced specialist near you?",
                "page": "__finder__",
                "label": "Find a specialist",
            },
        ),
    ],
    "references": [
        {
            "title": "Metastatic colorectal cancer: ESMO Clinical Practice Guideline",
            "publisher": "Annals of Oncology",
            "year": 2023,
            "url": "https://www.esmo.org/guidelines",
            "language": "en",
        },
        {
            "title": "S3-Leitlinie Kolorektales Karzinom",
            "publisher": "Leitlinienprogramm Onkologie",
            "year": 2019,
            "url": "https://www.leitlinienprogramm-onkologie.de/",
            "language": "de",
        },
    ],
}


def section(kind, heading, *paragraphs):
    return ("section", {"kind": kind, "heading": heading, "text": p(*paragraphs)})


THERAPIES = [
    {
        "title": "Liver resection",
        "slug": "liver-resection",
        "therapy_type": "surgery",
        "intent": "curative",
        "summary": (
            "Surgical removal of the liver metastases with a margin of healthy tissue. When "
            "there are many tumours, the operation can be done in two stages."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "The surgeon removes the part of the liver that contains the metastases, "
                "often with keyhole (laparoscopic) or robotic techniques. The remaining liver "
                "grows back within weeks.",
                "In a two-stage resection, one part of the liver is cleared first. Once the "
                "healthy part has grown, the remaining metastases are removed in a second "
                "operation.",
            ),
            section(
                "who_for",
                "Who it is for",
                "People whose metastases can all be removed while leaving enough healthy "
                "liver, and whose primary tumour is under control.",
            ),
            section(
                "what_to_expect",
                "What to expect",
                "The operation is done under general anaesthesia. Most people stay in hospital "
                "for about one week.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Bleeding, bile leaks, infection and, rarely, temporary liver failure.",
            ),
            section(
                "recovery",
                "Recovery",
                "Most people return to normal activities within four to eight weeks.",
            ),
        ],
    },
    {
        "title": "Neoadjuvant chemotherapy",
        "slug": "neoadjuvant-chemotherapy",
        "therapy_type": "systemic",
        "intent": "curative",
        "summary": (
            "Chemotherapy given before surgery to shrink liver metastases so that they can be "
            "removed completely."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "Drugs that kill dividing cancer cells are given through a vein, usually in "
                "cycles every two or three weeks, sometimes combined with targeted antibodies.",
            ),
            section(
                "who_for",
                "Who it is for",
                "People whose metastases are too large or too many to remove at first.",
            ),
            section(
                "what_to_expect",
                "What to expect",
                "Scans every few cycles show whether the tumours are shrinking and when "
                "surgery is possible.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Tiredness, nausea, diarrhoea, numbness in hands and feet, and a higher risk "
                "of infection.",
            ),
            section(
                "recovery",
                "Recovery",
                "Surgery usually follows a few weeks after the last cycle.",
            ),
        ],
    },
    {
        "title": "Palliative chemotherapy",
        "slug": "palliative-chemotherapy",
        "therapy_type": "systemic",
        "intent": "palliative",
        "summary": (
            "Chemotherapy that controls metastases which cannot be removed, to relieve "
            "symptoms and extend life with good quality."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "Drug combinations slow the growth of the cancer throughout the body.",
            ),
            section(
                "who_for",
                "Who it is for",
                "People whose metastases cannot be removed by surgery.",
            ),
            section(
                "what_to_expect",
                "What to expect",
                "Treatment continues as long as it helps and is well tolerated, with regular "
                "scans.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Side effects depend on the drugs; your team will adjust the dose to keep "
                "your quality of life.",
            ),
        ],
    },
    {
        "title": "Radiofrequency ablation (RFA)",
        "slug": "radiofrequency-ablation",
        "therapy_type": "ablation",
        "intent": "both",
        "summary": (
            "A thin needle heats the tumour with radiofrequency current and destroys it, "
            "without open surgery."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "Guided by ultrasound or CT, a needle electrode is placed in the metastasis. "
                "Heat destroys the tumour and a small rim of surrounding tissue.",
            ),
            section(
                "who_for",
                "Who it is for",
                "People with a few small metastases, or who cannot have an operation.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Pain, fever for a few days and, rarely, bleeding or injury to nearby organs.",
            ),
            section("recovery", "Recovery", "Most people go home after one or two days."),
        ],
    },
    {
        "title": "Transarterial chemoembolisation (TACE)",
        "slug": "tace",
        "therapy_type": "interventional",
        "intent": "palliative",
        "summary": (
            "Chemotherapy delivered through a catheter straight into the arteries that feed "
            "the tumour, which are then blocked."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "A catheter is guided from the groin to the liver artery. The drug works "
                "strongly at the tumour while the rest of the body is spared.",
            ),
            section(
                "who_for",
                "Who it is for",
                "People whose metastases are mainly in the liver and cannot be removed.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Pain, nausea and fever for a few days (post-embolisation syndrome).",
            ),
        ],
    },
    {
        "title": "Selective internal radiotherapy (SIRT)",
        "slug": "sirt",
        "therapy_type": "interventional",
        "intent": "palliative",
        "summary": (
            "Tiny radioactive beads are injected into the liver arteries and irradiate the "
            "tumours from inside."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "Through a catheter, millions of microspheres carrying a radioactive "
                "substance are placed in the vessels of the tumour, where they deliver a high "
                "dose with little harm to healthy tissue.",
            ),
            section(
                "who_for",
                "Who it is for",
                "People with metastases confined mainly to the liver when other treatments "
                "are not possible or have stopped working.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Tiredness, abdominal pain and, rarely, inflammation of the liver or stomach.",
            ),
        ],
    },
    {
        "title": "High-intensity focused ultrasound (HIFU)",
        "slug": "hifu",
        "therapy_type": "ablation",
        "intent": "palliative",
        "summary": (
            "Focused ultrasound heats tumour cells from outside the body until they "
            "coagulate, so the tumour shrinks."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "Ultrasound waves are focused on the tumour through the skin, like sunlight "
                "through a magnifying glass. No cut is needed.",
            ),
            section(
                "who_for",
                "Who it is for",
                "Selected people in specialised centres. The method is still new, but studies "
                "show good results with few side effects.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Skin burns and pain at the treated area are possible but uncommon.",
            ),
        ],
    },
    {
        "title": "Stereotactic radiosurgery",
        "slug": "stereotactic-radiosurgery",
        "therapy_type": "radiotherapy",
        "intent": "both",
        "summary": (
            "Highly precise radiation from many directions, for example with a CyberKnife, "
            "destroys small metastases in a few sessions."
        ),
        "body": [
            section(
                "how_it_works",
                "How it works",
                "Many beams meet at the tumour, so it receives a very high dose while the "
                "surrounding liver receives little. Breathing movements are tracked.",
            ),
            section(
                "who_for",
                "Who it is for",
                "People with a few small metastases who cannot or do not want to have surgery.",
            ),
            section(
                "what_to_expect",
                "What to expect",
                "One to five outpatient sessions, each lasting less than an hour.",
            ),
            section(
                "risks",
                "Risks and side effects",
                "Tiredness and mild nausea; serious side effects are rare.",
            ),
        ],
    },
]

SPECIALTIES = [
    "Liver surgery",
    "Minimally invasive surgery",
    "Medical oncology",
    "Radiotherapy",
    "Interventional radiology",
    "Palliative medicine",
    "Gastroenterology",
]


def seed_specialist(**fields):
    """One of the five real specialists the seed names (the rest are sample profiles).

    Real people are shown only with what the seed says about them: name, focus, and that
    they are listed for liver metastases. No invented place, therapy or language.
    """
    return {**fields, "sample": False, "specialties": [], "therapies": [], "languages": []}


SPECIALISTS = [
    seed_specialist(
        kind="centre",
        organisation_name="CyberKnife Center of Central Germany",
        focus="Radiosurgery & Precision Radiotherapy",
    ),
    seed_specialist(
        given_name="Hans-Gerald H.",
        family_name="Forg",
        focus="Pain Therapy and Palliative Medicine",
    ),
    seed_specialist(
        academic_title="Prof. Dr",
        given_name="Florian",
        family_name="Würschmidt",
        focus="Radiotherapy / Stereotactic Radiosurgery",
    ),
    seed_specialist(
        academic_title="Prof. Dr",
        given_name="Olaf",
        family_name="Horstmann",
        focus="Colorectal Cancer",
    ),
    seed_specialist(
        academic_title="Univ.-Prof. Dr",
        given_name="Andreas",
        family_name="Rink",
        focus="Minimally Invasive Oncological Surgery",
    ),
]


def sample(given, family, focus, city, region, postcode, country, coords, specialties,
           therapies, languages, title="Dr", kind="physician", organisation=""):  # fmt: skip
    return {
        "kind": kind,
        "academic_title": title if kind == "physician" else "",
        "given_name": given,
        "family_name": family,
        "organisation_name": organisation,
        "focus": focus,
        "city": city,
        "region": region,
        "postcode": postcode,
        "country": country,
        "coordinates": coords,
        "specialties": specialties,
        "therapies": therapies,
        "languages": languages,
        "sample": True,
    }


SPECIALISTS += [
    sample(
        "Lea",
        "Brunner",
        "Hepatobiliary Surgery",
        "Zürich",
        "Zürich",
        "8091",
        "CH",
        (47.3769, 8.5417),
        ["Liver surgery"],
        ["liver-resection"],
        ["de", "en", "fr"],
        title="Prof. Dr",
    ),
    sample(
        "Marco",
        "Bernasconi",
        "Interventional Oncology",
        "Lugano",
        "Ticino",
        "6900",
        "CH",
        (46.0037, 8.9511),
        ["Interventional radiology"],
        ["tace", "sirt"],
        ["it", "de", "en"],
    ),
    sample(
        "Claire",
        "Dubois",
        "Medical Oncology",
        "Genève",
        "Genève",
        "1205",
        "CH",
        (46.2044, 6.1432),
        ["Medical oncology"],
        ["neoadjuvant-chemotherapy", "palliative-chemotherapy"],
        ["fr", "en"],
    ),
    sample(
        "",
        "",
        "Radiotherapy and Radiosurgery",
        "Bern",
        "Bern",
        "3010",
        "CH",
        (46.9480, 7.4474),
        ["Radiotherapy"],
        ["stereotactic-radiosurgery"],
        ["de", "fr", "en"],
        kind="clinic",
        organisation="Aare Radiotherapy Clinic",
    ),
    sample(
        "Thomas",
        "Meier",
        "Gastroenterology and Hepatology",
        "Basel",
        "Basel-Stadt",
        "4031",
        "CH",
        (47.5596, 7.5886),
        ["Gastroenterology"],
        ["radiofrequency-ablation"],
        ["de", "en"],
    ),
    sample(
        "Julia",
        "Hofer",
        "Visceral and Liver Surgery",
        "Wien",
        "Wien",
        "1090",
        "AT",
        (48.2082, 16.3738),
        ["Liver surgery", "Minimally invasive surgery"],
        ["liver-resection"],
        ["de", "en"],
        title="Univ.-Prof. Dr",
    ),
    sample(
        "Stefan",
        "Gruber",
        "Interventional Radiology",
        "Graz",
        "Steiermark",
        "8036",
        "AT",
        (47.0707, 15.4395),
        ["Interventional radiology"],
        ["tace", "sirt", "radiofrequency-ablation"],
        ["de", "en"],
    ),
    sample(
        "",
        "",
        "Comprehensive Liver Tumour Care",
        "Innsbruck",
        "Tirol",
        "6020",
        "AT",
        (47.2692, 11.4041),
        ["Liver surgery", "Medical oncology", "Radiotherapy"],
        ["liver-resection", "neoadjuvant-chemotherapy", "stereotactic-radiosurgery"],
        ["de", "it", "en"],
        kind="centre",
        organisation="Alpine Liver Tumour Centre",
    ),
    sample(
        "Katharina",
        "Wimmer",
        "Palliative Care",
        "Salzburg",
        "Salzburg",
        "5020",
        "AT",
        (47.8095, 13.0550),
        ["Palliative medicine"],
        ["palliative-chemotherapy"],
        ["de", "en"],
    ),
    sample(
        "Michael",
        "Steiner",
        "Medical Oncology",
        "Linz",
        "Oberösterreich",
        "4020",
        "AT",
        (48.3069, 14.2858),
        ["Medical oncology"],
        ["neoadjuvant-chemotherapy", "palliative-chemotherapy"],
        ["de", "en", "tr"],
    ),
    sample(
        "Sabine",
        "Krüger",
        "Hepatobiliary Surgery",
        "Berlin",
        "Berlin",
        "10117",
        "DE",
        (52.5200, 13.4050),
        ["Liver surgery"],
        ["liver-resection"],
        ["de", "en", "ru"],
        title="Prof. Dr",
    ),
    sample(
        "",
        "",
        "Focused Ultrasound and Ablation",
        "Heidelberg",
        "Baden-Württemberg",
        "69120",
        "DE",
        (49.3988, 8.6724),
        ["Interventional radiology"],
        ["hifu", "radiofrequency-ablation"],
        ["de", "en"],
        kind="clinic",
        organisation="Neckar Focused Ultrasound Clinic",
    ),
    sample(
        "Ayşe",
        "Demir",
        "Medical Oncology",
        "Köln",
        "Nordrhein-Westfalen",
        "50937",
        "DE",
        (50.9375, 6.9603),
        ["Medical oncology"],
        ["neoadjuvant-chemotherapy", "palliative-chemotherapy"],
        ["de", "tr", "en"],
    ),
    sample(
        "Jan",
        "Vogel",
        "Interventional Radiology",
        "Leipzig",
        "Sachsen",
        "04103",
        "DE",
        (51.3397, 12.3731),
        ["Interventional radiology"],
        ["sirt", "tace"],
        ["de", "en"],
    ),
    sample(
        "Elena",
        "Fischer",
        "Gastroenterology",
        "Frankfurt am Main",
        "Hessen",
        "60590",
        "DE",
        (50.1109, 8.6821),
        ["Gastroenterology"],
        ["radiofrequency-ablation"],
        ["de", "en", "es"],
    ),
]

CONTENT_PAGES = [
    {
        "title": "Emergencies",
        "slug": "emergencies",
        "summary": (
            "In a medical emergency call the emergency number immediately. Do not wait for "
            "an appointment or an email reply."
        ),
        "body": [
            (
                "callout",
                {
                    "kind": "warning",
                    "title": "Call an ambulance",
                    "text": p(
                        "Call at once for sudden severe abdominal pain, vomiting blood, black "
                        "stools, yellowing of the skin with confusion, or high fever during "
                        "chemotherapy."
                    ),
                },
            ),
            (
                "emergency_numbers",
                {
                    "title": "Emergency numbers",
                    "numbers": [
                        {"country": "DE", "service": "Ambulance and fire brigade", "number": "112"},
                        {
                            "country": "DE",
                            "service": "Out-of-hours medical service",
                            "number": "116 117",
                        },
                        {
                            "country": "DE",
                            "service": (
                                "Poison information centre (Berlin, answers calls from "
                                "all of Germany)"
                            ),
                            "number": "030 19240",
                        },
                        {"country": "AT", "service": "Emergency (all services)", "number": "112"},
                        {"country": "AT", "service": "Ambulance", "number": "144"},
                        {
                            "country": "AT",
                            "service": "Poison information centre",
                            "number": "+43 1 406 43 43",
                        },
                        {"country": "CH", "service": "Ambulance", "number": "144"},
                        {
                            "country": "CH",
                            "service": "Poison information (Tox Info Suisse)",
                            "number": "145",
                        },
                        {"country": "CH", "service": "European emergency number", "number": "112"},
                    ],
                },
            ),
        ],
    },
    {
        "title": "Contact",
        "slug": "contact",
        "summary": "How to reach the editorial team of this information service.",
        "body": [
            (
                "paragraph",
                p(
                    "We answer questions about the content of this website. We cannot give "
                    "personal medical advice; please talk to your doctor about your treatment.",
                    'Email: <a href="mailto:editors@example.org">editors@example.org</a>',
                ),
            ),
        ],
    },
    {
        "title": "Accessibility statement",
        "slug": "accessibility",
        "summary": (
            "How accessible this website is, what does not work well yet, and how to tell us "
            "about barriers."
        ),
        "body": [
            (
                "paragraph",
                p(
                    "We want everyone to be able to use this website. This statement applies "
                    "to the whole website of the Liver Cancer Information Centre (a "
                    "demonstration site) in English, German, French and Italian. It follows "
                    "the German Barrier-free Information Technology Ordinance (BITV 2.0) and "
                    "the EU Web Accessibility Directive (Directive (EU) 2016/2102).",
                ),
            ),
            ("heading", {"text": "Conformance status", "level": "h2"}),
            (
                "paragraph",
                p(
                    "This website is partially compliant with the European standard EN 301 549 "
                    "(version 3.2.1) and with the Web Content Accessibility Guidelines (WCAG) "
                    "2.1 at level AA, which BITV 2.0 refers to. We also test it against WCAG "
                    "2.2 at level AA. Partially compliant means that the parts listed below "
                    "are not yet accessible.",
                ),
            ),
            ("heading", {"text": "What is not accessible yet", "level": "h2"}),
            (
                "list",
                {
                    "style": "bulleted",
                    "items": [
                        "There is no explanation of the website in Easy Language (Leichte "
                        "Sprache) or in German Sign Language yet. Alternative: write to us and "
                        "we will explain the content and how to use the website.",
                        "Documents on other websites that we link to, such as medical "
                        "guidelines, are often not accessible and are only available in their "
                        "original language. Alternative: ask us for a summary in plain language.",
                        "The search does not yet find every word form and compound word. "
                        "Alternative: use the overviews of topics and therapies in the menu.",
                    ],
                },
            ),
            ("heading", {"text": "How we assessed accessibility", "level": "h2"}),
            (
                "paragraph",
                p(
                    "This statement was prepared on 29 November 2026 and last reviewed on 29 "
                    "November 2026. It is based on a self-assessment by the editorial and "
                    "development team.",
                    "Every type of page is checked in every language with the automated test "
                    "tool axe-core in the Chromium browser, on small and large screens, with "
                    "200 % text, high contrast and dark colours. Use with the keyboard alone "
                    "and without JavaScript is tested by hand and in automated tests.",
                ),
            ),
            ("heading", {"text": "Your own settings", "level": "h2"}),
            (
                "paragraph",
                p(
                    "In the accessibility settings you can enlarge the text, switch to high "
                    "contrast or dark colours, reduce motion, increase spacing and underline "
                    "all links. The settings work without JavaScript.",
                ),
            ),
            ("heading", {"text": "Report a barrier", "level": "h2"}),
            (
                "paragraph",
                p(
                    "Have you found a barrier on this website, or do you need information in "
                    "another format? Please tell us by email: "
                    '<a href="mailto:accessibility@example.org?subject=Accessibility%20feedback">'
                    "accessibility@example.org</a>. We will reply within two weeks.",
                ),
            ),
            ("heading", {"text": "Enforcement procedure", "level": "h2"}),
            (
                "paragraph",
                p(
                    "If you are not satisfied with our answer, you can apply to the "
                    "arbitration board under the German Disability Equality Act "
                    "(Schlichtungsstelle nach dem Behindertengleichstellungsgesetz). It helps "
                    "to settle disputes about accessibility with public bodies, free of "
                    "charge and without a lawyer.",
                    "Schlichtungsstelle BGG, Mauerstraße 53, 10117 Berlin, Germany. "
                    "Phone: +49 30 18 527-2805. "
                    'Email: <a href="mailto:info@schlichtungsstelle-bgg.de">'
                    "info@schlichtungsstelle-bgg.de</a>. "
                    'Website: <a href="https://www.schlichtungsstelle-bgg.de">'
                    "www.schlichtungsstelle-bgg.de</a>",
                ),
            ),
        ],
    },
    {
        "title": "Imprint",
        "slug": "imprint",
        "summary": "Who publishes this website and who is responsible for its content.",
        "body": [
            (
                "paragraph",
                p(
                    "Liver Cancer Information Centre (demo)<br>Musterstraße 1<br>10115 Berlin"
                    "<br>Germany",
                    'Email: <a href="mailto:editors@example.org">editors@example.org</a>',
                    "Responsible for the content: the editorial board (demo), address as above.",
                ),
            ),
            (
                "callout",
                {
                    "kind": "info",
                    "title": "A demonstration website",
                    "text": p(
                        "The publisher and address are invented. The content is for general "
                        "information only and does not replace medical advice. Specialist "
                        "profiles marked as sample profiles are invented."
                    ),
                },
            ),
            ("heading", {"text": "Links to other websites", "level": "h2"}),
            (
                "paragraph",
                p(
                    "We check other websites when we link to them. We are not responsible for "
                    "their content; if you find a link that is wrong, please tell us.",
                ),
            ),
        ],
    },
    {
        "title": "Privacy notice",
        "slug": "privacy",
        "summary": "What data this website processes when you use it, and your rights.",
        "body": [
            (
                "paragraph",
                p(
                    "Controller: Liver Cancer Information Centre (demo), Musterstraße 1, 10115 "
                    'Berlin, Germany, <a href="mailto:privacy@example.org">privacy@example.org'
                    "</a>.",
                ),
            ),
            ("heading", {"text": "When you visit a page", "level": "h2"}),
            (
                "paragraph",
                p(
                    "To send you a page, our server processes what your browser transmits: "
                    "your IP address, the date and time, the page requested and the name of "
                    "your browser. We need this to deliver the website and to protect it "
                    "against misuse (Art. 6(1)(f) GDPR). To block overload, IP addresses are "
                    "counted for one minute at a time. Server log files are deleted after "
                    "14 days.",
                ),
            ),
            ("heading", {"text": "Cookies", "level": "h2"}),
            (
                "paragraph",
                p(
                    "We use no tracking or advertising cookies and no web analytics. Cookies "
                    "are only set when you use the function that needs them, and they "
                    "contain no personal data:",
                ),
            ),
            (
                "list",
                {
                    "style": "bulleted",
                    "items": [
                        "a11y: your display settings (text size, colours, motion, spacing), "
                        "kept for one year",
                        "django_language: the language you chose, kept for one year",
                        "csrftoken: protects the settings form against forged submissions",
                    ],
                },
            ),
            ("heading", {"text": "Search", "level": "h2"}),
            (
                "paragraph",
                p(
                    "What you type into the search is counted per day and language, without "
                    "any link to you, so that we can improve the search and the content.",
                ),
            ),
            ("heading", {"text": "No third parties", "level": "h2"}),
            (
                "paragraph",
                p(
                    "Fonts, scripts and images all come from our own server. Other websites "
                    "learn about you only when you follow a link to them.",
                ),
            ),
            ("heading", {"text": "When you write to us", "level": "h2"}),
            (
                "paragraph",
                p(
                    "We use your message and your email address only to answer you, and "
                    "delete them when the matter is settled, unless the law requires us to "
                    "keep them (Art. 6(1)(b) and (f) GDPR).",
                ),
            ),
            ("heading", {"text": "Your rights", "level": "h2"}),
            (
                "paragraph",
                p(
                    "You have the right of access, rectification, erasure, restriction of "
                    "processing, data portability and objection (Art. 15 to 21 GDPR). Write "
                    "to the address above. You can also complain to a data protection "
                    "supervisory authority, for example the Berlin Commissioner for Data "
                    "Protection and Freedom of Information.",
                ),
            ),
        ],
    },
    {
        "title": "Editorial policy",
        "slug": "editorial-policy",
        "summary": (
            "Who writes the information on this website, how doctors check it, how "
            "translations are reviewed and how we keep it up to date."
        ),
        "body": [
            ("heading", {"text": "Who writes the content", "level": "h2"}),
            (
                "paragraph",
                p(
                    "Our editors write for patients and their families, in plain language, "
                    "based on current medical guidelines. Every medical page lists its "
                    "sources under References.",
                ),
            ),
            ("heading", {"text": "Medical review", "level": "h2"}),
            (
                "paragraph",
                p(
                    "Before a topic or therapy page is published, a doctor from our medical "
                    "review group checks that it is correct and complete. The page shows when "
                    "it was last reviewed, by whom, and when the next review is due.",
                    "Every page is reviewed again at least every two years, and sooner when "
                    "guidelines change. If a review is overdue, the page says so.",
                ),
            ),
            ("heading", {"text": "Translations", "level": "h2"}),
            (
                "paragraph",
                p(
                    "The English pages are the source. They are translated into German, "
                    "French and Italian; machine translation is at most a draft and is never "
                    "published without a person checking it. A translation reviewer for each "
                    "language approves every translation before it goes online.",
                    "When an English page changes, its translations are marked as possibly "
                    "out of date, with a link to the current English page, until the updated "
                    "translation has been reviewed.",
                ),
            ),
            ("heading", {"text": "Independence", "level": "h2"}),
            (
                "paragraph",
                p(
                    "This website carries no advertising and accepts no sponsorship. Being "
                    "listed in the specialist finder is free of charge.",
                    "Profiles marked as sample profiles are invented for this demonstration. "
                    "For the specialists named in our sources we show only their name and "
                    "their focus.",
                ),
            ),
            ("heading", {"text": "Corrections", "level": "h2"}),
            (
                "paragraph",
                p(
                    "If you find a mistake, please tell us through the contact page. We check "
                    "every report and correct mistakes quickly.",
                ),
            ),
        ],
    },
]

# The footer of every page: publisher and links (slugs of the content pages above).
FOOTER = {
    "publisher": "Published by the Liver Cancer Information Centre (demo), Berlin",
    "links": [
        ("Imprint", "imprint"),
        ("Privacy notice", "privacy"),
        ("Accessibility statement", "accessibility"),
        ("Contact", "contact"),
        ("Editorial policy", "editorial-policy"),
    ],
}

# Search synonym groups (translatable snippets; translations in translations/<lang>.po).
SEARCH_SYNONYMS = [
    "liver metastases = hepatic metastases = liver secondaries = secondary liver cancer",
    "chemotherapy = chemo = cytotoxic therapy",
    "radiofrequency ablation = RFA = thermal ablation",
    # Lay words next to the technical ones, so patients find pages written by doctors.
    "liver cancer = hepatocellular carcinoma = HCC = primary liver cancer",
    "life expectancy = prognosis = outlook = survival",
    "bowel cancer = colorectal cancer = colon cancer",
]

# Promoted search results per language: query -> slug of the source page to promote (its
# translation in that language is promoted) and the editor's note shown with it.
SEARCH_PROMOTIONS = {
    "en": ("chemotherapy", "liver-metastases", "Overview: when chemotherapy is used."),
    "de": (
        "chemotherapie",
        "liver-metastases",
        "Überblick: wann eine Chemotherapie infrage kommt.",
    ),
    "fr": (
        "chimiothérapie",
        "liver-metastases",
        "Vue d’ensemble : quand la chimiothérapie est utilisée.",
    ),
    "it": (
        "chemioterapia",
        "liver-metastases",
        "Panoramica: quando si ricorre alla chemioterapia.",
    ),
}

META_MENU = [
    {"kind": "emergencies", "label": "Emergencies", "page": "emergencies"},
    {"kind": "contact", "label": "Contact", "page": "contact"},
    {"kind": "accessibility", "label": "Accessibility settings"},
    {"kind": "languages", "label": "Language"},
    {"kind": "search", "label": "Search"},
]

ACCESSIBILITY_LABELS = {
    "title": "Accessibility settings",
    "introduction": (
        "Make this website easier to read on this device: larger text, stronger "
        "contrast, calmer pages. Your choice is kept in a cookie in your browser only."
    ),
    "text_size": "Text size",
    "contrast": "Colours and contrast",
    "contrast_default": "Standard colours",
    "contrast_high": "High contrast (black on white)",
    "contrast_dark": "Dark (light text on a dark background)",
    "motion": "Reduce motion and animations",
    "spacing": "More space between lines, letters and words",
    "underline": "Underline all links",
    "font": "Easy-to-read font",
    "save_button": "Save settings",
    "reset_button": "Reset to default",
}


# Pages with a Leichte Sprache version besides the home page, the sections and the topic.
EASY_LANGUAGE_THERAPIES = ["liver-resection", "radiofrequency-ablation"]
