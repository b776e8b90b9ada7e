"""Command-line access to scenario packs (shipped templates and the trainers' packs).

    simulator pack list [--json]
    simulator pack export ID -o FILE.zip --user NAME
    simulator pack import FILE.zip [--rename NEW_ID] --user NAME

Listing needs nobody; exporting and importing sign in a trainer or admin (``--user NAME``, the
password from ``SIMULATOR_PASSWORD`` or a prompt; a refusal is audited). An import is checked
whole before the sign-in: a refused zip exits with status 2 and one line naming the file and
field, and nothing is changed. ``--data-dir`` (or ``SIMULATOR_DATA_DIR``) picks the seat.
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.cli_exams import CliError, _print_json, _services, _sign_in


def _one_line(exc) -> str:
    from simulator.services.errors import PackExists

    if isinstance(exc, PackExists):
        return f"{exc.en} (--rename {exc.suggested}) / {exc.zh}"
    problems = getattr(exc, "problems", None)
    if problems:
        return f"import refused / 导入被拒绝: {problems[0]}"
    return str(exc)


def cmd_pack_list(args) -> int:
    from simulator.services import Session

    services = _services(args)
    try:
        packs = services.packs.list_packs(Session.anonymous())
    finally:
        services.close()
    if args.json:
        _print_json([p.to_dict() for p in packs])
        return 0
    for p in packs:
        state = "; ".join(p.problems) if p.problems else f"{len(p.scenarios)} scenarios"
        who = f" by {p.author}" if p.author else ""
        print(f"{p.pack_id:<24} {p.kind:<8} {state}{who}  {p.title}")
    return 0


def cmd_pack_export(args) -> int:
    from simulator.services import PermissionDenied
    from simulator.services.errors import ServiceError
    from simulator.services.pack_zip import export_zip

    services = _services(args)
    try:
        session = _sign_in(services, args)
        try:
            out = export_zip(services.packs, session, args.id, Path(args.output))
        except (PermissionDenied, ServiceError, OSError) as exc:
            raise CliError(str(exc)) from None
        print(f"{out.pack_id}: {out.entries} files, {out.size} bytes → {out.path}", file=sys.stderr)
        return 0
    finally:
        services.close()


def cmd_pack_import(args) -> int:
    from simulator.services import PermissionDenied
    from simulator.services.errors import ServiceError
    from simulator.services.pack_zip import import_zip, inspect_zip

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    services = _services(args)
    try:
        try:
            inspect_zip(services.packs, path, args.rename)  # before signing in: nothing written
        except ServiceError as exc:
            raise CliError(_one_line(exc)) from None
        session = _sign_in(services, args)
        try:
            saved = import_zip(services.packs, session, path, args.rename)
        except (PermissionDenied, ServiceError, OSError) as exc:
            raise CliError(_one_line(exc)) from None
        for warning in saved.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(f"imported {saved.pack_id} into {services.packs.files.folder(saved.pack_id)}")
        return 0
    finally:
        services.close()


def add_commands(sub) -> None:
    p = sub.add_parser("pack", help="scenario packs: list, export and import one zip")
    psub = p.add_subparsers(dest="pack_command", required=True)

    def common(q, user: bool = True):
        q.add_argument("--data-dir", help="the seat's data folder (default: SIMULATOR_DATA_DIR)")
        if user:
            q.add_argument("--user", help="a trainer or admin (password: SIMULATOR_PASSWORD)")

    pl = psub.add_parser("list", help="shipped templates and the trainers' packs")
    pl.add_argument("--json", action="store_true")
    common(pl, user=False)
    pl.set_defaults(func=cmd_pack_list)
    pe = psub.add_parser("export", help="write one pack (YAML + audio) as a zip")
    pe.add_argument("id")
    pe.add_argument("-o", "--output", required=True, help="FILE.zip")
    common(pe)
    pe.set_defaults(func=cmd_pack_export)
    pi = psub.add_parser("import", help="check a pack zip whole, then add it to the data folder")
    pi.add_argument("file")
    pi.add_argument("--rename", help="import under this pack id (when its own is taken)")
    common(pi)
    pi.set_defaults(func=cmd_pack_import)


__all__ = ["add_commands"]
