"""Indexes that keep the one search box fast at scale (issue 11).

- ``search_family_reference_upper``: the family source matches a name *or* the exact dossier number
  (``reference__iexact``, i.e. ``UPPER(reference) = UPPER(q)``). Without an index on that expression the OR made
  PostgreSQL scan every family and unaccent every name (120–400 ms at 20 000 families); with it the three arms
  (trigram LIKE, trigram ``<%``, reference) combine in one BitmapOr.
- ``search_note_centre_vector``: a GIN index over ``(centre_id, search_vector)`` (``btree_gin`` puts the
  integer column into GIN). ``visible_notes`` narrows to ``centre_id IN (...)``; a bitmap index scan handles
  the IN list, so a common word ("koorts": 18 % of all notes) is matched inside the viewer's centres in the
  index, instead of reading every note of those centres and testing its detoasted ``search_vector``.

On a loaded database build them first with ``CREATE INDEX CONCURRENTLY`` under these exact names; the
``IF NOT EXISTS`` below then leaves them as they are.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS search_family_reference_upper ON families_family (upper(reference));
CREATE INDEX IF NOT EXISTS search_note_centre_vector ON logbook_note USING gin (centre_id, search_vector);
"""
BACKWARD = """
DROP INDEX IF EXISTS search_note_centre_vector;
DROP INDEX IF EXISTS search_family_reference_upper;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0002_notes_in_spalk_dutch"), ("families", "0003_history_clock_timestamp"),
                    ("logbook", "0002_note_search_vector_trigger")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
