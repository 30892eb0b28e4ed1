#!/usr/bin/env python3
"""Encrypt or decrypt files with the official AWS Encryption SDK for Python and a raw AES key.

datakey's live interop test (core/tests/interop_live.rs) drives this script; it is also handy by hand:

    esdk.py encrypt --key HEX --namespace NS --name NAME [--ec JSON] [--frame-length N] IN OUT
    esdk.py decrypt --key HEX --namespace NS --name NAME [--ec JSON] [--allow-legacy] IN OUT
    esdk.py batch JOBS.json      # many jobs in one process; prints one JSON result per job

A batch job with a "kms" object instead of "key"/"namespace"/"name" uses the SDK's AWS KMS master key
provider (StrictAwsKmsMasterKeyProvider) through an AWS endpoint such as `datakey serve`:
{"kms": {"endpoint", "access_key_id", "secret_access_key", "key_ids": [ARN, ...]}}; the
provider's botocore session finds the endpoint in a shared config file written for it
(`[services ...] kms = endpoint_url = ...`). Results then also list the message's EDKs.

Encrypt uses suite 0x0478 (AES-256-GCM, HKDF-SHA512, key commitment, unsigned), or the SDK's own default
(the signed 0x0578: no `algorithm` argument) for a job with "suite": "default" (--default-suite); a frame
length of 0 writes a non-framed body. Decrypt checks that every --ec pair is in the message's encryption context,
and prints {"ok": true, "suite_id", "encryption_context", "frame_length"} as JSON; failures print
{"ok": false, "error"} and exit 1. Offline: no AWS account is used (KMS jobs talk only to the endpoint they name).
"""

import argparse
import json
import os
import sys
import tempfile

import aws_encryption_sdk
from aws_encryption_sdk import CommitmentPolicy
from aws_encryption_sdk.identifiers import Algorithm, EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey
from aws_encryption_sdk.key_providers.raw import RawMasterKeyProvider

WRAPPING = {
    16: WrappingAlgorithm.AES_128_GCM_IV12_TAG16_NO_PADDING,
    24: WrappingAlgorithm.AES_192_GCM_IV12_TAG16_NO_PADDING,
    32: WrappingAlgorithm.AES_256_GCM_IV12_TAG16_NO_PADDING,
}


def key_provider(key_hex, namespace, name):
    """A RawMasterKeyProvider whose provider ID is the namespace and whose one key is `name`."""
    key = bytes.fromhex(key_hex)

    def _get_raw_key(self, key_id):
        return WrappingKey(
            wrapping_algorithm=WRAPPING[len(key)],
            wrapping_key=key,
            wrapping_key_type=EncryptionKeyType.SYMMETRIC,
        )

    cls = type("StaticRawAesProvider", (RawMasterKeyProvider,),
               {"provider_id": namespace, "_get_raw_key": _get_raw_key})
    provider = cls()
    provider.add_master_key(name.encode("utf-8"))
    return provider


def kms_provider(kms):
    """A StrictAwsKmsMasterKeyProvider over kms["key_ids"], its botocore session on the endpoint."""
    import botocore.session
    from aws_encryption_sdk import StrictAwsKmsMasterKeyProvider

    folder = tempfile.mkdtemp(prefix="esdk-kms-")
    config = os.path.join(folder, "config")
    with open(config, "w", encoding="utf-8") as f:
        f.write("[default]\nservices = datakey\n\n[services datakey]\nkms =\n  endpoint_url = %s\n"
                % kms["endpoint"])
    session = botocore.session.Session()
    session.set_config_variable("config_file", config)
    session.set_config_variable("credentials_file", os.path.join(folder, "credentials"))
    session.set_credentials(kms["access_key_id"], kms["secret_access_key"])
    return StrictAwsKmsMasterKeyProvider(key_ids=list(kms["key_ids"]), botocore_session=session)


def run(job):
    if "kms" in job:
        provider = kms_provider(job["kms"])
    else:
        provider = key_provider(job["key"], job["namespace"], job["name"])
    ec = job.get("ec") or {}
    with open(job["input"], "rb") as f:
        data = f.read()
    if job["op"] == "encrypt":
        client = aws_encryption_sdk.EncryptionSDKClient(
            commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
        kwargs = {} if job.get("suite") == "default" else {
            "algorithm": Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY}
        out, header = client.encrypt(
            source=data,
            key_provider=provider,
            encryption_context=ec,
            frame_length=int(job.get("frame_length", 4096)),
            **kwargs,
        )
    elif job["op"] == "decrypt":
        policy = (CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT if job.get("allow_legacy")
                  else CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
        client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=policy)
        out, header = client.decrypt(source=data, key_provider=provider)
        for k, v in ec.items():
            if header.encryption_context.get(k) != v:
                raise ValueError("encryption context mismatch on key %r" % k)
    else:
        raise ValueError("unknown op %r" % job["op"])
    with open(job["output"], "wb") as f:
        f.write(out)
    return {
        "ok": True,
        "suite_id": header.algorithm.algorithm_id,
        "encryption_context": dict(header.encryption_context),
        "frame_length": header.frame_length,
        "edks": sorted(
            [{"provider_id": e.key_provider.provider_id,
              "provider_info": e.key_provider.key_info.decode("utf-8", "replace")}
             for e in header.encrypted_data_keys],
            key=lambda e: (e["provider_id"], e["provider_info"])),
    }


def run_reporting(job):
    try:
        return run(job)
    except Exception as e:  # report every SDK failure as data, the caller asserts on it
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("op", choices=["encrypt", "decrypt", "batch"])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--key")
    parser.add_argument("--namespace")
    parser.add_argument("--name")
    parser.add_argument("--ec", default="{}")
    parser.add_argument("--frame-length", type=int, default=4096)
    parser.add_argument("--allow-legacy", action="store_true")
    parser.add_argument("--default-suite", action="store_true")
    args = parser.parse_args()
    if args.op == "batch":
        with open(args.paths[0], encoding="utf-8") as f:
            jobs = json.load(f)
        results = [run_reporting(job) for job in jobs]
        print(json.dumps(results, ensure_ascii=False))
        return 0
    if len(args.paths) != 2 or not (args.key and args.namespace and args.name):
        parser.error("encrypt/decrypt need --key, --namespace, --name, IN and OUT")
    result = run_reporting({
        "op": args.op, "key": args.key, "namespace": args.namespace, "name": args.name,
        "ec": json.loads(args.ec), "frame_length": args.frame_length,
        "allow_legacy": args.allow_legacy, "input": args.paths[0], "output": args.paths[1],
        "suite": "default" if args.default_suite else None,
    })
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
