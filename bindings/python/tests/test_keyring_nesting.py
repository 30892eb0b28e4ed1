"""Keyrings nested without bound: a chain of 50,000 `MultiKeyring`s (or `CachingKeyring`s)
used to overflow the stack on encrypt, repr and drop (SIGSEGV). The core now refuses, at
construction, a keyring nested deeper than its limit or reaching more keyrings than a message can
carry, with a `ValidationException`; everything built within the limits encrypts, prints and
drops.

Each scenario runs in a child interpreter, so that a crash is a failed test rather than a dead
test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"exit {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr[-2000:]}"
    return done.stdout


def test_a_multi_keyring_nested_50000_deep_is_refused_and_the_deepest_allowed_one_works() -> None:
    out = run(
        """
        import datakey
        ring = datakey.RawAesKeyring("ns", "k", bytes(32))
        depth = 1
        try:
            for _ in range(50_000):
                ring = datakey.MultiKeyring(ring)
                depth += 1
        except datakey.ValidationException as e:
            print("refused at", depth + 1, "|", e)
        else:
            print("accepted", depth)
        message = datakey.encrypt(b"deep", ring)
        assert datakey.decrypt(message, ring).plaintext == b"deep"
        assert repr(ring).startswith("MultiKeyring(MultiKeyring(")
        del ring, message
        print("ok")
        """
    )
    assert "refused at 33 |" in out, out
    assert "nest keyrings at most 32 deep" in out, out
    assert out.rstrip().endswith("ok"), out


def test_caching_keyrings_count_as_nesting_levels() -> None:
    out = run(
        """
        import datakey
        ring = datakey.RawAesKeyring("ns", "k", bytes(32))
        depth = 1
        try:
            for i in range(50_000):
                ring = datakey.CachingKeyring(ring, 300) if i % 2 else datakey.MultiKeyring(ring)
                depth += 1
        except datakey.ValidationException as e:
            print("refused at", depth + 1, "|", e)
        assert datakey.decrypt(datakey.encrypt(b"x", ring), ring).plaintext == b"x"
        repr(ring)
        del ring
        print("ok")
        """
    )
    assert "refused at 33 |" in out, out
    assert out.rstrip().endswith("ok"), out


def test_a_shared_keyring_cannot_multiply_into_more_keyrings_than_a_message_carries() -> None:
    # Each level holds the previous one twice: 2^n keyrings reached after n levels. Encrypting
    # would wrap the data key 2^n times.
    out = run(
        """
        import datakey
        ring = datakey.RawAesKeyring("ns", "k", bytes(32))
        levels = 0
        try:
            for _ in range(30):
                ring = datakey.MultiKeyring(ring, ring)
                levels += 1
        except datakey.ValidationException as e:
            print("refused after", levels, "|", e)
        print("ok")
        """
    )
    assert "refused after 15 |" in out, out
    assert "at most 65535 keyrings" in out, out
    assert out.rstrip().endswith("ok"), out
