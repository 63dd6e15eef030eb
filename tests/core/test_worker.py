"""The worker's command line (core.worker): no code reloader, the configured poll interval."""

from django.test import override_settings

from gongkai.core.worker import worker_command


def test_worker_runs_without_the_code_reloader_even_in_debug(settings):
    settings.DEBUG = True
    argv = worker_command("manage.py")
    assert argv[1:3] == ["manage.py", "db_worker"]
    assert "--no-reload" in argv


def test_worker_polls_at_the_configured_interval(settings):
    with override_settings(GONGKAI={**settings.GONGKAI, "WORKER_POLL_SECONDS": 2.5}):
        argv = worker_command("manage.py")
    assert argv[argv.index("--interval") + 1] == "2.5"
