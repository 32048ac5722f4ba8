"""A server process freezes what it loaded before its first request (spalk.wsgi), so that full garbage
collections do not walk the ~220 000 objects of a loaded spalk."""

import gc
import importlib
import sys

import pytest


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on as before


def test_loading_the_wsgi_application_freezes_the_startup_objects(unfrozen, monkeypatch):
    assert gc.get_freeze_count() == 0
    monkeypatch.delitem(sys.modules, "spalk.wsgi", raising=False)
    module = importlib.import_module("spalk.wsgi")
    assert module.application is not None
    # the views of every app and the Dutch catalogue were loaded first, then frozen with the rest
    assert "spalk.logbook.views_shift" in sys.modules
    assert gc.get_freeze_count() > 50_000


def test_objects_made_after_the_freeze_are_still_collected(unfrozen):
    from spalk.core.startup import freeze_startup_objects

    frozen = freeze_startup_objects()
    assert frozen == gc.get_freeze_count() > 0

    class Cycle:
        pass

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a
    marker = id(a)
    del a, b
    gc.collect()
    assert all(id(o) != marker for o in gc.get_objects() if isinstance(o, Cycle))
