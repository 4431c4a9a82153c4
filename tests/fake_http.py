"""A loopback HTTP server that answers every request with one status, for the error statuses a
local model server cannot be made to send (401, 403, 404, 429, 5xx) and for hangs. It never
imitates a grading reply: every response it sends is an error."""

import contextlib
import json
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
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", hits
    finally:
        server.shutdown()
        server.server_close()
