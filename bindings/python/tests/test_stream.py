"""Streaming between binary file objects: round trips, file-object behaviour, errors, memory."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import datakey

KEY = bytes(range(32))
EC = {"purpose": "stream-test"}


@pytest.fixture
def keyring() -> datakey.RawAesKeyring:
    return datakey.RawAesKeyring("datakey-stream", "key-1", KEY)


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 200_000])
def test_round_trip_through_bytesio(keyring: datakey.RawAesKeyring, size: int) -> None:
    plaintext = bytes(i % 253 for i in range(size))
    sink = io.BytesIO()
    written = datakey.encrypt_stream(io.BytesIO(plaintext), sink, keyring, EC, 1024)
    message = sink.getvalue()
    assert written == len(message)
    # The stream writes the same format as the one-shot call.
    assert datakey.decrypt(message, keyring).plaintext == plaintext
    out = io.BytesIO()
    header = datakey.decrypt_stream(io.BytesIO(message), out, keyring, EC)
    assert out.getvalue() == plaintext
    assert header.encryption_context == EC and header.frame_length == 1024
    # And reads what the one-shot call writes.
    out2 = io.BytesIO()
    datakey.decrypt_stream(io.BytesIO(datakey.encrypt(plaintext, keyring)), out2, keyring)
    assert out2.getvalue() == plaintext


def test_real_files(keyring: datakey.RawAesKeyring, tmp_path: Path) -> None:
    plaintext = bytes(range(256)) * 1000
    (tmp_path / "plain").write_bytes(plaintext)
    with open(tmp_path / "plain", "rb") as src, open(tmp_path / "enc", "wb") as dst:
        datakey.encrypt_stream(src, dst, keyring)
    with open(tmp_path / "enc", "rb") as src, open(tmp_path / "dec", "wb") as dst:
        datakey.decrypt_stream(src, dst, keyring)
    assert (tmp_path / "dec").read_bytes() == plaintext
    # Unbuffered raw files work too (short reads and writes are handled).
    with open(tmp_path / "plain", "rb", buffering=0) as src, open(tmp_path / "enc2", "wb", buffering=0) as dst:
        datakey.encrypt_stream(src, dst, keyring)
    assert datakey.decrypt((tmp_path / "enc2").read_bytes(), keyring).plaintext == plaintext


class Trickle(io.RawIOBase):
    """Returns at most `step` bytes per read (as sockets and pipes do)."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data = data
        self.pos = 0
        self.step = step

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        n = min(self.step, size if size >= 0 else self.step)
        chunk = self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk


class ShortWriter:
    """Accepts at most 7 bytes per write and reports it, like a raw stream."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def write(self, data: bytes) -> int:
        self.buf += data[:7]
        return min(7, len(data))


class NoneWriter:
    """A writer whose write() returns None (common for hand-written file-likes)."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def write(self, data: bytes) -> None:
        self.buf += data


def test_short_reads_and_writes(keyring: datakey.RawAesKeyring) -> None:
    plaintext = bytes(50_000)
    writer = ShortWriter()
    datakey.encrypt_stream(Trickle(plaintext, 13), writer, keyring)
    out = NoneWriter()
    datakey.decrypt_stream(Trickle(bytes(writer.buf), 5), out, keyring)
    assert bytes(out.buf) == plaintext


def test_text_mode_files_are_refused(keyring: datakey.RawAesKeyring, tmp_path: Path) -> None:
    (tmp_path / "t").write_text("hello")
    with open(tmp_path / "t", "r") as src:
        with pytest.raises(TypeError, match="binary mode"):
            datakey.encrypt_stream(src, io.BytesIO(), keyring)  # type: ignore[arg-type]
    with open(tmp_path / "u", "w") as dst:
        with pytest.raises(TypeError):
            datakey.encrypt_stream(io.BytesIO(b"x"), dst, keyring)  # type: ignore[arg-type]


def test_objects_without_read_or_write(keyring: datakey.RawAesKeyring) -> None:
    with pytest.raises(TypeError, match="source must be a binary file object"):
        datakey.encrypt_stream(b"bytes", io.BytesIO(), keyring)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="destination must be a binary file object"):
        datakey.decrypt_stream(io.BytesIO(), bytearray(), keyring)  # type: ignore[arg-type]


class Boom(Exception):
    pass


class FailingReader(io.RawIOBase):
    def __init__(self, good: bytes) -> None:
        self.good = good

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.good:
            chunk, self.good = self.good[:size], self.good[size:]
            return chunk
        raise Boom("disk on fire")


class FailingWriter:
    def __init__(self, allowed: int) -> None:
        self.allowed = allowed

    def write(self, data: bytes) -> int:
        if self.allowed <= 0:
            raise Boom("disk full")
        self.allowed -= 1
        return len(data)


def test_file_object_exceptions_propagate_unchanged(keyring: datakey.RawAesKeyring) -> None:
    with pytest.raises(Boom, match="disk on fire"):
        datakey.encrypt_stream(FailingReader(bytes(100_000)), io.BytesIO(), keyring)
    with pytest.raises(Boom, match="disk full"):
        datakey.encrypt_stream(io.BytesIO(bytes(300_000)), FailingWriter(1), keyring)
    message = datakey.encrypt(bytes(300_000), keyring)
    with pytest.raises(Boom, match="disk on fire"):
        datakey.decrypt_stream(FailingReader(message[:1000]), io.BytesIO(), keyring)
    with pytest.raises(Boom, match="disk full"):
        datakey.decrypt_stream(io.BytesIO(message), FailingWriter(0), keyring)


def test_bad_reader_results(keyring: datakey.RawAesKeyring) -> None:
    class TooMuch:
        def read(self, size: int) -> bytes:
            return bytes(size + 1)

    class NonBlocking:
        def read(self, size: int) -> None:
            return None

    with pytest.raises(ValueError, match="returned"):
        datakey.encrypt_stream(TooMuch(), io.BytesIO(), keyring)
    with pytest.raises(ValueError, match="non-blocking"):
        datakey.encrypt_stream(NonBlocking(), io.BytesIO(), keyring)  # type: ignore[arg-type]


def test_truncated_or_extended_streams_fail(keyring: datakey.RawAesKeyring) -> None:
    message = datakey.encrypt(bytes(20_000), keyring, frame_length=4096)
    for cut in (10, 300, len(message) - 1):
        with pytest.raises(datakey.DatakeyError):
            datakey.decrypt_stream(io.BytesIO(message[:cut]), io.BytesIO(), keyring)
    with pytest.raises(datakey.MalformedMessageError):
        datakey.decrypt_stream(io.BytesIO(message + b"\x00"), io.BytesIO(), keyring)
    tampered = bytearray(message)
    tampered[-20] ^= 1
    with pytest.raises(datakey.DecryptionError):
        datakey.decrypt_stream(io.BytesIO(bytes(tampered)), io.BytesIO(), keyring)


def test_stream_options(keyring: datakey.RawAesKeyring) -> None:
    other = datakey.RawAesKeyring("x", "y", KEY)
    message = datakey.encrypt(b"abc", datakey.MultiKeyring(keyring, other), {"a": "b"}, required_encryption_context_keys=["a"])
    sink = io.BytesIO()
    header = datakey.decrypt_stream(
        io.BytesIO(message), sink, keyring, {"a": "b"},
        commitment_policy=datakey.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
        max_encrypted_data_keys=2,
    )
    assert sink.getvalue() == b"abc" and header.required_encryption_context_keys == ["a"]
    with pytest.raises(datakey.ResourceLimitError):
        datakey.decrypt_stream(io.BytesIO(message), io.BytesIO(), keyring, {"a": "b"}, max_encrypted_data_keys=1)
    source = io.BytesIO(b"xyz")
    sink = io.BytesIO()
    datakey.encrypt_stream(source, sink, keyring, {"a": "b"}, 128, required_encryption_context_keys=["a"])
    with pytest.raises(datakey.DecryptionError):
        datakey.decrypt(sink.getvalue(), keyring)
    assert datakey.decrypt(sink.getvalue(), keyring, {"a": "b"}).plaintext == b"xyz"


MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys
    import datakey

    src_path, enc_path, dec_path = sys.argv[1:4]
    keyring = datakey.RawAesKeyring("datakey-stream", "key-1", bytes(range(32)))
    def peak_kib():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    before = peak_kib()
    with open(src_path, "rb") as src, open(enc_path, "wb") as dst:
        written = datakey.encrypt_stream(src, dst, keyring, {"big": "file"})
    after_encrypt = peak_kib()
    with open(enc_path, "rb") as src, open(dec_path, "wb") as dst:
        header = datakey.decrypt_stream(src, dst, keyring, {"big": "file"})
    after_decrypt = peak_kib()
    print(json.dumps({"before": before, "after_encrypt": after_encrypt,
                      "after_decrypt": after_decrypt, "written": written,
                      "frame_length": header.frame_length}))
    """
)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def test_streaming_a_large_file_keeps_memory_flat(tmp_path: Path) -> None:
    """A 72 MiB file is encrypted and decrypted with the process's peak RSS growing < 40 MiB."""
    size = 72 * 1024 * 1024
    src = tmp_path / "big.bin"
    block = bytes(range(256)) * 4096  # 1 MiB
    with open(src, "wb") as f:
        for i in range(size // len(block)):
            f.write(block[i % 256 :] + block[: i % 256])
    enc, dec = tmp_path / "big.enc", tmp_path / "big.dec"
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(src), str(enc), str(dec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stats: dict[str, Any] = json.loads(result.stdout)
    assert stats["written"] == enc.stat().st_size > size
    assert dec.stat().st_size == size
    assert sha256_file(dec) == sha256_file(src)
    growth_mib = (stats["after_decrypt"] - stats["before"]) / 1024
    assert growth_mib < 40, stats
