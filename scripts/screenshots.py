"""Screenshots of the main pages for the README, taken with headless Chromium (Debian's /usr/bin/chromium).

Run: .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
It builds a throwaway SQLite database with the demo data, serves it on a free local port, signs in as the
demo officer and member, and saves PNGs. Look at them before committing: they are how the tool looks to users.
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


def shoot(page, base, path, out: Path, *, height=None, full_page=False):
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if height:
        page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    page.screenshot(path=str(out), full_page=full_page)
    print(f"saved {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


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

                member = browser.new_page(viewport={"width": 1280, "height": 1500})
                sign_in(member, base, "dbc-member", "appraise-member")
                shoot(member, base, f"/appraisals/{SLUG}/", out / "dashboard.png")
                shoot(member, base, f"/appraisals/{SLUG}/#comparison", out / "dashboard-comparison.png")

                tablet = browser.new_page(viewport={"width": 768, "height": 1400})
                sign_in(tablet, base, "dbc-member", "appraise-member")
                shoot(tablet, base, f"/appraisals/{SLUG}/", out / "dashboard-tablet.png")

                officer = browser.new_page(viewport={"width": 1280, "height": 1500})
                sign_in(officer, base, "dbc-officer", "appraise-officer")
                officer.goto(f"{base}/appraisals/{SLUG}/")
                edit = officer.get_by_role("link", name="Edit this scenario")
                if edit.count():
                    shoot(officer, base, edit.first.get_attribute("href"), out / "scenario-editor.png")
                shoot(officer, base, f"/appraisals/{SLUG}/baselines/", out / "baselines.png", height=1100)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
