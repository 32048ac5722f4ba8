"""The text search configuration of the one search box, and the name indexes it queries.

- ``spalk_dutch``: PostgreSQL's Dutch configuration (snowball stemmer and stop words) with ``unaccent`` in
  front of the stemmer, so that "geïnformeerd", "geinformeerd" and "café"/"cafe" meet;
- ``spalk_unaccent(text)``: ``unaccent`` declared IMMUTABLE (the extension's function is only STABLE because
  its dictionary could change), so that expression indexes can use it;
- trigram indexes on the unaccented, lower-cased names of families and persons (LIKE and ``<%``).
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'spalk_dutch') THEN
        CREATE TEXT SEARCH CONFIGURATION public.spalk_dutch (COPY = pg_catalog.dutch);
        ALTER TEXT SEARCH CONFIGURATION public.spalk_dutch
            ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.dutch_stem;
    END IF;
END $$;
CREATE OR REPLACE FUNCTION public.spalk_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $fn$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $fn$;
CREATE INDEX IF NOT EXISTS search_family_name_trgm ON families_family
    USING gin (public.spalk_unaccent(lower(name)) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS search_person_name_trgm ON families_person
    USING gin (public.spalk_unaccent(lower(first_name || ' ' || last_name)) gin_trgm_ops);
"""
BACKWARD = """
DROP INDEX IF EXISTS search_person_name_trgm;
DROP INDEX IF EXISTS search_family_name_trgm;
DROP FUNCTION IF EXISTS public.spalk_unaccent(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS public.spalk_dutch;
"""


class Migration(migrations.Migration):
    dependencies = [("families", "0003_history_clock_timestamp")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
