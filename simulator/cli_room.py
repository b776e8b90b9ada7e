"""Command-line access to the training room: setting up and running a centre, and joining a
seat to one.

    simulator server init --db URL [--name NAME] [--admin NAME]
    simulator server migrate --db URL
    simulator server status --db URL [--json]
    simulator server enrol-code --db URL [--hours 24] [--note TEXT]
    simulator server user add NAME --role ROLE [--display TEXT] --db URL
    simulator server user disable NAME --db URL
    simulator server seats [--revoke NAME|ID] --db URL
    simulator server serve --db URL [--listen 0.0.0.0:8470] [--cert FILE --key FILE]
    simulator seat join URL CODE [--name NAME]
    simulator seat status [--json]
    simulator seat sync [--json]

``--db`` is a PostgreSQL URL (or ``SIMULATOR_CENTRE_DB``); it is typed only on the centre's
machine. A seat joins with the centre's address and an enrolment code, never a database
password. Passwords come from ``SIMULATOR_PASSWORD`` or a prompt. Exit status: 0 fine, 1 the
sync did not get through (``seat sync``) or the schema is behind (``server status``),
2 bad input or refused.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from datetime import UTC, datetime

from simulator.cli_exams import CliError, _data_dir


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _password(name: str) -> str:
    password = os.environ.get("SIMULATOR_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CliError("no password: set SIMULATOR_PASSWORD or run in a terminal to be asked")
    import getpass

    return getpass.getpass(f"{name} 的密码 / password: ")


def _db(args) -> str:
    url = args.db or os.environ.get("SIMULATOR_CENTRE_DB")
    if not url:
        raise CliError(
            "the centre's database is needed: --db postgresql://… (or SIMULATOR_CENTRE_DB)"
        )
    return url


def _centre_call(fn):
    """Run ``fn``; a database that cannot be used is a one-line error (exit 2)."""
    try:
        import psycopg
    except ImportError as exc:
        raise CliError(
            f'the centre needs the centre extra ({exc}): pip install ".[centre]"'
        ) from None
    from simulator.centre.db import CentreError
    from simulator.centre.schema import SchemaError

    try:
        return fn()
    except psycopg.Error as exc:
        raise CliError(
            f"中心数据库 / the centre's database: {str(exc).strip().splitlines()[0]}"
        ) from None
    except (SchemaError, CentreError) as exc:
        raise CliError(str(exc)) from None


def _tx(url: str):
    import psycopg
    from psycopg.rows import dict_row

    return psycopg.connect(url, row_factory=dict_row)


# ---------------------------------------------------------------------- the centre
def cmd_server_init(args) -> int:
    from simulator.centre import accounts
    from simulator.centre.schema import migrate

    url = _db(args)

    def run():
        before, after = migrate(url, args.name)
        print(f"中心数据库已就绪 / the centre's database is ready: schema {before} → {after}")
        if args.admin:
            with _tx(url) as conn:
                if accounts.by_name(conn, args.admin) is None:
                    accounts.add_user(conn, args.admin, args.admin, "admin", _password(args.admin),
                                      datetime.now(UTC), "command line")  # fmt: skip
                    print(f"管理员 {args.admin} 已创建 / administrator {args.admin} created")
        return 0

    return _centre_call(run)


def cmd_server_migrate(args) -> int:
    from simulator.centre.schema import migrate

    before, after = _centre_call(lambda: migrate(_db(args)))
    print(f"schema {before} → {after}")
    return 0


def cmd_server_status(args) -> int:
    from simulator.centre.schema import status

    s = _centre_call(lambda: status(_db(args)))
    if args.json:
        _print_json(s.to_dict())
    else:
        state = "最新 / up to date" if s.up_to_date else "需迁移 / needs `server migrate`"
        print(f"{s.name or '(new)'} schema {s.version}/{s.latest} ({state}); seats {s.seats}, "
              f"users {s.users}, attempts {s.attempts}, exam results {s.exam_results}, "
              f"recordings {s.recordings}, refused records {s.rejections}")  # fmt: skip
    return 0 if s.up_to_date else 1


def cmd_server_enrol_code(args) -> int:
    from simulator.centre.enrol import make_code

    def run():
        with _tx(_db(args)) as conn:
            return make_code(conn, datetime.now(UTC), args.hours, args.note or "", "command line")

    code = _centre_call(run)
    print(code)
    print(
        f"有效期 {args.hours:g} 小时，仅可使用一次 / valid {args.hours:g} h, once", file=sys.stderr
    )
    return 0


def cmd_server_user(args) -> int:
    from simulator.centre import accounts

    def run():
        with _tx(_db(args)) as conn:
            now = datetime.now(UTC)
            if args.user_command == "add":
                accounts.add_user(conn, args.name, args.display or args.name, args.role,
                                  _password(args.name), now, "command line")  # fmt: skip
                print(f"{args.name} ({args.role}) created")
                return 0
            row = accounts.by_name(conn, args.name)
            if row is None:
                raise CliError(f"no account {args.name}")
            accounts.set_disabled(conn, row["id"], True, now, "command line")
            print(f"{args.name} disabled")
            return 0

    return _centre_call(run)


def cmd_server_seats(args) -> int:
    """The enrolled seats (or revoke one: its credential stops working at once)."""
    from simulator.centre.enrol import revoke

    def run():
        with _tx(_db(args)) as conn:
            rows = conn.execute(
                "SELECT id, name, enrolled_at, revoked_at, last_heartbeat_at, queued, "
                "clock_offset_ms FROM seats ORDER BY name"
            ).fetchall()
            if args.revoke:
                hit = [r for r in rows if args.revoke in (str(r["id"]), r["name"])]
                if len(hit) != 1:
                    raise CliError(f"no single seat named {args.revoke!r}")
                revoke(conn, str(hit[0]["id"]), datetime.now(UTC), "command line")
                print(f"seat {hit[0]['name']} revoked")
                return 0
            for r in rows:
                state = "revoked" if r["revoked_at"] else "enrolled"
                print(f"{r['name']:<20} {r['id']}  {state:<8} last heartbeat "
                      f"{r['last_heartbeat_at'] or 'never'}, queued {r['queued']}, "
                      f"clock offset {r['clock_offset_ms'] / 1000:+.1f} s")  # fmt: skip
            return 0

    return _centre_call(run)


def cmd_server_serve(args) -> int:
    from simulator.centre.http import serve
    from simulator.centre.service import CentreService

    host, _, port = args.listen.rpartition(":")
    if not port.isdigit():
        raise CliError(f"--listen needs HOST:PORT, not {args.listen!r}")
    service = _centre_call(
        lambda: CentreService(_db(args), silence_s=args.silence, pool_size=args.pool)
    )
    try:
        running = serve(service, host or "0.0.0.0", int(port), args.cert, args.key)
    except OSError as exc:
        service.close()
        raise CliError(f"cannot listen on {args.listen}: {exc}") from None
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    print(f"listening on {running.url}", flush=True)
    done.wait()
    running.stop()
    service.close()
    print("stopped", flush=True)
    return 0


# ---------------------------------------------------------------------- the seat
def _seat_services(args):
    from simulator.services import Services

    return Services.open(_data_dir(args))


def cmd_seat_join(args) -> int:
    from simulator.sync.client import SyncError

    services = _seat_services(args)
    try:
        try:
            result = services.room.join(None, args.url, args.code, args.name)
        except SyncError as exc:
            raise CliError(str(exc)) from None
        print(f"已加入 {result.centre_name or result.centre_url} / joined {result.centre_url} "
              f"as {result.seat_name}")  # fmt: skip
        for user_id, name in result.renamed.items():
            print(f"  account {user_id} is {name} in the room (the name was taken)")
        if result.disabled:
            print(f"  {len(result.disabled)} staff account(s) imported disabled: a centre "
                  "administrator enables them")  # fmt: skip
        report = services.room.engine(apply_commands=False).run_once()
        print("first sync: " + ("done" if report.ok else f"not yet ({report.error})"))
        return 0
    finally:
        services.close()


def _state_dict(state) -> dict:
    from simulator.sync.records import to_dict

    out = to_dict(state)
    out.update(total_queued=state.total_queued, online=state.online)
    return out


def cmd_seat_status(args) -> int:
    services = _seat_services(args)
    try:
        state = services.room.state()
        if args.json:
            _print_json(_state_dict(state))
        elif not state.joined:
            print("本座席独立运行 / this seat is standalone (not in a training room)")
        else:
            print(f"{state.seat_name} → {state.centre_url}; last sync {state.last_sync_at or 'never'}; "
                  f"queued {state.total_queued}; refused {state.rejected}")  # fmt: skip
            for q in state.queued:
                print(f"  {q.table}: {q.queued}")
            if state.last_error:
                print(f"  last error: {state.last_error}")
        return 0
    finally:
        services.close()


def cmd_seat_sync(args) -> int:
    from simulator.services.room import RoomError
    from simulator.sync.client import SyncError
    from simulator.sync.records import to_dict

    services = _seat_services(args)
    try:
        try:
            # commands from the proctor console are the app's to apply (it runs the exam)
            report = services.room.engine(apply_commands=False).run_once()
        except (RoomError, SyncError) as exc:
            raise CliError(str(exc)) from None
        if args.json:
            _print_json(to_dict(report))
        else:
            print(f"pushed {sum(report.pushed.values())}, pulled {sum(report.pulled.values())}, "
                  f"recordings {report.recordings}, refused {len(report.rejected)}"
                  + (f"; error: {report.error}" if report.error else ""))  # fmt: skip
        return 0 if report.ok else 1
    finally:
        services.close()


def add_commands(sub) -> None:
    def db(p):
        p.add_argument("--db", help="PostgreSQL URL (default: SIMULATOR_CENTRE_DB)")

    def data(p):
        p.add_argument("--data-dir", help="the seat's data folder (default: SIMULATOR_DATA_DIR)")

    s = sub.add_parser("server", help="the training room's centre (PostgreSQL + service)")
    ssub = s.add_subparsers(dest="server_command", required=True)
    si = ssub.add_parser("init", help="create or upgrade the centre's database")
    si.add_argument("--name", help="the centre's name (shown on seats)")
    si.add_argument("--admin", help="create this administrator (password: SIMULATOR_PASSWORD)")
    db(si)
    si.set_defaults(func=cmd_server_init)
    sm = ssub.add_parser("migrate", help="apply the schema migrations the database lacks")
    db(sm)
    sm.set_defaults(func=cmd_server_migrate)
    st = ssub.add_parser("status", help="schema version and what the centre holds")
    st.add_argument("--json", action="store_true")
    db(st)
    st.set_defaults(func=cmd_server_status)
    se = ssub.add_parser("enrol-code", help="a one-time code a seat joins with")
    se.add_argument("--hours", type=float, default=24.0)
    se.add_argument("--note")
    db(se)
    se.set_defaults(func=cmd_server_enrol_code)
    sa = ssub.add_parser("seats", help="the enrolled seats; --revoke NAME|ID cuts one off")
    sa.add_argument("--revoke")
    db(sa)
    sa.set_defaults(func=cmd_server_seats)
    su = ssub.add_parser("user", help="the room's accounts")
    usub = su.add_subparsers(dest="user_command", required=True)
    ua = usub.add_parser("add", help="add an account (password: SIMULATOR_PASSWORD or prompt)")
    ua.add_argument("name")
    ua.add_argument("--role", choices=["trainee", "trainer", "proctor", "admin"], required=True)
    ua.add_argument("--display")
    db(ua)
    ua.set_defaults(func=cmd_server_user)
    ud = usub.add_parser("disable", help="disable an account (seats sign it out)")
    ud.add_argument("name")
    db(ud)
    ud.set_defaults(func=cmd_server_user)
    sv = ssub.add_parser("serve", help="run the centre's service for the seats")
    sv.add_argument("--listen", default="0.0.0.0:8470", help="HOST:PORT (default 0.0.0.0:8470)")
    sv.add_argument("--cert", help="TLS certificate (PEM)")
    sv.add_argument("--key", help="TLS private key (PEM)")
    sv.add_argument("--pool", type=int, default=8, help="database connections (default 8)")
    sv.add_argument("--silence", type=float, default=20.0,
                    help="seconds without a heartbeat before the console warns")  # fmt: skip
    db(sv)
    sv.set_defaults(func=cmd_server_serve)

    t = sub.add_parser("seat", help="this seat's place in a training room")
    tsub = t.add_subparsers(dest="seat_command", required=True)
    tj = tsub.add_parser("join", help="join a centre with an administrator's enrolment code")
    tj.add_argument("url", help="the centre's address, e.g. http://centre:8470")
    tj.add_argument("code", help="the enrolment code")
    tj.add_argument("--name", help="this seat's name in the room (default: the host name)")
    data(tj)
    tj.set_defaults(func=cmd_seat_join)
    ts = tsub.add_parser("status", help="last sync, records waiting, last error")
    ts.add_argument("--json", action="store_true")
    data(ts)
    ts.set_defaults(func=cmd_seat_status)
    ty = tsub.add_parser("sync", help="sync once now (exit 1 when it did not get through)")
    ty.add_argument("--json", action="store_true")
    data(ty)
    ty.set_defaults(func=cmd_seat_sync)


__all__ = ["add_commands"]
