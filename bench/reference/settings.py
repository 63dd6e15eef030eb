"""Settings for benchmarking only: the production settings plus a reference view (bench/README.md).

`bench/run.sh` starts gunicorn with `DJANGO_SETTINGS_MODULE=reference.settings` and `bench/` on the path.
Nothing here is imported by the application.
"""

from pathlib import Path

from gongkai.conf.settings import *  # noqa: F403
from gongkai.conf.settings import TEMPLATES

ROOT_URLCONF = "reference.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]},
    *TEMPLATES[1:],
]
