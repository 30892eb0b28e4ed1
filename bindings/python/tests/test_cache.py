"""The data-key cache through the binding: each limit exactly (the N+1st message gets a new data
key, age on the clock, bytes), partitions and a shared cache, invalidation, decrypt caching, the
streaming bypass, validation, and a KMS outage ridden out by a cached data key."""

from __future__ import annotations

import io
import struct
import threading
from datetime import datetime, timedelta, timezone

import pytest

import datakey

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
TENANT = {"tenant": "acme"}


def edk_ciphertexts(message: bytes) -> list[bytes]:
    """The encrypted data keys' ciphertexts of a v2 message (header layout: version, suite id,
    32-byte message id, AAD length and AAD, EDK count, then length-prefixed provider id,
    provider info and ciphertext of each EDK)."""
    assert message[0] == 0x02
    pos = 1 + 2 + 32
    (aad_len,) = struct.unpack_from(">H", message, pos)
    pos += 2 + aad_len
    (count,) = struct.unpack_from(">H", message, pos)
    pos += 2
    out = []
    for _ in range(count):
        fields = []
        for _ in range(3):
            (n,) = struct.unpack_from(">H", message, pos)
            fields.append(message[pos + 2 : pos + 2 + n])
            pos += 2 + n
        out.append(fields[2])
    return out


def data_key_of(message: bytes) -> bytes:
    """The one EDK ciphertext of a message: equal for messages that share a data key."""
    (edk,) = edk_ciphertexts(message)
    return edk


@pytest.fixture
def clock() -> datakey.ManualClock:
    return datakey.ManualClock(START)


@pytest.fixture
def raw() -> datakey.RawAesKeyring:
    return datakey.RawAesKeyring("test", "key", bytes([9]) * 32)  # TEST KEY


def stats(hits: int, misses: int, bypasses: int = 0) -> tuple[int, int, int]:
    return (hits, misses, bypasses)


def counters(keyring: datakey.CachingKeyring) -> tuple[int, int, int]:
    s = keyring.stats()
    return (s.hits, s.misses, s.bypasses)


def test_the_message_after_max_messages_gets_a_new_data_key(
    raw: datakey.RawAesKeyring, clock: datakey.ManualClock
) -> None:
    cache = datakey.CachingKeyring(raw, 300, max_messages=3, clock=clock)
    messages = [datakey.encrypt(b"message %d" % i, cache, TENANT) for i in range(7)]
    keys = [data_key_of(m) for m in messages]
    # Messages 1..3 share a data key, 4..6 the next, 7 a third.
    assert keys[0] == keys[1] == keys[2]
    assert keys[3] == keys[4] == keys[5] != keys[2]
    assert keys[6] not in (keys[0], keys[3])
    assert counters(cache) == stats(hits=4, misses=3)
    assert cache.entry_counts() == (1, 0)
    # Every message decrypts, with the cache or with the bare keyring.
    for i, m in enumerate(messages):
        assert datakey.decrypt(m, raw).plaintext == b"message %d" % i


def test_max_messages_of_one_never_reuses(raw: datakey.RawAesKeyring) -> None:
    cache = datakey.CachingKeyring(raw, 300, max_messages=1)
    keys = {data_key_of(datakey.encrypt(b"x", cache)) for _ in range(4)}
    assert len(keys) == 4
    assert counters(cache) == stats(hits=0, misses=4)


def test_an_entry_expires_once_older_than_max_age_on_the_clock(
    raw: datakey.RawAesKeyring, clock: datakey.ManualClock
) -> None:
    cache = datakey.CachingKeyring(raw, timedelta(minutes=1), clock=clock)
    first = data_key_of(datakey.encrypt(b"a", cache))
    clock.advance(60)  # exactly max_age: still young enough
    assert data_key_of(datakey.encrypt(b"b", cache)) == first
    clock.advance(0.001)
    second = data_key_of(datakey.encrypt(b"c", cache))
    assert second != first
    assert counters(cache) == stats(hits=1, misses=2)
    # The new entry's age counts from its creation.
    clock.advance(59)
    assert data_key_of(datakey.encrypt(b"d", cache)) == second


def test_the_byte_limit_is_exact(raw: datakey.RawAesKeyring) -> None:
    cache = datakey.CachingKeyring(raw, 300, max_bytes=10)
    first = data_key_of(datakey.encrypt(b"1234", cache))
    assert data_key_of(datakey.encrypt(b"123456", cache)) == first  # 10 bytes: at the limit
    second = data_key_of(datakey.encrypt(b"1", cache))  # 11: over it
    assert second != first
    # A message longer than max_bytes bypasses the cache (and leaves the entry alone).
    assert data_key_of(datakey.encrypt(b"x" * 11, cache)) not in (first, second)
    assert data_key_of(datakey.encrypt(b"123456789", cache)) == second
    assert counters(cache) == stats(hits=2, misses=2, bypasses=1)


def test_contexts_and_partitions_separate_entries(raw: datakey.RawAesKeyring, clock: datakey.ManualClock) -> None:
    shared = datakey.DataKeyCache(capacity=10, clock=clock)
    a = datakey.CachingKeyring(raw, 300, cache=shared, partition="team")
    b = datakey.CachingKeyring(raw, 300, cache=shared, partition="team")
    other = datakey.CachingKeyring(raw, 300, cache=shared)
    assert a.cache is shared and a.partition == "team" and other.partition != "team"
    k1 = data_key_of(datakey.encrypt(b"x", a, TENANT))
    assert data_key_of(datakey.encrypt(b"x", b, TENANT)) == k1  # same partition: shared
    assert data_key_of(datakey.encrypt(b"x", other, TENANT)) != k1  # another partition
    assert data_key_of(datakey.encrypt(b"x", a, {"tenant": "globex"})) != k1  # another context
    assert len(shared) == 3
    assert a.entry_counts() == (2, 0) and other.entry_counts() == (1, 0)


def test_explicit_invalidation(raw: datakey.RawAesKeyring, clock: datakey.ManualClock) -> None:
    cache = datakey.CachingKeyring(raw, 300, clock=clock, partition="p")
    acme = data_key_of(datakey.encrypt(b"x", cache, TENANT))
    globex = data_key_of(datakey.encrypt(b"x", cache, {"tenant": "globex"}))
    assert cache.invalidate_encryption_context(TENANT) == 1
    assert cache.invalidate_encryption_context(TENANT) == 0
    assert data_key_of(datakey.encrypt(b"x", cache, TENANT)) != acme
    assert data_key_of(datakey.encrypt(b"x", cache, {"tenant": "globex"})) == globex
    assert cache.invalidate() == 2
    assert cache.entry_counts() == (0, 0)
    assert data_key_of(datakey.encrypt(b"x", cache, {"tenant": "globex"})) != globex
    with pytest.raises(TypeError):
        cache.invalidate_encryption_context({"tenant": 1})  # type: ignore[dict-item]


def test_cache_clear_purge_and_capacity(raw: datakey.RawAesKeyring, clock: datakey.ManualClock) -> None:
    shared = datakey.DataKeyCache(2, clock)
    assert shared.capacity == 2 and len(shared) == 0
    short = datakey.CachingKeyring(raw, 10, cache=shared)
    long = datakey.CachingKeyring(raw, 100, cache=shared)
    datakey.encrypt(b"x", short)
    datakey.encrypt(b"x", long)
    assert repr(shared) == "DataKeyCache(entries=2, capacity=2)"
    clock.advance(11)
    assert shared.purge_expired() == 1
    assert len(shared) == 1
    # Over capacity: the least recently used entry goes.
    datakey.encrypt(b"x", short, {"n": "1"})
    datakey.encrypt(b"x", short, {"n": "2"})
    assert len(shared) == 2 and long.entry_counts() == (0, 0)
    assert shared.clear() == 2 and len(shared) == 0


def test_decryption_is_cached_until_max_age(raw: datakey.RawAesKeyring, clock: datakey.ManualClock) -> None:
    cache = datakey.CachingKeyring(raw, 60, clock=clock)
    message = datakey.encrypt(b"secret", raw, TENANT)
    for _ in range(3):
        assert datakey.decrypt(message, cache).plaintext == b"secret"
    assert counters(cache) == stats(hits=2, misses=1)
    assert cache.entry_counts() == (0, 1)
    clock.advance(61)
    assert datakey.decrypt(message, cache).plaintext == b"secret"
    assert counters(cache) == stats(hits=2, misses=2)
    # A tampered message still fails, uninformatively.
    with pytest.raises(datakey.DecryptionError):
        datakey.decrypt(message[:-1] + bytes([message[-1] ^ 1]), cache)


def test_streaming_encryption_bypasses_the_cache(raw: datakey.RawAesKeyring) -> None:
    cache = datakey.CachingKeyring(raw, 300)
    sinks = [io.BytesIO(), io.BytesIO()]
    for sink in sinks:
        datakey.encrypt_stream(io.BytesIO(b"streamed"), sink, cache)
    assert data_key_of(sinks[0].getvalue()) != data_key_of(sinks[1].getvalue())
    assert counters(cache) == stats(hits=0, misses=0, bypasses=2)
    out = io.BytesIO()
    datakey.decrypt_stream(io.BytesIO(sinks[0].getvalue()), out, cache)
    assert out.getvalue() == b"streamed"
    # Nested in a multi-keyring the length is unknown too.
    multi = datakey.MultiKeyring(cache)
    datakey.encrypt(b"x", multi)
    assert cache.stats().bypasses == 3


def test_a_cached_data_key_rides_out_a_kms_outage(clock: datakey.ManualClock) -> None:
    kms = datakey.LocalKms(clock=clock)
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    cache = datakey.CachingKeyring(kms.keyring(key_id), 300, max_messages=3, clock=clock)
    first = datakey.encrypt(b"1", cache, TENANT)
    kms.inject_fault("ThrottlingException", ["GenerateDataKey"], next_calls=1000)
    second = datakey.encrypt(b"2", cache, TENANT)
    third = datakey.encrypt(b"3", cache, TENANT)
    assert data_key_of(first) == data_key_of(second) == data_key_of(third)
    # The 4th message needs a new data key: the outage shows.
    with pytest.raises(datakey.ThrottlingException):
        datakey.encrypt(b"4", cache, TENANT)
    kms.clear_faults()
    fourth = datakey.encrypt(b"4", cache, TENANT)
    assert data_key_of(fourth) != data_key_of(first)
    # KMS decrypts every cached message (the EDK is a KMS ciphertext blob).
    for i, m in enumerate((first, second, third, fourth), 1):
        assert datakey.decrypt(m, kms.keyring(key_id), TENANT).plaintext == b"%d" % i


def test_the_builder_validates(raw: datakey.RawAesKeyring, clock: datakey.ManualClock) -> None:
    for kwargs in ({"max_messages": 0}, {"max_messages": 2**32 + 1}, {"max_bytes": 0}, {"capacity": 0}):
        with pytest.raises(datakey.ValidationException):
            datakey.CachingKeyring(raw, 300, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(datakey.ValidationException):
        datakey.CachingKeyring(raw, 0)
    with pytest.raises(datakey.ValidationException):
        datakey.CachingKeyring(raw, 300, cache=datakey.DataKeyCache(), clock=clock)
    with pytest.raises(datakey.ValidationException):
        datakey.DataKeyCache(0)
    with pytest.raises(ValueError):
        datakey.CachingKeyring(raw, -1)
    with pytest.raises(TypeError):
        datakey.CachingKeyring(raw, "300")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="CachingKeyring"):
        datakey.CachingKeyring(object(), 300)  # type: ignore[arg-type]


def test_properties_and_repr(raw: datakey.RawAesKeyring) -> None:
    cache = datakey.CachingKeyring(raw, 300, partition="p")
    assert cache.keyring is raw
    assert isinstance(cache.cache, datakey.DataKeyCache) and cache.cache.capacity == 1000
    assert repr(cache) == "CachingKeyring(RawAesKeyring(namespace='test', name='key'), partition='p')"
    assert cache.stats() == cache.stats()
    assert repr(cache.stats()) == "CacheStats(hits=0, misses=0, bypasses=0)"
    # Caching keyrings nest in multi-keyrings and wrap them.
    multi = datakey.MultiKeyring(raw, cache)
    outer = datakey.CachingKeyring(multi, 300)
    message = datakey.encrypt(b"x", outer)
    assert len(edk_ciphertexts(message)) == 2
    assert datakey.decrypt(message, raw).plaintext == b"x"


def test_a_python_clock_object_drives_the_cache(raw: datakey.RawAesKeyring) -> None:
    class Clock:
        def __init__(self) -> None:
            self.t = START

        def now(self) -> datetime:
            return self.t

    py_clock = Clock()
    cache = datakey.CachingKeyring(raw, 60, clock=py_clock)
    first = data_key_of(datakey.encrypt(b"x", cache))
    py_clock.t += timedelta(seconds=61)
    assert data_key_of(datakey.encrypt(b"x", cache)) != first
    assert cache.cache.purge_expired() == 0

    class Broken:
        def __init__(self) -> None:
            self.calls = 0

        def now(self) -> datetime:
            self.calls += 1
            if self.calls > 1:
                raise RuntimeError("clock broke")
            return START

    broken = datakey.CachingKeyring(raw, 60, clock=Broken())
    with pytest.raises(RuntimeError, match="clock broke"):
        datakey.encrypt(b"x", broken)


def test_concurrent_use_never_exceeds_the_message_limit(raw: datakey.RawAesKeyring) -> None:
    cache = datakey.CachingKeyring(raw, 300, max_messages=5)
    keys: list[bytes] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(25):
            k = data_key_of(datakey.encrypt(b"x", cache))
            with lock:
                keys.append(k)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 100
    assert max(keys.count(k) for k in set(keys)) <= 5
    s = cache.stats()
    assert s.hits + s.misses == 100 and s.misses == len(set(keys))
