"""Fault injection through the binding: each retryable KMS exception surfaces under its name with
AWS's message, by operation, for the next N calls or at a seeded rate, through the KMS methods,
through messages (KMS keyrings) and across handles; retry logic can be tested offline."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, TypeVar

import pytest

import datakey

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
T = TypeVar("T")

FAULTS = [
    (
        datakey.KeyUnavailableException,
        "The request was rejected because the specified KMS key was not available. You can retry the request.",
    ),
    (
        datakey.DependencyTimeoutException,
        "The system timed out while trying to fulfill the request. You can retry the request.",
    ),
    (
        datakey.ThrottlingException,
        "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.",
    ),
    (
        datakey.KMSInternalException,
        "The request was rejected because an internal exception occurred. The request can be retried.",
    ),
]


@pytest.fixture
def kms() -> datakey.LocalKms:
    return datakey.LocalKms(clock=datakey.ManualClock(START))


@pytest.fixture
def key_id(kms: datakey.LocalKms) -> str:
    return str(kms.create_key()["KeyMetadata"]["KeyId"])


@pytest.mark.parametrize("cls,message", FAULTS, ids=[c.__name__ for c, _ in FAULTS])
def test_each_fault_surfaces_with_its_exception_name_and_message(
    kms: datakey.LocalKms, key_id: str, cls: type[datakey.KmsError], message: str
) -> None:
    name = cls.__name__
    kms.inject_fault(name, ["GenerateDataKey"], next_calls=1)
    assert kms.faults() == [{"fault": name, "operations": ["GenerateDataKey"], "next_calls": 1}]
    with pytest.raises(cls) as info:
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    err = info.value
    assert type(err) is cls and isinstance(err, datakey.KmsError)
    assert getattr(kms.exceptions, name) is cls
    assert err.response["Error"] == {"Code": name, "Message": message}
    assert err.operation_name == "GenerateDataKey"
    assert str(err) == f"An error occurred ({name}) when calling the GenerateDataKey operation: {message}"
    # Only the next call.
    assert kms.faults() == []
    kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")


@pytest.mark.parametrize("cls,message", FAULTS, ids=[c.__name__ for c, _ in FAULTS])
def test_faults_surface_through_messages(
    kms: datakey.LocalKms, key_id: str, cls: type[datakey.KmsError], message: str
) -> None:
    keyring = kms.keyring(key_id)
    sealed = datakey.encrypt(b"secret", keyring)
    # The exception class itself names the fault too.
    kms.inject_fault(cls, ["Decrypt"], next_calls=1)
    with pytest.raises(cls) as info:
        datakey.decrypt(sealed, keyring)
    assert info.value.response["Error"]["Message"] == message
    assert datakey.decrypt(sealed, keyring).plaintext == b"secret"
    kms.inject_fault(cls, ["GenerateDataKey"], next_calls=1)
    with pytest.raises(cls):
        datakey.encrypt(b"secret", keyring)


def test_next_calls_counts_only_the_chosen_operations(kms: datakey.LocalKms, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    kms.inject_fault("ThrottlingException", ["Decrypt", "ReEncrypt"], next_calls=3)
    for _ in range(5):
        kms.generate_data_key(KeyId=key_id, NumberOfBytes=32)
    for remaining in (2, 1, 0):
        with pytest.raises(datakey.ThrottlingException):
            kms.decrypt(CiphertextBlob=blob)
        expected = [] if remaining == 0 else [{"fault": "ThrottlingException", "operations": ["Decrypt", "ReEncrypt"], "next_calls": remaining}]
        assert kms.faults() == expected
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_a_rule_without_operations_applies_everywhere_and_before_validation(kms: datakey.LocalKms) -> None:
    kms.inject_fault("KMSInternalException", next_calls=2)
    assert kms.faults() == [{"fault": "KMSInternalException", "operations": [], "next_calls": 2}]
    with pytest.raises(datakey.KMSInternalException) as info:
        kms.generate_random(NumberOfBytes=0)  # invalid, but the fault comes first
    assert info.value.operation_name == "GenerateRandom"
    with pytest.raises(datakey.KMSInternalException):
        kms.list_keys()
    with pytest.raises(datakey.ValidationException):
        kms.generate_random(NumberOfBytes=0)


def test_faults_are_shared_by_every_handle_and_cleared(kms: datakey.LocalKms) -> None:
    app = kms.as_caller("arn:aws:iam::111122223333:role/app")
    app.inject_fault("KeyUnavailableException", ["ListKeys"], rate=1.0)
    assert kms.faults() == [{"fault": "KeyUnavailableException", "operations": ["ListKeys"], "rate": 1.0}]
    for handle in (kms, app):
        with pytest.raises(datakey.KeyUnavailableException):
            handle.list_keys()
    kms.clear_faults()
    assert app.faults() == []
    app.list_keys()


def test_rates_are_validated_and_zero_never_fires(kms: datakey.LocalKms) -> None:
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(datakey.ValidationException):
            kms.inject_fault("ThrottlingException", rate=bad)
    assert kms.faults() == []
    kms.inject_fault("ThrottlingException", rate=0.0)
    for _ in range(50):
        kms.generate_random(NumberOfBytes=1)


def test_bad_rules_are_refused(kms: datakey.LocalKms) -> None:
    with pytest.raises(datakey.ValidationException):
        kms.inject_fault("Oops", next_calls=1)
    with pytest.raises(datakey.ValidationException):
        kms.inject_fault(datakey.DisabledException, next_calls=1)
    with pytest.raises(datakey.ValidationException):
        kms.inject_fault("ThrottlingException", ["NoSuchOperation"], next_calls=1)
    with pytest.raises(TypeError):
        kms.inject_fault("ThrottlingException")
    with pytest.raises(TypeError):
        kms.inject_fault("ThrottlingException", next_calls=1, rate=0.5)
    with pytest.raises(TypeError):
        kms.inject_fault(42, next_calls=1)  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        kms.inject_fault("ThrottlingException", next_calls=-1)
    assert kms.faults() == []


def pattern(seed: int) -> list[bool]:
    kms = datakey.LocalKms(clock=datakey.ManualClock(START), fault_seed=seed)
    kms.inject_fault("ThrottlingException", ["GenerateRandom"], rate=0.3)
    out = []
    for _ in range(400):
        try:
            kms.generate_random(NumberOfBytes=1)
            out.append(False)
        except datakey.ThrottlingException:
            out.append(True)
    return out


def test_a_seeded_rate_is_reproducible() -> None:
    a, b, c = pattern(7), pattern(7), pattern(8)
    assert a == b
    assert a != c
    # 400 draws at p = 0.3: mean 120, standard deviation about 9.2.
    assert 60 < sum(a) < 180


def with_retries(call: Callable[[], T], attempts: int) -> tuple[T, int]:
    """The retry loop under test: retries KMS's retryable exceptions."""
    retryable = (
        datakey.ThrottlingException,
        datakey.KeyUnavailableException,
        datakey.DependencyTimeoutException,
        datakey.KMSInternalException,
    )
    for attempt in range(1, attempts + 1):
        try:
            return call(), attempt
        except retryable:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def test_retry_logic_can_be_tested(kms: datakey.LocalKms, key_id: str) -> None:
    def call() -> Any:
        return kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")

    kms.inject_fault("ThrottlingException", ["GenerateDataKey"], next_calls=2)
    result, attempts = with_retries(call, 3)
    assert attempts == 3 and len(result["Plaintext"]) == 32
    kms.inject_fault("DependencyTimeoutException", ["GenerateDataKey"], next_calls=3)
    with pytest.raises(datakey.DependencyTimeoutException):
        with_retries(call, 3)
