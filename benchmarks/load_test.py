"""Load: officers editing the baseline grid at once, on PostgreSQL behind gunicorn (issue 13).

Run: .venv/bin/python benchmarks/load_test.py [--seconds 60] [--officers 20] [--think 0.5-1.5]
Starts a throwaway PostgreSQL cluster (as the postgres user when run as root, as .ci/run does), migrates it, loads
the demo (`load_demo`), collects the static files and serves the app with gunicorn (4 workers) on 127.0.0.1, in
production settings. Or point it at a running server: --url http://127.0.0.1:8000 --database-url postgres://…
(its database must hold the demo; the checks read it).

Each officer is a browser: it signs in (half as dbc-officer, half as hbc-officer), loads the grid, then saves
figures through the grid's HTMX endpoint with the version and figure its page last showed, as the page does, and
now and then reloads the page. Each officer has Gross budget cells of its own and shares two of its council's
with every other officer of that council, so some saves meet others. Between two saves an officer takes a think
time drawn from --think (seconds; 0 for flat out). The run stops after --seconds or --max-requests requests.

Prints the requests, p50/p95 latency, errors by status, and checks: no 5xx (or dropped connection), and no lost
update: for every row saved, each version a client was told it saved is in the history with that client's figure,
the history has no other change, and the figure kept is the one of the last save acknowledged. Target: p95 of
every request 300 ms or less. Only 127.0.0.1 is ever contacted. Not a timed test: machines vary.
"""

import argparse
import glob
import http.client
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SLUG = "darlington-hartlepool-2011"
GRID = f"/appraisals/{SLUG}/baselines/"
CELL = f"/appraisals/{SLUG}/baselines/cell/"
SIGN_IN = "/sign-in/"
PASSWORD = "appraise-officer"
TARGET_P95_MS = 300
SHARED_PER_COUNCIL = 2  # rows every officer of a council saves: the contested cells
SAVED = re.compile(r"Saved (\w+) gross budget for .+?: £([\d,]+)\.")
STALE = "changed this to"
BUSY = "A colleague was saving a change at the same moment"


# --- The servers ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its commands as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class Servers:
    """A throwaway PostgreSQL cluster and gunicorn serving the app from it; stop() removes both."""

    def __init__(self, workers: int):
        self.workers = workers
        self.tmp = Path(tempfile.mkdtemp(prefix="appraise-load-"))
        self.pg_port, self.web_port = free_port(), free_port()
        self.pg_bin = (glob.glob("/usr/lib/postgresql/15/bin") + sorted(glob.glob("/usr/lib/postgresql/*/bin")))[0]
        self.gunicorn: subprocess.Popen | None = None
        self.pg_started = False
        self.database_url = f"postgres://appraise@127.0.0.1:{self.pg_port}/appraise"
        self.url = f"http://127.0.0.1:{self.web_port}"
        self.access_log = self.tmp / "access.log"  # each request's time in gunicorn, in ms: the server's share

    def server_times(self, since_line: int) -> dict[str, list[float]]:
        """Seconds gunicorn spent on each request after the first `since_line` of its log, by kind."""
        times = defaultdict(list)
        for line in self.access_log.read_text().splitlines()[since_line:]:
            method, path, _, ms = line.split()
            times[_kind(path)].append(int(ms) / 1000)
        return times

    def logged(self) -> int:
        return len(self.access_log.read_text().splitlines())

    def env(self) -> dict[str, str]:
        return {**os.environ, **app_env(self.database_url), "DJANGO_STATIC_ROOT": str(self.tmp / "static")}

    def start(self) -> None:
        data, log = self.tmp / "data", self.tmp / "pg.log"
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres", "postgres")
        pg = Path(self.pg_bin)
        run(
            as_postgres(
                [str(pg / "initdb"), "-D", str(data), "-U", "appraise", "--auth=trust", "-E", "UTF8", "--no-sync"]
            )
        )
        # Defaults otherwise (fsync and synchronous commit on), as a council's server would run.
        options = f"-p {self.pg_port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c max_connections=100"
        run(as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]))
        self.pg_started = True
        run(
            as_postgres(
                [str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "appraise", "appraise"]
            )
        )
        python = str(ROOT / ".venv/bin/python")
        for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput", "--verbosity", "0"]):
            run([python, "manage.py", *command], env=self.env())
        self.gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "appraise.wsgi", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.web_port}", "--log-level", "warning",
             "--access-logfile", str(self.access_log), "--access-logformat", "%(m)s %(U)s %(s)s %(M)s"],
            cwd=ROOT, env=self.env(), start_new_session=True,
        )  # fmt: skip
        ready_by = time.monotonic() + 60
        while time.monotonic() < ready_by:  # polling a process that is starting: a benchmark, not a test
            if self.gunicorn.poll() is not None:
                raise SystemExit("gunicorn stopped as it started; see its output above")
            try:
                if request("GET", self.url + "/healthz", {}).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGTERM)
            self.gunicorn.wait(timeout=30)
        if self.pg_started:
            pg_ctl = str(Path(self.pg_bin) / "pg_ctl")
            run(as_postgres([pg_ctl, "-D", str(self.tmp / "data"), "-m", "fast", "-w", "stop"]), check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


def app_env(database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off) over plain HTTP on 127.0.0.1: no HTTPS redirect, cookies not Secure."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "load-test-only-" + "x" * 40,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
    }


def run(argv: list[str], *, env=None, check=True) -> None:
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")


# --- A browser ---------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int  # 0: no answer (the connection was refused, reset or timed out)
    headers: dict
    body: str
    cookies: list[str] = field(default_factory=list)


def request(method: str, url: str, headers: dict, body: str | None = None) -> Response:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
        cookies = answer.msg.get_all("Set-Cookie") or []
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, text, cookies)
    finally:
        connection.close()


@dataclass
class Cell:
    council: int
    service: int
    year: int
    version: int
    original: str  # the figure the page shows, exactly ("1231491.00")


@dataclass
class Save:
    officer: int
    username: str
    service: int
    version: int  # the version the server said it saved
    value: Decimal


class Officer(threading.Thread):
    """One signed-in officer: loads the grid, then saves figures in its council's cells until told to stop."""

    def __init__(self, number: int, run_: "Run"):
        super().__init__(daemon=True)
        self.number, self.run_ = number, run_
        self.username = ("dbc-officer", "hbc-officer")[number % 2]
        self.cookies: dict[str, str] = {}
        self.cells: dict[int, Cell] = {}  # by service id: this council's Gross budget cells as the page last showed
        self.own: list[int] = []
        self.shared: list[int] = []
        self.counter = 0
        self.rng = random.Random(number)
        self.error: str = ""

    def send(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        body = None
        if data is not None:
            body = urlencode(data)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.run_.url}
            headers |= {"X-CSRFToken": self.cookies.get("csrftoken", ""), "Referer": self.run_.url + GRID}
        started = time.perf_counter()
        try:
            response = request(method, self.run_.url + path, headers, body)
        except OSError as exc:
            response = Response(0, {}, str(exc))
        self.run_.record(method, path, response.status, time.perf_counter() - started)
        for line in response.cookies:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        return response

    def sign_in(self) -> None:
        page = self.send("GET", SIGN_IN)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
        answer = self.send("POST", SIGN_IN, {"csrfmiddlewaretoken": token, "username": self.username,
                                              "password": PASSWORD, "next": GRID})  # fmt: skip
        if answer.status != 302:
            raise RuntimeError(f"{self.username} could not sign in: {answer.status}")

    def load_grid(self) -> None:
        page = self.send("GET", GRID)
        if page.status == 200:
            self.read_cells(page.body)

    def read_cells(self, html: str) -> None:
        """Each editable Gross budget cell in the HTML (the page, or a cell's answer): its version and figure."""
        for match in re.finditer(r'<td id="cell-(\d+)-(\d+)-gross_budget"[^>]*>(.*?)</td>', html, re.S):
            inputs = dict(re.findall(r'name="(\w+)" value="([^"]*)"', match.group(3)))
            if "version" in inputs:
                council, service = int(match.group(1)), int(match.group(2))
                self.cells[service] = Cell(council, service, int(inputs["year"]), int(inputs["version"]),
                                           inputs["original"])  # fmt: skip

    def share_out(self, officers_of_council: int, place: int) -> None:
        """Two rows shared by every officer of the council; the others dealt out, a few each."""
        services = sorted(self.cells)
        self.shared = services[:SHARED_PER_COUNCIL]
        self.own = services[SHARED_PER_COUNCIL:][place::officers_of_council]

    def save_one(self) -> None:
        service = self.rng.choice(self.shared if self.rng.random() < 0.25 else self.own)
        cell = self.cells[service]
        self.counter += 1
        value = 1_000_000 + self.number * 100_000 + self.counter  # a new figure every time, telling who typed it
        data = {"council": cell.council, "service": service, "year": cell.year, "field": "gross_budget",
                "version": cell.version, "original": cell.original, "value": f"{value:,}"}  # fmt: skip
        answer = self.send(
            "POST", CELL, data, {"HX-Request": "true", "HX-Target": f"cell-{cell.council}-{service}-gross_budget"}
        )
        if answer.status != 200:
            return
        self.read_cells(answer.body)  # the page now shows the cell as the answer has it
        saved = SAVED.search(answer.body)
        if saved:
            shown = Decimal(saved.group(2).replace(",", ""))
            self.run_.saved(
                service, Save(self.number, self.username, service, self.cells[service].version, shown), value
            )
        elif STALE in answer.body:
            self.run_.count("refused: a colleague's change")
        elif BUSY in answer.body:
            self.run_.count("refused: a colleague was saving")
        else:
            self.run_.count("refused: other")

    def run(self) -> None:
        try:
            self.sign_in()
            self.load_grid()
            self.run_.ready.wait()
            self.run_.stopped.wait(self.rng.uniform(0, self.run_.think[1]))  # officers do not all start at one instant
            while self.run_.going():
                if self.rng.random() < 0.05:
                    self.load_grid()  # now and then the officer reloads the page
                else:
                    self.save_one()
                lo, hi = self.run_.think
                if hi:
                    self.run_.stopped.wait(self.rng.uniform(lo, hi))
        except Exception as exc:  # reported with the results: a client's fault is not the server's
            self.error = f"{type(exc).__name__}: {exc}"
            self.run_.ready.abort()


def _kind(path: str) -> str:
    return "cell save" if path == CELL else "grid page" if path == GRID else "other"


class Run:
    def __init__(self, url: str, seconds: float, max_requests: int, think: tuple[float, float], officers: int):
        self.url, self.seconds, self.max_requests, self.think = url, seconds, max_requests, think
        self.lock = threading.Lock()
        self.timings: list[tuple[str, float]] = []  # (kind, seconds), requests of the measured run only
        self.statuses: Counter = Counter()
        self.outcomes: Counter = Counter()
        self.saves: dict[int, list[Save]] = defaultdict(list)  # by service id
        self.mismatched: list[str] = []
        self.measuring = False
        self.ready = threading.Barrier(officers + 1)
        self.stopped = threading.Event()
        self.deadline = 0.0

    def going(self) -> bool:
        with self.lock:
            if len(self.timings) >= self.max_requests:
                self.stopped.set()
        return not self.stopped.is_set() and time.monotonic() < self.deadline

    def record(self, method: str, path: str, status: int, seconds: float) -> None:
        kind = _kind(path)
        with self.lock:
            if self.measuring:
                self.timings.append((kind, seconds))
                self.statuses[status] += 1

    def count(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1

    def saved(self, service: int, save: Save, typed: int) -> None:
        with self.lock:
            self.outcomes["saved"] += 1
            self.saves[service].append(save)
            if save.value != typed:
                self.mismatched.append(f"officer {save.officer} typed {typed:,} and was told £{save.value:,}")


# --- Checking the database against what the officers were told -----------------------------------------------


def lost_updates(database_url: str, before: dict, saves: dict[int, list[Save]]) -> tuple[list[str], int]:
    """Every way the database disagrees with the saves acknowledged; and how many history records were checked."""
    from services.models import Baseline

    problems, checked = [], 0
    for service, acknowledged in sorted(saves.items()):
        by_council: dict[str, list[Save]] = defaultdict(list)
        for save in acknowledged:
            by_council[save.username[:3].upper()].append(save)
        for code, told in by_council.items():
            row = Baseline.objects.get(council__code=code, service_id=service, year=before[(code, service)][2])
            start_version, start_history = before[(code, service)][:2]
            told.sort(key=lambda s: s.version)
            where = f"{code} {row.service.name}"
            versions = [s.version for s in told]
            if versions != list(range(start_version + 1, start_version + len(told) + 1)):
                problems.append(f"{where}: versions told {versions}, from version {start_version}")
            if (row.version, row.gross_budget) != (told[-1].version, told[-1].value):
                problems.append(
                    f"{where}: kept version {row.version} £{row.gross_budget:,}, but the last save acknowledged "
                    f"was version {told[-1].version} £{told[-1].value:,}"
                )
            history = list(row.history.filter(history_id__gt=start_history).order_by("history_id"))
            checked += len(history)
            recorded = [(h.version, h.gross_budget, h.history_user.username if h.history_user else "") for h in history]
            expected = [(s.version, s.value, s.username) for s in told]
            if recorded != expected:
                problems.append(f"{where}: the history has {recorded}, the officers were told {expected}")
    return problems, checked


def rows_before() -> dict:
    """(council code, service id) -> (version, last history id, year) of every base-year baseline, before the run."""
    from django.db.models import Max

    from appraisal.models import Appraisal
    from services.models import Baseline

    year = Appraisal.objects.get(slug=SLUG).base_year
    last = Baseline.history.aggregate(last=Max("history_id"))["last"] or 0
    return {
        (b.council.code, b.service_id): (b.version, last, year)
        for b in Baseline.objects.filter(year=year).select_related("council")
    }


def django_setup(database_url: str) -> None:
    os.environ.update(app_env(database_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "appraise.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- Reporting -----------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank, in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def report(args, run_: Run, officers, problems: list[str], history_checked: int, elapsed: float, server: dict) -> bool:
    all_times = [t for _, t in run_.timings]
    kinds = sorted({k for k, _ in run_.timings})
    think = "flat out" if not run_.think[1] else f"{run_.think[0]:g}–{run_.think[1]:g} s between saves"
    print(f"\n{args.officers} officers ({(args.officers + 1) // 2} DBC, {args.officers // 2} HBC) for {elapsed:.0f} s, "
          f"{think}; gunicorn {args.workers} workers; PostgreSQL")  # fmt: skip
    print(f"requests: {len(all_times)} ({len(all_times) / elapsed:.1f} a second)")
    for kind in kinds:
        times = [t for k, t in run_.timings if k == kind]
        p50_kind, p95_kind, worst = percentile(times, 50), percentile(times, 95), 1000 * max(times)
        print(f"  {kind:<10} {len(times):>6}  p50 {p50_kind:4.0f} ms  p95 {p95_kind:4.0f} ms  max {worst:4.0f} ms")
    p50, p95 = percentile(all_times, 50), percentile(all_times, 95)
    for kind in sorted(server):  # the same requests, timed by gunicorn: what the client adds is queueing
        times = server[kind]
        print(f"  {kind:<10} in gunicorn: p50 {percentile(times, 50):4.0f} ms  p95 {percentile(times, 95):4.0f} ms")
    print(f"  {'all':<10} {len(all_times):>6}  p50 {p50:4.0f} ms  p95 {p95:4.0f} ms  "
          f"mean {1000 * statistics.fmean(all_times):4.0f} ms")  # fmt: skip
    print("cell saves: " + ", ".join(f"{n} {what}" for what, n in sorted(run_.outcomes.items())))
    errors = {status: n for status, n in run_.statuses.items() if status >= 400 or status == 0}
    print("errors by status: " + (", ".join(f"{s or 'no answer'}: {n}" for s, n in sorted(errors.items())) or "none"))
    client_faults = [f"officer {o.number}: {o.error}" for o in officers if o.error]
    for fault in client_faults:
        print(f"  client stopped: {fault}")
    saved_rows = sum(len({s.username for s in saves}) for saves in run_.saves.values())
    print(f"lost updates: {len(problems) or 'none'} ({saved_rows} rows saved, {history_checked} history records "
          "checked against what each officer was told)")  # fmt: skip
    for problem in (problems + run_.mismatched)[:20]:
        print(f"  {problem}")
    no_5xx = not any(status >= 500 or status == 0 for status in run_.statuses)
    checks = {
        f"p95 {p95:.0f} ms <= {TARGET_P95_MS} ms": p95 <= TARGET_P95_MS,
        "no 5xx": no_5xx,
        "no lost update": not problems and not run_.mismatched,
        "every officer ran to the end": not client_faults,
    }
    for name, ok in checks.items():
        print(f"{name}: {'MET' if ok else 'NOT MET'}")
    print("MET" if all(checks.values()) else "NOT MET")
    return all(checks.values())


def think_range(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition("-")
    return float(lo), float(hi or lo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the officers work (default 60)")
    parser.add_argument("--officers", type=int, default=20, help="signed-in officers at once (default 20)")
    parser.add_argument("--think", type=think_range, default=(0.5, 1.5),
                        help="seconds between an officer's saves, lo-hi (default 0.5-1.5; 0 for flat out)")  # fmt: skip
    parser.add_argument("--max-requests", type=int, default=50_000, help="stop after this many (default 50,000)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--url", help="a running server to load instead (127.0.0.1 only)")
    parser.add_argument("--database-url", help="with --url: its PostgreSQL database, for the checks")
    args = parser.parse_args()
    if args.url and (urlsplit(args.url).hostname != "127.0.0.1" or not args.database_url):
        parser.error("--url must be http://127.0.0.1:PORT, with --database-url")

    servers = None if args.url else Servers(args.workers)
    try:
        if servers:
            print(f"Starting PostgreSQL and gunicorn ({args.workers} workers) in {servers.tmp} …", flush=True)
            servers.start()
        url = args.url or servers.url
        database_url = args.database_url or servers.database_url
        django_setup(database_url)
        before = rows_before()

        run_ = Run(url, args.seconds, args.max_requests, args.think, args.officers)
        officers = [Officer(n, run_) for n in range(args.officers)]
        for officer in officers:
            officer.start()
        # Everyone signs in and loads the grid first; then the clock starts for all of them at once.
        _wait_until_loaded(officers, run_)
        councils = defaultdict(list)
        for officer in officers:
            councils[officer.username].append(officer)
        for same in councils.values():
            for place, officer in enumerate(same):
                officer.share_out(len(same), place)
        since = servers.logged() if servers else 0
        run_.measuring = True
        started = time.monotonic()
        run_.deadline = started + args.seconds
        run_.ready.wait()
        for officer in officers:
            officer.join()
        elapsed = time.monotonic() - started
        server = servers.server_times(since) if servers else {}
        problems, checked = lost_updates(database_url, before, run_.saves)
        return 0 if report(args, run_, officers, problems, checked, elapsed, server) else 1
    finally:
        if servers:
            servers.stop()


def _wait_until_loaded(officers: list[Officer], run_: Run) -> None:
    """Until every officer has signed in and read its grid (each then waits at the barrier), or one has failed."""
    while run_.ready.n_waiting < len(officers):
        failed = [o for o in officers if o.error]
        if failed:
            raise SystemExit(f"an officer could not start: {failed[0].error}")
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
