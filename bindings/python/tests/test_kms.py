"""datakey.LocalKms through the binding: every operation, every KMS exception the core raises, the
boto3 response and exception shapes, and the injectable clock."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import datakey

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
EC = {"tenant": "acme", "purpose": "test"}
ARN_PREFIX = "arn:aws:kms:us-east-1:111122223333:key/"


@pytest.fixture
def clock() -> datakey.ManualClock:
    return datakey.ManualClock(START)


@pytest.fixture
def kms(clock: datakey.ManualClock) -> datakey.LocalKms:
    return datakey.LocalKms(clock=clock)


@pytest.fixture
def key_id(kms: datakey.LocalKms) -> str:
    return str(kms.create_key(Description="test key")["KeyMetadata"]["KeyId"])


def kms_error(info: pytest.ExceptionInfo[datakey.KmsError], code: str, operation: str) -> str:
    """Checks botocore's shape and returns the message."""
    err = info.value
    assert type(err).__name__ == code
    assert err.response["Error"]["Code"] == code
    assert err.operation_name == operation
    message = err.response["Error"]["Message"]
    assert isinstance(message, str)
    assert str(err) == f"An error occurred ({code}) when calling the {operation} operation: {message}"
    return message


# ----- construction ---------------------------------------------------------------------------


def test_region_and_account(clock: datakey.ManualClock) -> None:
    kms = datakey.LocalKms(region="eu-west-3", account_id="123456789012", clock=clock)
    assert kms.region == "eu-west-3" and kms.account_id == "123456789012"
    meta = kms.create_key()["KeyMetadata"]
    assert meta["Arn"] == f"arn:aws:kms:eu-west-3:123456789012:key/{meta['KeyId']}"
    assert meta["AWSAccountId"] == "123456789012"
    assert repr(kms) == "LocalKms(region='eu-west-3', account_id='123456789012')"


def test_defaults() -> None:
    kms = datakey.LocalKms()
    assert (kms.region, kms.account_id) == ("us-east-1", "111122223333")
    created = kms.create_key()["KeyMetadata"]["CreationDate"]
    assert abs(created - datetime.now(timezone.utc)) < timedelta(minutes=5)


@pytest.mark.parametrize("kwargs", [{"region": "US EAST"}, {"account_id": "12"}])
def test_bad_region_or_account_is_a_validation_error(kwargs: dict[str, str]) -> None:
    with pytest.raises(datakey.ValidationException) as info:
        datakey.LocalKms(**kwargs)  # type: ignore[arg-type]
    assert info.value.operation_name is None
    assert isinstance(info.value, ValueError)


def test_bad_clock_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="now"):
        datakey.LocalKms(clock=object())  # type: ignore[arg-type]


def test_methods_take_keyword_arguments_only(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(TypeError):
        kms.describe_key(key_id)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="KeyId"):
        kms.describe_key()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        kms.describe_key(KeyId=key_id, Bogus=1)  # type: ignore[call-arg]


# ----- key lifecycle ----------------------------------------------------------------------------


def test_create_and_describe_key(kms: datakey.LocalKms) -> None:
    resp = kms.create_key(Description="my key")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert len(resp["ResponseMetadata"]["RequestId"]) == 36
    meta = resp["KeyMetadata"]
    assert meta["Description"] == "my key"
    assert meta["Arn"] == ARN_PREFIX + meta["KeyId"]
    assert meta["CreationDate"] == START
    assert meta["Enabled"] is True
    assert meta["KeyState"] == "Enabled"
    assert meta["KeyUsage"] == "ENCRYPT_DECRYPT"
    assert meta["KeySpec"] == meta["CustomerMasterKeySpec"] == "SYMMETRIC_DEFAULT"
    assert meta["Origin"] == "AWS_KMS" and meta["KeyManager"] == "CUSTOMER"
    assert meta["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"]
    assert meta["MultiRegion"] is False
    assert len(meta["CurrentKeyMaterialId"]) == 64
    assert "DeletionDate" not in meta and "SigningAlgorithms" not in meta
    described = kms.describe_key(KeyId=meta["Arn"])["KeyMetadata"]
    assert described == meta


def test_multi_region_and_other_specs(kms: datakey.LocalKms) -> None:
    mrk = kms.create_key(MultiRegion=True)["KeyMetadata"]
    assert mrk["KeyId"].startswith("mrk-") and mrk["MultiRegion"] is True
    hmac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    assert hmac["KeySpec"] == "HMAC_256" and "MacAlgorithms" in hmac
    assert "EncryptionAlgorithms" not in hmac
    rsa = kms.create_key(CustomerMasterKeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    assert rsa["KeySpec"] == "RSA_2048" and rsa["SigningAlgorithms"]


def test_list_keys_pages(kms: datakey.LocalKms) -> None:
    ids = sorted(kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5))
    first = kms.list_keys(Limit=2)
    assert first["Truncated"] is True and len(first["Keys"]) == 2
    seen = [k["KeyId"] for k in first["Keys"]]
    marker = first["NextMarker"]
    while True:
        page = kms.list_keys(Limit=2, Marker=marker)
        seen += [k["KeyId"] for k in page["Keys"]]
        if not page["Truncated"]:
            assert "NextMarker" not in page
            break
        marker = page["NextMarker"]
    assert seen == ids
    assert all(k["KeyArn"] == ARN_PREFIX + k["KeyId"] for k in kms.list_keys()["Keys"])


def test_enable_and_disable(kms: datakey.LocalKms, key_id: str) -> None:
    assert set(kms.disable_key(KeyId=key_id)) == {"ResponseMetadata"}
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert meta["KeyState"] == "Disabled" and meta["Enabled"] is False
    with pytest.raises(kms.exceptions.DisabledException) as info:
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert kms_error(info, "DisabledException", "GenerateDataKey") == f"{ARN_PREFIX}{key_id} is disabled."
    kms.enable_key(KeyId=key_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")


def test_schedule_and_cancel_deletion(
    kms: datakey.LocalKms, key_id: str, clock: datakey.ManualClock
) -> None:
    resp = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert resp["KeyId"] == ARN_PREFIX + key_id
    assert resp["KeyState"] == "PendingDeletion" and resp["PendingWindowInDays"] == 7
    assert resp["DeletionDate"] == START + timedelta(days=7)
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert meta["DeletionDate"] == START + timedelta(days=7)
    assert meta["PendingDeletionWindowInDays"] == 7
    with pytest.raises(kms.exceptions.KMSInvalidStateException) as info:
        kms.generate_data_key(KeyId=key_id, NumberOfBytes=16)
    assert kms_error(info, "KMSInvalidStateException", "GenerateDataKey").endswith("is pending deletion.")
    assert kms.cancel_key_deletion(KeyId=key_id)["KeyId"] == ARN_PREFIX + key_id
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"
    with pytest.raises(datakey.KMSInvalidStateException) as info2:
        kms.cancel_key_deletion(KeyId=key_id)
    assert kms_error(info2, "KMSInvalidStateException", "CancelKeyDeletion").endswith("is not pending deletion.")


def test_deletion_window_follows_the_clock(
    kms: datakey.LocalKms, key_id: str, clock: datakey.ManualClock
) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    clock.advance(timedelta(days=6, hours=23))
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    clock.advance(timedelta(hours=2))
    with pytest.raises(datakey.NotFoundException) as info:
        kms.describe_key(KeyId=key_id)
    kms_error(info, "NotFoundException", "DescribeKey")
    with pytest.raises(datakey.KmsError):
        kms.decrypt(CiphertextBlob=blob)


def test_pending_window_is_validated(kms: datakey.LocalKms, key_id: str) -> None:
    for days in (6, 31):
        with pytest.raises(datakey.ValidationException) as info:
            kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=days)
        kms_error(info, "ValidationException", "ScheduleKeyDeletion")


# ----- aliases ----------------------------------------------------------------------------------


def test_aliases(kms: datakey.LocalKms, key_id: str, clock: datakey.ManualClock) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    assert set(kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)) == {"ResponseMetadata"}
    dk = kms.generate_data_key(KeyId="alias/app", KeySpec="AES_128")
    assert dk["KeyId"] == ARN_PREFIX + key_id and len(dk["Plaintext"]) == 16
    alias_arn = "arn:aws:kms:us-east-1:111122223333:alias/app"
    assert kms.describe_key(KeyId=alias_arn)["KeyMetadata"]["KeyId"] == key_id
    entries = kms.list_aliases()["Aliases"]
    assert entries == [
        {
            "AliasName": "alias/app",
            "AliasArn": alias_arn,
            "TargetKeyId": key_id,
            "CreationDate": START,
            "LastUpdatedDate": START,
        }
    ]
    clock.advance(60)
    kms.update_alias(AliasName="alias/app", TargetKeyId=other)
    assert kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == other
    updated = kms.list_aliases(KeyId=other)["Aliases"][0]
    assert updated["LastUpdatedDate"] == START + timedelta(seconds=60)
    assert kms.list_aliases(KeyId=key_id)["Aliases"] == []
    # The old data key still decrypts: the blob names its key, not the alias.
    assert kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"] == dk["Plaintext"]
    kms.delete_alias(AliasName="alias/app")
    assert kms.list_aliases()["Aliases"] == []
    with pytest.raises(datakey.NotFoundException):
        kms.describe_key(KeyId="alias/app")


def test_alias_errors(kms: datakey.LocalKms, key_id: str) -> None:
    kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)
    with pytest.raises(kms.exceptions.AlreadyExistsException) as info:
        kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)
    kms_error(info, "AlreadyExistsException", "CreateAlias")
    with pytest.raises(kms.exceptions.InvalidAliasNameException) as info2:
        kms.create_alias(AliasName="alias/aws/reserved", TargetKeyId=key_id)
    kms_error(info2, "InvalidAliasNameException", "CreateAlias")
    with pytest.raises(kms.exceptions.ValidationException) as info3:
        kms.create_alias(AliasName="app", TargetKeyId=key_id)
    assert kms_error(info3, "ValidationException", "CreateAlias").startswith(
        'Alias must start with the prefix "alias/".'
    )
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.update_alias(AliasName="alias/missing", TargetKeyId=key_id)


def test_list_aliases_pages(kms: datakey.LocalKms, key_id: str) -> None:
    for i in range(3):
        kms.create_alias(AliasName=f"alias/a{i}", TargetKeyId=key_id)
    page = kms.list_aliases(Limit=2)
    assert page["Truncated"] is True and [a["AliasName"] for a in page["Aliases"]] == ["alias/a0", "alias/a1"]
    rest = kms.list_aliases(Limit=2, Marker=page["NextMarker"])
    assert [a["AliasName"] for a in rest["Aliases"]] == ["alias/a2"] and rest["Truncated"] is False


# ----- data keys and ciphertexts ------------------------------------------------------------------


def test_generate_data_key_and_decrypt(kms: datakey.LocalKms, key_id: str) -> None:
    dk = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=EC)
    assert set(dk) == {"CiphertextBlob", "Plaintext", "KeyId", "KeyMaterialId", "ResponseMetadata"}
    assert isinstance(dk["Plaintext"], bytes) and len(dk["Plaintext"]) == 32
    assert isinstance(dk["CiphertextBlob"], bytes)
    assert dk["KeyId"] == ARN_PREFIX + key_id
    assert dk["KeyMaterialId"] == kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]
    out = kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext=dict(reversed(EC.items())))
    assert out["Plaintext"] == dk["Plaintext"]
    assert out["KeyId"] == dk["KeyId"] and out["KeyMaterialId"] == dk["KeyMaterialId"]
    assert out["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    # bytearray and memoryview blobs are accepted too.
    for blob in (bytearray(dk["CiphertextBlob"]), memoryview(dk["CiphertextBlob"])):
        assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=EC)["Plaintext"] == dk["Plaintext"]


@pytest.mark.parametrize("n", [1, 17, 1024])
def test_number_of_bytes(kms: datakey.LocalKms, key_id: str, n: int) -> None:
    assert len(kms.generate_data_key(KeyId=key_id, NumberOfBytes=n)["Plaintext"]) == n


def test_generate_data_key_without_plaintext(kms: datakey.LocalKms, key_id: str) -> None:
    resp = kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec="AES_128", EncryptionContext=EC)
    assert "Plaintext" not in resp and resp["KeyId"] == ARN_PREFIX + key_id
    assert len(kms.decrypt(CiphertextBlob=resp["CiphertextBlob"], EncryptionContext=EC)["Plaintext"]) == 16


def test_encrypt_and_decrypt(kms: datakey.LocalKms, key_id: str) -> None:
    for plaintext in (b"x", bytearray(b"hello"), memoryview(b"z" * 4096)):
        resp = kms.encrypt(KeyId=key_id, Plaintext=plaintext, EncryptionContext=EC)
        assert resp["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT" and resp["KeyId"] == ARN_PREFIX + key_id
        back = kms.decrypt(CiphertextBlob=resp["CiphertextBlob"], EncryptionContext=EC, KeyId=key_id)
        assert back["Plaintext"] == bytes(plaintext)


def test_encrypt_refuses_str(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(TypeError, match="Plaintext: cannot convert \"str\""):
        kms.encrypt(KeyId=key_id, Plaintext="secret")  # type: ignore[arg-type]


def test_wrong_context_or_tampering_is_invalid_ciphertext(kms: datakey.LocalKms, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret", EncryptionContext={"ab": "c"})["CiphertextBlob"]
    bad_contexts: list[dict[str, str] | None] = [{"a": "bc"}, {"abc": ""}, {}, None, {"ab": "C"}]
    for ec in bad_contexts:
        with pytest.raises(datakey.InvalidCiphertextException) as info:
            kms.decrypt(CiphertextBlob=blob, EncryptionContext=ec)
        assert kms_error(info, "InvalidCiphertextException", "Decrypt") == ""
    for i in range(len(blob)):
        flipped = bytearray(blob)
        flipped[i] ^= 0x01
        with pytest.raises(datakey.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=flipped, EncryptionContext={"ab": "c"})
    with pytest.raises(datakey.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=bytes(80))


def test_incorrect_key(kms: datakey.LocalKms, key_id: str) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]
    with pytest.raises(kms.exceptions.IncorrectKeyException) as info:
        kms.decrypt(CiphertextBlob=blob, KeyId=other)
    assert kms_error(info, "IncorrectKeyException", "Decrypt") == (
        "The key ID in the request does not identify a CMK that can perform this operation."
    )


def test_re_encrypt(kms: datakey.LocalKms, key_id: str) -> None:
    dest = kms.create_key()["KeyMetadata"]["KeyId"]
    dk = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=EC)
    resp = kms.re_encrypt(
        CiphertextBlob=dk["CiphertextBlob"],
        SourceEncryptionContext=EC,
        SourceKeyId=key_id,
        DestinationKeyId=dest,
        DestinationEncryptionContext={"new": "context"},
    )
    assert "Plaintext" not in resp
    assert resp["SourceKeyId"] == ARN_PREFIX + key_id and resp["KeyId"] == ARN_PREFIX + dest
    assert resp["SourceEncryptionAlgorithm"] == resp["DestinationEncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert resp["SourceKeyMaterialId"] == dk["KeyMaterialId"]
    assert len(resp["DestinationKeyMaterialId"]) == 64
    back = kms.decrypt(CiphertextBlob=resp["CiphertextBlob"], EncryptionContext={"new": "context"})
    assert back["Plaintext"] == dk["Plaintext"] and back["KeyId"] == ARN_PREFIX + dest
    with pytest.raises(datakey.InvalidCiphertextException) as info:
        kms.re_encrypt(CiphertextBlob=dk["CiphertextBlob"], DestinationKeyId=dest)
    kms_error(info, "InvalidCiphertextException", "ReEncrypt")


def test_generate_random(kms: datakey.LocalKms) -> None:
    a = kms.generate_random(NumberOfBytes=32)["Plaintext"]
    b = kms.generate_random(NumberOfBytes=32)["Plaintext"]
    assert len(a) == 32 and a != b
    with pytest.raises(datakey.ValidationException) as info:
        kms.generate_random()
    assert kms_error(info, "ValidationException", "GenerateRandom") == "NumberOfBytes is required."


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"NumberOfBytes": 1025}, "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"),
        ({"NumberOfBytes": 0}, "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        ({"NumberOfBytes": 32, "KeySpec": "AES_256"}, "Please specify either number of bytes or key spec."),
        ({}, "Please specify either number of bytes or key spec."),
        ({"KeySpec": "AES_512"}, "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"),
    ],
)
def test_generate_data_key_validation(
    kms: datakey.LocalKms, key_id: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(datakey.ValidationException) as info:
        kms.generate_data_key(KeyId=key_id, **kwargs)
    assert kms_error(info, "ValidationException", "GenerateDataKey") == message
    assert isinstance(info.value, ValueError)


def test_argument_types(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(TypeError):
        kms.generate_data_key(KeyId=key_id, NumberOfBytes="32")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        kms.generate_data_key(KeyId=123, KeySpec="AES_256")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="EncryptionContext values must be str"):
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext={"a": 1})  # type: ignore[dict-item]
    with pytest.raises(OverflowError):
        kms.generate_data_key(KeyId=key_id, NumberOfBytes=2**70)


def test_plaintext_limit(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(datakey.ValidationException) as info:
        kms.encrypt(KeyId=key_id, Plaintext=bytes(4097))
    assert "4096" in kms_error(info, "ValidationException", "Encrypt")


def test_invalid_key_usage(kms: datakey.LocalKms) -> None:
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    with pytest.raises(kms.exceptions.InvalidKeyUsageException) as info:
        kms.generate_data_key(KeyId=rsa, KeySpec="AES_256")
    assert kms_error(info, "InvalidKeyUsageException", "GenerateDataKey") == (
        "You cannot generate a data key with an asymmetric CMK"
    )
    sign = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    with pytest.raises(datakey.InvalidKeyUsageException) as info2:
        kms.encrypt(KeyId=sign["KeyId"], Plaintext=b"x")
    kms_error(info2, "InvalidKeyUsageException", "Encrypt")
    with pytest.raises(datakey.ValidationException) as info3:
        kms.create_key(KeySpec="HMAC_256")
    assert kms_error(info3, "ValidationException", "CreateKey") == (
        "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys."
    )


def test_not_found(kms: datakey.LocalKms) -> None:
    missing = "1234abcd-12ab-34cd-56ef-1234567890ab"
    with pytest.raises(kms.exceptions.NotFoundException) as info:
        kms.generate_data_key(KeyId=missing, KeySpec="AES_256")
    assert missing in kms_error(info, "NotFoundException", "GenerateDataKey")
    with pytest.raises(datakey.NotFoundException):
        kms.describe_key(KeyId="alias/nothing")


# ----- rotation -----------------------------------------------------------------------------------


def test_rotate_on_demand_keeps_old_ciphertexts(kms: datakey.LocalKms, key_id: str) -> None:
    old = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert kms.rotate_key_on_demand(KeyId=key_id)["KeyId"] == key_id
    new = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert new["KeyMaterialId"] != old["KeyMaterialId"]
    back = kms.decrypt(CiphertextBlob=old["CiphertextBlob"])
    assert back["Plaintext"] == old["Plaintext"] and back["KeyMaterialId"] == old["KeyMaterialId"]
    rotations = kms.list_key_rotations(KeyId=key_id)
    assert rotations["Truncated"] is False
    [entry] = rotations["Rotations"]
    assert entry["KeyId"] == key_id and entry["KeyMaterialId"] == new["KeyMaterialId"]
    assert entry["RotationType"] == "ON_DEMAND" and entry["RotationDate"] == START
    assert entry["KeyMaterialState"] == "CURRENT"


def test_on_demand_rotation_limit(kms: datakey.LocalKms, key_id: str) -> None:
    for _ in range(25):
        kms.rotate_key_on_demand(KeyId=key_id)
    with pytest.raises(kms.exceptions.LimitExceededException) as info:
        kms.rotate_key_on_demand(KeyId=key_id)
    assert kms_error(info, "LimitExceededException", "RotateKeyOnDemand").startswith(
        "The on-demand rotations limit has been reached"
    )
    page = kms.list_key_rotations(KeyId=key_id, Limit=10)
    assert page["Truncated"] is True and len(page["Rotations"]) == 10
    rest = kms.list_key_rotations(KeyId=key_id, Limit=100, Marker=page["NextMarker"])
    assert len(rest["Rotations"]) == 15


def test_automatic_rotation_follows_the_clock(
    kms: datakey.LocalKms, key_id: str, clock: datakey.ManualClock
) -> None:
    before = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert set(kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)) == {"ResponseMetadata"}
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert status["KeyRotationEnabled"] is True and status["RotationPeriodInDays"] == 90
    assert status["NextRotationDate"] == START + timedelta(days=90)
    clock.advance(timedelta(days=91))
    after = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert after["KeyMaterialId"] != before["KeyMaterialId"]
    [entry] = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert entry["RotationType"] == "AUTOMATIC"
    assert kms.decrypt(CiphertextBlob=before["CiphertextBlob"])["Plaintext"] == before["Plaintext"]
    kms.disable_key_rotation(KeyId=key_id)
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert status["KeyRotationEnabled"] is False and "NextRotationDate" not in status


def test_rotation_period_is_validated(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(datakey.ValidationException) as info:
        kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=89)
    kms_error(info, "ValidationException", "EnableKeyRotation")


# ----- imported key material ----------------------------------------------------------------------


def test_import_key_material(kms: datakey.LocalKms, clock: datakey.ManualClock) -> None:
    meta = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    key_id = meta["KeyId"]
    assert meta["KeyState"] == "PendingImport" and meta["Origin"] == "EXTERNAL"
    assert "CurrentKeyMaterialId" not in meta
    with pytest.raises(kms.exceptions.KMSInvalidStateException) as info:
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert kms_error(info, "KMSInvalidStateException", "GenerateDataKey").endswith("is pending import.")
    material = bytes(range(32))
    resp = kms.import_key_material(KeyId=key_id, KeyMaterial=bytearray(material))
    assert resp["KeyId"] == ARN_PREFIX + key_id and len(resp["KeyMaterialId"]) == 64
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"imported")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"imported"
    # Re-importing the same material is allowed; different material is not.
    assert kms.import_key_material(KeyId=key_id, KeyMaterial=material)["KeyMaterialId"] == resp["KeyMaterialId"]
    with pytest.raises(kms.exceptions.IncorrectKeyMaterialException) as info2:
        kms.import_key_material(KeyId=key_id, KeyMaterial=bytes(32))
    kms_error(info2, "IncorrectKeyMaterialException", "ImportKeyMaterial")
    with pytest.raises(kms.exceptions.UnsupportedOperationException) as info3:
        kms.enable_key_rotation(KeyId=key_id)
    assert kms_error(info3, "UnsupportedOperationException", "EnableKeyRotation").endswith(
        "origin is EXTERNAL which is not valid for this operation."
    )


def test_import_key_material_expiry(kms: datakey.LocalKms, clock: datakey.ManualClock) -> None:
    key_id = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    valid_to = START + timedelta(days=10)
    kms.import_key_material(
        KeyId=key_id, KeyMaterial=bytes(range(32)), ExpirationModel="KEY_MATERIAL_EXPIRES", ValidTo=valid_to
    )
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert meta["ValidTo"] == valid_to and meta["ExpirationModel"] == "KEY_MATERIAL_EXPIRES"
    with pytest.raises(ValueError, match="timezone-aware"):
        kms.import_key_material(KeyId=key_id, KeyMaterial=bytes(range(32)), ValidTo=datetime(2030, 1, 1))


def test_import_validation(kms: datakey.LocalKms, key_id: str) -> None:
    external = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    with pytest.raises(datakey.ValidationException):
        kms.import_key_material(KeyId=external, KeyMaterial=bytes(16))
    with pytest.raises(datakey.ValidationException):
        kms.import_key_material(KeyId=external)
    with pytest.raises(datakey.UnsupportedOperationException):
        kms.import_key_material(KeyId=key_id, KeyMaterial=bytes(32))
    with pytest.raises(datakey.ValidationException) as info:
        kms.import_key_material(KeyId=external, KeyMaterial=bytes(32), ImportType="SOMETIMES")  # type: ignore[arg-type]
    assert "enum value set" in kms_error(info, "ValidationException", "ImportKeyMaterial")


# ----- boto3 compatibility ------------------------------------------------------------------------


def envelope_encrypt(client: Any, key_id: str, secret: bytes) -> tuple[bytes, bytes]:
    """Written purely against boto3's KMS client API; nothing datakey-specific."""
    try:
        resp = client.generate_data_key(
            KeyId=key_id, KeySpec="AES_256", EncryptionContext={"app": "billing"}
        )
    except client.exceptions.DisabledException:
        raise RuntimeError("key disabled; page the on-call") from None
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    data_key = resp["Plaintext"]
    masked = bytes(a ^ b for a, b in zip(secret, data_key))
    return resp["CiphertextBlob"], masked


def envelope_decrypt(client: Any, blob: bytes, masked: bytes) -> bytes:
    try:
        data_key = client.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "billing"})["Plaintext"]
    except client.exceptions.ClientError as err:
        if err.response["Error"]["Code"] == "InvalidCiphertextException":
            raise ValueError("tampered") from err
        raise
    return bytes(a ^ b for a, b in zip(masked, data_key))


def test_boto3_style_code_runs_unchanged(kms: datakey.LocalKms) -> None:
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    blob, masked = envelope_encrypt(kms, key_id, b"top secret")
    assert envelope_decrypt(kms, blob, masked) == b"top secret"
    with pytest.raises(ValueError, match="tampered"):
        envelope_decrypt(kms, blob[:-1] + bytes([blob[-1] ^ 1]), masked)
    kms.disable_key(KeyId=key_id)
    with pytest.raises(RuntimeError, match="page the on-call"):
        envelope_encrypt(kms, key_id, b"top secret")


def test_exception_classes_match_botocores_client_error_interface() -> None:
    botocore_exceptions = pytest.importorskip("botocore.exceptions")
    real = botocore_exceptions.ClientError(
        {"Error": {"Code": "DisabledException", "Message": "k is disabled."}}, "GenerateDataKey"
    )
    ours = datakey.DisabledException("k is disabled.", "GenerateDataKey")
    assert str(ours) == str(real)
    assert ours.response["Error"] == real.response["Error"]
    assert ours.operation_name == real.operation_name


# ----- clocks written in Python -------------------------------------------------------------------


class PythonClock:
    def __init__(self, now: datetime) -> None:
        self.value = now
        self.calls = 0

    def now(self) -> datetime:
        self.calls += 1
        return self.value


def test_python_clock_object(key_id: str) -> None:
    clock = PythonClock(START)
    kms = datakey.LocalKms(clock=clock)
    kid = kms.create_key()["KeyMetadata"]["KeyId"]
    assert kms.describe_key(KeyId=kid)["KeyMetadata"]["CreationDate"] == START
    kms.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    clock.value = START + timedelta(days=8)
    with pytest.raises(datakey.NotFoundException):
        kms.describe_key(KeyId=kid)
    assert clock.calls >= 3


class BrokenClock:
    def __init__(self) -> None:
        self.fail = False

    def now(self) -> datetime:
        if self.fail:
            raise RuntimeError("clock exploded")
        return START


def test_python_clock_errors_are_raised() -> None:
    clock = BrokenClock()
    kms = datakey.LocalKms(clock=clock)
    clock.fail = True
    with pytest.raises(RuntimeError, match="clock exploded"):
        kms.create_key()
    clock.fail = False
    kms.create_key()


def test_naive_python_clock_is_refused() -> None:
    class Naive:
        def now(self) -> datetime:
            return datetime(2024, 1, 1)

    with pytest.raises(ValueError, match="timezone-aware"):
        datakey.LocalKms(clock=Naive())


def test_python_clock_with_threads() -> None:
    """Operations release the GIL with a Python clock: threads must not deadlock."""
    clock = PythonClock(START)
    kms = datakey.LocalKms(clock=clock)
    kid = kms.create_key()["KeyMetadata"]["KeyId"]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(50):
                dk = kms.generate_data_key(KeyId=kid, NumberOfBytes=32)
                assert kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"] == dk["Plaintext"]
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ----- no key bytes in repr -----------------------------------------------------------------------


def test_repr_shows_no_key_material(kms: datakey.LocalKms) -> None:
    meta = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    material = bytes([0xA5]) * 32
    kms.import_key_material(KeyId=meta["KeyId"], KeyMaterial=material)
    text = repr(kms) + str(kms)
    assert "a5" not in text.lower() and "165" not in text
