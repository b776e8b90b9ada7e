"""Certificates: a passed exam yields a signed PDF and Open Badges 3.0 JSON; a genuine one is
verified offline (file, QR text, short code); a one-byte change or another key is rejected."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from simulator.core.certificate_file import verify_bytes
from simulator.core.credential import CredentialError, normalise_code, verify_qr
from simulator.core.exam_attempt import ExamError
from tests.exams.helpers import ready
from tests.exams.test_exam_service import answer_all


@pytest.fixture
def passed(services, people, grader, speech):
    rec, _ = ready(services, people)
    answer_all(services, people, rec, grader, speech)
    services.exams.submit(people["alice"], rec.id)
    return rec


@pytest.fixture
def certificate(services, people, passed):
    return services.certificates.issue(people["proctor"], passed.id)


def test_a_passed_exam_yields_a_signed_pdf_and_credential(services, people, passed, certificate):
    cert = certificate
    assert cert.pdf.read_bytes().startswith(b"%PDF") and cert.json_path.is_file()
    doc = json.loads(cert.json_path.read_text("utf-8"))
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert doc["credentialSubject"]["achievement"]["name"] == "测试认证"
    genres = [e["genre"] for e in doc["evidence"]]
    assert genres.count("oral-recording") == 2 and "exam-draw" in genres
    assert f"urn:sha256:{passed.draw_sha256}" in [e["id"] for e in doc["evidence"]]
    for path in (cert.pdf, cert.json_path):
        check = services.certificates.verify_file(path)
        assert check.genuine, check.problem
        assert (check.facts.candidate, check.facts.exam_id, check.facts.score) == (
            "Alice", "fixture-exam", 100,
        )  # fmt: skip
        assert "Alice" in check.sentence() and "100" in check.sentence()
    again = services.certificates.issue(people["proctor"], passed.id)
    assert again.number == cert.number  # issued once
    (entry,) = services.audit.entries(action="certificate.issued")
    assert entry.detail["number"] == cert.number


def test_every_one_byte_change_to_the_json_is_rejected(services, certificate):
    data = certificate.json_path.read_bytes()
    public = services.keys.public_key()
    verify_bytes(data, public)
    for i in range(len(data) - 1):  # the final newline is not part of the JSON
        changed = bytearray(data)
        changed[i] ^= 0x01
        with pytest.raises(CredentialError):
            verify_bytes(bytes(changed), public)


def test_a_one_byte_change_to_the_pdf_is_rejected(services, certificate, tmp_path):
    data = certificate.pdf.read_bytes()
    xmp = data.index(b"<sim:credential>")
    positions = sorted(set(range(0, len(data), 211)) | set(range(xmp, xmp + 400)) | {len(data) - 3})
    for i in positions:
        changed = bytearray(data)
        changed[i] ^= 0x01
        bad = tmp_path / "bad.pdf"
        bad.write_bytes(bytes(changed))
        assert not services.certificates.verify_file(bad).genuine, i


def test_a_certificate_signed_by_another_key_is_rejected(services, certificate, tmp_path):
    other = Ed25519PrivateKey.generate().public_key()
    assert not services.certificates.verify_file(certificate.pdf, other).genuine
    assert not services.certificates.verify_code(certificate.qr_text, other).genuine


def test_qr_text_and_short_code_round_trip(services, certificate):
    check = services.certificates.verify_code(certificate.qr_text)
    assert check.genuine and check.how == "signature" and check.facts.number == certificate.number
    assert check.facts.candidate == "Alice" and check.facts.short_code == certificate.short_code
    typed = certificate.short_code.lower().replace("-", " ")
    check = services.certificates.verify_code(typed)
    assert check.genuine and check.how == "register" and check.facts.score == 100
    tampered = certificate.qr_text.replace("|100|", "|99|")
    assert not services.certificates.verify_code(tampered).genuine
    code = certificate.short_code
    typo = code[:-2] + ("A" if code[-2] != "A" else "B") + code[-1]
    assert normalise_code(typo) is None
    assert not services.certificates.verify_code(typo).genuine


def test_the_qr_alone_verifies_with_the_public_key(services, certificate):
    facts = verify_qr(certificate.qr_text, services.keys.public_key())
    assert (facts.number, facts.score, facts.passed) == (certificate.number, 100, True)


def test_a_failed_exam_gets_no_certificate(services, people, grader, speech):
    rec, _ = ready(services, people, "bob")
    answer_all(services, people, rec, grader, speech, who="bob", right=False)
    services.exams.submit(people["bob"], rec.id)
    with pytest.raises(ExamError, match="not passed"):
        services.certificates.issue(people["proctor"], rec.id)


def test_the_private_key_is_readable_by_its_owner_only(services, certificate):
    import stat

    mode = stat.S_IMODE(services.keys.private_path.stat().st_mode)
    assert mode == 0o600
    assert b"PUBLIC KEY" in services.keys.public_pem()
