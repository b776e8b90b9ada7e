"""The seat's side of the wire: HTTP requests to the centre's service (standard library only, one
kept-alive connection, a lock so one client can be shared), and the errors a sync can meet, each
in plain words (Chinese / English) for the settings page.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import threading
import time
import urllib.parse

from simulator.sync.wire import API, WireError, decode_body, encode_body, loads

IDLE_S = 30.0  # a kept-alive connection idle longer is not reused (the centre closes at 120 s)


class SyncError(Exception):
    """The sync did not get through; ``str()`` says why in words a person can act on."""


class Offline(SyncError):
    """The centre cannot be reached (network down, service stopped, wrong address)."""


class CentreBusy(SyncError):
    """The centre's service answers but its database does not (yet)."""


class Refused(SyncError):
    """The centre refused the credential or the operation (401/403)."""


class Rejected(SyncError):
    """The centre refused the request as sent (4xx other than 401/403); ``status`` says which."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class CentreClient:
    def __init__(
        self,
        url: str,
        token: str | None = None,
        timeout: float = 30.0,
        cafile: str | None = None,
    ):
        parts = urllib.parse.urlsplit(url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SyncError(
                f"中心地址无效：{url}（应为 http://主机:端口）/ not a centre address: {url} "
                "(expected http://host:port)"
            )
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._parts = parts
        self._context = (
            ssl.create_default_context(cafile=cafile) if parts.scheme == "https" else None
        )
        self._conn: http.client.HTTPConnection | None = None
        self._used = 0.0  # monotonic time of the last request on ``_conn``
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ transport
    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is not None and time.monotonic() - self._used > IDLE_S:
            self._drop()  # the centre may be closing it: never race it with a request
        if self._conn is None:
            host, port = self._parts.hostname, self._parts.port
            if self._context is not None:
                self._conn = http.client.HTTPSConnection(
                    host, port or 443, timeout=self.timeout, context=self._context
                )
            else:
                self._conn = http.client.HTTPConnection(host, port or 80, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        raw: bytes | None = None,
        token: str | None = None,
    ):
        """One request; the decoded JSON reply. Raises a ``SyncError`` subclass."""
        headers: dict[str, str] = {}
        data = None
        if raw is not None:
            data = raw
            headers["Content-Type"] = "application/octet-stream"
        elif body is not None:
            data, headers = encode_body(body)
        bearer = token or self.token
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        with self._lock:
            try:
                conn = self._connection()
                conn.request(method, API + path, body=data, headers=headers)
                reply = conn.getresponse()
                self._used = time.monotonic()
                payload = decode_body(reply.read(), reply.getheader("Content-Encoding"))
                status = reply.status
                if reply.getheader("Connection", "").lower() == "close":
                    self._drop()
            except (OSError, http.client.HTTPException) as exc:
                self._drop()
                zh, en = _why(exc)
                raise Offline(
                    f"无法连接中心 {self.url}：{zh} / the centre {self.url} cannot be reached: {en}"
                ) from exc
            except WireError as exc:
                self._drop()
                raise SyncError(
                    f"中心的回复无法读取 / unreadable reply from the centre: {exc}"
                ) from None
        try:
            obj = loads(payload)
        except WireError as exc:
            raise SyncError(
                f"中心的回复无法读取 / unreadable reply from the centre: {exc}"
            ) from None
        if status < 300:
            return obj
        message = obj.get("error") if isinstance(obj, dict) else None
        message = message or f"HTTP {status}"
        if status == 503:
            raise CentreBusy(message)
        if status in (401, 403):
            raise Refused(message)
        raise Rejected(message, status)

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # ------------------------------------------------------------------ the calls
    def status(self) -> dict:
        return self.request("GET", "/status")

    def enrol(self, body: dict) -> dict:
        return self.request("POST", "/enrol", body)

    def push(self, batch: dict) -> dict:
        return self.request("POST", "/seat/push", batch)

    def missing_recordings(self, shas: list[str]) -> list[str]:
        return self.request("POST", "/seat/recordings/missing", {"sha256": shas})["missing"]

    def upload_recordings(self, frames: bytes) -> dict:
        return self.request("POST", "/seat/recordings", raw=frames)

    def pull(self, cursors: dict[str, str], limit: int = 1000) -> dict:
        return self.request("POST", "/seat/pull", {"cursors": cursors, "limit": limit})

    def heartbeat(self, payload: dict) -> dict:
        return self.request("POST", "/seat/heartbeat", payload)

    def seat_signin(self, username: str, password: str) -> dict:
        return self.request("POST", "/seat/signin", {"username": username, "password": password})

    def staff(self, method: str, path: str, token: str, body: object = None) -> object:
        """A staff call made with a signed-in person's token (not the seat's)."""
        return self.request(method, "/staff" + path, body, token=token)


def _why(exc: BaseException) -> tuple[str, str]:
    """Why a request failed, in Chinese and in English (each half of the message keeps to its
    language, so the app can show one)."""
    if isinstance(exc, ConnectionRefusedError):
        return (
            "连接被拒绝（中心服务未运行？）",
            "connection refused (is the centre's service running?)",
        )
    if isinstance(exc, socket.timeout | TimeoutError):
        return "超时", "timed out"
    if isinstance(exc, socket.gaierror):
        return "找不到主机", "unknown host"
    if isinstance(exc, ConnectionError | http.client.RemoteDisconnected):
        return "网络连接中断", "the network connection was cut"
    if isinstance(exc, OSError) and exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "网络不通", "the network is unreachable"
    text = str(exc) or type(exc).__name__
    return text, text
