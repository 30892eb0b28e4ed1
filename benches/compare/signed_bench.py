#!/usr/bin/env python3
"""Signed messages in Python: ESDK-Python on its default suite (the signed 0x0578: no `algorithm`
argument) against datakey's binding with `algorithm_suite=0x0578`, with datakey's unsigned default
(0x0478) beside them, in one process and in interleaved rounds (the timing of `py_bench.py`).

Same profile otherwise: raw AES-256 keyring `datakey-bench`/`bench-aes-256`, context
{"purpose": "bench"}, 4 KiB frames; 1 KiB and 16 MiB. Each side's signed message is checked to
decrypt on the other before timing.

Usage: signed_bench.py [--quick]   (DATAKEY_BENCH_CLOCK=cpu: thread CPU time)
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import aws_encryption_sdk  # noqa: E402
import datakey  # noqa: E402
from aws_encryption_sdk import CommitmentPolicy  # noqa: E402
from py_bench import (  # noqa: E402
    CPU_CLOCK, EC, KEY_NAME, KIB, MIB, NAMESPACE, WRAPPING_KEY, esdk_provider, fmt_rate,
    measure_interleaved, plaintext,
)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    quick = ap.parse_args().quick
    provider = esdk_provider()
    client = aws_encryption_sdk.EncryptionSDKClient(
        commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    keyring = datakey.RawAesKeyring(NAMESPACE, KEY_NAME, WRAPPING_KEY)

    def esdk_encrypt(pt):
        return client.encrypt(source=pt, key_provider=provider, encryption_context=EC)[0]

    def esdk_decrypt(ct):
        return client.decrypt(source=ct, key_provider=provider)[0]

    check = plaintext(KIB)
    ours = datakey.encrypt(check, keyring, EC, algorithm_suite=0x0578)
    theirs = esdk_encrypt(check)
    assert esdk_decrypt(ours) == check
    out = datakey.decrypt(theirs, keyring, EC)
    assert out.plaintext == check and out.header.algorithm_suite_id == 0x0578

    print("## Python: signed messages (0x0578), ESDK-Python default suite vs datakey"
          + (" (quick mode: one call each, not a measurement)" if quick else "")
          + (" — thread CPU time" if CPU_CLOCK else " — wall-clock time") + "\n")
    print("| op | size | ESDK-Python (default, signed) | datakey signed | datakey unsigned | "
          "speed-up vs ESDK | signed ÷ unsigned (time) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for size, label in [(KIB, "1 KiB"), (16 * MIB, "16 MiB")]:
        pt = plaintext(size)
        ct_theirs = esdk_encrypt(pt)
        ct_signed = datakey.encrypt(pt, keyring, EC, algorithm_suite=0x0578)
        ct_plain = datakey.encrypt(pt, keyring, EC)
        for op in ("encrypt", "decrypt"):
            if op == "encrypt":
                fns = {"esdk": lambda: esdk_encrypt(pt),
                       "signed": lambda: datakey.encrypt(pt, keyring, EC, algorithm_suite=0x0578),
                       "plain": lambda: datakey.encrypt(pt, keyring, EC)}
            else:
                fns = {"esdk": lambda: esdk_decrypt(ct_theirs),
                       "signed": lambda: datakey.decrypt(ct_signed, keyring, EC),
                       "plain": lambda: datakey.decrypt(ct_plain, keyring, EC)}
            t = measure_interleaved(fns, quick)
            print(f"| {op} | {label} | {fmt_rate(size, t['esdk'])} | {fmt_rate(size, t['signed'])} | "
                  f"{fmt_rate(size, t['plain'])} | {t['esdk'] / t['signed']:.1f}× | "
                  f"{t['signed'] / t['plain']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
