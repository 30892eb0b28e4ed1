"""The one-shot data path: `encrypt` writes the message straight into the `bytes` it returns and
`decrypt` decrypts straight into the plaintext `bytes` (both allocated once at their exact length,
the GIL released for large inputs). Round trips at every boundary (frame lengths, the GIL
threshold), the exact message length, tampering and truncation of large messages (every failure
raises, nothing is returned), keyrings that take other paths (caching, a Python clock), and the
lazily built `Decrypted.header`."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest

import datakey

KEY = bytes(range(32))
EC = {"purpose": "data-path", "tenant": "acme"}
T = datakey.GIL_DETACH_THRESHOLD


@pytest.fixture
def keyring() -> datakey.RawAesKeyring:
    return datakey.RawAesKeyring("datakey-test", "data-path", KEY)


def pattern(n: int) -> bytes:
    return (bytes(range(251)) * (n // 251 + 1))[:n]


def expected_len(header_len: int, frame: int, n: int) -> int:
    # header, then n // frame regular frames (seq 4 + IV 12 + tag 16) and the final frame
    # (marker 4 + seq 4 + IV 12 + length 4 + tag 16) around the plaintext.
    return header_len + 32 * (n // frame) + 40 + n


@pytest.mark.parametrize("frame", [16, 2048, 4096, 65536])
@pytest.mark.parametrize(
    "size", [0, 1, 15, 16, 17, T - 1, T, T + 1, 4095, 4096, 4097, 65535, 65536, 65537, 3 * 65536 + 7]
)
def test_round_trip_at_every_boundary(keyring: datakey.RawAesKeyring, size: int, frame: int) -> None:
    pt = pattern(size)
    message = datakey.encrypt(pt, keyring, EC, frame)
    assert type(message) is bytes
    out = datakey.decrypt(message, keyring, EC)
    assert type(out.plaintext) is bytes
    assert out.plaintext == pt
    h = out.header
    assert h.frame_length == frame and h.algorithm_suite_id == 0x0478
    assert len(message) == expected_len(h.header_length, frame, size)


@pytest.mark.parametrize("size", [T - 1, T, 300_000])
def test_every_buffer_type_round_trips(keyring: datakey.RawAesKeyring, size: int) -> None:
    pt = pattern(size)
    for data in (bytearray(pt), memoryview(pt), memoryview(bytearray(pt))):
        message = datakey.encrypt(data, keyring, EC)
        assert datakey.decrypt(bytearray(message), keyring, EC).plaintext == pt
        assert datakey.decrypt(memoryview(message), keyring, EC).plaintext == pt


def test_encryption_context_forms(keyring: datakey.RawAesKeyring) -> None:
    class Sub(dict):  # type: ignore[type-arg]
        pass

    class Mapping:
        def items(self) -> list[tuple[str, str]]:
            return list(EC.items())

    pt = pattern(5000)
    forms: list[Any] = [EC, Sub(EC), Mapping(), dict(reversed(list(EC.items())))]
    for ec in forms:
        message = datakey.encrypt(pt, keyring, ec)
        out = datakey.decrypt(message, keyring, ec)
        assert out.plaintext == pt and out.header.encryption_context == EC
    many = {f"k{i:03}": "v" * i for i in range(200)}
    out = datakey.decrypt(datakey.encrypt(b"x", keyring, many), keyring, many)
    assert out.header.encryption_context == many
    bad_forms: list[tuple[Any, str]] = [({"k": 1}, "values must be str"), ({1: "v"}, "keys must be str")]
    for bad, match in bad_forms:
        with pytest.raises(TypeError, match=match):
            datakey.encrypt(b"x", keyring, bad)
        with pytest.raises(TypeError, match=match):
            datakey.decrypt(datakey.encrypt(b"x", keyring), keyring, bad)


def test_a_large_message_with_the_wrong_key_or_context_fails(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(pattern(1 << 20), keyring, EC)
    other = datakey.RawAesKeyring("datakey-test", "data-path", bytes(32))
    with pytest.raises(datakey.DecryptionError):
        datakey.decrypt(message, other, EC)
    with pytest.raises(datakey.EncryptionContextMismatchError):
        datakey.decrypt(message, keyring, {"purpose": "other"})


# A message of 256 full 4 KiB frames and a final frame of 256 bytes (with the GIL released).
LARGE = 256 * 4096 + 256


@pytest.fixture(scope="module")
def large() -> tuple[bytes, bytes, int]:
    ring = datakey.RawAesKeyring("datakey-test", "data-path", KEY)
    pt = pattern(LARGE)
    message = datakey.encrypt(pt, ring, EC)
    return pt, message, datakey.decrypt(message, ring, EC).header.header_length


def flip(message: bytes, pos: int) -> bytes:
    b = bytearray(message)
    b[pos] ^= 0x01
    return bytes(b)


@pytest.mark.parametrize(
    "where",
    [
        "message ID",
        "header tag",
        "first frame IV",
        "first frame ciphertext",
        "first frame tag",
        "middle frame ciphertext",
        "last regular frame tag",
        "final frame ciphertext",
        "final frame tag",
        "last byte",
    ],
)
def test_tampering_anywhere_raises(keyring: datakey.RawAesKeyring, large: tuple[bytes, bytes, int], where: str) -> None:
    _, message, h = large
    regular = 4 + 12 + 4096 + 16
    final_at = h + 256 * regular
    pos = {
        "message ID": 10,
        "header tag": h - 1,
        "first frame IV": h + 4,
        "first frame ciphertext": h + 16 + 100,
        "first frame tag": h + regular - 1,
        "middle frame ciphertext": h + 128 * regular + 1000,
        "last regular frame tag": final_at - 1,
        "final frame ciphertext": final_at + 24 + 10,
        "final frame tag": len(message) - 16,
        "last byte": len(message) - 1,
    }[where]
    # An IV is a function of the frame's sequence number: a changed one is malformed.
    error = datakey.MalformedMessageError if where.endswith("IV") else datakey.DecryptionError
    with pytest.raises(error):
        datakey.decrypt(flip(message, pos), keyring, EC)


def test_every_bit_of_a_small_multi_frame_message_matters(keyring: datakey.RawAesKeyring) -> None:
    pt = pattern(100)
    message = datakey.encrypt(pt, keyring, EC, 32)
    for pos in range(len(message)):
        for bit in range(8):
            b = bytearray(message)
            b[pos] ^= 1 << bit
            with pytest.raises(datakey.DatakeyError):
                datakey.decrypt(bytes(b), keyring, EC)


@pytest.mark.parametrize("cut", ["empty", "in the header", "after the header", "inside a frame", "at a frame boundary", "one byte short"])
def test_truncation_raises(keyring: datakey.RawAesKeyring, large: tuple[bytes, bytes, int], cut: str) -> None:
    _, message, h = large
    end = {
        "empty": 0,
        "in the header": h // 2,
        "after the header": h,
        "inside a frame": h + 5000,
        "at a frame boundary": h + 3 * (4096 + 32),
        "one byte short": len(message) - 1,
    }[cut]
    with pytest.raises(datakey.MalformedMessageError):
        datakey.decrypt(message[:end], keyring, EC)


def test_trailing_bytes_raise(keyring: datakey.RawAesKeyring, large: tuple[bytes, bytes, int]) -> None:
    _, message, _ = large
    for extra in (b"\0", bytes(4096 + 32)):
        with pytest.raises(datakey.MalformedMessageError, match="follow"):
            datakey.decrypt(message + extra, keyring, EC)


def test_the_body_size_limit_applies(keyring: datakey.RawAesKeyring, large: tuple[bytes, bytes, int]) -> None:
    pt, message, _ = large
    with pytest.raises(datakey.ResourceLimitError):
        datakey.decrypt(message, keyring, EC, max_body_size=LARGE - 1)
    assert datakey.decrypt(message, keyring, EC, max_body_size=LARGE).plaintext == pt


def test_failures_on_other_threads_leave_good_calls_alone(
    keyring: datakey.RawAesKeyring, large: tuple[bytes, bytes, int]
) -> None:
    pt, message, h = large
    bad = flip(message, h + 200 * (4096 + 32) + 50)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(5):
                if i % 2:
                    with pytest.raises(datakey.DecryptionError):
                        datakey.decrypt(bad, keyring, EC)
                else:
                    assert datakey.decrypt(message, keyring, EC).plaintext == pt
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_decrypted_header_is_built_once(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(b"header facts", keyring, EC, 1024, required_encryption_context_keys=["tenant"])
    out = datakey.decrypt(message, keyring, EC)
    h = out.header
    assert out.header is h
    assert h.encryption_context == EC
    assert h.required_encryption_context_keys == ["tenant"]
    assert h.frame_length == 1024 and h.framed and h.version == 2
    assert h.encrypted_data_keys == [("datakey-test", "data-path")]
    assert repr(out) == f"Decrypted(plaintext=<12 bytes>, header={h!r})"
    # The same facts as the streaming decrypt reports.
    streamed = datakey.decrypt_stream(io.BytesIO(message), io.BytesIO(), keyring, EC)
    assert repr(streamed) == repr(h)
    assert streamed.message_id == h.message_id and streamed.header_length == h.header_length


def test_the_caching_keyring_sees_the_plaintext_length(keyring: datakey.RawAesKeyring) -> None:
    cache = datakey.CachingKeyring(keyring, 300, max_bytes=3 * T)
    a = datakey.encrypt(pattern(T), cache, EC)
    b = datakey.encrypt(pattern(T), cache, EC)  # 2T bytes so far: the same data key
    c = datakey.encrypt(pattern(3 * T + 1), cache, EC)  # longer than max_bytes: bypass
    s = cache.stats()
    assert (s.hits, s.misses, s.bypasses) == (1, 1, 1)
    for m, n in ((a, T), (b, T), (c, 3 * T + 1)):
        assert datakey.decrypt(m, keyring, EC).plaintext == pattern(n)


def test_a_python_clock_keyring_on_large_messages() -> None:
    class Clock:
        fail = False

        def now(self) -> Any:
            if self.fail:
                raise RuntimeError("clock stopped")
            return datakey.ManualClock().now()

    clock = Clock()
    kms = datakey.LocalKms(clock=clock)
    ring = kms.keyring(kms.create_key()["KeyMetadata"]["KeyId"])
    pt = pattern(300_000)
    message = datakey.encrypt(pt, ring, EC)
    assert datakey.decrypt(message, ring, EC).plaintext == pt
    clock.fail = True
    with pytest.raises(RuntimeError, match="clock stopped"):
        datakey.encrypt(pt, ring, EC)
    with pytest.raises(RuntimeError, match="clock stopped"):
        datakey.decrypt(message, ring, EC)
