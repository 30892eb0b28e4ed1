r"""The datakey exception hierarchy.

Every exception datakey raises derives from :class:`DatakeyError`. The class names are the core's
error names (``datakey::Error::name()`` in Rust, ``err.name`` in Node), so a failure is called the
same thing in every language.

* :class:`KmsError` and its subclasses are the exceptions AWS KMS raises, under KMS's names.
  When botocore is installed they *are* ``botocore.exceptions.ClientError``\ s (``KmsError``
  derives from it), so ``except ClientError`` catches them; with or without botocore they carry
  ``response`` as botocore fills it for AWS KMS (``response['Error']['Code']`` and
  ``['Message']``, ``response['ResponseMetadata']`` with a request id, the HTTP status KMS
  answers and its headers, and the error shape's ``message`` for errors the KMS model declares)
  and the ``operation_name``, so ``except`` clauses written for boto3 work unchanged.
* :class:`AccessDeniedException` and :class:`ExpiredTokenException` also say who was refused
  what on which key (``principal``, ``action``, ``resource``) and, one attribute away, why:
  ``err.reason``, an :class:`AccessDeniedReason` (``kind``, ``statement``, ``operator``, ``key``,
  ``value``, ``account``, ``expired_at``).
* :class:`DecryptionError` is the one, deliberately uninformative, failure to authenticate a
  message. :class:`NoMatchingKeyError` (a subclass) says which encrypted data keys the message
  carried and which wrapping keys were offered; those are public header facts, never key bytes.
* The remaining classes describe problems with a message that do not depend on any key.

The extension module raises these classes; it finds them here by name. The one exception to the
rule is a Rust panic inside datakey (a bug): it raises ``datakey.PanicException`` (pyo3's
``pyo3_runtime.PanicException``), a ``BaseException``, so that ``except Exception`` does not
swallow it — and never aborts the interpreter.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Optional, Sequence, Tuple

if TYPE_CHECKING:
    _ClientError = Exception
else:
    try:
        from botocore.exceptions import ClientError as _ClientError
    except ImportError:  # botocore is optional: without it, KmsError is a plain DatakeyError
        _ClientError = Exception

__all__ = [
    "DatakeyError",
    "KmsError",
    "NotFoundException",
    "DisabledException",
    "KMSInvalidStateException",
    "InvalidKeyUsageException",
    "InvalidCiphertextException",
    "IncorrectKeyException",
    "LimitExceededException",
    "ValidationException",
    "IncorrectKeyMaterialException",
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
    "InvalidGrantTokenException",
    "CustomKeyStoreNotFoundException",
    "ParamValidationError",
    "AccessDeniedReason",
    "DecryptionError",
    "NoMatchingKeyError",
    "MalformedMessageError",
    "UnsupportedVersionError",
    "UnsupportedSuiteError",
    "CommitmentPolicyError",
    "ResourceLimitError",
    "EncryptionContextMismatchError",
    "IoError",
    "StoreRollbackError",
    "ReentrantCallError",
    "KmsExceptions",
    "SecretsManagerError",
    "ResourceNotFoundException",
    "InvalidParameterException",
    "InvalidRequestException",
    "ResourceExistsException",
    "EncryptionFailure",
    "DecryptionFailure",
    "InvalidNextTokenException",
    "PublicPolicyException",
    "PreconditionNotMetException",
    "SecretsManagerExceptions",
    "KMS_EXCEPTIONS",
]


class DatakeyError(Exception):
    """Base class of every exception datakey raises."""


# ----- AWS KMS exceptions -------------------------------------------------------------------------


#: KMS's HTTP status for its server-side faults (the rest are 400).
_SERVER_FAULTS = frozenset({"KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException"})

#: Error codes KMS returns that its service model declares no error shape for: botocore adds no
#: top-level ``message`` for them.
_UNMODELED = frozenset(
    {
        "KmsError",
        "ValidationException",
        "ThrottlingException",
        "AccessDeniedException",
        "ExpiredTokenException",
        "UnrecognizedClientException",
    }
)


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _http_date(t: datetime) -> str:
    """An HTTP ``Date`` header value (RFC 9110 IMF-fixdate), whatever the locale."""
    return (
        f"{_DAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} GMT"
    )


def _error_response(code: str, message: str) -> dict[str, Any]:
    """``ClientError.response`` as botocore builds it from an AWS KMS error answer (JSON 1.1
    protocol): the error, the response metadata, and the modeled shape's ``message``."""
    request_id = str(uuid.uuid4())
    body = json.dumps({"__type": code, "message": message})
    response: dict[str, Any] = {
        "Error": {"Message": message, "Code": code},
        "ResponseMetadata": {
            "RequestId": request_id,
            "HTTPStatusCode": 500 if code in _SERVER_FAULTS else 400,
            "HTTPHeaders": {
                "x-amzn-requestid": request_id,
                "content-type": "application/x-amz-json-1.1",
                "content-length": str(len(body.encode())),
                "date": _http_date(datetime.now(timezone.utc)),
            },
            "RetryAttempts": 0,
        },
    }
    if code not in _UNMODELED:
        response["message"] = message
    return response


class KmsError(DatakeyError, _ClientError):
    """An AWS KMS exception: a ``botocore.exceptions.ClientError`` when botocore is installed.

    ``response`` is what botocore makes of KMS's answer: ``{'Error': {'Code': <class name>,
    'Message': <message>}, 'ResponseMetadata': {'RequestId', 'HTTPStatusCode', 'HTTPHeaders',
    'RetryAttempts'}}`` (plus ``'message'`` for the errors KMS's model declares), and
    ``operation_name`` the KMS operation (``'GenerateDataKey'``, ...) when known.
    """

    #: The KMS error code; every subclass is named after its code.
    code: str = "KmsError"

    response: dict[str, Any]
    operation_name: Optional[str]

    def __init__(self, message: str = "", operation_name: Optional[str] = None) -> None:
        self.response = _error_response(self.code, message)
        self.operation_name = operation_name
        if operation_name is not None:
            text = f"An error occurred ({self.code}) when calling the {operation_name} operation: {message}"
        elif message:
            text = f"{self.code}: {message}"
        else:
            text = self.code
        # Not ClientError.__init__ (it takes a response, and formats an unknown operation as
        # "None"): the message is set here, the attributes above.
        Exception.__init__(self, text)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = cls.__name__

    def __reduce__(self) -> Any:
        # The response as it was (same request id), not a new one.
        args = (self.response["Error"]["Message"], self.operation_name)
        return (type(self), args, {"response": self.response})


class NotFoundException(KmsError):
    """The key, alias or resource does not exist (or a key id is malformed)."""


class DisabledException(KmsError):
    """The key is disabled."""


class KMSInvalidStateException(KmsError):
    """The key's state (pending deletion, pending import, ...) does not allow the operation."""


class InvalidKeyUsageException(KmsError):
    """The key's spec or usage does not allow the operation."""


class InvalidCiphertextException(KmsError):
    """A KMS ciphertext blob could not be decrypted. Deliberately carries no detail."""


class IncorrectKeyException(KmsError):
    """The key named in the request is not the key that encrypted the blob."""


class LimitExceededException(KmsError):
    """A KMS quota was reached (for example 25 on-demand rotations)."""


class ValidationException(KmsError, ValueError):
    """A parameter is missing, out of range or malformed. Also a ``ValueError``."""


class IncorrectKeyMaterialException(KmsError):
    """Imported key material is not the material the key had before."""


class UnsupportedOperationException(KmsError):
    """The operation is not valid for the key's origin or spec."""


class AlreadyExistsException(KmsError):
    """The alias (or other resource) already exists."""


class InvalidAliasNameException(KmsError):
    """The alias name is malformed or reserved."""


class InvalidArnException(KmsError):
    """An ARN is malformed or names another region or account."""


class DryRunOperationException(KmsError):
    """The request would have succeeded, but ``DryRun`` was set."""


class KeyUnavailableException(KmsError):
    """The key is temporarily unavailable."""


class DependencyTimeoutException(KmsError):
    """A dependency timed out."""


class ThrottlingException(KmsError):
    """The request rate is too high."""


class KMSInternalException(KmsError):
    """An internal error."""


class UnrecognizedClientException(KmsError):
    """The caller's session credentials were not issued by this service (or do not match)."""


class InvalidGrantTokenException(KmsError):
    """A grant token was given: datakey issues no grants, so none is valid."""


class CustomKeyStoreNotFoundException(KmsError):
    """A custom key store was named: datakey has none."""


class MalformedPolicyDocumentException(KmsError):
    """A key policy is not valid JSON, or uses grammar datakey does not model."""


@dataclass(frozen=True)
class AccessDeniedReason:
    """Why a key policy (or expired credentials) refused a request: the core's structured reason.

    ``kind`` is ``'NoStatementAllows'`` (implicit deny), ``'ExplicitDeny'`` (``statement`` denies),
    ``'ConditionNotMet'`` (``statement`` allows, but its condition ``operator`` on ``key`` is not
    met by the request's ``value``, ``None`` when the request has none), ``'OtherAccount'`` (the
    caller, of ``account``, asked for an operation that cannot cross accounts, such as
    ``CreateKey`` or ``CreateAlias``) or ``'CredentialsExpired'`` (at ``expired_at``, an aware
    datetime). Fields that do not apply to the kind are ``None``. ``str(reason)`` is the core's
    one-line explanation.
    """

    kind: str
    description: str
    statement: Optional[str] = None
    operator: Optional[str] = None
    key: Optional[str] = None
    value: Optional[str] = None
    expired_at: Optional[datetime] = None
    account: Optional[str] = None

    def __str__(self) -> str:
        return self.description


class _AccessRefused(KmsError):
    """Base of the two refusals that carry the core's structured reason (not raised itself)."""

    #: The caller's principal ARN.
    principal: Optional[str]
    #: The IAM action, for example ``'kms:Decrypt'``.
    action: Optional[str]
    #: The key ARN (empty for :class:`ExpiredTokenException`).
    resource: Optional[str]
    #: Why the request was refused.
    reason: Optional[AccessDeniedReason]

    def __init__(
        self,
        message: str = "",
        operation_name: Optional[str] = None,
        principal: Optional[str] = None,
        action: Optional[str] = None,
        resource: Optional[str] = None,
        reason: Optional[AccessDeniedReason] = None,
    ) -> None:
        super().__init__(message, operation_name)
        self.principal = principal
        self.action = action
        self.resource = resource
        self.reason = reason

    def __reduce__(self) -> Any:
        args = (self.response["Error"]["Message"], self.operation_name)
        extra = (self.principal, self.action, self.resource, self.reason)
        return (type(self), args + extra, {"response": self.response})


class AccessDeniedException(_AccessRefused):
    """The key policy does not allow the caller the action (AWS's message).

    ``principal`` (the caller's ARN), ``action`` (``'kms:Decrypt'``, ...), ``resource`` (the key
    ARN, or ``'*'``) and ``reason`` (an :class:`AccessDeniedReason`: implicit deny, explicit deny
    by a statement, a condition not met, or a caller of another account) say who, what, where
    and why.
    """


class ExpiredTokenException(_AccessRefused):
    """The caller's temporary credentials have expired ("The security token included in the
    request is expired").

    As :class:`AccessDeniedException`: ``principal``, ``action``, ``resource`` (empty: the
    credentials are checked before the key is looked up) and ``reason`` (kind
    ``'CredentialsExpired'``, with ``expired_at``).
    """


# ----- messages -----------------------------------------------------------------------------------


class DecryptionError(DatakeyError):
    """A message failed authentication: wrong key, wrong encryption context, a flipped bit, a
    truncated body. Deliberately carries no detail."""


class NoMatchingKeyError(DecryptionError):
    """No keyring could open any encrypted data key of the message.

    ``present`` lists ``(provider id, key name)`` of every encrypted data key the message carries,
    ``tried`` those of every wrapping key the keyrings offered (public header facts only).
    """

    present: list[Tuple[str, str]]
    tried: list[Tuple[str, str]]

    def __init__(
        self,
        message: str = "",
        present: Sequence[Tuple[str, str]] = (),
        tried: Sequence[Tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.present = [(str(p), str(k)) for p, k in present]
        self.tried = [(str(p), str(k)) for p, k in tried]

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.present, self.tried))


class MalformedMessageError(DatakeyError, ValueError):
    """The bytes are not a well-formed message (independent of any key)."""


class UnsupportedVersionError(DatakeyError, ValueError):
    """The message format version is not supported."""


class UnsupportedSuiteError(DatakeyError, ValueError):
    """The algorithm suite is unknown or not supported."""


class CommitmentPolicyError(DatakeyError):
    """The algorithm suite is not allowed by the commitment policy."""


class ResourceLimitError(DatakeyError):
    """Untrusted input exceeds a configured limit (header size, data-key count, frame length...)."""


class EncryptionContextMismatchError(DatakeyError):
    """The encryption context given on decrypt does not match the one the message binds."""


class IoError(DatakeyError, OSError):
    """Reading or writing a stream failed inside the core."""


# ----- the persistent key store --------------------------------------------------------------------


class StoreCorruptError(DatakeyError):
    """The key store file is damaged (its checksum or structure is wrong); it was left untouched."""


class WrongRootKeyError(DatakeyError):
    """The key store file is intact but does not open with the root key or passphrase given."""


class UnsupportedStoreVersionError(DatakeyError):
    """The key store file has a format version this datakey does not read."""


class StoreRollbackError(DatakeyError):
    """The key store file is older than one this process already saw (a restored backup or a
    replaced file); nothing was written over it."""


class ReentrantCallError(DatakeyError):
    """A call into a persistent store from inside an operation on the same store and thread (for
    example from a clock's ``now()``), refused instead of deadlocking."""


class SecretsManagerError(KmsError):
    """An AWS Secrets Manager exception (from :class:`datakey.LocalSecretsManager`), with the
    same ``response`` / ``operation_name`` shape as :class:`KmsError` (a ``ClientError`` when
    botocore is installed)."""


class ResourceNotFoundException(SecretsManagerError):
    """The secret, or the version asked for, does not exist."""


class InvalidParameterException(SecretsManagerError):
    """A parameter value is not valid for the secret's state."""


class InvalidRequestException(SecretsManagerError):
    """The request is not valid in the secret's state (for example, marked for deletion)."""


class ResourceExistsException(SecretsManagerError):
    """A secret of that name, or a version with that ClientRequestToken, already exists."""


class EncryptionFailure(SecretsManagerError):
    """The secret value could not be encrypted with its KMS key (KMS's words in the message)."""


class DecryptionFailure(SecretsManagerError):
    """The secret value could not be decrypted with its KMS key (KMS's words in the message)."""


class InvalidNextTokenException(SecretsManagerError):
    """The NextToken is not one the service gave."""


class PublicPolicyException(SecretsManagerError):
    """The resource policy grants public access and BlockPublicPolicy was set."""


class PreconditionNotMetException(SecretsManagerError):
    """A precondition of the request does not hold."""


# ----- requests refused before they are sent ------------------------------------------------------


class ParamValidationError(DatakeyError, TypeError):
    """A KMS method got a keyword argument its operation does not have, lacks a required one, or
    got a value of the wrong type: refused before the call, in the words of botocore's
    ``ParamValidationError`` (``Parameter validation failed:`` then one line per problem)."""


class KmsExceptions:
    """The ``exceptions`` attribute of a :class:`datakey.LocalKms`, like a boto3 client's:
    ``kms.exceptions.DisabledException``, ..., and ``kms.exceptions.ClientError`` (the base)."""

    ClientError = KmsError
    NotFoundException = NotFoundException
    DisabledException = DisabledException
    KMSInvalidStateException = KMSInvalidStateException
    InvalidKeyUsageException = InvalidKeyUsageException
    InvalidCiphertextException = InvalidCiphertextException
    IncorrectKeyException = IncorrectKeyException
    LimitExceededException = LimitExceededException
    ValidationException = ValidationException
    IncorrectKeyMaterialException = IncorrectKeyMaterialException
    UnsupportedOperationException = UnsupportedOperationException
    AlreadyExistsException = AlreadyExistsException
    InvalidAliasNameException = InvalidAliasNameException
    InvalidArnException = InvalidArnException
    DryRunOperationException = DryRunOperationException
    KeyUnavailableException = KeyUnavailableException
    DependencyTimeoutException = DependencyTimeoutException
    ThrottlingException = ThrottlingException
    KMSInternalException = KMSInternalException
    AccessDeniedException = AccessDeniedException
    ExpiredTokenException = ExpiredTokenException
    UnrecognizedClientException = UnrecognizedClientException
    MalformedPolicyDocumentException = MalformedPolicyDocumentException
    InvalidGrantTokenException = InvalidGrantTokenException
    CustomKeyStoreNotFoundException = CustomKeyStoreNotFoundException

    def __repr__(self) -> str:
        return "<datakey KMS exceptions>"


#: The one instance handed out as ``LocalKms.exceptions``.
KMS_EXCEPTIONS = KmsExceptions()


class SecretsManagerExceptions:
    """The exception classes of :class:`datakey.LocalSecretsManager`, as on a boto3
    ``secretsmanager`` client's ``exceptions``."""

    ClientError = KmsError
    ResourceNotFoundException = ResourceNotFoundException
    InvalidParameterException = InvalidParameterException
    InvalidRequestException = InvalidRequestException
    ResourceExistsException = ResourceExistsException
    EncryptionFailure = EncryptionFailure
    DecryptionFailure = DecryptionFailure
    InvalidNextTokenException = InvalidNextTokenException
    PublicPolicyException = PublicPolicyException
    PreconditionNotMetException = PreconditionNotMetException
    LimitExceededException = LimitExceededException
    MalformedPolicyDocumentException = MalformedPolicyDocumentException
    AccessDeniedException = AccessDeniedException

    def __repr__(self) -> str:
        return "<datakey Secrets Manager exceptions>"


#: The one instance, also ``datakey.LocalSecretsManager.exceptions``.
SECRETS_MANAGER_EXCEPTIONS = SecretsManagerExceptions()
