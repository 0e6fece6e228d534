"""A persistent on-disk cache of PubChem answers (SQLite), negative answers included.

Answers expire: found records after 90 days, "not found" after 7 (PubChem grows). The
database is opened per call with a busy timeout, so concurrent runs wait rather than fail.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from cepn_screen.core.errors import CepnError
from cepn_screen.core.paths import default_cache_dir

DAY = 86400.0
TIMEOUT = 5.0  # seconds to wait for a lock held by another run, then go on without the cache
SCHEMA = """CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY, status TEXT NOT NULL, body TEXT, fetched REAL NOT NULL)"""


class Cache:
    def __init__(self, directory: str | Path | None = None, *, ttl_found: float = 90 * DAY,
                 ttl_missing: float = 7 * DAY, clock=time.time):
        self.directory = Path(directory) if directory else default_cache_dir()
        self.path = self.directory / "pubchem.sqlite"
        self.ttl_found, self.ttl_missing, self.clock = ttl_found, ttl_missing, clock
        self._ready = False
        self.disabled = False  # an unusable cache: the run goes on without it
        self.warnings: list[str] = []

    def _disable(self, why: str) -> None:
        if not self.disabled:
            self.disabled = True
            self.warnings.append(f"the PubChem cache {self.path} cannot be used ({why}); "
                                 "running without it")

    def _connect(self) -> sqlite3.Connection | None:
        """A connection, or None once the cache is unusable (locked by another process, a
        device file or an unwritable folder): a cache fault never stops or stalls a run."""
        if self.disabled:
            return None
        try:
            if not self._ready:
                self.directory.mkdir(parents=True, exist_ok=True)
                try:
                    self._open_checked().close()
                except sqlite3.OperationalError:
                    raise
                except sqlite3.DatabaseError:
                    self._set_aside()
                    self._open_checked().close()
                self._ready = True
            return sqlite3.connect(self.path, timeout=TIMEOUT)
        except (sqlite3.Error, OSError) as exc:
            self._disable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return None

    def _usable(self) -> sqlite3.Connection:
        con = self._connect()
        if con is None:
            raise CepnError(self.warnings[-1])
        return con

    def _open_checked(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=TIMEOUT)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute(SCHEMA)
            con.commit()
            if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
        except sqlite3.DatabaseError:
            con.close()
            raise
        return con

    def _set_aside(self) -> None:
        """A damaged cache is moved aside (kept for inspection) and started afresh."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                src.rename(Path(f"{self.path}{suffix}.corrupt-{stamp}"))
        self.warnings.append(f"the PubChem cache {self.path} was damaged; it was moved "
                             f"aside (.corrupt-{stamp}) and rebuilt")

    def get(self, key: str):
        """(status, value) for a fresh entry, None when absent or expired.
        status is "found" (value decoded from JSON) or "missing" (value None)."""
        con = self._connect()
        if con is None:
            return None
        try:
            with closing(con):
                row = con.execute("SELECT status, body, fetched FROM answers WHERE key = ?",
                                  (key,)).fetchone()
        except sqlite3.Error as exc:
            self._disable(str(exc))
            return None
        if row is None:
            return None
        status, body, fetched = row
        ttl = self.ttl_found if status == "found" else self.ttl_missing
        if self.clock() - fetched > ttl:
            return None
        return status, (json.loads(body) if body is not None else None)

    def put(self, key: str, status: str, value=None) -> None:
        body = None if value is None else json.dumps(value, ensure_ascii=False)
        con = self._connect()
        if con is None:
            return
        try:
            with closing(con):
                con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                            (key, status, body, self.clock()))
                con.commit()
        except sqlite3.Error as exc:
            self._disable(str(exc))

    def info(self) -> dict:
        if not self.path.exists():
            return {"path": str(self.path), "entries": 0, "not_found": 0, "size_bytes": 0,
                    "oldest": None, "newest": None}
        with closing(self._usable()) as con:
            n, missing, oldest, newest = con.execute(
                "SELECT COUNT(*), SUM(status = 'missing'), MIN(fetched), MAX(fetched) "
                "FROM answers").fetchone()
        size = sum(p.stat().st_size for p in self.directory.glob("pubchem.sqlite*"))
        return {"path": str(self.path), "entries": n, "not_found": missing or 0,
                "size_bytes": size, "oldest": oldest, "newest": newest}

    def clear(self) -> int:
        if not self.path.exists():
            return 0
        with closing(self._usable()) as con:
            n = con.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            con.execute("DELETE FROM answers")
            con.commit()
            con.execute("VACUUM")
        return n
