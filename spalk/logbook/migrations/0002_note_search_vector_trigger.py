"""Keep Note.search_vector filled by the database: Dutch stemming over the unaccented text.

A trigger (not application code) so that every write path, including the bench's COPY, fills it.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION logbook_note_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('pg_catalog.dutch', unaccent(coalesce(NEW.text, '')));
    RETURN NEW;
END $$;
CREATE TRIGGER logbook_note_search_vector BEFORE INSERT OR UPDATE OF text ON logbook_note
    FOR EACH ROW EXECUTE FUNCTION logbook_note_search_vector();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS logbook_note_search_vector ON logbook_note;
DROP FUNCTION IF EXISTS logbook_note_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("logbook", "0001_initial"), ("families", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
