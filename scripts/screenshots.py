"""Screenshots of the main pages for the README, taken with headless Chromium (Debian's /usr/bin/chromium).

Run: .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
It builds a throwaway SQLite database with the demo data (and two more scenarios shown to members, so four are
compared), serves it on a free local port, signs in as the demo officer and member, and saves PNGs of the dashboard,
the scenarios side by side, the scenario editor and the baselines grid at 390, 768 and 1280 px (a phone, a tablet, a
laptop): <page>-<width>.png. Look at them before committing: they are how the tool looks to users.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SLUG = "darlington-hartlepool-2011"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, **kwargs)


def wait_for(url: str, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server at {url} did not start")


def sign_in(page, base, username, password):
    page.goto(f"{base}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


# The widths every page is taken at, each with its first screen's height: a phone, a tablet, a laptop.
SCREENS = {390: 844, 768: 1024, 1280: 800}
# A long page is cut after this many first screens, so the PNGs stay small.
SCREENS_KEPT = 2
# The README's image names before the per-width screenshots, kept until it links the new names (each a copy).
# Two more scenarios shown to members, so the comparison shows four side by side (the demo has two).
EXTRA_SCENARIOS = f"""
from appraisal.models import Scenario
from appraisal.scenarios.services import scenario_clone
low = Scenario.objects.get(appraisal__slug="{SLUG}", name="Low")
for name, option, point in [("Midpoint", 3, "mid"), ("Integration of key services", 2, "max")]:
    copy = scenario_clone(scenario=low, name=name)
    Scenario.objects.filter(pk=copy.pk).update(status="shown", delivery_option=option)
    copy.cluster_settings.update(point=point)
"""


def saved(out: Path) -> None:
    print(f"saved {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def shoot(page, base, path, out: Path, *, screens: int = 1, wait_for: str | None = None) -> None:
    """The page from its top: its first `screens` screens (fewer if the page is shorter)."""
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if wait_for:
        page.locator(wait_for).first.wait_for()
    page.screenshot(path=str(out), full_page=screens > 1)
    if screens > 1:
        cut(out, page.viewport_size["height"] * screens)
    saved(out)


def cut(out: Path, height: int) -> None:
    with Image.open(out) as image:
        if image.height <= height:
            return
        image = image.crop((0, 0, image.width, height))
    image.save(out, optimize=True)


def at_width(browser, base, width: int, username: str, password: str):
    page = browser.new_page(viewport={"width": width, "height": SCREENS[width]})
    sign_in(page, base, username, password)
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    options = parser.parse_args()
    out = Path(options.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "APPRAISE_SQLITE_PATH": str(Path(tmp) / "screens.sqlite3")}
        manage(env, "migrate", "-v0")
        manage(env, "load_demo", stdout=subprocess.DEVNULL)
        manage(env, "shell", "-v0", "-c", EXTRA_SCENARIOS, stdout=subprocess.DEVNULL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/sign-in/")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                dashboard = f"/appraisals/{SLUG}/"
                for width in SCREENS:
                    member = at_width(browser, base, width, "dbc-member", "appraise-member")
                    shoot(member, base, dashboard, out / f"dashboard-{width}.png", screens=SCREENS_KEPT,
                          wait_for="#scenario-sensitivity .chart svg >> visible=true")  # fmt: skip
                    # Scenarios side by side: the section alone, all four compared.
                    member.goto(f"{base}{dashboard}#comparison")
                    member.locator("#comparison-table").wait_for()
                    member.locator("#comparison").screenshot(path=str(out / f"comparison-{width}.png"))
                    saved(out / f"comparison-{width}.png")
                    member.close()

                    officer = at_width(browser, base, width, "dbc-officer", "appraise-officer")
                    officer.goto(base + dashboard)
                    editor = officer.get_by_role("link", name="Edit this scenario").first.get_attribute("href")
                    # Below the side-by-side layout the first screen shows the line of figures at its foot. Beside
                    # the forms the panel scrolls within the window's height: a taller window shows more of both.
                    if width >= 1180:
                        officer.set_viewport_size({"width": width, "height": SCREENS[width] * SCREENS_KEPT})
                    shoot(officer, base, editor, out / f"scenario-editor-{width}.png",
                          wait_for="#scenario-sensitivity .chart svg >> visible=true")  # fmt: skip
                    officer.set_viewport_size({"width": width, "height": SCREENS[width]})
                    shoot(officer, base, f"/appraisals/{SLUG}/baselines/", out / f"baselines-{width}.png",
                          wait_for="#baseline-grid")  # fmt: skip
                    officer.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
