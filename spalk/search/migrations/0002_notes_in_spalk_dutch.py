"""Logbook notes' search vector in the search box's own configuration ``spalk_dutch``.

The logbook keeps ``Note.search_vector`` by a trigger (logbook/0002). The one search box queries it with
``websearch_to_tsquery('spalk_dutch', q)``; vector and query must come from the same configuration, so the
trigger function now uses ``spalk_dutch`` (Dutch stemming with unaccent inside the configuration), and the
vectors already stored are recomputed.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION logbook_note_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('public.spalk_dutch', coalesce(NEW.text, ''));
    RETURN NEW;
END $$;
UPDATE logbook_note SET search_vector = to_tsvector('public.spalk_dutch', coalesce(text, ''));
"""
BACKWARD = """
CREATE OR REPLACE FUNCTION logbook_note_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('pg_catalog.dutch', unaccent(coalesce(NEW.text, '')));
    RETURN NEW;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0001_spalk_dutch"), ("logbook", "0002_note_search_vector_trigger")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
