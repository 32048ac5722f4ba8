"""spalk's benchmark: ``python -m bench`` (``make bench``).

1. creates a separate database (``spalk_bench`` by default) and migrates it in a subprocess;
2. fills it with deterministic fictional data at ten times the size of the Flemish CIG sector,
   one generator module per capability (``bench.generators.GENERATORS``), loaded with COPY;
3. measures every main page, htmx fragment and API call as several personas, in-process with
   Django's test client, and writes ``bench/results/latest.md`` and ``latest.json``, compared with
   the committed ``bench/results/baseline.json`` (regressions over 20 % are flagged).
"""
