"""Load the table and chart libraries in the background once the server has started.

Every table (st.dataframe, st.table) imports pandas and pyarrow, and the Progress charts Altair:
about a second on a first visit to History. A server process imports them once, in a daemon
thread started by the first page run, so a visit a few seconds later finds them loaded. A page
that needs them sooner simply waits for the import already under way (Python's import lock)."""

import threading

_lock = threading.Lock()
_started = False
done = threading.Event()  # set once the libraries are loaded (benchmarks wait on it)


def _load() -> None:
    try:
        import altair  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    finally:
        done.set()


def start() -> None:
    global _started
    with _lock:  # sessions start runs concurrently: one thread per process
        if _started:
            return
        _started = True
    threading.Thread(target=_load, name="sim-warm-imports", daemon=True).start()
