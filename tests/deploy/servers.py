"""A server started in a subprocess for a test: its log read as it comes, requests to it without following redirects."""

import http.client
import os
import signal
import socket
import subprocess
import threading
from pathlib import Path

import pytest

WAIT = 90  # seconds: a ceiling on waiting for a server's outcome (a line in its log), not a pause


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A command serving on 127.0.0.1:port, in a process group of its own so that stopping it stops its children."""

    def __init__(self, command: list[str], *, port: int, env: dict[str, str], cwd: Path):
        self.port = port
        self.env = env
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _read(self):
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, text: str, times: int = 1, timeout: float = WAIT) -> None:
        """Until the log has `text` (`times` times); fails with the whole log if the process ends first."""

        def seen() -> bool:
            return sum(text in line for line in self.lines) >= times

        with self.changed:
            self.changed.wait_for(lambda: seen() or self.process.poll() is not None, timeout)
            if not seen():
                pytest.fail(f"The server did not print {text!r} {times} time(s):\n{self.log}")

    @property
    def log(self) -> str:
        with self.changed:
            return "\n".join(self.lines)

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
