"""The production environment as the README's "Deploy" section documents it, for running the real settings.

These tests run the production settings (appraise/settings.py, not the test settings) in subprocesses: manage.py and
gunicorn with the variables of the README's `/etc/appraise.env` block, the site's own values (key, host, database,
folder) replaced by throwaway ones. So the README cannot name a variable the settings do not need, or leave one out.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key

PROJECT = Path(__file__).resolve().parents[2]
README = PROJECT / "README.md"
ENV_FILE_HEADING = "# /etc/appraise.env"
# The values that are the site's own; every other documented variable is used as the README gives it.
SITE_VALUES = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_STATIC_ROOT")
# What the shell running the tests may have set that the production settings, manage.py or gunicorn would read.
INHERITED = re.compile(r"^(DJANGO_|APPRAISE_|DATABASE_URL$|WEB_CONCURRENCY$|GUNICORN_CMD_ARGS$|FORWARDED_ALLOW_IPS$)")


def documented_environment() -> dict[str, str]:
    """NAME: value for each line of the README's `# /etc/appraise.env` block, in the "Deploy" section."""
    deploy = README.read_text().split("\n## Deploy\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", deploy, re.S)
    (env_file,) = [b for b in blocks if b.startswith(ENV_FILE_HEADING + "\n")]
    lines = [line for line in env_file.splitlines() if line.strip() and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def production_environment(folder: Path, **overrides: str) -> dict[str, str]:
    """This machine's environment less anything Appraise reads, plus the documented production variables, with
    throwaway site values: a new secret key, 127.0.0.1, a SQLite file and a static folder in `folder`."""
    documented = documented_environment()
    assert set(SITE_VALUES) <= set(documented), "the README's environment must name each site value"
    env = {name: value for name, value in os.environ.items() if not INHERITED.match(name)}
    env.update(documented)
    env.update(
        DJANGO_SECRET_KEY=get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
    )
    env.update(overrides)
    # pytest-django put the test settings in this process's environment; manage.py and wsgi.py default to the real one.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout
    )
