"""A visitor: one session of a running dashboard server, driven over its websocket the way a browser tab drives it
(open a URL, click a page in the navigation), without drawing anything. Warming (maeul.web.warm) uses it to build
every page's default view; the benchmark (maeul.bench.served) to time what users wait for.

A run is timed from the request until the server reports the script finished — the time the browser's spinner
shows. The wire format is Streamlit's (maeul.web.compat.rerun_request / read_message).
"""

from __future__ import annotations

import time
from typing import NamedTuple

from maeul.web import compat


class Visit(NamedTuple):
    """One script run as the visitor saw it."""

    seconds: float  # from the request to the script_finished message
    status: str  # FINISHED_SUCCESSFULLY, …
    messages: int  # ForwardMsgs received
    exceptions: list[str]  # st.exception elements (tracebacks a user would see)
    errors: list[str]  # st.error elements (maeul's guarded pages turn failures into these)


def stream_url(base_url: str) -> str:
    """ws://host:port/<base path>/_stcore/stream of a server at base_url (http://… or https://…)."""
    scheme, rest = base_url.split("://", 1)
    return ("wss" if scheme == "https" else "ws") + "://" + rest.rstrip("/") + "/" + compat.STREAM_PATH


class Visitor:
    """One session (one websocket) of the server at base_url. ``open(page)`` is typing the page's URL;
    ``goto(page)`` is clicking it in the navigation (after a first open); ``pages`` maps url paths ("" = the
    default page) to page hashes once the first run has sent the navigation."""

    def __init__(self, base_url: str, timeout: float = 120.0):
        from websockets.sync.client import connect

        self.timeout = timeout
        self.pages: dict[str, str] = {}
        self._cached: set[str] = set()
        self._ws = connect(stream_url(base_url), subprotocols=[compat.STREAM_SUBPROTOCOL], max_size=None,
                           open_timeout=timeout, compression=None, legacy=True)

    def open(self, page: str = "", query: str = "") -> Visit:
        """Run the page at url path ``page`` ("" = the default page), as when its URL is opened."""
        return self._run(compat.rerun_request(query=query, page_name=page, cached_hashes=self._cached))

    def goto(self, page: str, query: str = "") -> Visit:
        """Run the page at url path ``page`` as a click in the navigation does (needs a first open())."""
        if page not in self.pages:
            raise KeyError(f"no page {page!r} in the navigation {sorted(self.pages)}")
        return self._run(compat.rerun_request(query=query, page_hash=self.pages[page], cached_hashes=self._cached))

    def _run(self, request: bytes) -> Visit:
        t0 = time.perf_counter()
        self._ws.send(request)
        n, exceptions, errors = 0, [], []
        deadline = t0 + self.timeout
        while True:
            msg = compat.read_message(self._ws.recv(timeout=max(0.01, deadline - time.perf_counter())))
            n += 1
            if msg.pages is not None:
                self.pages = msg.pages
            if msg.cache_hash:
                self._cached.add(msg.cache_hash)
            if msg.exception is not None:
                exceptions.append(msg.exception)
            if msg.error is not None:
                errors.append(msg.error)
            if msg.finished is not None and msg.finished != "FINISHED_EARLY_FOR_RERUN":
                return Visit(time.perf_counter() - t0, msg.finished, n, exceptions, errors)

    def close(self) -> None:
        self._ws.close()

    def __enter__(self) -> Visitor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
