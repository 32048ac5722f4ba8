"""`make serve` (python -m spalk.serve): gunicorn with at least two workers, DEBUG off."""

from __future__ import annotations

import pytest

from spalk import serve


def test_gunicorn_serves_the_wsgi_app_with_the_workers_asked_for():
    argv = serve.gunicorn_argv(bind="127.0.0.1:8123", workers=3, threads=4)
    assert "spalk.wsgi:application" in argv
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert "--no-control-socket" in argv  # two servers on one machine do not fight over gunicorn's socket


def test_at_least_two_workers_by_default():
    assert serve.default_workers() >= 2


@pytest.mark.parametrize(("argv", "env"), [(["--workers", "1"], {}), ([], {"SPALK_DEBUG": "1"})],
                         ids=["one worker", "debug on"])
def test_refuses_one_worker_and_debug(monkeypatch, argv, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit_:
        serve.main([*argv, "--skip-collectstatic"])
    assert exit_.value.code == 2
