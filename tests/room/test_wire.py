"""Recordings travel compressed and are checked end to end: a frame whose bytes do not match
its sha256, or that was cut short, is refused with words naming it; JSON bodies round-trip
through gzip."""

from __future__ import annotations

import hashlib

import pytest

from simulator.sync.wire import (
    WireError,
    decode_body,
    encode_body,
    loads,
    pack_recordings,
    unpack_recordings,
)


def _take(n: int) -> tuple[str, bytes]:
    data = bytes((i * 7 + n) % 256 for i in range(5000 + n))
    return hashlib.sha256(data).hexdigest(), data


def test_frames_round_trip_and_are_checked():
    takes = [_take(n) for n in range(3)]
    body = pack_recordings(takes)
    got = list(unpack_recordings(body))
    assert [(r.sha256, r.size) for r in got] == [(sha, len(d)) for sha, d in takes]
    import zlib

    assert [zlib.decompress(r.compressed) for r in got] == [d for _, d in takes]
    wrong = pack_recordings([(takes[0][0], takes[1][1])])  # bytes under another's hash
    with pytest.raises(WireError, match="does not match its sha256"):
        list(unpack_recordings(wrong))
    with pytest.raises(WireError, match="truncated"):
        list(unpack_recordings(body[:-10]))
    damaged = bytearray(body)
    damaged[60] ^= 0xFF  # inside the first zlib stream
    with pytest.raises(WireError, match=takes[0][0]):
        list(unpack_recordings(bytes(damaged)))


def test_large_json_bodies_are_gzipped():
    obj = {"rows": [{"text": "您好，很高兴为您服务" * 50, "n": i} for i in range(100)]}
    data, headers = encode_body(obj)
    assert headers.get("Content-Encoding") == "gzip"
    assert loads(decode_body(data, "gzip")) == obj
    small, headers = encode_body({"a": 1})
    assert "Content-Encoding" not in headers and loads(small) == {"a": 1}
    with pytest.raises(WireError):
        decode_body(b"not gzip", "gzip")
