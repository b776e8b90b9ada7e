"""A certificate as a file: the credential JSON, or the PDF that carries it.

The PDF's XMP metadata (an uncompressed stream) holds the signed credential and a signature over
the whole PDF file. The file is first written with a placeholder where that signature goes;
the signature is made over those bytes and written over the placeholder (same length, so no
offset in the PDF moves) — the way PDF signatures use a byte range. A verifier puts the
placeholder back and checks the signature, so a change to any byte of the PDF is found, and
then checks the credential inside it.
"""

from __future__ import annotations

import base64
import json
import re
from xml.sax.saxutils import escape

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from simulator.core.credential import (
    CertificateFacts,
    CredentialError,
    Signer,
    b64url,
    unb64url,
    verify_credential,
    verify_qr,
)

PLACEHOLDER = "0" * 86  # the base64url length of a 64-byte Ed25519 signature
NS = "urn:simulator:certificate:1"
_SIG = re.compile(rb"<sim:fileSignature>([A-Za-z0-9_-]{86})</sim:fileSignature>")
_CRED = re.compile(rb"<sim:credential>([A-Za-z0-9+/=]+)</sim:credential>")
_QR = re.compile(rb"<sim:qr>([^<]*)</sim:qr>")


def xmp_packet(credential: dict, qr_text: str, title: str) -> bytes:
    """The XMP metadata the PDF writer embeds (with the signature placeholder)."""
    cred = base64.b64encode(json.dumps(credential, ensure_ascii=False).encode("utf-8"))
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:sim="{NS}">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"<sim:credential>{cred.decode('ascii')}</sim:credential>"
        f"<sim:qr>{escape(qr_text)}</sim:qr>"
        f"<sim:fileSignature>{PLACEHOLDER}</sim:fileSignature>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def seal_pdf(pdf: bytes, sign: Signer) -> bytes:
    """Sign the rendered PDF: the signature over the bytes with the placeholder goes in its
    place."""
    marker = f"<sim:fileSignature>{PLACEHOLDER}</sim:fileSignature>".encode()
    if pdf.count(marker) != 1:
        raise ValueError("the rendered PDF does not carry the signature placeholder once")
    signature = b64url(sign(pdf)).encode("ascii")
    return pdf.replace(marker, b"<sim:fileSignature>" + signature + b"</sim:fileSignature>")


def verify_pdf(data: bytes, public: Ed25519PublicKey) -> tuple[CertificateFacts, dict]:
    """The facts and credential of a genuine certificate PDF, or ``CredentialError``."""
    found = _SIG.findall(data)
    creds = _CRED.findall(data)
    if len(found) != 1 or len(creds) != 1:
        raise CredentialError("这不是本系统签发的证书 PDF / not a certificate PDF of this system")
    signature = found[0]
    blank = data.replace(
        b"<sim:fileSignature>" + signature + b"</sim:fileSignature>",
        f"<sim:fileSignature>{PLACEHOLDER}</sim:fileSignature>".encode(),
    )
    try:
        public.verify(unb64url(signature.decode("ascii")), blank)
    except (InvalidSignature, ValueError) as exc:
        raise CredentialError(
            "文件签名不符：PDF 被改动过，或不是本中心签发 / the file signature does not match: "
            "the PDF was altered or was not signed by this centre's key"
        ) from exc
    try:
        credential = json.loads(base64.b64decode(creds[0], validate=True))
    except ValueError as exc:
        raise CredentialError(f"证书内容无法读取 / unreadable credential ({exc})") from exc
    facts = verify_credential(credential, public)
    qr = _QR.findall(data)
    if qr:
        from xml.sax.saxutils import unescape

        qr_facts = verify_qr(unescape(qr[0].decode("utf-8")), public)
        if (qr_facts.number, qr_facts.score) != (facts.number, facts.score):
            raise CredentialError("二维码与证书不一致 / the QR code does not match the certificate")
    return facts, credential


def verify_bytes(data: bytes, public: Ed25519PublicKey) -> tuple[CertificateFacts, dict]:
    """A certificate file's bytes (PDF or credential JSON) checked against ``public``."""
    if data.startswith(b"%PDF"):
        return verify_pdf(data, public)
    try:
        credential = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CredentialError(
            f"既不是证书 PDF 也不是证书 JSON / neither a certificate PDF nor its JSON ({exc})"
        ) from exc
    return verify_credential(credential, public), credential
