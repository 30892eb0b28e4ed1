#!/usr/bin/env python3
"""datakey's Python binding against what a Python user would pick instead, in one process.

Compared on the same message profile — format v2, suite 0x0478 (AES-256-GCM, HKDF-SHA512, key
commitment, unsigned), framed, a raw AES-256 keyring named like the Rust benchmarks', encryption
context {"purpose": "bench"}:

- ``aws-encryption-sdk`` (ESDK-Python, ``RawMasterKeyProvider``), at the same frame length;
- a minimal envelope written with ``cryptography``'s ``AESGCM``: three ``os.urandom`` calls, the
  data key wrapped under a ready master ``AESGCM`` (binding the serialized context), ``AESGCM(dek)``
  sealing the plaintext; no format, framing, key derivation or commitment;
- ``datakey.encrypt`` / ``datakey.decrypt`` (the pyo3 binding, as ``make test-python`` installs it);
- the Rust core itself, from criterion's results of the same ``make bench`` run when present
  (``target/criterion/{encrypt,decrypt}/datakey_f*/16MiB``).

Sizes 1 KiB and 16 MiB; frame lengths 4 KiB (the default of both SDKs) and 64 KiB; every
implementation at the same frame length. Timing is timeit-style with the garbage collector off:
for each implementation the iteration count grows until one repeat takes at least 0.2 s; then the
three implementations of a row are timed in interleaved rounds (one repeat of each per round, the
order rotating), 9 rounds (5 when a call takes over 0.1 s), and each gets the median per-call time
of its rounds, so that a change of the machine's load hits all three alike.
Before timing, each implementation's output is checked (datakey's message decrypts with
ESDK-Python and ESDK-Python's with datakey).

With DATAKEY_BENCH_CLOCK=cpu every single-threaded time is the thread's CPU time
(``time.thread_time``), for a shared machine; the two-thread GIL check stays wall-clock.

Usage: py_bench.py [--quick] [--criterion DIR]
  --quick      each operation once, no verdicts (CI smoke: proves the script still runs)
  --criterion  where criterion wrote its results (default: target/criterion, or $CARGO_TARGET_DIR)
"""

import argparse
import gc
import json
import os
import statistics
import sys
import threading
import time

import aws_encryption_sdk
import datakey
from aws_encryption_sdk import CommitmentPolicy
from aws_encryption_sdk.identifiers import Algorithm, EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey
from aws_encryption_sdk.key_providers.raw import RawMasterKeyProvider
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NAMESPACE = "datakey-bench"
KEY_NAME = "bench-aes-256"
WRAPPING_KEY = bytes([0x42] * 32)
EC = {"purpose": "bench"}
KIB = 1024
MIB = 1024 * 1024


def plaintext(n):
    # the same pattern as the Rust benchmarks (the cipher's speed does not depend on it)
    return (bytes(range(251)) * (n // 251 + 1))[:n]


def esdk_provider():
    def _get_raw_key(self, key_id):
        return WrappingKey(
            wrapping_algorithm=WrappingAlgorithm.AES_256_GCM_IV12_TAG16_NO_PADDING,
            wrapping_key=WRAPPING_KEY,
            wrapping_key_type=EncryptionKeyType.SYMMETRIC,
        )

    cls = type("BenchRawAesProvider", (RawMasterKeyProvider,),
               {"provider_id": NAMESPACE, "_get_raw_key": _get_raw_key})
    provider = cls()
    provider.add_master_key(KEY_NAME.encode("utf-8"))
    return provider


class Envelope:
    """The minimal envelope (perf-anchors' "small secret" op, for any size)."""

    def __init__(self):
        self.master = AESGCM(WRAPPING_KEY)
        self.aad = datakey.serialize_encryption_context(EC)

    def seal(self, pt):
        dek = os.urandom(32)
        wrap_nonce = os.urandom(12)
        nonce = os.urandom(12)
        wrapped = self.master.encrypt(wrap_nonce, dek, self.aad)
        return wrap_nonce, wrapped, nonce, AESGCM(dek).encrypt(nonce, pt, None)

    def open(self, sealed):
        wrap_nonce, wrapped, nonce, ct = sealed
        dek = self.master.decrypt(wrap_nonce, wrapped, self.aad)
        return AESGCM(dek).decrypt(nonce, ct, None)


# DATAKEY_BENCH_CLOCK=cpu: the thread's CPU time instead of wall-clock time (a shared machine).
CPU_CLOCK = os.environ.get("DATAKEY_BENCH_CLOCK") == "cpu"
clock = time.thread_time if CPU_CLOCK else time.perf_counter


def measure_interleaved(fns, quick, wall=False):
    """Median seconds per call of each function in `fns` (name -> callable), measured in
    interleaved rounds: each round times one repeat of every function, in an order that rotates
    from round to round, so that a change in the machine's load hits all of them alike.
    `wall`: always wall-clock time (for multi-threaded work)."""
    now = time.perf_counter if wall else clock
    if quick:
        out = {}
        for name, fn in fns.items():
            t = now()
            fn()
            out[name] = now() - t
        return out
    gc_was = gc.isenabled()
    gc.disable()
    try:
        def loop(fn, n):
            t = now()
            for _ in range(n):
                fn()
            return now() - t

        # Calibrate: the iteration count that makes one repeat take at least 0.2 s.
        counts = {}
        slow = False
        for name, fn in fns.items():
            n = 1
            while True:
                t = loop(fn, n)
                if t >= 0.2:
                    break
                n = max(n * 2, int(n * 0.25 / max(t, 1e-9)))
            counts[name] = n
            slow = slow or t / n > 0.1
        rounds = 5 if slow else 9
        names = list(fns)
        times = {name: [] for name in names}
        for r in range(rounds):
            order = names[r % len(names):] + names[:r % len(names)]
            for name in order:
                times[name].append(loop(fns[name], counts[name]) / counts[name])
        return {name: statistics.median(ts) for name, ts in times.items()}
    finally:
        if gc_was:
            gc.enable()


def criterion_median(root, group, function, value):
    path = os.path.join(root, group, function, value, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"] / 1e9
    except (OSError, ValueError, KeyError):
        return None


def fmt_rate(size, secs):
    if secs is None:
        return "–"
    ops = 1 / secs
    mbs = size / secs / 1e6
    ops_s = f"{ops / 1e3:.1f} k" if ops >= 1e3 else f"{ops:.1f}"
    return f"{ops_s} ops/s, {mbs:,.0f} MB/s" if mbs >= 10 else f"{ops_s} ops/s, {mbs:.1f} MB/s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--criterion", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion"))
    args = ap.parse_args()
    quick = args.quick

    provider = esdk_provider()
    client = aws_encryption_sdk.EncryptionSDKClient(
        commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    keyring = datakey.RawAesKeyring(NAMESPACE, KEY_NAME, WRAPPING_KEY)
    env = Envelope()

    def esdk_encrypt(pt, frame):
        return client.encrypt(source=pt, key_provider=provider, encryption_context=EC,
                              algorithm=Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
                              frame_length=frame)[0]

    def esdk_decrypt(ct):
        return client.decrypt(source=ct, key_provider=provider)[0]

    # Same profile both ways, checked once before timing.
    check = plaintext(KIB)
    ours = datakey.encrypt(check, keyring, EC)
    theirs = esdk_encrypt(check, 4096)
    assert esdk_decrypt(ours) == check, "ESDK-Python does not read datakey's message"
    assert datakey.decrypt(theirs, keyring, EC).plaintext == check, "datakey does not read ESDK-Python's"
    assert datakey.decrypt(ours, keyring, EC).header.algorithm_suite_id == 0x0478
    assert env.open(env.seal(check)) == check

    print(f"## Python {sys.version.split()[0]}: datakey (pyo3) vs aws-encryption-sdk "
          f"{aws_encryption_sdk.__version__} vs a cryptography AESGCM envelope"
          + (" (quick mode: one call each, not a measurement)" if quick else "")
          + (" — thread CPU time (DATAKEY_BENCH_CLOCK=cpu)" if CPU_CLOCK else " — wall-clock time") + "\n")
    print("Medians per call; speed-up = their time ÷ datakey's time (higher is better for datakey); "
          "Py ÷ Rust = datakey-Python time ÷ Rust core time (criterion, same `make bench` run).\n")
    print("| op | size | frame | aws-encryption-sdk | cryptography envelope | datakey | "
          "speed-up vs ESDK | speed-up vs envelope | Rust core | Py ÷ Rust |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    verdicts = []
    cases = [(KIB, "1 KiB", 4096), (16 * MIB, "16 MiB", 4096), (16 * MIB, "16 MiB", 64 * KIB)]
    flabel = {4096: "f4KiB", 64 * KIB: "f64KiB"}
    for size, label, frame in cases:
        pt = plaintext(size)
        ct_ours = datakey.encrypt(pt, keyring, EC, frame)
        ct_theirs = esdk_encrypt(pt, frame)
        sealed = env.seal(pt)
        for op in ("encrypt", "decrypt"):
            if op == "encrypt":
                fns = {"esdk": lambda: esdk_encrypt(pt, frame), "env": lambda: env.seal(pt),
                       "ours": lambda: datakey.encrypt(pt, keyring, EC, frame)}
            else:
                fns = {"esdk": lambda: esdk_decrypt(ct_theirs), "env": lambda: env.open(sealed),
                       "ours": lambda: datakey.decrypt(ct_ours, keyring, EC)}
            t = measure_interleaved(fns, quick)
            t_esdk, t_env, t_ours = t["esdk"], t["env"], t["ours"]
            crit_value = "1KiB" if size == KIB else "16MiB"
            t_rust = criterion_median(args.criterion, op, f"datakey_{flabel[frame]}", crit_value)
            up_esdk = t_esdk / t_ours
            up_env = t_env / t_ours
            py_rust = t_ours / t_rust if t_rust else None
            print(f"| {op} | {label} | {frame // KIB} KiB | {fmt_rate(size, t_esdk)} | {fmt_rate(size, t_env)} | "
                  f"{fmt_rate(size, t_ours)} | {up_esdk:.0f}× | {up_env:.2f}× | "
                  f"{fmt_rate(size, t_rust)} | {'–' if py_rust is None else f'{py_rust:.2f}'} |")
            if op == "encrypt" and size == KIB:
                verdicts.append(("Python 1 KiB encrypt ≥ 40× aws-encryption-sdk", f"{up_esdk:.0f}×", up_esdk >= 40))
            if size == KIB:
                verdicts.append((f"Python 1 KiB {op} ≥ 0.9× the cryptography envelope", f"{up_env:.2f}×",
                                 up_env >= 0.9))
            if size == 16 * MIB:
                verdicts.append((f"Python 16 MiB {op} ({frame // KIB} KiB frames) ≥ 1.0× the cryptography envelope",
                                 f"{up_env:.2f}×", up_env >= 1.0))
            if op == "encrypt" and size == 16 * MIB and frame == 4096:
                verdicts.append(("Python 16 MiB encrypt (4 KiB frames) ≥ 40× aws-encryption-sdk",
                                 f"{up_esdk:.0f}×", up_esdk >= 40))
            if size == 16 * MIB and py_rust is not None:
                verdicts.append((f"Python 16 MiB {op} ({frame // KIB} KiB frames) ≥ 75 % of the Rust one-shot",
                                 f"{1 / py_rust:.0%}", 1 / py_rust >= 0.75))
        del ct_ours, ct_theirs, sealed, pt
    print()

    # The GIL: two Python threads encrypting 16 MiB each at once (the binding releases the GIL
    # for inputs of GIL_DETACH_THRESHOLD bytes and more).
    pt = plaintext(16 * MIB)

    def two_threads():
        ts = [threading.Thread(target=datakey.encrypt, args=(pt, keyring, EC)) for _ in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    def one_thread_twice():
        datakey.encrypt(pt, keyring, EC)
        datakey.encrypt(pt, keyring, EC)

    t = measure_interleaved({"one": one_thread_twice, "two": two_threads}, quick, wall=True)
    t1, t2 = t["one"], t["two"]
    print(f"The GIL: two 16 MiB encrypts on two Python threads take {t2 * 1e3:.1f} ms, on one thread "
          f"{t1 * 1e3:.1f} ms: {t1 / t2:.2f}× (wall-clock; the binding releases the GIL for inputs of "
          f"{datakey.GIL_DETACH_THRESHOLD} B and more; 2.0× needs two idle cores)\n")

    if verdicts and not quick:
        print("| Python target | measured | met |")
        print("|---|---:|---:|")
        for name, got, ok in verdicts:
            print(f"| {name} | {got} | {'yes' if ok else '**no**'} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
