"""The six gross motor milestones of the WHO Motor Development Study with their windows of achievement.

Source: WHO Multicentre Growth Reference Study Group. WHO Motor Development Study: windows of achievement for six
gross motor development milestones. Acta Paediatrica 2006; Suppl 450: 86–95 (doi:10.1111/j.1651-2227.2006.tb02379.x,
PubMed 16817682). The windows are bounded by the 1st and the 99th percentile of the age of achievement (months) of
healthy children in Ghana, India, Norway, Oman and the USA; the numbers below are the ones in the paper's abstract.
A child outside a window is not ill: the paper recommends the windows "to signal the need for appropriate screening
when individual children appear to be late". The criteria are a short paraphrase of the study's performance criteria.

Loaded by migration 0003 (``load_milestones``, idempotent) and kept here so tests, demo and the bench read one list.
"""

from __future__ import annotations

from decimal import Decimal

SOURCE = ("WHO Multicentre Growth Reference Study Group. WHO Motor Development Study: windows of achievement for six "
          "gross motor development milestones. Acta Paediatrica 2006; Suppl 450: 86–95 (1e–99e percentiel)")

# (code, order, Dutch name (catalogue data), criterion, 1st percentile, 99th percentile in months)
MILESTONES: tuple[tuple[str, int, str, str, Decimal, Decimal], ...] = (
    ("sitting-without-support", 1, "Zitten zonder steun",
     "Zit rechtop met het hoofd rechtop, minstens 10 seconden, zonder armen of handen om zich te steunen.",
     Decimal("3.8"), Decimal("9.2")),
    ("hands-and-knees-crawling", 2, "Kruipen op handen en knieën",
     "Beweegt afwisselend vooruit of achteruit op handen en knieën, de buik los van de grond, minstens drie "
     "bewegingen na elkaar.", Decimal("5.2"), Decimal("13.5")),
    ("standing-with-assistance", 3, "Staan met steun",
     "Staat rechtop op beide voeten en houdt zich met beide handen vast aan iets stevigs zonder ertegen te leunen, "
     "minstens 10 seconden.", Decimal("4.8"), Decimal("11.4")),
    ("walking-with-assistance", 4, "Stappen met steun",
     "Zet zich vasthoudend aan iets stevigs stappen opzij of vooruit, minstens vijf stappen.",
     Decimal("5.9"), Decimal("13.7")),
    ("standing-alone", 5, "Alleen staan",
     "Staat rechtop op beide voeten (niet op de tenen), zonder contact met iemand of iets, minstens 10 seconden.",
     Decimal("6.9"), Decimal("16.9")),
    ("walking-alone", 6, "Alleen stappen",
     "Zet minstens vijf stappen zelfstandig, rechtop met de rug recht.", Decimal("8.2"), Decimal("17.6")),
)


def load_milestones(milestone_model) -> None:
    """Create or update the six milestones (a data migration, the demo and tests after a flush call it)."""
    for code, order, name, criterion, start, end in MILESTONES:
        milestone_model.objects.update_or_create(code=code, defaults={
            "order": order, "name": name, "criterion": criterion, "window_start_months": start,
            "window_end_months": end, "source": SOURCE, "is_active": True})
