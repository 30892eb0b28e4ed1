"""Interop with the official AWS Encryption SDK for Python (aws-encryption-sdk 4.0.7), both ways.

The official side uses the RawMasterKeyProvider recipe of esdk-format.md §15.1 (no MPL, no AWS
credentials, no network), suite 0x0478, frame lengths that are multiples of 128.
"""

from __future__ import annotations

import io
import os

import pytest

import datakey

aws_encryption_sdk = pytest.importorskip("aws_encryption_sdk")

from aws_encryption_sdk import CommitmentPolicy  # noqa: E402
from cryptography.exceptions import InvalidTag  # noqa: E402
from aws_encryption_sdk.exceptions import AWSEncryptionSDKClientError  # noqa: E402
from aws_encryption_sdk.identifiers import Algorithm, EncryptionKeyType, WrappingAlgorithm  # noqa: E402
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey  # noqa: E402
from aws_encryption_sdk.key_providers.raw import RawMasterKeyProvider  # noqa: E402

NAMESPACE = "datakey-interop"
KEY_NAME = "test-aes-256-key"
WRAPPING_KEY = bytes(range(32))


def provider(key: bytes = WRAPPING_KEY, name: str = KEY_NAME) -> RawMasterKeyProvider:
    """The official SDK's raw AES master key provider for `key`, named NAMESPACE / `name`."""

    class StaticRawAesProvider(RawMasterKeyProvider):  # type: ignore[misc]
        provider_id = NAMESPACE

        def _get_raw_key(self, key_id: bytes) -> WrappingKey:
            return WrappingKey(
                wrapping_algorithm=WrappingAlgorithm.AES_256_GCM_IV12_TAG16_NO_PADDING,
                wrapping_key=key,
                wrapping_key_type=EncryptionKeyType.SYMMETRIC,
            )

    mkp = StaticRawAesProvider()
    mkp.add_master_key(name.encode())
    return mkp


CLIENT = aws_encryption_sdk.EncryptionSDKClient(
    commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
)

SIZES = [0, 1, 21, 127, 128, 4095, 4096, 4097, 65_536, 300_001]
CONTEXTS = [
    {},
    {"purpose": "interop-test", "tenant": "acme"},
    {"ab": "c", "a": "bc"},
    {"unicode": "żółć ✓", "empty": "", "k" * 200: "v" * 1000},
]
FRAME_LENGTHS = [128, 4096, 65_536]


def plaintext_of(size: int) -> bytes:
    return os.urandom(size)


@pytest.fixture
def keyring() -> datakey.RawAesKeyring:
    return datakey.RawAesKeyring(NAMESPACE, KEY_NAME, WRAPPING_KEY)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("ec_index", range(len(CONTEXTS)))
def test_official_sdk_decrypts_datakey(keyring: datakey.RawAesKeyring, size: int, ec_index: int) -> None:
    ec = CONTEXTS[ec_index]
    frame_length = FRAME_LENGTHS[(size + ec_index) % len(FRAME_LENGTHS)]
    plaintext = plaintext_of(size)
    message = datakey.encrypt(plaintext, keyring, ec, frame_length)
    out, header = CLIENT.decrypt(source=message, key_provider=provider())
    assert out == plaintext
    assert header.encryption_context == ec
    assert header.algorithm == Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY
    assert header.frame_length == frame_length


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("ec_index", range(len(CONTEXTS)))
def test_datakey_decrypts_official_sdk(keyring: datakey.RawAesKeyring, size: int, ec_index: int) -> None:
    ec = CONTEXTS[ec_index]
    frame_length = FRAME_LENGTHS[(size + ec_index + 1) % len(FRAME_LENGTHS)]
    plaintext = plaintext_of(size)
    message, _ = CLIENT.encrypt(
        source=plaintext,
        key_provider=provider(),
        encryption_context=ec,
        algorithm=Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
        frame_length=frame_length,
    )
    out = datakey.decrypt(message, keyring, ec)
    assert out.plaintext == plaintext
    assert out.header.encryption_context == ec
    assert out.header.algorithm_suite_id == 0x0478
    assert out.header.frame_length == frame_length
    assert out.header.encrypted_data_keys == [(NAMESPACE, KEY_NAME)]


@pytest.mark.parametrize("size", [0, 5000, 1_000_000])
def test_streaming_interop(keyring: datakey.RawAesKeyring, size: int) -> None:
    plaintext = plaintext_of(size)
    ec = CONTEXTS[1]
    # datakey stream -> official SDK
    sink = io.BytesIO()
    datakey.encrypt_stream(io.BytesIO(plaintext), sink, keyring, ec, 4096)
    out, _ = CLIENT.decrypt(source=sink.getvalue(), key_provider=provider())
    assert out == plaintext
    # official SDK stream -> datakey stream
    with CLIENT.stream(
        mode="e",
        source=io.BytesIO(plaintext),
        key_provider=provider(),
        encryption_context=ec,
        algorithm=Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
        frame_length=1024,
    ) as enc:
        message = enc.read()
    result = io.BytesIO()
    header = datakey.decrypt_stream(io.BytesIO(message), result, keyring, ec)
    assert result.getvalue() == plaintext and header.frame_length == 1024


def test_multiple_edks_both_ways(keyring: datakey.RawAesKeyring) -> None:
    second_key = bytes(range(32, 64))
    second = datakey.RawAesKeyring(NAMESPACE, "second-key", second_key)
    message = datakey.encrypt(b"two keys", datakey.MultiKeyring(keyring, second), {"a": "b"})
    out, header = CLIENT.decrypt(source=message, key_provider=provider(second_key, "second-key"))
    assert out == b"two keys" and len(header.encrypted_data_keys) == 2


def test_wrong_key_fails_on_both_sides(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"secret", keyring)
    # The official SDK lets the raw key's GCM failure through as cryptography's InvalidTag.
    with pytest.raises((AWSEncryptionSDKClientError, InvalidTag)):
        CLIENT.decrypt(source=message, key_provider=provider(bytes(32)))
    official, _ = CLIENT.encrypt(
        source=b"secret",
        key_provider=provider(bytes(32)),
        algorithm=Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
    )
    with pytest.raises(datakey.DecryptionError):
        datakey.decrypt(official, keyring)


@pytest.mark.parametrize("size", [0, 1, 4096, 70_001])
def test_signed_default_suite_both_ways(keyring: datakey.RawAesKeyring, size: int) -> None:
    """The official SDK's default suite (0x0578, no `algorithm` argument) is signed: datakey
    verifies it, and writes it on request; `unsigned_only` refuses it."""
    plaintext = plaintext_of(size)
    ec = CONTEXTS[1]
    official, header = CLIENT.encrypt(source=plaintext, key_provider=provider(), encryption_context=ec)
    assert header.algorithm.algorithm_id == 0x0578
    out = datakey.decrypt(official, keyring, ec)
    assert out.plaintext == plaintext and out.header.algorithm_suite_id == 0x0578
    assert "aws-crypto-public-key" in out.header.encryption_context
    result = io.BytesIO()
    datakey.decrypt_stream(io.BytesIO(official), result, keyring, ec)
    assert result.getvalue() == plaintext
    with pytest.raises(datakey.UnsupportedSuiteError, match="signed"):
        datakey.decrypt(official, keyring, unsigned_only=True)
    with pytest.raises(datakey.UnsupportedSuiteError):
        datakey.decrypt_stream(io.BytesIO(official), io.BytesIO(), keyring, unsigned_only=True)
    # A flipped bit in the signature: refused, nothing returned.
    bad = bytearray(official)
    bad[-1] ^= 1
    with pytest.raises(datakey.DecryptionError):
        datakey.decrypt(bytes(bad), keyring)

    ours = datakey.encrypt(plaintext, keyring, ec, algorithm_suite=0x0578)
    decrypted, header = CLIENT.decrypt(source=ours, key_provider=provider())
    assert decrypted == plaintext and header.algorithm.algorithm_id == 0x0578
    assert len(ours) == len(official)  # both write 103-byte signatures
    streamed = io.BytesIO()
    datakey.encrypt_stream(io.BytesIO(plaintext), streamed, keyring, ec, algorithm_suite=0x0578)
    decrypted, _ = CLIENT.decrypt(source=streamed.getvalue(), key_provider=provider())
    assert decrypted == plaintext


def test_algorithm_suite_option_is_checked(keyring: datakey.RawAesKeyring) -> None:
    assert datakey.decrypt(datakey.encrypt(b"x", keyring), keyring).header.algorithm_suite_id == 0x0478
    with pytest.raises(datakey.ValidationException):
        datakey.encrypt(b"x", keyring, algorithm_suite=0x0178)
    with pytest.raises(datakey.UnsupportedSuiteError):
        datakey.encrypt(b"x", keyring, algorithm_suite=0x1234)
    with pytest.raises(datakey.ValidationException):
        datakey.encrypt(b"x", keyring, {"aws-crypto-public-key": "x"}, algorithm_suite=0x0578)


def test_cached_messages_interoperate(keyring: datakey.RawAesKeyring) -> None:
    """Messages sharing a cached data key are ordinary messages to the official SDK (which sees
    the same EDK in each), and its messages decrypt through a caching keyring."""
    cache = datakey.CachingKeyring(keyring, 300, max_messages=2)
    ec = CONTEXTS[1]
    plaintexts = [plaintext_of(n) for n in (10, 5000, 20)]
    messages = [datakey.encrypt(p, cache, ec) for p in plaintexts]
    edks = []
    for plaintext, message in zip(plaintexts, messages):
        out, header = CLIENT.decrypt(source=message, key_provider=provider())
        assert out == plaintext and header.encryption_context == ec
        (edk,) = header.encrypted_data_keys
        edks.append(edk.encrypted_data_key)
    assert edks[0] == edks[1] != edks[2]
    assert (cache.stats().hits, cache.stats().misses) == (1, 2)
    official, _ = CLIENT.encrypt(
        source=b"official",
        key_provider=provider(),
        encryption_context=ec,
        algorithm=Algorithm.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
    )
    for _ in range(2):
        assert datakey.decrypt(official, cache, ec).plaintext == b"official"
    assert cache.entry_counts() == (1, 1)


def test_official_sdk_opens_kms_messages_through_their_raw_aes_edk(keyring: datakey.RawAesKeyring) -> None:
    # The README's exit plan: a local KMS key as the generator and a raw AES key beside it; the
    # official SDK (which cannot use the local KMS EDK) opens every message through the other.
    kms = datakey.LocalKms()
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    multi = datakey.MultiKeyring(kms.keyring(key_id), keyring)
    message = datakey.encrypt(b"exit plan", multi, {"tenant": "acme"})
    out, header = CLIENT.decrypt(source=message, key_provider=provider())
    assert out == b"exit plan"
    assert header.encryption_context == {"tenant": "acme"}
    providers = sorted(edk.key_provider.provider_id for edk in header.encrypted_data_keys)
    assert providers == sorted(["aws-kms", NAMESPACE])
