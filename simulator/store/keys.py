"""The centre's Ed25519 key pair: it signs sealed exam results and certificates.

Made on first use under ``<data dir>/keys/``: the private key (PKCS#8 PEM) is created with mode
0600 — readable by its owner only — written, fsynced and renamed into place; the public key
beside it can be exported for offline verification. A private key found readable by others is
refused rather than used.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from simulator.core.credential import key_id
from simulator.fileutil import atomic_write_bytes, fsync_dir

log = logging.getLogger(__name__)
PRIVATE_NAME = "centre-ed25519.pem"
PUBLIC_NAME = "centre-ed25519.pub.pem"


class KeyUnusable(Exception):
    """The centre's key cannot be used; ``str()`` says why (zh / en)."""


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    try:
        key = load_pem_public_key(pem)
    except ValueError as exc:
        raise KeyUnusable(f"公钥无法读取 / the public key cannot be read: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyUnusable("公钥不是 Ed25519 密钥 / the public key is not an Ed25519 key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


class CentreKeys:
    def __init__(self, data_dir: Path):
        self.folder = Path(data_dir) / "keys"
        self.private_path = self.folder / PRIVATE_NAME
        self.public_path = self.folder / PUBLIC_NAME
        self._private: Ed25519PrivateKey | None = None

    def exists(self) -> bool:
        return self.private_path.is_file()

    def _create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        tmp = self.private_path.with_name(self.private_path.name + ".new")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)  # whatever the umask
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, self.private_path)  # never replaces a key another start just made
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(self.folder)
        log.info("created the centre's signing key %s", self.private_path)

    def private_key(self) -> Ed25519PrivateKey:
        if self._private is None:
            if not self.exists():
                self._create()
            mode = stat.S_IMODE(self.private_path.stat().st_mode)
            if mode & 0o077:
                raise KeyUnusable(
                    f"私钥文件 {self.private_path} 可被他人读取（权限 {mode:o}），请改为 600 / "
                    f"the private key {self.private_path} is readable by others (mode {mode:o}): "
                    "make it 600"
                )
            try:
                key = load_pem_private_key(self.private_path.read_bytes(), password=None)
            except (OSError, ValueError) as exc:
                raise KeyUnusable(
                    f"私钥无法读取 / the private key cannot be read: {self.private_path}: {exc}"
                ) from exc
            if not isinstance(key, Ed25519PrivateKey):
                raise KeyUnusable("私钥不是 Ed25519 密钥 / the private key is not an Ed25519 key")
            self._private = key
            pem = public_pem(key.public_key())
            if not self.public_path.is_file() or self.public_path.read_bytes() != pem:
                atomic_write_bytes(self.public_path, pem)
        return self._private

    def public_key(self) -> Ed25519PublicKey:
        """The centre's public key (made with the pair on first use)."""
        if self.exists() or self._private is not None:
            return self.private_key().public_key()
        if self.public_path.is_file():  # a verifier's copy without the private key
            return load_public_key(self.public_path.read_bytes())
        return self.private_key().public_key()

    def public_pem(self) -> bytes:
        return public_pem(self.public_key())

    @property
    def key_id(self) -> str:
        return key_id(self.public_key())

    def sign(self, data: bytes) -> bytes:
        return self.private_key().sign(data)
