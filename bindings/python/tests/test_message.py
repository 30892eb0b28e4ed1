"""Messages through the binding: round trips, header facts, keyrings, errors, GIL release, reprs."""

from __future__ import annotations

import array
import io
import sys
import threading
import time
from typing import Any

import pytest

import datakey

KEY = bytes(range(32))
EC = {"purpose": "interop-test", "tenant": "acme"}

# esdk-format.md §14: a message written by ESDK-Python 4.0.7 (RawMasterKeyProvider).
FIXED_VECTOR = bytes.fromhex(
    "02047801ec094d3b1a44c5c2813082acd25ba70ad9de3dc4b2b93eb27b520d4097eea1002700020007707572706f"
    "7365000c696e7465726f702d74657374000674656e616e74000461636d650001000f646174616b65792d696e7465"
    "726f700024746573742d6165732d3235362d6b6579000000800000000c54baf9c10520dafd97f69f070030474642"
    "de8664bc0ecf430b4b9ad57bc8d8fc3f7fb1526abd9b4e46cd6c851e45748cf3bd53d4c96c154970bcd02a2bca02"
    "000010003396f05011c2b7dcfba16192e617f0d88a8591ffe82bb13abff5092741711614a04fdb6a4a785669b214"
    "1a1c4ea8a103ffffffff000000010000000000000000000000010000001530d884ae54734f4e2565a800f9a210a1"
    "4088acb3a57e240a67377a00e4f1455f529b7aaa60"
)


@pytest.fixture
def keyring() -> datakey.RawAesKeyring:
    return datakey.RawAesKeyring("datakey-interop", "test-aes-256-key", KEY)


def test_fixed_vector_decrypts(keyring: datakey.RawAesKeyring) -> None:
    assert len(FIXED_VECTOR) == 297
    out = datakey.decrypt(FIXED_VECTOR, keyring, EC)
    assert out.plaintext == b"hello datakey interop"
    h = out.header
    assert h.version == 2 and h.algorithm_suite_id == 0x0478
    assert h.message_id == FIXED_VECTOR[3:35]
    assert h.encryption_context == EC
    assert h.encrypted_data_keys == [("datakey-interop", "test-aes-256-key")]
    assert h.framed is True and h.frame_length == 4096 and h.header_length == 236
    assert h.required_encryption_context_keys == []


def test_fixed_vector_every_bit_flip_fails(keyring: datakey.RawAesKeyring) -> None:
    for i in range(len(FIXED_VECTOR)):
        for bit in (0x01, 0x80):
            tampered = bytearray(FIXED_VECTOR)
            tampered[i] ^= bit
            with pytest.raises(datakey.DatakeyError):
                datakey.decrypt(tampered, keyring)


@pytest.mark.parametrize("size", [0, 1, 127, 128, 4095, 4096, 4097, 3 * 4096, 100_000])
@pytest.mark.parametrize("frame_length", [128, 4096])
def test_round_trip(keyring: datakey.RawAesKeyring, size: int, frame_length: int) -> None:
    plaintext = bytes(i % 251 for i in range(size))
    message = datakey.encrypt(plaintext, keyring, EC, frame_length)
    assert isinstance(message, bytes)
    out = datakey.decrypt(message, keyring)
    assert out.plaintext == plaintext
    assert out.header.frame_length == frame_length
    assert out.header.encryption_context == EC


def test_message_size_matches_the_format(keyring: datakey.RawAesKeyring) -> None:
    # esdk-format.md §10: header = 92 + len(ser(EC)) + 74 + len(namespace) + len(key name);
    # body = 32 * floor(n / F) + 40 + n.
    ec_len = len(datakey.serialize_encryption_context(EC))
    for n in (0, 21, 4096, 10_000):
        message = datakey.encrypt(bytes(n), keyring, EC)
        header = 92 + ec_len + 74 + len("datakey-interop") + len("test-aes-256-key")
        assert len(message) == header + 32 * (n // 4096) + 40 + n


def test_bytes_like_inputs(keyring: datakey.RawAesKeyring) -> None:
    for plaintext in (bytearray(b"abc" * 1000), memoryview(b"abc" * 1000), array.array("B", b"abc" * 1000)):
        message = datakey.encrypt(plaintext, keyring)
        for m in (message, bytearray(message), memoryview(message)):
            assert datakey.decrypt(m, keyring).plaintext == b"abc" * 1000
    with pytest.raises(TypeError, match='plaintext: cannot convert "str" instance to a buffer'):
        datakey.encrypt("text", keyring)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match='message: cannot convert "str"'):
        datakey.decrypt("text", keyring)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keyring must be a datakey keyring"):
        datakey.encrypt(b"x", object())  # type: ignore[arg-type]


def test_wrong_key_or_context_is_one_opaque_error(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"secret", keyring, EC)
    wrong_key = datakey.RawAesKeyring("datakey-interop", "test-aes-256-key", bytes(32))
    with pytest.raises(datakey.DecryptionError) as info:
        datakey.decrypt(message, wrong_key)
    assert type(info.value) is datakey.DecryptionError
    assert str(info.value) == "" and info.value.args == ()
    # Truncation inside the body is an authentication failure too, and says nothing.
    with pytest.raises(datakey.DatakeyError):
        datakey.decrypt(message[:-1], keyring)


def test_no_matching_key_names_both_sides(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"secret", keyring)
    other = datakey.RawAesKeyring("other-ns", "other-key", KEY)
    with pytest.raises(datakey.NoMatchingKeyError) as info:
        datakey.decrypt(message, other)
    err = info.value
    assert isinstance(err, datakey.DecryptionError)
    assert err.present == [("datakey-interop", "test-aes-256-key")]
    assert err.tried == [("other-ns", "other-key")]


def test_encryption_context_on_decrypt(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"secret", keyring, EC)
    assert datakey.decrypt(message, keyring, {"tenant": "acme"}).plaintext == b"secret"
    with pytest.raises(datakey.EncryptionContextMismatchError):
        datakey.decrypt(message, keyring, {"tenant": "evil"})


def test_required_encryption_context(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"secret", keyring, EC, required_encryption_context_keys=["tenant"])
    out = datakey.decrypt(message, keyring, {"tenant": "acme"})
    assert out.plaintext == b"secret"
    assert out.header.encryption_context == EC
    assert out.header.required_encryption_context_keys == ["tenant"]
    # A wrong value for a key the header does not store: the error names the key.
    with pytest.raises(datakey.EncryptionContextMismatchError, match='"tenant"'):
        datakey.decrypt(message, keyring, {"tenant": "other"})
    with pytest.raises(datakey.DecryptionError):
        datakey.decrypt(message, keyring)


def test_an_extra_context_key_on_decrypt_is_named(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"secret", keyring, EC)
    with pytest.raises(datakey.EncryptionContextMismatchError, match='"extra"'):
        datakey.decrypt(message, keyring, {**EC, "extra": "1"})


def test_reserved_context_key_is_refused(keyring: datakey.RawAesKeyring) -> None:
    with pytest.raises(datakey.DatakeyError):
        datakey.encrypt(b"x", keyring, {"aws-crypto-public-key": "x"})


@pytest.mark.parametrize("frame_length", [0, 100, 2**31])
def test_bad_frame_length(keyring: datakey.RawAesKeyring, frame_length: int) -> None:
    with pytest.raises(ValueError):
        datakey.encrypt(b"x", keyring, frame_length=frame_length)


def test_frame_length_type(keyring: datakey.RawAesKeyring) -> None:
    with pytest.raises(OverflowError):
        datakey.encrypt(b"x", keyring, frame_length=-1)
    with pytest.raises(TypeError):
        datakey.encrypt(b"x", keyring, frame_length="4096")  # type: ignore[arg-type]


def test_raw_aes_keyring_validation() -> None:
    for key in (bytes(15), bytes(33), b""):
        with pytest.raises(datakey.ValidationException):
            datakey.RawAesKeyring("ns", "name", key)
    with pytest.raises(datakey.ValidationException):
        datakey.RawAesKeyring("aws-kms", "name", KEY)
    with pytest.raises(datakey.ValidationException):
        datakey.RawAesKeyring("", "name", KEY)
    with pytest.raises(TypeError, match='key: cannot convert "str"'):
        datakey.RawAesKeyring("ns", "name", "0" * 32)  # type: ignore[arg-type]
    for size in (16, 24, 32):
        ring = datakey.RawAesKeyring("ns", "name", bytearray(size))
        assert datakey.decrypt(datakey.encrypt(b"x", ring), ring).plaintext == b"x"


def test_multi_keyring(keyring: datakey.RawAesKeyring) -> None:
    second = datakey.RawAesKeyring("backup", "key-2", bytes(32))
    multi = datakey.MultiKeyring(keyring, second)
    assert multi.generator is keyring and multi.children == (second,)
    message = datakey.encrypt(b"secret", multi, EC)
    out = datakey.decrypt(message, second)
    assert out.plaintext == b"secret"
    assert out.header.encrypted_data_keys == [
        ("datakey-interop", "test-aes-256-key"),
        ("backup", "key-2"),
    ]
    assert datakey.decrypt(message, keyring).plaintext == b"secret"
    decrypt_only = datakey.MultiKeyring(None, datakey.RawAesKeyring("x", "y", KEY), second)
    assert decrypt_only.generator is None
    assert datakey.decrypt(message, decrypt_only).plaintext == b"secret"
    nested = datakey.MultiKeyring(multi)
    assert datakey.decrypt(datakey.encrypt(b"n", nested), second).plaintext == b"n"
    with pytest.raises(datakey.ValidationException):
        datakey.MultiKeyring(None)
    with pytest.raises(TypeError, match="keyring must be a datakey keyring"):
        datakey.MultiKeyring(keyring, "not a keyring")  # type: ignore[arg-type]


def test_commitment_policy(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"x", keyring)
    policies: list[Any] = [
        None,
        datakey.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
        datakey.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
        "REQUIRE_ENCRYPT_REQUIRE_DECRYPT",
        "REQUIRE_ENCRYPT_ALLOW_DECRYPT",
    ]
    for policy in policies:
        assert datakey.decrypt(message, keyring, commitment_policy=policy).plaintext == b"x"
    with pytest.raises(ValueError, match="unsupported commitment policy"):
        datakey.decrypt(message, keyring, commitment_policy="FORBID_ENCRYPT_ALLOW_DECRYPT")
    with pytest.raises(TypeError):
        datakey.decrypt(message, keyring, commitment_policy=1)  # type: ignore[arg-type]
    assert datakey.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT != datakey.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
    assert len({datakey.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, datakey.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT}) == 1


def test_decrypt_limits(keyring: datakey.RawAesKeyring) -> None:
    multi = datakey.MultiKeyring(keyring, datakey.RawAesKeyring("b", "k", KEY), datakey.RawAesKeyring("c", "k", KEY))
    message = datakey.encrypt(bytes(10_000), multi, frame_length=4096)
    with pytest.raises(datakey.ResourceLimitError):
        datakey.decrypt(message, keyring, max_encrypted_data_keys=2)
    with pytest.raises(datakey.ResourceLimitError):
        datakey.decrypt(message, keyring, max_frame_length=1024)
    with pytest.raises(datakey.ResourceLimitError):
        datakey.decrypt(message, keyring, max_header_size=100)
    with pytest.raises(datakey.ResourceLimitError):
        datakey.decrypt(message, keyring, max_body_size=9_999)
    assert len(datakey.decrypt(message, keyring, max_encrypted_data_keys=3, max_body_size=10_000).plaintext) == 10_000


def test_structural_errors(keyring: datakey.RawAesKeyring) -> None:
    with pytest.raises(datakey.MalformedMessageError):
        datakey.decrypt(b"", keyring)
    with pytest.raises(datakey.UnsupportedVersionError):
        datakey.decrypt(b"\x07" + FIXED_VECTOR[1:], keyring)
    # An unsigned message relabelled as signed carries no verification key.
    with pytest.raises(datakey.MalformedMessageError, match="aws-crypto-public-key"):
        datakey.decrypt(b"\x02\x05\x78" + FIXED_VECTOR[3:], keyring)
    with pytest.raises(datakey.UnsupportedSuiteError) as info:
        datakey.decrypt(b"\x02\x05\x78" + FIXED_VECTOR[3:], keyring, unsigned_only=True)
    assert "signed" in str(info.value)
    with pytest.raises(datakey.MalformedMessageError):
        datakey.decrypt(FIXED_VECTOR + b"\x00", keyring)


def test_reprs_show_no_key_bytes() -> None:
    key = bytes([0xA7]) * 32
    ring = datakey.RawAesKeyring("ns'x", "name", key)
    multi = datakey.MultiKeyring(ring, ring)
    message = datakey.encrypt(b"plaintext!", ring, {"k": "v"})
    out = datakey.decrypt(message, ring)
    texts = [repr(ring), str(ring), repr(multi), repr(out), repr(out.header)]
    assert repr(ring) == "RawAesKeyring(namespace=\"ns'x\", name='name')"
    assert repr(multi) == f"MultiKeyring({ring!r}, {ring!r})"
    assert repr(out).startswith("Decrypted(plaintext=<10 bytes>, header=MessageHeader(version=2, algorithm_suite_id=0x0478")
    for text in texts:
        assert "a7" not in text.lower() and "167" not in text and "\\xa7" not in text
        assert "plaintext!" not in text


def test_classes_are_frozen() -> None:
    ring = datakey.RawAesKeyring("ns", "name", KEY)
    with pytest.raises(AttributeError):
        ring.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        class Sub(datakey.RawAesKeyring):  # type: ignore[misc]
            pass


def test_large_inputs_release_the_gil(keyring: datakey.RawAesKeyring) -> None:
    """Another Python thread runs while the core works on a large input.

    With a huge switch interval the interpreter never takes the GIL from the main thread on its
    own, and the ticker gives it back after every tick: the ticker can only tick while the main
    thread has released the GIL. So it ticks during a call exactly when the call detaches.
    """
    plaintext = bytes(16 * 1024 * 1024)
    ticks = 0
    stop = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0)

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    t = threading.Thread(target=ticker)
    try:
        t.start()
        before = ticks
        message = datakey.encrypt(plaintext, keyring)
        during_encrypt = ticks - before
        before = ticks
        out = datakey.decrypt(message, keyring)
        during_decrypt = ticks - before
        before = ticks
        small = datakey.encrypt(b"x" * (datakey.GIL_DETACH_THRESHOLD - 512), keyring)
        during_small = ticks - before
        before = ticks
        small_out = datakey.decrypt(small, keyring)
        during_small_decrypt = ticks - before
        before = ticks
        from_bytearray = datakey.encrypt(bytearray(plaintext), keyring)
        during_bytearray = ticks - before
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(previous)
    assert out.plaintext == plaintext and len(small) < datakey.GIL_DETACH_THRESHOLD
    assert small_out.plaintext == b"x" * (datakey.GIL_DETACH_THRESHOLD - 512)
    assert datakey.decrypt(from_bytearray, keyring).plaintext == plaintext
    assert during_encrypt > 0 and during_decrypt > 0 and during_bytearray > 0
    assert during_small == 0 and during_small_decrypt == 0


def test_threads_share_a_keyring(keyring: datakey.RawAesKeyring) -> None:
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for n in range(20):
                data = bytes([i]) * (n * 500)
                assert datakey.decrypt(datakey.encrypt(data, keyring), keyring).plaintext == data
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ----- KMS keyrings -------------------------------------------------------------------------------


@pytest.fixture
def kms() -> datakey.LocalKms:
    return datakey.LocalKms(clock=datakey.ManualClock())


def test_kms_keyring_round_trip(kms: datakey.LocalKms) -> None:
    meta = kms.create_key()["KeyMetadata"]
    ring = kms.keyring(meta["KeyId"])
    assert ring.key_id == meta["KeyId"]
    assert repr(ring) == f"KmsKeyring(key_id='{meta['KeyId']}')"
    message = datakey.encrypt(b"via kms" * 1000, ring, EC)
    out = datakey.decrypt(message, ring, EC)
    assert out.plaintext == b"via kms" * 1000
    assert out.header.encrypted_data_keys == [("aws-kms", meta["Arn"])]
    # Streaming goes through the same keyring.
    sink = io.BytesIO()
    datakey.encrypt_stream(io.BytesIO(b"streamed"), sink, ring)
    result = io.BytesIO()
    datakey.decrypt_stream(io.BytesIO(sink.getvalue()), result, ring)
    assert result.getvalue() == b"streamed"


def test_kms_keyring_follows_key_state_and_rotation(kms: datakey.LocalKms) -> None:
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    ring = kms.keyring(key_id)
    old = datakey.encrypt(b"before rotation", ring)
    kms.rotate_key_on_demand(KeyId=key_id)
    assert datakey.decrypt(old, ring).plaintext == b"before rotation"
    kms.disable_key(KeyId=key_id)
    with pytest.raises(datakey.DisabledException) as info:
        datakey.decrypt(old, ring)
    assert info.value.response["Error"]["Code"] == "DisabledException"
    with pytest.raises(datakey.DisabledException):
        datakey.encrypt(b"x", ring)


def test_kms_keyring_by_alias_and_in_a_multi_keyring(kms: datakey.LocalKms, keyring: datakey.RawAesKeyring) -> None:
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/messages", TargetKeyId=key_id)
    by_alias = kms.keyring("alias/messages")
    multi = datakey.MultiKeyring(by_alias, keyring)
    message = datakey.encrypt(b"both", multi, {"k": "v"})
    assert datakey.decrypt(message, keyring).plaintext == b"both"
    assert datakey.decrypt(message, kms.keyring(key_id)).plaintext == b"both"
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(datakey.NoMatchingKeyError):
        datakey.decrypt(datakey.encrypt(b"x", by_alias), kms.keyring(other))
    with pytest.raises(datakey.ValidationException):
        kms.keyring("")
    with pytest.raises(TypeError):
        datakey.KmsKeyring()


def test_kms_keyring_with_a_python_clock() -> None:
    class Clock:
        fail = False

        def now(self) -> Any:
            if self.fail:
                raise RuntimeError("clock stopped")
            return datakey.ManualClock().now()

    clock = Clock()
    kms = datakey.LocalKms(clock=clock)
    ring = kms.keyring(kms.create_key()["KeyMetadata"]["KeyId"])
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(25):
                assert datakey.decrypt(datakey.encrypt(b"t", ring), ring).plaintext == b"t"
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    clock.fail = True
    with pytest.raises(RuntimeError, match="clock stopped"):
        datakey.encrypt(b"x", ring)
    with pytest.raises(RuntimeError, match="clock stopped"):
        datakey.encrypt_stream(io.BytesIO(b"x"), io.BytesIO(), datakey.MultiKeyring(ring))
