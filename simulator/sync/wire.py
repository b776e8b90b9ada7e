"""What travels between a seat and its centre: JSON bodies (gzip-compressed when large) and
recordings in frames (zlib-compressed, each with the sha256 of the original file, checked by
the receiver after decompressing: end to end, the bytes the seat hashed when it saved the take
are the bytes the centre keeps).

A recordings body is a sequence of frames::

    32 bytes   sha256 of the original file
     8 bytes   original size (big-endian)
     8 bytes   compressed size (big-endian)
     n bytes   zlib stream
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

API = "/v1"
GZIP_OVER = 8 << 10  # JSON bodies larger than this are sent gzip-compressed
MAX_BODY = 64 << 20  # the centre refuses larger requests
_HEAD = struct.Struct(">32sQQ")


class WireError(ValueError):
    """A body that cannot be read; ``str()`` names what is wrong."""


def dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def loads(body: bytes) -> object:
    try:
        return json.loads(body.decode("utf-8")) if body else {}
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError(f"not JSON: {exc}") from None


def encode_body(obj) -> tuple[bytes, dict[str, str]]:
    """A JSON body and its headers (gzip when it is worth it)."""
    data = dumps(obj)
    headers = {"Content-Type": "application/json"}
    if len(data) > GZIP_OVER:
        data = gzip.compress(data, compresslevel=1)
        headers["Content-Encoding"] = "gzip"
    return data, headers


def decode_body(data: bytes, encoding: str | None) -> bytes:
    if (encoding or "").lower() == "gzip":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise WireError(f"bad gzip body: {exc}") from None
    return data


@dataclass(frozen=True)
class Recording:
    sha256: str  # hex, of the original bytes
    size: int
    compressed: bytes  # zlib stream as stored at the centre


def pack_recordings(items: Iterable[tuple[str, bytes]]) -> bytes:
    """Frames for ``(sha256 hex, original bytes)`` pairs."""
    out = bytearray()
    for sha, data in items:
        packed = zlib.compress(data, 6)
        out += _HEAD.pack(bytes.fromhex(sha), len(data), len(packed))
        out += packed
    return bytes(out)


def unpack_recordings(body: bytes) -> Iterator[Recording]:
    """The frames of a body, each decompressed and checked against its sha256."""
    pos = 0
    while pos < len(body):
        if len(body) - pos < _HEAD.size:
            raise WireError(f"truncated recording frame at byte {pos}")
        digest, size, clen = _HEAD.unpack_from(body, pos)
        pos += _HEAD.size
        packed = body[pos : pos + clen]
        if len(packed) != clen:
            raise WireError(f"recording {digest.hex()}: truncated ({len(packed)} of {clen} bytes)")
        pos += clen
        try:
            data = zlib.decompress(packed)
        except zlib.error as exc:
            raise WireError(f"recording {digest.hex()}: cannot decompress: {exc}") from None
        if len(data) != size or hashlib.sha256(data).digest() != digest:
            raise WireError(f"recording {digest.hex()}: the content does not match its sha256")
        yield Recording(digest.hex(), size, packed)
