"""The exception hierarchy: names, bases, botocore's response shape, and coverage of core errors."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

import datakey
from datakey import _errors

KMS_NAMES = [
    "NotFoundException",
    "DisabledException",
    "KMSInvalidStateException",
    "InvalidKeyUsageException",
    "InvalidCiphertextException",
    "IncorrectKeyException",
    "LimitExceededException",
    "ValidationException",
    "UnsupportedOperationException",
    "AlreadyExistsException",
    "InvalidAliasNameException",
    "InvalidArnException",
    "DryRunOperationException",
    "KeyUnavailableException",
    "DependencyTimeoutException",
    "ThrottlingException",
    "KMSInternalException",
    "AccessDeniedException",
    "ExpiredTokenException",
    "UnrecognizedClientException",
    "MalformedPolicyDocumentException",
]


def core_error_names(repo_root: Path) -> list[str]:
    """Every name `datakey::Error::name()` can return, read from the core's source."""
    source = (repo_root / "core" / "src" / "error.rs").read_text()
    body = source[source.index("pub fn name(&self)") :]
    body = body[: body.index("\n    }\n")]
    names = re.findall(r'=> "([A-Za-z]+)"', body)
    assert len(names) >= 20, names
    return names


def test_every_core_error_has_a_python_class(repo_root: Path) -> None:
    for name in core_error_names(repo_root):
        cls = getattr(datakey, name, None)
        assert isinstance(cls, type) and issubclass(cls, datakey.DatakeyError), name
        assert cls.__name__ == name
        assert name in datakey.__all__
        if name.endswith("Exception"):
            assert issubclass(cls, datakey.KmsError), name
            namespaces = (_errors.KMS_EXCEPTIONS, _errors.SECRETS_MANAGER_EXCEPTIONS)
            assert any(getattr(ns, name, None) is cls for ns in namespaces), name


@pytest.mark.parametrize("name", KMS_NAMES)
def test_kms_exception_has_botocore_shape(name: str) -> None:
    cls = getattr(datakey, name)
    err = cls("arn:aws:kms:us-east-1:111122223333:key/k is disabled.", "GenerateDataKey")
    assert err.response["Error"]["Code"] == name
    assert err.response["Error"]["Message"] == "arn:aws:kms:us-east-1:111122223333:key/k is disabled."
    assert err.operation_name == "GenerateDataKey"
    assert str(err) == (
        f"An error occurred ({name}) when calling the GenerateDataKey operation: "
        "arn:aws:kms:us-east-1:111122223333:key/k is disabled."
    )
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is cls and copy.response == err.response and copy.operation_name == "GenerateDataKey"


def test_kms_exception_without_operation() -> None:
    assert str(datakey.InvalidCiphertextException()) == "InvalidCiphertextException"
    assert str(datakey.NotFoundException("gone")) == "NotFoundException: gone"
    assert datakey.KmsError().response["Error"]["Code"] == "KmsError"


def test_builtin_bases() -> None:
    assert issubclass(datakey.ValidationException, ValueError)
    assert issubclass(datakey.MalformedMessageError, ValueError)
    assert issubclass(datakey.NoMatchingKeyError, datakey.DecryptionError)
    assert issubclass(datakey.IoError, OSError)
    assert not issubclass(datakey.DecryptionError, datakey.KmsError)
    assert not issubclass(datakey.DisabledException, ValueError)


def test_no_matching_key_carries_lists() -> None:
    err = datakey.NoMatchingKeyError("none", present=[("ns", "a")], tried=(("ns", "b"),))
    assert err.present == [("ns", "a")] and err.tried == [("ns", "b")]
    copy = pickle.loads(pickle.dumps(err))
    assert copy.present == err.present and copy.tried == err.tried


def test_kms_exceptions_namespace_is_like_boto3() -> None:
    ns = _errors.KMS_EXCEPTIONS
    assert ns.ClientError is datakey.KmsError
    for name in KMS_NAMES:
        assert getattr(ns, name) is getattr(datakey, name)
