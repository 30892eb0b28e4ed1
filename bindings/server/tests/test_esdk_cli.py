"""The official AWS Encryption SDK for Python's KMS master key provider against `datakey serve`
on a key store, and the `datakey` CLI on the same store: ESDK-Python encrypts through the
endpoint and `datakey decrypt` opens the message; `datakey encrypt` writes one and ESDK-Python
decrypts it through the endpoint.

The CLI comes from $DATAKEY_BIN, else target/{debug,release}/datakey (`make test-server` builds it).
"""

import json
import os
import subprocess

import botocore.session
import pytest
from aws_encryption_sdk import CommitmentPolicy, EncryptionSDKClient, StrictAwsKmsMasterKeyProvider
from aws_encryption_sdk.identifiers import Algorithm

from test_boto3 import REGION, _binary

ESDK = EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
# The ESDK encrypts with its own default (the signed 0x0578); datakey's CLI writes its default,
# the unsigned committing 0x0478.
SIGNED = Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
UNSIGNED = Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY
EC = {"purpose": "esdk-cli", "tenant": "acme"}


@pytest.fixture
def store(tmp_path):
    """A key store with one key, `datakey serve` on it, and a botocore session for the endpoint."""
    binary = _binary("DATAKEY_BIN", "datakey", "cargo build -p datakey-cli")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DATAKEY_"))},
        "DATAKEY_ROOT_KEY": "22" * 32,
        "DATAKEY_STORE": str(tmp_path / "store"),
        "DATAKEY_REGION": REGION,
    }

    def cli(*args, input=None, check=True):
        return subprocess.run(
            [binary, *args], env=env, check=check, capture_output=True, input=input
        )

    key = json.loads(cli("keys", "create", "--json").stdout)["key"]
    access = json.loads(cli("access-keys", "create", "--json").stdout)["AccessKey"]
    proc = subprocess.Popen(
        [binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on http://"), line + proc.stderr.read()
        endpoint = line.split(" ", 2)[2].strip()
        config = tmp_path / "aws-config"
        config.write_text(
            "[default]\nservices = datakey\n\n"
            f"[services datakey]\nkms =\n  endpoint_url = {endpoint}\n"
        )
        session = botocore.session.Session()
        session.set_config_variable("config_file", str(config))
        session.set_config_variable("credentials_file", str(tmp_path / "aws-credentials"))
        session.set_credentials(access["AccessKeyId"], access["SecretAccessKey"])
        provider = StrictAwsKmsMasterKeyProvider(key_ids=[key["arn"]], botocore_session=session)
        yield {"cli": cli, "key": key, "provider": provider, "dir": tmp_path}
    finally:
        proc.terminate()
        assert proc.wait(timeout=15) == 0


def test_the_esdk_encrypts_through_datakey_serve_and_the_cli_decrypts(store):
    plaintext = os.urandom(5000)
    message, header = ESDK.encrypt(
        source=plaintext,
        key_provider=store["provider"],
        encryption_context=EC,
        frame_length=1024,
    )
    assert header.algorithm == SIGNED
    [edk] = header.encrypted_data_keys
    assert edk.key_provider.provider_id == "aws-kms"
    assert edk.key_provider.key_info == store["key"]["arn"].encode()
    ct = store["dir"] / "esdk.msg"
    ct.write_bytes(message)
    out = store["dir"] / "esdk.out"
    context = [a for k, v in EC.items() for a in ("--context", f"{k}={v}")]
    store["cli"]("decrypt", "-i", str(ct), "-o", str(out), *context)
    assert out.read_bytes() == plaintext
    # with --key (the key ID, not the ARN the EDK names) and from stdin
    pt = store["cli"]("decrypt", "--key", store["key"]["key_id"], input=message).stdout
    assert pt == plaintext
    # a context pair the message does not hold: exit 4 (decryption), nothing written
    refused = store["cli"](
        "decrypt", "-i", str(ct), "-o", str(store["dir"] / "no"), "--context", "tenant=globex",
        check=False,
    )
    assert refused.returncode == 4, refused.stderr
    assert not (store["dir"] / "no").exists()


def test_the_cli_encrypts_and_the_esdk_decrypts_through_datakey_serve(store):
    plaintext = b"written by the datakey CLI"
    context = [a for k, v in EC.items() for a in ("--context", f"{k}={v}")]
    message = store["cli"]("encrypt", "--key", store["key"]["key_id"], *context, input=plaintext).stdout
    out, header = ESDK.decrypt(source=message, key_provider=store["provider"])
    assert out == plaintext
    assert header.algorithm == UNSIGNED
    assert dict(header.encryption_context) == EC
    [edk] = header.encrypted_data_keys
    assert (edk.key_provider.provider_id, edk.key_provider.key_info) == (
        "aws-kms",
        store["key"]["arn"].encode(),
    )
