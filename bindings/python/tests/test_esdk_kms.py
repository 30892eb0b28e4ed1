"""The official AWS Encryption SDK for Python's KMS master key provider through datakey's endpoint.

ESDK-Python 4.0.7's ``StrictAwsKmsMasterKeyProvider`` reaches KMS with botocore: given a botocore
session whose shared config names the endpoint (``[services ...] kms = endpoint_url = ...``), or
none at all under the ``datakey_endpoint`` fixture (``AWS_ENDPOINT_URL_KMS``), it encrypts
through :func:`datakey.serve`, and datakey's own KMS keyring on the same :class:`datakey.LocalKms`
decrypts; and the reverse. The encrypted data keys are the same on both sides: provider ID
``aws-kms``, provider info the key ARN, and KMS's ciphertext blob.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError

import datakey

aws_encryption_sdk = pytest.importorskip("aws_encryption_sdk")

from aws_encryption_sdk import CommitmentPolicy, StrictAwsKmsMasterKeyProvider  # noqa: E402
from aws_encryption_sdk.exceptions import DecryptKeyError, GenerateKeyError  # noqa: E402
from aws_encryption_sdk.identifiers import Algorithm  # noqa: E402

EC = {"purpose": "esdk-kms-interop", "tenant": "acme"}
# Most tests pin the unsigned committing suite 0x0478 (datakey's default) on the ESDK's side so
# the headers compare directly; the ESDK's own default, the signed 0x0578, has its own test.
UNSIGNED = Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY
ESDK = aws_encryption_sdk.EncryptionSDKClient(
    commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
)


@pytest.fixture(scope="module")
def kms() -> datakey.LocalKms:
    return datakey.LocalKms(region="eu-west-1")


@pytest.fixture(scope="module")
def server(kms: datakey.LocalKms) -> Iterator[datakey.Server]:
    with datakey.serve(kms) as s:
        yield s


@pytest.fixture(scope="module")
def session(server: datakey.Server, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A botocore session for the endpoint: what an application hands the ESDK to reach datakey."""
    folder = tmp_path_factory.mktemp("aws")
    config = folder / "config"
    config.write_text(
        "[default]\nservices = datakey\n\n"
        f"[services datakey]\nkms =\n  endpoint_url = {server.endpoint_url}\n"
    )
    s = botocore.session.Session()
    s.set_config_variable("config_file", str(config))
    s.set_config_variable("credentials_file", str(folder / "credentials"))
    s.set_credentials(server.access_key_id, server.secret_access_key)
    return s


def _key(kms: datakey.LocalKms, description: str = "") -> dict[str, Any]:
    return dict(kms.create_key(Description=description)["KeyMetadata"])


def _provider(session: Any, *key_ids: str) -> StrictAwsKmsMasterKeyProvider:
    return StrictAwsKmsMasterKeyProvider(key_ids=list(key_ids), botocore_session=session)


def _edks(header: Any) -> list[tuple[str, str, bytes]]:
    return sorted(
        (e.key_provider.provider_id, e.key_provider.key_info.decode(), e.encrypted_data_key)
        for e in header.encrypted_data_keys
    )


def test_the_esdk_encrypts_through_the_endpoint_and_datakey_decrypts(
    kms: datakey.LocalKms, session: Any
) -> None:
    key = _key(kms, "a")
    plaintext = b"hello from the ESDK for Python"
    message, header = ESDK.encrypt(
        source=plaintext,
        key_provider=_provider(session, key["Arn"]),
        encryption_context=EC,
        algorithm=UNSIGNED,
    )
    assert header.algorithm == UNSIGNED
    [(provider_id, key_info, blob)] = _edks(header)
    assert (provider_id, key_info) == ("aws-kms", key["Arn"])

    opened = datakey.decrypt(message, kms.keyring(key["Arn"]), EC)
    assert opened.plaintext == plaintext
    assert opened.header.algorithm_suite_id == 0x0478
    assert opened.header.encryption_context == EC
    assert opened.header.encrypted_data_keys == [("aws-kms", key["Arn"])]
    # a keyring over the key ID opens it too: datakey resolves it to the EDK's ARN
    assert datakey.decrypt(message, kms.keyring(key["KeyId"])).plaintext == plaintext

    # the EDK is KMS's own blob, bound to the message's encryption context
    dk = kms.decrypt(CiphertextBlob=blob, EncryptionContext=EC)
    assert dk["KeyId"] == key["Arn"] and len(dk["Plaintext"]) == 32
    with pytest.raises(datakey.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=blob)

    # another key's keyring does not open it, and says which keys the message names
    with pytest.raises(datakey.NoMatchingKeyError, match=key["Arn"]):
        datakey.decrypt(message, kms.keyring(_key(kms)["Arn"]))


def test_a_generator_and_a_second_key_either_datakey_keyring_opens_it(
    kms: datakey.LocalKms, session: Any
) -> None:
    a, b = _key(kms), _key(kms)
    plaintext = bytes(10_000)
    message, header = ESDK.encrypt(
        source=plaintext,
        key_provider=_provider(session, a["Arn"], b["Arn"]),  # GenerateDataKey, then Encrypt
        encryption_context=EC,
        algorithm=UNSIGNED,
        frame_length=1024,
    )
    assert [k for _, k, _ in _edks(header)] == sorted([a["Arn"], b["Arn"]])
    for key in (a, b):
        assert datakey.decrypt(message, kms.keyring(key["Arn"]), EC).plaintext == plaintext


def test_datakey_encrypts_and_the_esdk_decrypts_through_the_endpoint(
    kms: datakey.LocalKms, server: datakey.Server, session: Any
) -> None:
    a, b = _key(kms), _key(kms)
    plaintext = b"hello from datakey"
    message = datakey.encrypt(plaintext, kms.keyring(a["KeyId"]), EC)
    out, header = ESDK.decrypt(source=message, key_provider=_provider(session, a["Arn"]))
    assert out == plaintext
    assert header.algorithm == UNSIGNED
    assert dict(header.encryption_context) == EC
    # the EDK names the key's ARN (not the key ID the keyring was given) and holds KMS's blob,
    # which boto3 opens over the wire
    [(provider_id, key_info, blob)] = _edks(header)
    assert (provider_id, key_info) == ("aws-kms", a["Arn"])
    wire = boto3.client(
        "kms",
        endpoint_url=server.endpoint_url,
        region_name=server.region,
        aws_access_key_id=server.access_key_id,
        aws_secret_access_key=server.secret_access_key,
    )
    dk = wire.decrypt(CiphertextBlob=blob, EncryptionContext=EC)
    assert dk["KeyId"] == a["Arn"] and len(dk["Plaintext"]) == 32

    # a multi-keyring message: the ESDK opens it with a provider over the second key alone
    multi = datakey.MultiKeyring(kms.keyring(a["Arn"]), kms.keyring(b["Arn"]))
    both = datakey.encrypt(plaintext, multi, EC)
    out, header = ESDK.decrypt(source=both, key_provider=_provider(session, b["Arn"]))
    assert out == plaintext
    assert [k for _, k, _ in _edks(header)] == sorted([a["Arn"], b["Arn"]])


def test_a_kms_refusal_reaches_the_esdk_through_the_endpoint(
    kms: datakey.LocalKms, session: Any
) -> None:
    key = _key(kms)
    message = datakey.encrypt(b"x", kms.keyring(key["Arn"]))
    kms.disable_key(KeyId=key["KeyId"])
    # on encrypt the provider chains the botocore ClientError of the endpoint's answer
    with pytest.raises(GenerateKeyError) as info:
        ESDK.encrypt(source=b"x", key_provider=_provider(session, key["Arn"]), algorithm=UNSIGNED)
    cause = info.value.__cause__
    assert isinstance(cause, ClientError)
    assert cause.response["Error"] == {
        "Code": "DisabledException",
        "Message": f"{key['Arn']} is disabled.",
    }
    # on decrypt it tries each EDK and reports only that none opened
    with pytest.raises(DecryptKeyError, match="Unable to decrypt any data key"):
        ESDK.decrypt(source=message, key_provider=_provider(session, key["Arn"]))
    kms.enable_key(KeyId=key["KeyId"])
    assert ESDK.decrypt(source=message, key_provider=_provider(session, key["Arn"]))[0] == b"x"


def test_the_esdk_default_signed_suite_both_ways_through_the_endpoint(
    kms: datakey.LocalKms, session: Any
) -> None:
    key = _key(kms)
    # The ESDK's default (no algorithm argument): the signed 0x0578.
    message, header = ESDK.encrypt(
        source=b"signed", key_provider=_provider(session, key["Arn"]), encryption_context=EC
    )
    assert header.algorithm == Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
    assert "aws-crypto-public-key" in header.encryption_context
    opened = datakey.decrypt(message, kms.keyring(key["Arn"]), EC)
    assert opened.plaintext == b"signed"
    assert opened.header.algorithm_suite_id == 0x0578
    # and datakey's signed message opens with the ESDK's KMS provider through the endpoint
    mine = datakey.encrypt(
        b"signed by datakey", kms.keyring(key["Arn"]), EC, algorithm_suite=0x0578
    )
    plaintext, theirs = ESDK.decrypt(source=mine, key_provider=_provider(session, key["Arn"]))
    assert plaintext == b"signed by datakey"
    assert theirs.algorithm == Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384


@pytest.fixture
def datakey_kms() -> datakey.LocalKms:
    """The service the `datakey_endpoint` fixture serves, shared with the test."""
    return datakey.LocalKms()


def test_under_the_fixture_the_esdk_needs_no_session_at_all(
    datakey_kms: datakey.LocalKms, datakey_endpoint: datakey.Server, tmp_path: Path
) -> None:
    key = _key(datakey_kms)
    # no botocore session: the provider's default one reads AWS_ENDPOINT_URL_KMS and the keys
    provider = StrictAwsKmsMasterKeyProvider(key_ids=[key["Arn"]])
    message, _ = ESDK.encrypt(
        source=b"plain boto", key_provider=provider, encryption_context=EC, algorithm=UNSIGNED
    )
    assert datakey.decrypt(message, datakey_kms.keyring(key["Arn"]), EC).plaintext == b"plain boto"
    back = datakey.encrypt(b"and back", datakey_kms.keyring(key["Arn"]), EC)
    assert ESDK.decrypt(source=back, key_provider=provider)[0] == b"and back"
