"""A loopback HTTP server that answers every request with one status, for the error statuses a
local model server cannot be made to send (401, 403, 404, 429, 5xx) and for hangs; a raw body
server for replies that are not JSON (an HTML page, an empty or a cut body); and a socket
server that accepts and never answers, or trickles bytes. None imitates a grading reply:
every response they send is an error or no reply at all."""

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    status = 500
    headers_out: dict[str, str] = {}
    delay_s = 0.0
    hits: list[float] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        type(self).hits.append(time.monotonic())
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.delay_s:
            time.sleep(self.delay_s)
        body = json.dumps({"error": {"message": f"simulated {self.status}", "type": "test"}})
        self.send_response(self.status)
        for key, value in self.headers_out.items():
            self.send_header(key, value)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        return


@contextlib.contextmanager
def _serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A real HTTP server on a free local port for the block; yields its /v1 base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def status_server(
    status: int, headers: dict[str, str] | None = None, delay_s: float = 0.0
) -> Iterator[tuple[str, list[float]]]:
    """Yields (base_url, hit times)."""
    hits: list[float] = []
    handler = type(
        "H",
        (_Handler,),
        {"status": status, "headers_out": headers or {}, "delay_s": delay_s, "hits": hits},
    )
    with _serving(handler) as url:
        yield url, hits


@contextlib.contextmanager
def body_server(
    status: int, body: bytes, content_type: str, cut_at: int | None = None
) -> Iterator[tuple[str, list[float]]]:
    """Every request gets `body` with `status`; with `cut_at`, the connection closes after that
    many bytes of a body whose declared length is the whole."""
    hits: list[float] = []

    class H(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            hits.append(time.monotonic())
            self.rfile.read(int(self.headers.get("content-length", 0)))
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.send_header("connection", "close")
            self.end_headers()
            self.wfile.write(body if cut_at is None else body[:cut_at])
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            return

    with _serving(H) as url:
        yield url, hits


@contextlib.contextmanager
def hung_server(trickle: bool = False) -> Iterator[tuple[str, threading.Event, list[float]]]:
    """Accepts every connection and never completes a reply: silent, or (trickle) a status
    line and then one header byte every 0.2 s, which resets any per-read timeout. Yields the
    URL, an event set once a request has arrived, and the arrival time of each request."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop, arrived = threading.Event(), threading.Event()
    requests: list[float] = []

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            requests.append(time.monotonic())
            arrived.set()
            if trickle:
                conn.sendall(b"HTTP/1.1 200 OK\r\nx-padding: ")
            while not stop.wait(0.2):
                if trickle:
                    conn.sendall(b"a")

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1", arrived, requests
    finally:
        stop.set()
        listener.close()
