"""Certificates of passed exams and their offline verification.

``issue`` turns a sealed, passed result into a signed Open Badges 3.0 credential (JSON, beside
the PDF) and a PDF certificate with a QR code and a short code (``certificate_pdf``, rendered
with Qt's QPdfWriter and the Noto CJK font — Qt is imported only there, on first use). The
credential's evidence carries the sha256 of the exam draw and of every oral recording, the
sealed result's hash and its signed audit head, so the oral part can be replayed exactly for a
re-marking. ``verify_file`` / ``verify_code`` check a certificate against the centre's public
key with no network and no sign-in.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from simulator.core.certificate_file import verify_bytes, xmp_packet
from simulator.core.credential import (
    CertificateFacts,
    CredentialError,
    build_credential,
    facts_of,
    normalise_code,
    qr_payload,
    short_code,
    sign_credential,
    unb64url,
    verify_credential,
    verify_qr,
)
from simulator.core.exam_attempt import ExamError
from simulator.core.exam_def import ExamDefinition
from simulator.core.exam_scoring import with_ratings
from simulator.fileutil import atomic_write_bytes
from simulator.services.session import Guard, PermissionDenied, Session
from simulator.store.audit import ChainHead
from simulator.store.db import Database, new_id, utc_now
from simulator.store.exams import ExamStore
from simulator.store.keys import CentreKeys

ISSUER_NAME = "坐席实训认证中心 / Hotline Agent Training Centre"


@dataclass(frozen=True)
class CertificateRecord:
    number: str
    short_code: str
    attempt_id: str
    facts: CertificateFacts
    credential: dict
    qr_text: str
    pdf: Path | None
    json_path: Path
    pdf_sha256: str | None


@dataclass(frozen=True)
class Verification:
    genuine: bool
    how: str  # "signature" (offline, by the public key) | "register" (this centre's records)
    facts: CertificateFacts | None
    problem: str = ""

    def sentence(self) -> str:
        if not self.genuine or self.facts is None:
            return f"不是真实证书 / NOT genuine: {self.problem}"
        f = self.facts
        verdict = "合格 passed" if f.passed else "不合格 not passed"
        return (
            f"真实证书 / genuine certificate No. {f.number}: {f.candidate}，{f.exam_title}，"
            f"{f.date}，{f.score} 分 ({verdict})"
        )

    def to_dict(self) -> dict:
        out = {"genuine": self.genuine, "how": self.how, "problem": self.problem}
        if self.facts is not None:
            f = self.facts
            out.update(number=f.number, candidate=f.candidate, exam_id=f.exam_id,
                       exam_title=f.exam_title, date=f.date, score=f.score, passed=f.passed,
                       short_code=f.short_code)  # fmt: skip
        return out


class CertificateService:
    def __init__(self, db: Database, guard: Guard, keys: CentreKeys, data_dir: Path):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.store = ExamStore(db)
        self.keys = keys
        self.folder = Path(data_dir) / "certificates"

    # ------------------------------------------------------------------ issuing
    def _number(self, date: str) -> str:
        alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
        while True:
            number = f"SX-{date.replace('-', '')}-" + "".join(
                secrets.choice(alphabet) for _ in range(6)
            )
            if self.db.one("SELECT 1 FROM certificates WHERE number=?", [number]) is None:
                return number

    def issue(
        self, session: Session, attempt_id: str, render_pdf: bool = True
    ) -> CertificateRecord:
        """The certificate of a passed, sealed exam (issued once; asked again, the same one)."""
        self.guard.require(session, "certificate.issue", attempt_id)
        existing = self.db.one("SELECT * FROM certificates WHERE attempt_id=?", [attempt_id])
        if existing is not None:
            return self._record(existing)
        result = self.store.result(attempt_id)
        rec = self.store.attempt(attempt_id)
        if result is None or rec is None:
            raise ExamError("该考试尚无封存的成绩 / this attempt has no sealed result")
        exam = ExamDefinition.model_validate(rec.paper["exam"])
        score = with_ratings(exam, result.sealed, self.store.ratings(attempt_id))
        if not score.passed:
            raise ExamError("考试未通过，不能发证 / the exam was not passed: no certificate")
        issued_at = utc_now()
        date = issued_at[:10]
        number = self._number(date)
        cand_hash = hashlib.sha256(f"{rec.candidate_id}|{rec.id_hash or ''}".encode()).hexdigest()[
            :16
        ]
        name = rec.candidate_name or ""
        base = CertificateFacts(number, name, cand_hash, exam.id, exam.title, date, score.total,
                                True)  # fmt: skip
        qr_text = qr_payload(base, self.keys.sign)
        code = short_code(unb64url(qr_text.rsplit("|", 1)[1]))
        facts = CertificateFacts(**{**base.__dict__, "short_code": code})
        evidence = self._evidence(rec, result, score)
        doc = build_credential(
            facts, credential_id=new_id(), issued_at=issued_at,
            issuer_id=f"urn:simulator:centre:{self.keys.key_id}", issuer_name=ISSUER_NAME,
            exam_title_en=exam.title_en, exam_description=exam.description or exam.title_en,
            pass_mark=exam.pass_mark, evidence=evidence,
        )  # fmt: skip
        credential = sign_credential(doc, self.keys.sign, self.keys.key_id, issued_at)
        self.folder.mkdir(parents=True, exist_ok=True)
        json_path = self.folder / f"{number}.json"
        atomic_write_bytes(
            json_path, (json.dumps(credential, ensure_ascii=False, indent=2) + "\n").encode()
        )
        pdf_path, pdf_sha = None, None
        if render_pdf:
            from simulator.services.certificate_pdf import render_certificate

            pdf = render_certificate(facts, exam, qr_text, xmp_packet(credential, qr_text,
                                     f"{exam.title} {number}"), self.keys.sign)  # fmt: skip
            pdf_path = self.folder / f"{number}.pdf"
            atomic_write_bytes(pdf_path, pdf)
            pdf_sha = hashlib.sha256(pdf).hexdigest()
        with self.db.tx() as conn:
            self.db.insert(
                conn, "certificates",
                {"number": number, "short_code": code, "attempt_id": attempt_id,
                 "result_id": result.id, "candidate_id": rec.candidate_id, "exam_id": exam.id,
                 "score": score.total, "credential": json.dumps(credential, ensure_ascii=False),
                 "qr": qr_text,
                 "pdf": str(pdf_path) if pdf_path else None, "pdf_sha256": pdf_sha},
            )  # fmt: skip
            self.audit.append(conn, "certificate.issued", subject=attempt_id,
                              detail={"number": number, "score": score.total,
                                      "pdf_sha256": pdf_sha, "credential": credential["id"]},
                              **self.guard.actor(session))  # fmt: skip
        return self._record(self.db.one("SELECT * FROM certificates WHERE attempt_id=?",
                                        [attempt_id]))  # fmt: skip

    def _evidence(self, rec, result, score) -> list[dict]:
        head: ChainHead = result.head
        out = [
            {"id": f"urn:sha256:{rec.draw_sha256}", "type": ["Evidence"], "genre": "exam-draw",
             "name": "试卷抽题 / the candidate's draw",
             "description": f"attempt {rec.id}, seed {rec.seed}, {len(rec.draw.items)} items"},
            {"id": f"urn:sha256:{result.result_sha256}", "type": ["Evidence"],
             "genre": "sealed-result", "name": "封存成绩 / the sealed result",
             "description": f"sealed {result.sealed_at}, key {result.key_id}"},
            {"id": f"urn:sha256:{head.hash}", "type": ["Evidence"], "genre": "audit-head",
             "name": "审计链头 / the audit chain head",
             "description": f"seat {head.seat_id}, entry {head.seq}"},
        ]  # fmt: skip
        for item in score.items:
            if item.part == "oral" and item.recording_sha256:
                out.append(
                    {"id": f"urn:sha256:{item.recording_sha256}", "type": ["Evidence"],
                     "genre": "oral-recording", "name": f"口试录音 第 {item.index} 题 / oral "
                     f"recording, item {item.index}",
                     "description": f"{item.key}: {item.recording}"}
                )  # fmt: skip
        return out

    def _record(self, row: dict) -> CertificateRecord:
        credential = json.loads(row["credential"])
        return CertificateRecord(
            row["number"], row["short_code"], row["attempt_id"], facts_of(credential), credential,
            row["qr"], Path(row["pdf"]) if row["pdf"] else None,
            self.folder / f"{row['number']}.json", row["pdf_sha256"],
        )  # fmt: skip

    def certificate(self, session: Session, attempt_id: str) -> CertificateRecord | None:
        self.guard.require(session, "exam.results", attempt_id)
        row = self.db.one("SELECT * FROM certificates WHERE attempt_id=?", [attempt_id])
        return self._record(row) if row else None

    def mine(self, session: Session, attempt_id: str) -> CertificateRecord | None:
        """A candidate's own certificate (None until one is issued); anyone else's is refused
        and audited like any refusal."""
        self.guard.require(session, "practice.own", attempt_id)
        row = self.db.one("SELECT * FROM certificates WHERE attempt_id=?", [attempt_id])
        rec = self.store.attempt(attempt_id)
        if rec is None or session.user_id is None or rec.candidate_id != session.user_id:
            self.audit.record(
                "permission.denied", subject=attempt_id,
                detail={"operation": "certificate.own"}, **self.guard.actor(session),
            )  # fmt: skip
            raise PermissionDenied(
                f"{session.username or '未登录用户'} 不是该证书的持有人 / "
                f"{session.username or 'anonymous'} does not hold this certificate"
            )
        return self._record(row) if row else None

    def export_pdf(self, session: Session, attempt_id: str, dest: Path) -> Path:
        """A copy of the certificate's PDF at ``dest`` (the holder's own, or any for a proctor
        or admin), written atomically; the stored PDF's sha256 is checked first."""
        if session.may("exam.results"):
            cert = self.certificate(session, attempt_id)
        else:
            cert = self.mine(session, attempt_id)
        if cert is None or cert.pdf is None:
            raise ExamError("该考试尚无证书 PDF / this attempt has no certificate PDF")
        try:
            data = cert.pdf.read_bytes()
        except OSError as exc:
            raise ExamError(f"证书 PDF 无法读取 / cannot read the certificate PDF: {exc}") from exc
        if cert.pdf_sha256 and hashlib.sha256(data).hexdigest() != cert.pdf_sha256:
            raise ExamError(
                f"证书 PDF 已被改动 / the stored certificate PDF was changed: {cert.pdf}"
            )
        try:
            atomic_write_bytes(Path(dest), data)
        except OSError as exc:
            raise ExamError(f"无法保存到 {dest} / cannot save to {dest}: {exc}") from exc
        return Path(dest)

    # ------------------------------------------------------------------ verifying
    def public_key(self) -> Ed25519PublicKey:
        return self.keys.public_key()

    def verify_file(self, path: Path, public: Ed25519PublicKey | None = None) -> Verification:
        """A certificate file (the PDF or its JSON) checked offline against the public key."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return Verification(False, "signature", None, f"cannot read {path}: {exc}")
        try:
            facts, _credential = verify_bytes(data, public or self.public_key())
        except CredentialError as exc:
            return Verification(False, "signature", None, str(exc))
        return Verification(True, "signature", facts)

    def verify_code(self, text: str, public: Ed25519PublicKey | None = None) -> Verification:
        """The QR code's text (offline, by the signature) or a typed short code (against this
        centre's register of issued certificates)."""
        text = (text or "").strip()
        if text.startswith("SIM1|"):
            try:
                return Verification(True, "signature", verify_qr(text, public or self.public_key()))
            except CredentialError as exc:
                return Verification(False, "signature", None, str(exc))
        code = normalise_code(text)
        if code is None:
            return Verification(
                False, "register", None,
                "不是有效的核验码（或有输入错误）/ not a valid verification code (or mistyped)",
            )  # fmt: skip
        row = self.db.one("SELECT credential FROM certificates WHERE short_code=?", [code])
        if row is None:
            return Verification(
                False, "register", None,
                "本中心未签发此核验码的证书 / no certificate with this code was issued here",
            )  # fmt: skip
        credential = json.loads(row["credential"])
        try:
            facts = verify_credential(credential, public or self.public_key())
        except CredentialError as exc:
            return Verification(False, "register", None, str(exc))
        return Verification(True, "register", facts)
