"""Words and sentence templates in the four site languages, for the generated corpus.

Generated pages must read like the real ones to the search engine (each language's
stemmer, common terms that match many pages) without being copies of the demo. Each
entry is ``(en, de, fr, it)``; templates take the same placeholders in every language.
"""

LANGUAGES = ("en", "de", "fr", "it")

ORGANS = [
    ("liver", "Leber", "foie", "fegato"),
    ("lung", "Lunge", "poumon", "polmone"),
    ("bone", "Knochen", "os", "osso"),
    ("brain", "Gehirn", "cerveau", "cervello"),
    ("pancreas", "Bauchspeicheldrüse", "pancréas", "pancreas"),
    ("bowel", "Darm", "intestin", "intestino"),
    ("stomach", "Magen", "estomac", "stomaco"),
    ("kidney", "Niere", "rein", "rene"),
    ("breast", "Brust", "sein", "seno"),
    ("skin", "Haut", "peau", "pelle"),
    ("bile duct", "Gallengang", "voies biliaires", "vie biliari"),
    ("oesophagus", "Speiseröhre", "œsophage", "esofago"),
]

CONDITIONS = [
    ("metastases", "Metastasen", "métastases", "metastasi"),
    ("tumours", "Tumoren", "tumeurs", "tumori"),
    ("carcinoma", "Karzinom", "carcinome", "carcinoma"),
    ("cysts", "Zysten", "kystes", "cisti"),
    ("inflammation", "Entzündung", "inflammation", "infiammazione"),
]

STAGES = [
    ("early", "frühe", "précoces", "precoci"),
    ("advanced", "fortgeschrittene", "avancées", "avanzate"),
    ("recurrent", "wiederkehrende", "récidivantes", "recidivanti"),
    ("in children", "bei Kindern", "chez l'enfant", "nei bambini"),
    ("in older people", "im Alter", "chez les personnes âgées", "negli anziani"),
]

THERAPIES = [
    ("resection", "Resektion", "résection", "resezione", "surgery"),
    ("chemotherapy", "Chemotherapie", "chimiothérapie", "chemioterapia", "systemic"),
    ("radiofrequency ablation", "Radiofrequenzablation", "ablation par radiofréquence",
     "ablazione a radiofrequenza", "ablation"),
    ("radiotherapy", "Strahlentherapie", "radiothérapie", "radioterapia", "radiotherapy"),
    ("embolisation", "Embolisation", "embolisation", "embolizzazione", "interventional"),
    ("immunotherapy", "Immuntherapie", "immunothérapie", "immunoterapia", "systemic"),
    ("palliative care", "Palliativversorgung", "soins palliatifs", "cure palliative",
     "palliative"),
]  # fmt: skip

TOPIC_TITLE = {
    "en": "{Organ} {condition}, {stage} ({n})",
    "de": "{Organ}-{Condition}, {stage} ({n})",
    "fr": "{Condition} du {organ}, {stage} ({n})",
    "it": "{Condition} del {organ}, {stage} ({n})",
}
THERAPY_TITLE = {
    "en": "{Therapy} of the {organ} ({n})",
    "de": "{Therapy} der {Organ} ({n})",
    "fr": "{Therapy} du {organ} ({n})",
    "it": "{Therapy} del {organ} ({n})",
}
SUMMARY = {
    "en": "What {condition} of the {organ} are, how they are found and how they are treated.",
    "de": "Was {Condition} der {Organ} sind, wie man sie findet und wie sie behandelt werden.",
    "fr": "Ce que sont les {condition} du {organ}, comment les trouver et les traiter.",
    "it": "Che cosa sono le {condition} del {organ}, come si scoprono e come si curano.",
}
PARAGRAPHS = {
    "en": [
        "{Condition} of the {organ} are often found on a scan done for another reason. "
        "A team of specialists decides on the treatment together with the patient.",
        "The cancer cells travel through the bloodstream to the {organ}. Their number, size "
        "and position decide whether surgery, chemotherapy or local treatment is possible.",
        "Regular follow-up scans show whether the treatment works and whether new {condition} "
        "have appeared.",
    ],
    "de": [
        "{Condition} der {Organ} werden oft bei einer Untersuchung aus anderem Grund entdeckt. "
        "Ein Team von Fachärzten entscheidet gemeinsam mit dem Patienten über die Behandlung.",
        "Die Krebszellen gelangen über das Blut in die {Organ}. Anzahl, Größe und Lage "
        "entscheiden, ob Operation, Chemotherapie oder eine örtliche Behandlung möglich ist.",
        "Regelmäßige Kontrolluntersuchungen zeigen, ob die Behandlung wirkt und ob neue "
        "{Condition} aufgetreten sind.",
    ],
    "fr": [
        "Les {condition} du {organ} sont souvent découvertes lors d'un examen fait pour une "
        "autre raison. Une équipe de spécialistes décide du traitement avec le patient.",
        "Les cellules cancéreuses atteignent le {organ} par le sang. Leur nombre, leur taille "
        "et leur position décident si la chirurgie, la chimiothérapie ou un traitement local "
        "est possible.",
        "Des examens de contrôle réguliers montrent si le traitement agit et si de nouvelles "
        "{condition} sont apparues.",
    ],
    "it": [
        "Le {condition} del {organ} sono spesso scoperte durante un esame fatto per un altro "
        "motivo. Un gruppo di specialisti decide la terapia insieme al paziente.",
        "Le cellule tumorali raggiungono il {organ} attraverso il sangue. Numero, dimensioni "
        "e posizione decidono se è possibile la chirurgia, la chemioterapia o una terapia "
        "locale.",
        "Controlli regolari mostrano se la terapia funziona e se sono comparse nuove {condition}.",
    ],
}
HEADINGS = {
    "en": ("What are they?", "How are they treated?", "Therapies", "Find a specialist"),
    "de": ("Was ist das?", "Wie werden sie behandelt?", "Therapien", "Spezialisten finden"),
    "fr": ("De quoi s'agit-il ?", "Comment les traiter ?", "Thérapies", "Trouver un spécialiste"),
    "it": ("Che cosa sono?", "Come si curano?", "Terapie", "Trovare uno specialista"),
}
SECTION_HEADINGS = {
    "en": ("How it works", "Who it is for", "Risks and side effects"),
    "de": ("Wie es funktioniert", "Für wen es geeignet ist", "Risiken und Nebenwirkungen"),
    "fr": ("Comment ça marche", "Pour qui", "Risques et effets secondaires"),
    "it": ("Come funziona", "Per chi è indicata", "Rischi ed effetti collaterali"),
}
SECTION_TEXT = {
    "en": "{Therapy} of the {organ} is planned by the tumour board and done in specialised "
    "centres. Most people go home after a few days.",
    "de": "Die {Therapy} der {Organ} wird im Tumorboard geplant und in spezialisierten Zentren "
    "durchgeführt. Die meisten Patienten gehen nach wenigen Tagen nach Hause.",
    "fr": "La {therapy} du {organ} est planifiée en réunion de concertation et réalisée dans "
    "des centres spécialisés. La plupart des patients rentrent après quelques jours.",
    "it": "La {therapy} del {organ} è pianificata dal gruppo oncologico e svolta in centri "
    "specializzati. La maggior parte dei pazienti torna a casa dopo pochi giorni.",
}
FOCUS = {
    "en": "{Therapy} for {condition} of the {organ}",
    "de": "{Therapy} bei {Condition} der {Organ}",
    "fr": "{Therapy} des {condition} du {organ}",
    "it": "{Therapy} delle {condition} del {organ}",
}
BIOGRAPHY = {
    "en": "Treats patients with {condition} of the {organ} since {year}; member of the "
    "regional tumour board.",
    "de": "Behandelt seit {year} Patienten mit {Condition} der {Organ}; Mitglied des "
    "regionalen Tumorboards.",
    "fr": "Traite depuis {year} des patients atteints de {condition} du {organ} ; membre de "
    "la réunion de concertation régionale.",
    "it": "Cura dal {year} pazienti con {condition} del {organ}; membro del gruppo "
    "oncologico regionale.",
}

GIVEN_NAMES = [
    "Anna", "Lukas", "Sophie", "Jonas", "Marie", "Felix", "Laura", "Paul", "Lea", "Elias",
    "Claire", "Luca", "Giulia", "Matteo", "Nina", "Tobias", "Sara", "David", "Eva", "Marco",
]  # fmt: skip
FAMILY_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Hoffmann", "Keller", "Huber", "Gruber", "Brunner", "Moser", "Rossi", "Bianchi",
    "Favre", "Girard", "Baumann", "Zimmermann", "Wolf", "Lang", "Frei", "Steiner",
]  # fmt: skip
ACADEMIC_TITLES = ["", "Dr", "Dr med.", "PD Dr", "Prof. Dr"]
CLINIC_WORDS = ["Clinic", "Centre", "Tumour Centre", "Oncology Practice"]

REGIONS = {
    "DE": {
        "01": "Baden-Württemberg", "02": "Bayern", "03": "Bremen", "04": "Hamburg",
        "05": "Hessen", "06": "Niedersachsen", "07": "Nordrhein-Westfalen",
        "08": "Rheinland-Pfalz", "09": "Saarland", "10": "Schleswig-Holstein",
        "11": "Brandenburg", "12": "Mecklenburg-Vorpommern", "13": "Sachsen",
        "14": "Sachsen-Anhalt", "15": "Thüringen", "16": "Berlin",
    },
    "AT": {
        "01": "Burgenland", "02": "Kärnten", "03": "Niederösterreich", "04": "Oberösterreich",
        "05": "Salzburg", "06": "Steiermark", "07": "Tirol", "08": "Vorarlberg", "09": "Wien",
    },
}  # fmt: skip


def fill(template, language, *, organ=None, condition=None, stage=None, therapy=None, **extra):
    """Fill ``template`` with the words of ``language`` (capitalised variants too)."""
    index = LANGUAGES.index(language)
    words = {}
    for name, entry in (
        ("organ", organ),
        ("condition", condition),
        ("stage", stage),
        ("therapy", therapy),
    ):
        if entry is not None:
            words[name] = entry[index]
            words[name.capitalize()] = entry[index][:1].upper() + entry[index][1:]
    return template.format(**words, **extra)
