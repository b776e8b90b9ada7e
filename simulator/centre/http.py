"""The centre's HTTP front (standard library ``ThreadingHTTPServer``): JSON in and out, gzip
bodies accepted, keep-alive, one thread per connection, errors as JSON ``{"error": words}``
with a status the seat's client turns into plain words (503: the database is not answering,
401/403: the credential, 409: upload the recordings first, 400: the request).

``Authorization: Bearer <seat credential>`` on ``/v1/seat/*``; ``Bearer <person's token>`` on
``/v1/staff/*`` (except ``/v1/staff/signin``). TLS: give ``certfile``/``keyfile``.
"""

from __future__ import annotations

import logging
import ssl
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from simulator.centre.db import CentreError
from simulator.centre.service import CentreService
from simulator.sync.wire import API, MAX_BODY, WireError, decode_body, encode_body, loads

log = logging.getLogger(__name__)


def _routes(svc: CentreService) -> dict:
    q = lambda query, key: (query.get(key) or [None])[0]  # noqa: E731
    return {
        ("GET", "/status"): (None, lambda a, b, query: svc.status()),
        ("POST", "/enrol"): (None, lambda a, b, query: svc.enrol(b)),
        ("POST", "/seat/push"): ("seat", lambda s, b, query: svc.push(s, b)),
        ("POST", "/seat/recordings/missing"): ("seat",
                                               lambda s, b, query: svc.missing_recordings(s, b)),
        ("POST", "/seat/recordings"): ("seat-raw", lambda s, b, query: svc.upload(s, b)),
        ("POST", "/seat/pull"): ("seat", lambda s, b, query: svc.pull(s, b)),
        ("POST", "/seat/heartbeat"): ("seat", lambda s, b, query: svc.heartbeat(s, b)),
        ("POST", "/seat/signin"): ("seat", lambda s, b, query: svc.seat_signin(s, b)),
        ("POST", "/staff/signin"): (None, lambda a, b, query: svc.staff_signin(b)),
        ("GET", "/staff/dashboard"): ("staff", lambda t, b, query: svc.dashboard(
            t, q(query, "since"), q(query, "fresh") == "1")),
        ("GET", "/staff/history"): ("staff",
                                    lambda t, b, query: svc.history(t, q(query, "user") or "")),
        ("GET", "/staff/attempt"): ("staff",
                                    lambda t, b, query: svc.attempt(t, q(query, "id") or "")),
        ("GET", "/staff/results"): ("staff", lambda t, b, query: svc.results(t, q(query, "exam"))),
        ("GET", "/staff/console"): ("staff", lambda t, b, query: svc.console(t)),
        ("POST", "/staff/commands"): ("staff", lambda t, b, query: svc.command(t, b)),
        ("POST", "/staff/bookings"): ("staff", lambda t, b, query: svc.book(t, b)),
        ("POST", "/staff/accounts"): ("staff", lambda t, b, query: svc.manage_account(t, b)),
        ("POST", "/staff/enrol-code"): ("staff", lambda t, b, query: svc.enrol_code(t, b)),
    }  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "simulator-centre"
    timeout = 120  # an idle kept-alive connection is closed after this

    def do_GET(self) -> None:  # noqa: N802
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def log_message(self, fmt: str, *args) -> None:
        log.debug("%s " + fmt, self.client_address[0], *args)

    def _serve(self, method: str) -> None:
        svc: CentreService = self.server.service
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path[len(API) :] if parts.path.startswith(API) else None
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.close_connection = True
                self._reply(413, {"error": "请求过大 / request too large"})
                return
            raw = self.rfile.read(length) if length else b""
            route = self.server.routes.get((method, path))
            if route is None:
                self._reply(404, {"error": f"no such endpoint: {method} {parts.path}"})
                return
            kind, call = route
            query = urllib.parse.parse_qs(parts.query)
            token = self._bearer()
            if kind == "seat-raw":
                result = call(svc.seat(token), raw, query)
            else:
                body = loads(decode_body(raw, self.headers.get("Content-Encoding")))
                if not isinstance(body, dict) and method == "POST":
                    raise WireError("the body must be a JSON object")
                if kind == "seat":
                    result = call(svc.seat(token), body, query)
                elif kind == "staff":
                    result = call(token, body, query)
                else:
                    result = call(None, body, query)
            self._reply(200, result)
        except CentreError as exc:
            self._reply(exc.status, {"error": str(exc)})
        except WireError as exc:
            self._reply(400, {"error": f"请求无法读取 / unreadable request: {exc}"})
        except Exception as exc:  # a bug: the seat sees 500 and retries; the log has the cause
            log.exception("%s %s failed", method, self.path)
            self._reply(500, {"error": f"中心内部错误 / the centre failed: {type(exc).__name__}"})

    def _bearer(self) -> str:
        header = self.headers.get("Authorization") or ""
        return header[7:].strip() if header.lower().startswith("bearer ") else ""

    def _reply(self, status: int, obj) -> None:
        data, headers = encode_body(obj)
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the seat went away meanwhile; it will ask again
            self.close_connection = True


class CentreServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, service: CentreService, host: str, port: int):
        self.service = service
        self.routes = _routes(service)
        super().__init__((host, port), _Handler)


class Running:
    """A server running on a thread of its own; ``stop()`` shuts it down and joins it."""

    def __init__(self, server: CentreServer):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, name="centre-http",
                                       kwargs={"poll_interval": 0.2})  # fmt: skip
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        scheme = "https" if isinstance(self.server.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def serve(
    service: CentreService,
    host: str = "127.0.0.1",
    port: int = 0,
    certfile: str | None = None,
    keyfile: str | None = None,
) -> Running:
    """Start the HTTP front on ``host:port`` (0: a free port) in a thread."""
    server = CentreServer(service, host, port)
    if certfile:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return Running(server)
