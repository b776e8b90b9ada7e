"""Command-line access to exams, the audit log, certificates and the centre's key.

    simulator exam list [--json]
    simulator exam results [--exam ID] (--json | --csv) --user NAME
    simulator audit verify --user NAME [--json]
    simulator certificate verify FILE | --code TEXT [--key PUBLIC.pem] [--json]
    simulator key export [--out FILE]

Reading results or the audit log needs a proctor or admin: ``--user NAME`` with the password
from ``SIMULATOR_PASSWORD`` or a prompt; a refusal is audited. No command takes or answers an
exam (that needs a proctor at the seat). ``--data-dir`` (or ``SIMULATOR_DATA_DIR``) picks the
seat's data folder. Exit status: 0 fine, 1 broken (audit) or not genuine (certificate),
2 bad input or refused.
"""

from __future__ import annotations

import csv
import getpass
import json
import os
import sys
from pathlib import Path


class CliError(Exception):
    """Exit 2 with this one-line message."""


def _data_dir(args) -> Path:
    if args.data_dir:
        return Path(args.data_dir)
    from simulator.fileutil import data_dir

    return data_dir()


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _services(args):
    from simulator.services import Services

    return Services.open(_data_dir(args))


def _password(args) -> str:
    password = os.environ.get("SIMULATOR_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CliError("no password: set SIMULATOR_PASSWORD or run in a terminal to be asked")
    return getpass.getpass(f"{args.user} 的密码 / password: ")


def _sign_in(services, args):
    from simulator.services.accounts import SignInError

    if not args.user:
        raise CliError("this command needs a proctor or admin: --user NAME")
    try:
        return services.accounts.sign_in(args.user, _password(args))
    except SignInError as exc:
        raise CliError(str(exc)) from None


def cmd_exam_list(args) -> int:
    from simulator.core.exam_def import load_exams

    exams = load_exams(Path(args.folder) if args.folder else None)
    for problem in exams.problems:
        print(f"warning: skipped exam: {problem}", file=sys.stderr)
    rows = []
    for exam in exams.exams.values():
        rows.append(
            {
                "id": exam.id,
                "title": exam.title,
                "title_en": exam.title_en,
                "hotline": exam.hotline,
                "time_limit_minutes": exam.time_limit_minutes,
                "written": exam.written.count if exam.written else 0,
                "oral": exam.oral.count if exam.oral else 0,
                "weights": {
                    "written": exam.written.weight if exam.written else 0,
                    "oral": exam.oral.weight if exam.oral else 0,
                },
                "pass_mark": exam.pass_mark,
                "retake": exam.retake.model_dump(),
                "source": exam.source,
            }
        )
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']:<20} {r['time_limit_minutes']:>3} min  {r['title']}")
    return 1 if exams.problems else 0


CSV_COLUMNS = [
    "attempt_id", "exam_id", "candidate", "username", "state", "end_reason", "ended_at",
    "written", "oral", "total", "passed", "sealed_total", "rerated", "per_topic",
]  # fmt: skip


def cmd_exam_results(args) -> int:
    from simulator.services import PermissionDenied

    if args.json == args.csv:
        raise CliError("exam results needs exactly one of --json or --csv")
    services = _services(args)
    try:
        session = _sign_in(services, args)
        try:
            views = services.grading.results(session, args.exam)
        except PermissionDenied as exc:
            raise CliError(str(exc)) from None
        if args.json:
            _print_json([v.to_dict() for v in views])
            return 0
        writer = csv.DictWriter(sys.stdout, CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for view in views:
            row = view.summary()
            row["per_topic"] = ";".join(
                f"{topic}:{v['score']}" for topic, v in sorted(row["per_topic"].items())
            )
            writer.writerow(row)
        return 0
    finally:
        services.close()


def cmd_audit_verify(args) -> int:
    from simulator.services import PermissionDenied

    services = _services(args)
    try:
        report = services.audit_check.check()  # before our own sign-in entry is appended
        session = _sign_in(services, args)
        try:
            services.guard.require(session, "audit.verify")
        except PermissionDenied as exc:
            raise CliError(str(exc)) from None
        if args.json:
            _print_json({"ok": report.ok, "checked": report.checked, "problem": report.problem,
                         "seat_id": report.seat_id, "seq": report.seq})  # fmt: skip
        elif report.ok:
            print(f"审计日志完好 / the audit log is intact: {report.checked} entries checked")
        else:
            print(f"审计日志已损坏 / the audit log is BROKEN: {report.problem}")
        return 0 if report.ok else 1
    finally:
        services.close()


def _public_key(args):
    from simulator.store.keys import CentreKeys, KeyUnusable, load_public_key

    try:
        if args.key:
            return load_public_key(Path(args.key).read_bytes())
        keys = CentreKeys(_data_dir(args))
        if keys.exists() or keys.public_path.is_file():
            return keys.public_key()
    except (OSError, KeyUnusable) as exc:
        raise CliError(str(exc)) from None
    raise CliError("no public key: give --key PUBLIC.pem (from `simulator key export`)")


def cmd_certificate_verify(args) -> int:
    from simulator.core.certificate_file import verify_bytes
    from simulator.core.credential import CredentialError, verify_qr
    from simulator.services.certificates import Verification

    if (args.file is None) == (args.code is None):
        raise CliError("certificate verify needs a FILE or --code TEXT")
    public = _public_key(args)
    if args.file is not None:
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            raise CliError(f"cannot read {args.file}: {exc}") from None
        try:
            result = Verification(True, "signature", verify_bytes(data, public)[0])
        except CredentialError as exc:
            result = Verification(False, "signature", None, str(exc))
    elif args.code.strip().startswith("SIM1|"):
        try:
            result = Verification(True, "signature", verify_qr(args.code, public))
        except CredentialError as exc:
            result = Verification(False, "signature", None, str(exc))
    else:
        services = _services(args)
        try:
            result = services.certificates.verify_code(args.code, public)
        finally:
            services.close()
    if args.json:
        _print_json(result.to_dict())
    else:
        print(result.sentence())
    return 0 if result.genuine else 1


def cmd_key_export(args) -> int:
    from simulator.store.keys import CentreKeys, KeyUnusable

    try:
        pem = CentreKeys(_data_dir(args)).public_pem()
    except (OSError, KeyUnusable) as exc:
        raise CliError(str(exc)) from None
    if args.out:
        from simulator.fileutil import atomic_write_bytes

        atomic_write_bytes(Path(args.out), pem)
        print(f"public key written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(pem.decode("ascii"))
    return 0


def add_commands(sub) -> None:
    def data(p):
        p.add_argument("--data-dir", help="the seat's data folder (default: SIMULATOR_DATA_DIR)")

    e = sub.add_parser("exam", help="certification exams (definitions, sealed results)")
    esub = e.add_subparsers(dest="exam_command", required=True)
    el = esub.add_parser("list", help="list the exam definitions")
    el.add_argument("--json", action="store_true")
    el.add_argument("--folder", help="a folder of exam definitions (default: exams/exams)")
    el.set_defaults(func=cmd_exam_list)
    er = esub.add_parser("results", help="sealed results (proctor or admin)")
    er.add_argument("--exam")
    er.add_argument("--json", action="store_true")
    er.add_argument("--csv", action="store_true")
    er.add_argument("--user", help="a proctor or admin (password: SIMULATOR_PASSWORD or prompt)")
    data(er)
    er.set_defaults(func=cmd_exam_results)

    a = sub.add_parser("audit", help="the hash-chained audit log")
    asub = a.add_subparsers(dest="audit_command", required=True)
    av = asub.add_parser("verify", help="check the chain and the signed heads (exit 1: broken)")
    av.add_argument("--user", help="a proctor or admin")
    av.add_argument("--json", action="store_true")
    data(av)
    av.set_defaults(func=cmd_audit_verify)

    c = sub.add_parser("certificate", help="certificates")
    csub = c.add_subparsers(dest="certificate_command", required=True)
    cv = csub.add_parser("verify", help="check a certificate offline (exit 1: not genuine)")
    cv.add_argument("file", nargs="?", help="the certificate PDF or its JSON")
    cv.add_argument("--code", help="the QR code's text or the short verification code")
    cv.add_argument("--key", help="the centre's public key (PEM); default: the data folder's")
    cv.add_argument("--json", action="store_true")
    data(cv)
    cv.set_defaults(func=cmd_certificate_verify)

    k = sub.add_parser("key", help="the centre's signing key")
    ksub = k.add_subparsers(dest="key_command", required=True)
    ke = ksub.add_parser("export", help="print (or --out) the public key, PEM")
    ke.add_argument("--out")
    data(ke)
    ke.set_defaults(func=cmd_key_export)


__all__ = ["CliError", "add_commands"]
