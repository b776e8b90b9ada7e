"""Versioned migrations of the centre's PostgreSQL database, and its status.

``migrate`` applies the migrations the database lacks, in order, each in the same transaction
as its row in ``schema_migrations``, under an advisory lock (two ``simulator server migrate``
at once cannot interleave). A database from a newer version of the software is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from simulator.centre import (
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
    schema_v5,
    schema_v6,
    schema_v7,
)

LOCK_KEY = 74110601
Step = Callable[[psycopg.Connection], None]


def _v1(conn: psycopg.Connection) -> None:
    conn.execute(schema_v1.SQL)
    conn.execute(
        "INSERT INTO centre_meta (key, value) VALUES ('centre_id', %s), ('name', 'centre')",
        [str(uuid.uuid4())],
    )


def _v2(conn: psycopg.Connection) -> None:
    conn.execute(schema_v2.SQL)


def _v3(conn: psycopg.Connection) -> None:
    conn.execute(schema_v3.SQL)


def _v4(conn: psycopg.Connection) -> None:
    conn.execute(schema_v4.SQL)


def _v5(conn: psycopg.Connection) -> None:
    conn.execute(schema_v5.SQL)


def _v6(conn: psycopg.Connection) -> None:
    conn.execute(schema_v6.SQL)


def _v7(conn: psycopg.Connection) -> None:
    conn.execute(schema_v7.SQL)


# (version, step): appended to, never edited once shipped.
MIGRATIONS: list[tuple[int, Step]] = [
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4),
    (5, _v5),
    (6, _v6),
    (7, _v7),
]
LATEST = MIGRATIONS[-1][0]


class SchemaError(Exception):
    """The database's schema cannot be used by this version; ``str()`` says why."""


def _value(row):
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def current_version(conn: psycopg.Connection) -> int:
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not _value(exists):
        return 0
    return _value(
        conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    )


def migrate(url: str, name: str | None = None) -> tuple[int, int]:
    """Bring the database at ``url`` to ``LATEST``; returns (version before, after)."""
    with psycopg.connect(url) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            before = current_version(conn)
            if before > LATEST:
                raise SchemaError(
                    f"中心数据库来自更新的版本（{before} > {LATEST}）/ the centre's database is "
                    f"from a newer version of the software (schema {before} > {LATEST})"
                )
            for version, step in MIGRATIONS:
                if version <= before:
                    continue
                step(conn)
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", [version])
            if name:
                conn.execute("UPDATE centre_meta SET value=%s WHERE key='name'", [name])
        return before, LATEST


@dataclass(frozen=True)
class CentreStatus:
    version: int
    latest: int
    centre_id: str | None
    name: str
    seats: int
    users: int
    attempts: int
    exam_results: int
    recordings: int
    rejections: int

    @property
    def up_to_date(self) -> bool:
        return self.version == self.latest

    def to_dict(self) -> dict:
        return {**self.__dict__, "up_to_date": self.up_to_date}


def status(url: str) -> CentreStatus:
    with psycopg.connect(url) as conn:
        version = current_version(conn)
        if version == 0:
            return CentreStatus(0, LATEST, None, "", 0, 0, 0, 0, 0, 0)
        meta = dict(conn.execute("SELECT key, value FROM centre_meta").fetchall())

        def count(table: str) -> int:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

        return CentreStatus(
            version, LATEST, meta.get("centre_id"), meta.get("name", ""),
            count("seats WHERE revoked_at IS NULL"), count("users"), count("attempts"),
            count("exam_results"), count("recordings"), count("sync_rejections"),
        )  # fmt: skip
