"""Panics never reach the FFI boundary (issue 7).

A Rust panic inside the extension becomes ``datakey.PanicException`` (pyo3's
``pyo3_runtime.PanicException``) — also when it happens with the GIL released — and never aborts
the interpreter. ``datakey._datakey._panic_for_tests`` is a test-only entry point that panics on
purpose. The child-process test shows "no abort" robustly: an abort would be the child's exit
status (a signal), not an exception in this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

import datakey
from datakey import _datakey

KEY = bytes(range(32))


def round_trip() -> bytes:
    keyring = datakey.RawAesKeyring("ns", "k", KEY)
    return datakey.decrypt(datakey.encrypt(b"still working", keyring), keyring).plaintext


def test_panic_exception_is_pyo3s_and_not_an_exception() -> None:
    assert datakey.PanicException is _datakey.PanicException
    assert datakey.PanicException.__module__ == "pyo3_runtime"
    assert datakey.PanicException.__name__ == "PanicException"
    assert issubclass(datakey.PanicException, BaseException)
    # A bug must not be swallowed by `except Exception` / `except DatakeyError`.
    assert not issubclass(datakey.PanicException, Exception)
    assert not issubclass(datakey.PanicException, datakey.DatakeyError)
    assert "PanicException" in datakey.__all__


@pytest.mark.parametrize("detach", [False, True])
def test_panic_raises_panic_exception_with_its_message(detach: bool) -> None:
    for i in range(3):
        with pytest.raises(datakey.PanicException) as info:
            _datakey._panic_for_tests(f"boom {i}", detach)
        assert str(info.value) == f"boom {i}"
        # A datakey error handler does not catch it.
        with pytest.raises(datakey.PanicException):
            try:
                _datakey._panic_for_tests("again", detach=detach)
            except Exception:  # noqa: BLE001 — the point: this clause must not match
                pytest.fail("PanicException was caught as an Exception")
    assert round_trip() == b"still working"


def test_panic_in_threads_with_the_gil_released() -> None:
    caught: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            _datakey._panic_for_tests(f"thread {n}", detach=True)
        except datakey.PanicException as e:
            with lock:
                caught.append(str(e))
        assert round_trip() == b"still working"

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(caught) == [f"thread {n}" for n in range(4)]


CHILD = """
import datakey
from datakey import _datakey
for detach in (False, True):
    try:
        _datakey._panic_for_tests("child boom", detach)
    except datakey.PanicException as e:
        assert str(e) == "child boom", str(e)
    else:
        raise SystemExit("no exception")
keyring = datakey.RawAesKeyring("ns", "k", bytes(32))
assert datakey.decrypt(datakey.encrypt(b"after", keyring), keyring).plaintext == b"after"
print("survived")
"""


def test_a_child_process_survives_panics() -> None:
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    r = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=False
    )
    assert r.returncode == 0, (r.returncode, r.stderr)
    assert r.stdout.strip() == "survived"


def test_an_uncaught_panic_is_a_python_traceback_not_an_abort() -> None:
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    r = subprocess.run(
        [sys.executable, "-c", "from datakey import _datakey; _datakey._panic_for_tests('loud')"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    # Exit status 1 from an unhandled Python exception, not -6 (SIGABRT).
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert "pyo3_runtime.PanicException: loud" in r.stderr
