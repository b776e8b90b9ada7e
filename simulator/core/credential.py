"""Signed certificates: an Open Badges 3.0 ``OpenBadgeCredential``, its compact QR form and a
short code, and the checks that tell a genuine one from a forgery.

The proof follows the W3C Data Integrity ``eddsa-jcs-2022`` cryptosuite: the Ed25519 signature
is over SHA-256(JCS(proof options)) ‖ SHA-256(JCS(credential without proof)), written as a
multibase base58btc ``proofValue``. Every number in a credential is an integer, so the sorted,
spaceless JSON of ``canonical`` is the JCS form.

The QR code holds ``SIM1|number|exam|date|score|passed|candidate hash|name|signature`` with an
Ed25519 signature (base64url) over everything before the last bar: a printed copy is verified
from the QR code and the centre's public key alone. The short code (``XXXX-XXXX-XXXX-C``, 60
bits of the signature's hash and a check character) is for typing; 60 bits cannot carry a
public-key signature, so it is checked against the issuing centre's register.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
QR_PREFIX = "SIM1"
Signer = Callable[[bytes], bytes]


class CredentialError(ValueError):
    """A certificate that is not genuine or cannot be read; ``str()`` says why (zh / en)."""


def canonical(obj) -> bytes:
    """JCS (RFC 8785) for data without floats: sorted keys, no spaces, UTF-8."""

    def check(node):
        if isinstance(node, float):
            raise TypeError("credentials hold integers only (JCS number form)")
        if isinstance(node, dict):
            for v in node.values():
                check(v)
        elif isinstance(node, list):
            for v in node:
                check(v)

    check(obj)
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        i = _B58.find(ch)
        if i < 0:
            raise ValueError(f"not base58: {ch!r}")
        n = n * 58 + i
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# ---------------------------------------------------------------------------- the credential
@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate states, as the verifier reports it."""

    number: str
    candidate: str
    candidate_hash: str
    exam_id: str
    exam_title: str
    date: str  # YYYY-MM-DD (UTC) of issue
    score: int
    passed: bool
    short_code: str = ""

    def qr_fields(self) -> list[str]:
        return [
            QR_PREFIX, self.number, self.exam_id, self.date, str(self.score),
            "1" if self.passed else "0", self.candidate_hash, quote(self.candidate, safe=""),
        ]  # fmt: skip


def build_credential(
    facts: CertificateFacts,
    *,
    credential_id: str,
    issued_at: str,
    issuer_id: str,
    issuer_name: str,
    exam_title_en: str,
    exam_description: str,
    pass_mark: int,
    evidence: list[dict],
) -> dict:
    """The unsigned ``OpenBadgeCredential`` (``sign_credential`` adds the proof)."""
    achievement_id = f"urn:simulator:exam:{facts.exam_id}"
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{facts.exam_title} 合格证书 No. {facts.number}",
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": issued_at,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": facts.candidate,
                },
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": True,
                    "identityHash": f"sha256${facts.candidate_hash}",
                },
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": facts.exam_title,
                "description": exam_description or exam_title_en,
                "criteria": {
                    "narrative": f"总分不低于 {pass_mark} / a total of at least {pass_mark}"
                },
                "resultDescription": [
                    {
                        "id": f"{achievement_id}#total",
                        "type": ["ResultDescription"],
                        "name": "总分 / total score",
                        "resultType": "Percent",
                        "valueMin": "0",
                        "valueMax": "100",
                        "requiredValue": str(pass_mark),
                    }
                ],
            },
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": f"{achievement_id}#total",
                    "value": str(facts.score),
                    "status": "Completed",
                }
            ],
            "certificateNumber": facts.number,
            "shortCode": facts.short_code,
            "passed": facts.passed,
        },
        "evidence": evidence,
    }


def _hash_data(doc: dict, proof_options: dict) -> bytes:
    body = {k: v for k, v in doc.items() if k != "proof"}
    options = dict(proof_options, **{"@context": doc.get("@context", CONTEXT)})
    options.pop("proofValue", None)
    return hashlib.sha256(canonical(options)).digest() + hashlib.sha256(canonical(body)).digest()


def sign_credential(doc: dict, sign: Signer, key: str, created: str) -> dict:
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": created,
        "verificationMethod": f"{doc['issuer']['id']}#key-{key}",
        "proofPurpose": "assertionMethod",
    }
    signature = sign(_hash_data(doc, options))
    return dict(doc, proof=dict(options, proofValue="z" + b58encode(signature)))


def verify_credential(doc: dict, public: Ed25519PublicKey) -> CertificateFacts:
    """The facts of a genuine credential, or ``CredentialError`` saying what is wrong."""
    proof = doc.get("proof") if isinstance(doc, dict) else None
    if not isinstance(proof, dict) or not str(proof.get("proofValue", "")).startswith("z"):
        raise CredentialError("证书没有签名 / the certificate carries no signature")
    if proof.get("cryptosuite") != "eddsa-jcs-2022":
        raise CredentialError(f"unknown signature suite {proof.get('cryptosuite')!r}")
    try:
        signature = b58decode(proof["proofValue"][1:])
        public.verify(signature, _hash_data(doc, proof))
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise CredentialError(
            "签名不符：证书被改动过，或不是本中心签发 / the signature does not match: the "
            "certificate was altered or was not signed by this centre's key"
        ) from exc
    return facts_of(doc)


def facts_of(doc: dict) -> CertificateFacts:
    try:
        subject = doc["credentialSubject"]
        ids = {i["identityType"]: i["identityHash"] for i in subject["identifier"]}
        return CertificateFacts(
            number=subject["certificateNumber"],
            candidate=ids["name"],
            candidate_hash=ids["identifier"].removeprefix("sha256$"),
            exam_id=subject["achievement"]["id"].rsplit(":", 1)[-1],
            exam_title=subject["achievement"]["name"],
            date=doc["validFrom"][:10],
            score=int(subject["result"][0]["value"]),
            passed=bool(subject["passed"]),
            short_code=subject.get("shortCode", ""),
        )
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise CredentialError(
            f"不是本系统的证书 / not a certificate of this system ({exc})"
        ) from exc


# ---------------------------------------------------------------------------- QR and short code
def qr_payload(facts: CertificateFacts, sign: Signer) -> str:
    body = "|".join(facts.qr_fields())
    return body + "|" + b64url(sign(body.encode("utf-8")))


def verify_qr(text: str, public: Ed25519PublicKey) -> CertificateFacts:
    parts = text.strip().split("|")
    if len(parts) != 9 or parts[0] != QR_PREFIX:
        raise CredentialError("不是本系统的证书二维码 / not a certificate QR code of this system")
    body = "|".join(parts[:8])
    try:
        public.verify(unb64url(parts[8]), body.encode("utf-8"))
    except (InvalidSignature, ValueError) as exc:
        raise CredentialError(
            "二维码签名不符：内容被改动过，或不是本中心签发 / the QR signature does not match: "
            "altered, or not signed by this centre's key"
        ) from exc
    _, number, exam, date, score, passed, cand_hash, name = parts[:8]
    return CertificateFacts(
        number, unquote(name), cand_hash, exam, exam, date, int(score), passed == "1",
        short_code(unb64url(parts[8])),
    )  # fmt: skip


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHECK = _CROCKFORD + "*~$=U"


def short_code(signature: bytes) -> str:
    """12 Crockford base32 characters (60 bits of the signature's hash) and a check
    character (mod 37), grouped ``XXXX-XXXX-XXXX-C``."""
    value = int.from_bytes(hashlib.sha256(signature).digest()[:8], "big") >> 4
    chars = ""
    for _ in range(12):
        value, r = divmod(value, 32)
        chars = _CROCKFORD[r] + chars
    check = _CHECK[_crockford_value(chars) % 37]
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}-{check}"


def _crockford_value(chars: str) -> int:
    n = 0
    for ch in chars:
        n = n * 32 + _CROCKFORD.index(ch)
    return n


def normalise_code(text: str) -> str | None:
    """A typed short code in its canonical form (case, O→0, I/L→1, dashes), or None when it is
    not one or its check character is wrong (a typo)."""
    raw = text.strip().upper().replace("-", "").replace(" ", "")
    raw = raw.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(raw) != 13 or any(c not in _CROCKFORD for c in raw[:12]) or raw[12] not in _CHECK:
        return None
    if _CHECK[_crockford_value(raw[:12]) % 37] != raw[12]:
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12]}"
