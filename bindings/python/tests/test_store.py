"""datakey.LocalKms.open: the persistent key store shared with the CLI, Rust and Node."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import datakey

ROOT_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
EC = {"tenant": "acme"}


def test_keys_survive_and_are_shared(tmp_path: Path) -> None:
    store = tmp_path / "store"
    a = datakey.LocalKms.open(store, root_key=ROOT_HEX)
    assert a.store_path == str(store)
    assert datakey.LocalKms().store_path is None
    key = a.create_key(Description="persisted")["KeyMetadata"]
    a.create_alias(AliasName="alias/py", TargetKeyId=key["KeyId"])
    ct = datakey.encrypt(b"kept on disk", a.keyring("alias/py"), encryption_context=EC)

    # A second service on the same directory (as another process would) sees the key at once.
    b = datakey.LocalKms.open(str(store), root_key=bytes.fromhex(ROOT_HEX))
    assert b.describe_key(KeyId="alias/py")["KeyMetadata"]["Description"] == "persisted"
    b.rotate_key_on_demand(KeyId=key["KeyId"])
    assert datakey.decrypt(ct, b.keyring(key["KeyId"]), encryption_context=EC).plaintext == (
        b"kept on disk"
    )
    b.disable_key(KeyId=key["KeyId"])
    with pytest.raises(datakey.DisabledException):
        a.generate_data_key(KeyId="alias/py", NumberOfBytes=32)

    mode = stat.S_IMODE(os.stat(store / "keystore.dks").st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(store).st_mode) == 0o700


def test_wrong_root_key_and_corruption(tmp_path: Path) -> None:
    store = tmp_path / "s"
    datakey.LocalKms.open(store, root_key=ROOT_HEX).create_key()
    with pytest.raises(datakey.WrongRootKeyError, match="wrong root key"):
        datakey.LocalKms.open(store, root_key=b"\x01" * 32)
    with pytest.raises(datakey.ValidationException):
        datakey.LocalKms.open(store, root_key="not a key")
    with pytest.raises(datakey.ValidationException):
        datakey.LocalKms.open(store, root_key=ROOT_HEX, passphrase="both")
    f = store / "keystore.dks"
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 1
    f.write_bytes(bytes(data))
    with pytest.raises(datakey.StoreCorruptError, match="is corrupt"):
        datakey.LocalKms.open(store, root_key=ROOT_HEX)
    assert f.read_bytes() == bytes(data)


def test_root_key_and_path_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAKEY_STORE", str(tmp_path / "env-store"))
    monkeypatch.delenv("DATAKEY_PASSPHRASE", raising=False)
    monkeypatch.delenv("DATAKEY_ROOT_KEY", raising=False)
    with pytest.raises(datakey.ValidationException, match="DATAKEY_ROOT_KEY"):
        datakey.LocalKms.open()
    monkeypatch.setenv("DATAKEY_ROOT_KEY", ROOT_HEX)
    kms = datakey.LocalKms.open()
    assert kms.store_path == str(tmp_path / "env-store")
    kid = kms.create_key()["KeyMetadata"]["KeyId"]
    # A passphrase store.
    p = datakey.LocalKms.open(tmp_path / "pass", passphrase="correct horse")
    pid = p.create_key()["KeyMetadata"]["KeyId"]
    assert datakey.LocalKms.open(tmp_path / "pass", passphrase=b"correct horse").describe_key(
        KeyId=pid
    )
    with pytest.raises(datakey.WrongRootKeyError):
        datakey.LocalKms.open(tmp_path / "pass", passphrase="wrong")
    assert datakey.LocalKms.open().describe_key(KeyId=kid)["KeyMetadata"]["KeyId"] == kid


def test_a_clock_calling_its_own_store_is_refused_not_deadlocked(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    store = tmp_path / "reentrant"
    seen: list[BaseException] = []
    holder: list[datakey.LocalKms] = []

    class CallingClock:
        def now(self) -> datetime:
            if holder:
                try:
                    holder[0].list_keys()
                except datakey.DatakeyError as e:
                    seen.append(e)
            return datetime.now(timezone.utc)

    kms = datakey.LocalKms.open(store, root_key=ROOT_HEX, clock=CallingClock())
    holder.append(kms)
    kms.create_key()
    assert seen and all(isinstance(e, datakey.ReentrantCallError) for e in seen)
