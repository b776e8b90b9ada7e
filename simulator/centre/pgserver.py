"""A throwaway PostgreSQL server for the tests and the room benchmark: ``initdb`` into a fresh
folder, ``pg_ctl start`` on 127.0.0.1 with a free port (and its socket in that folder), and
``pg_ctl -m fast stop`` at the end. PostgreSQL refuses to run as root, so as root the folder is
given to the ``postgres`` system user and the tools run through ``runuser``.

Debian's ``postgresql`` package puts the tools in ``/usr/lib/postgresql/<version>/bin``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "sim"


class ServerUnavailable(RuntimeError):
    """PostgreSQL cannot be started here; ``str()`` says why and what to install."""


def pg_bin() -> Path:
    """The folder of the newest installed PostgreSQL's server tools."""
    env = os.environ.get("SIMULATOR_PG_BIN")
    if env:
        return Path(env)
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if (p / "initdb").is_file()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ServerUnavailable(
        "PostgreSQL server tools not found (apt-get install postgresql, or set SIMULATOR_PG_BIN)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempServer:
    """One PostgreSQL cluster in a temporary folder, reachable at ``url(dbname)``."""

    def __init__(self, folder: Path | None = None, durable: bool = False):
        self.bin = pg_bin()
        # fsync on (the benchmark); off for the tests' speed, with asynchronous commits, so
        # a server stopped at once loses what it answered but had not written: the centre's
        # own connections commit synchronously (CentreDB), which the fault tests rely on
        self.durable = durable
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="simulator-pg-")
        self.folder = Path(folder or self._tmp.name)
        self.data = self.folder / "data"
        self.port = 0
        self._as_root = os.geteuid() == 0

    # ------------------------------------------------------------------ tools
    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / tool), *args]
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if check and proc.returncode != 0:
            raise ServerUnavailable(
                f"{tool} failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-800:]}"
            )
        return proc

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._as_root:
            shutil.chown(self.folder, "postgres", "postgres")
            os.chmod(self.folder, 0o700)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8",
                  "--no-locale", "--no-sync")  # fmt: skip

    def start(self, port: int | None = None) -> None:
        """Start (or start again, on the same port if it was started before)."""
        if not self.data.is_dir():
            self.init()
        self.port = port or self.port or free_port()
        options = f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1 "
        options += "-c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        if self.data.is_dir():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return (self.folder / "server.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def close(self) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> TempServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()
