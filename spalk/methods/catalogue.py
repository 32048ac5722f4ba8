"""The catalogue as listed in seed 000 (Dutch names are catalogue data, like the module catalogue).

Loaded by migration 0002 and kept in one place so that tests and the bench can read it.
"""

from __future__ import annotations

# (area code, order, [(method code, name, structured form)])
CATALOGUE: list[tuple[str, int, list[tuple[str, str, str]]]] = [
    ("child_work", 1, [
        ("childcare", "Kinderopvang wanneer ouders naar school, werk of opleiding gaan", ""),
        ("ziko", "Kindvolgsysteem (ZiKo-volgsysteem)", ""),
        ("child-screening", "Screening / gezinsdiagnostiek (testafnames)", ""),
        ("maternity-care-child", "Kraamzorg", ""),
        ("eas", "Emotional Availability Scales", "care_moment"),
        ("imh-child", "Infant Mental Health", ""),
        ("mentalising", "Mentaliseren", ""),
        ("childrens-council", "Kinderraad", ""),
        ("three-houses", "Drie huizen", ""),
        ("play-support", "Spelbegeleiding", ""),
        ("development-stimulation", "Ontwikkelingsstimulatie (verteltassen, ontwikkelingsboxen)", ""),
        ("care-moment", "Observatie verzorgingsmoment (ouder-kindinteractie)", "care_moment"),
    ]),
    ("parent_work", 2, [
        ("vht", "Beeldcoaching / Video Home Training", "care_moment"),
        ("duplo", "Duplo", ""),
        ("house-of-feelings", "Huis vol gevoelens", ""),
        ("qualities-game", "Kwaliteitenspel / gevoelswereldspel", ""),
        ("triple-p", "Triple P", ""),
        ("parent-courses", "Oudercursussen", ""),
        ("nvr", "Geweldloos verzet", ""),
        ("parent-screening", "Screening / gezinsdiagnostiek (testafnames)", ""),
        ("three-columns", "Oplossingsgericht werken: 3 kolommenmodel", ""),
        ("signs-of-safety", "Signs of Safety (veiligheidsplannen)", ""),
        ("hellinckx", "Model van Hellinckx", ""),
        ("maternity-care-parent", "Kraamzorg", ""),
        ("bump-game", "Bolle buikenspel (bij zwangeren)", ""),
        ("imh-parent", "Infant Mental Health", ""),
        ("creative-therapy", "Creatieve therapie", ""),
        ("family-activities", "Gezinsactiviteiten", ""),
        ("sherborne", "Sherborne", ""),
        ("individual-talks", "Individuele gesprekken", ""),
        ("family-talks", "Gezinsgesprekken", ""),
        ("reflecting-team", "Reflecting team", ""),
        ("relaxation", "Relaxatie", ""),
    ]),
    ("family_network", 3, [
        ("involve-services", "Betrekken van diensten (bv. thuishulp)", ""),
        ("involve-context", "Betrekken van afwezige partner en bredere context", ""),
        ("genogram", "Genogram", ""),
        ("ecogram", "Ecogram", ""),
        ("timeline", "Tijdslijn", ""),
        ("network-tables", "Netwerktafels", ""),
        ("lco", "LCO", ""),
        ("ekc", "EKC (eigen kracht-conferentie)", ""),
        ("wrap-around-care", "Wrap Around Care", ""),
    ]),
    ("health", 4, [
        ("kg-vigez", "Richtlijnen en materialen K&G en ViGez", ""),
        ("gordon", "Gezondheidspatronen van Gordon", ""),
    ]),
    ("training", 5, [
        ("parent-courses-homework", "Oudercursussen met huiswerkopdrachten", ""),
        ("dbt-skills", "Vaardigheden van de dialectische gedragstherapie (DBT)", ""),
        ("social-skills", "Sociale vaardigheidstraining", ""),
        ("aggression-reduction", "Agressiereductietraining", ""),
        ("adl", "ADL (algemene dagelijkse levensverrichtingen)", ""),
    ]),
    ("cooperation", 6, [
        ("consultation", "Overleg", ""),
        ("network-tables-cooperation", "Netwerktafels (samenwerking)", ""),
        ("client-meeting", "Cliëntoverleg", ""),
    ]),
]


def load_catalogue(method_area_model, method_model) -> None:
    """Create missing areas and methods (idempotent; existing rows and their edits are left alone)."""
    for code, order, methods in CATALOGUE:
        area, _ = method_area_model.objects.get_or_create(code=code, defaults={"order": order})
        for position, (method_code, name, form) in enumerate(methods, start=1):
            method_model.objects.get_or_create(code=method_code, defaults={
                "area": area, "name": name, "structured_form": form, "order": position})
