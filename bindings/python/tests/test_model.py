"""The KMS methods go through the core's one model: botocore's parameter checks, DryRun, grant
tokens and tags refused rather than dropped, typed responses (checked by mypy --strict)."""

from __future__ import annotations

from datetime import datetime

import pytest
from typing_extensions import assert_type

import datakey


@pytest.fixture
def kms() -> datakey.LocalKms:
    return datakey.LocalKms()


@pytest.fixture
def key_id(kms: datakey.LocalKms) -> str:
    return kms.create_key()["KeyMetadata"]["KeyId"]


def test_every_operation_is_a_method() -> None:
    assert len(datakey._datakey.KMS_OPERATIONS) == 25
    for op in datakey._datakey.KMS_OPERATIONS:
        method = getattr(datakey.LocalKms, datakey._kms.method_name(op))
        assert op in (method.__doc__ or "")


def test_unknown_parameter_is_refused_in_botocores_words(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(datakey.ParamValidationError) as info:
        kms.describe_key(KeyId=key_id, Bogus=1)  # type: ignore[call-arg]
    assert str(info.value) == (
        'Parameter validation failed:\nUnknown parameter in input: "Bogus", must be one of: KeyId, GrantTokens'
    )
    assert isinstance(info.value, TypeError) and isinstance(info.value, datakey.DatakeyError)


def test_missing_and_mistyped_parameters(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(datakey.ParamValidationError, match='Missing required parameter in input: "KeyId"'):
        kms.describe_key()  # type: ignore[call-arg]
    with pytest.raises(
        datakey.ParamValidationError,
        match=r"Invalid type for parameter NumberOfBytes, value: 32, type: <class 'str'>, valid types: <class 'int'>",
    ):
        kms.generate_data_key(KeyId=key_id, NumberOfBytes="32")  # type: ignore[arg-type]
    with pytest.raises(datakey.ParamValidationError, match=r"Invalid type for parameter DryRun, value: 1"):
        kms.encrypt(KeyId=key_id, Plaintext=b"x", DryRun=1)  # type: ignore[arg-type]


def test_dry_run_checks_everything_and_changes_nothing(kms: datakey.LocalKms, key_id: str) -> None:
    with pytest.raises(datakey.DryRunOperationException) as info:
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", DryRun=True)
    assert info.value.operation_name == "GenerateDataKey"
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    with pytest.raises(datakey.DryRunOperationException):
        kms.decrypt(CiphertextBlob=blob, DryRun=True)
    # A dry run still makes every check a real call makes.
    kms.disable_key(KeyId=key_id)
    with pytest.raises(datakey.DisabledException):
        kms.encrypt(KeyId=key_id, Plaintext=b"x", DryRun=True)


def test_grant_tokens_and_tags_are_refused_not_dropped(kms: datakey.LocalKms, key_id: str) -> None:
    kms.describe_key(KeyId=key_id, GrantTokens=[])
    with pytest.raises(datakey.InvalidGrantTokenException) as info:
        kms.describe_key(KeyId=key_id, GrantTokens=["token"])
    assert isinstance(info.value, datakey.KmsError) and info.value.operation_name == "DescribeKey"
    with pytest.raises(datakey.UnsupportedOperationException, match=r"tags on keys \(Tags\)"):
        kms.create_key(Tags=[{"TagKey": "k", "TagValue": "v"}])
    with pytest.raises(datakey.ParamValidationError, match=r'Unknown parameter in Tags\[0\]: "Key"'):
        kms.create_key(Tags=[{"Key": "k", "TagValue": "v"}])  # type: ignore[typeddict-unknown-key, typeddict-item]


def test_responses_are_typed(kms: datakey.LocalKms, key_id: str) -> None:
    meta = kms.create_key(KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    assert_type(meta["KeyId"], str)
    assert_type(meta["CreationDate"], datetime)
    assert isinstance(meta["CreationDate"], datetime) and meta["CreationDate"].tzinfo is not None
    dk = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert_type(dk["Plaintext"], bytes)
    assert isinstance(dk["Plaintext"], bytes) and len(dk["Plaintext"]) == 32
    with pytest.raises(datakey.ValidationException):
        kms.create_key(KeySpec="SYMETRIC_DEFAULT")  # type: ignore[arg-type]


def test_import_key_material_as_boto3_sends_it(kms: datakey.LocalKms) -> None:
    key_id = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    kms.import_key_material(KeyId=key_id, ImportToken=b"unused", EncryptedKeyMaterial=bytearray(32))
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
