"""Issue 16 point 10: the README's first command prints nothing alarming on a fresh machine. scripts/bootstrap waits
for another apt (an unattended upgrade) instead of failing at once; matplotlib finds the Liberation fonts bootstrap
installed (a font list cached before they were installed gave thousands of "findfont" warnings and charts in the
wrong font); setuptools is given a licence in the form it no longer warns about."""

import re
import tomllib
from pathlib import Path

import matplotlib.font_manager as font_manager

ROOT = Path(__file__).resolve().parents[2]


def test_every_apt_call_in_bootstrap_waits_for_the_apt_lock():
    script = (ROOT / "scripts" / "bootstrap").read_text()
    calls = [line for line in script.splitlines() if re.match(r"\s*(DEBIAN_FRONTEND=\S+ )?apt-get ", line)]

    assert len(calls) == 2
    assert all('"${apt_wait[@]}"' in line for line in calls)
    assert "apt_wait=(-o DPkg::Lock::Timeout=600)" in script


def test_bootstrap_rebuilds_matplotlibs_font_list_after_installing_fonts():
    script = (ROOT / "scripts" / "bootstrap").read_text()

    assert script.index("fonts-liberation") < script.index("_load_fontmanager(try_read_cache=False)")


def test_the_charts_font_is_found_without_falling_back():
    path = font_manager.findfont("Liberation Sans", fallback_to_default=False)

    assert Path(path).name.startswith("LiberationSans")


def test_the_licence_is_an_spdx_string_so_setuptools_does_not_warn():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    assert project["license"] == "MIT"
