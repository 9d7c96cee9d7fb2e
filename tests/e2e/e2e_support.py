"""What the Python end-to-end tests share: failures that let the test run
on, a free loopback port, waiting for a condition."""

import socket
import time

failures = []


def fail(message):
    """Records a failure and goes on: the test reports them all at its end."""
    failures.append(message)
    print("FAIL: " + message, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, seconds=60):
    """Polls check() until it is true; a failure of the test after `seconds`.
    OSError (a server not listening yet) counts as not yet."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"FAIL: {what} within {seconds} s")
