"""datakey: envelope encryption.

An offline AWS KMS stand-in in the shape of boto3's KMS client, and AWS Encryption SDK messages
(format v2, suite 0x0478, framed) that the official SDKs read and write.

This package re-exports the extension module :mod:`datakey._datakey` and the exception hierarchy
of :mod:`datakey._errors`.
"""

from ._datakey import (
    GIL_DETACH_THRESHOLD,
    CommitmentPolicy,
    Decrypted,
    KmsKeyring,
    LocalKms,
    ManualClock,
    MessageHeader,
    MultiKeyring,
    RawAesKeyring,
    decrypt,
    decrypt_stream,
    encrypt,
    encrypt_stream,
    parse_encryption_context,
    serialize_encryption_context,
)
from ._errors import (
    AlreadyExistsException,
    CommitmentPolicyError,
    DatakeyError,
    DecryptionError,
    DependencyTimeoutException,
    DisabledException,
    DryRunOperationException,
    EncryptionContextMismatchError,
    IncorrectKeyException,
    IncorrectKeyMaterialException,
    InvalidAliasNameException,
    InvalidArnException,
    InvalidCiphertextException,
    InvalidKeyUsageException,
    IoError,
    KeyUnavailableException,
    KMSInternalException,
    KMSInvalidStateException,
    KmsError,
    LimitExceededException,
    MalformedMessageError,
    NoMatchingKeyError,
    NotFoundException,
    ResourceLimitError,
    ThrottlingException,
    UnsupportedOperationException,
    UnsupportedSuiteError,
    UnsupportedVersionError,
    ValidationException,
)

__all__ = [
    # messages
    "encrypt",
    "decrypt",
    "encrypt_stream",
    "decrypt_stream",
    "Decrypted",
    "MessageHeader",
    "CommitmentPolicy",
    # keyrings
    "RawAesKeyring",
    "MultiKeyring",
    "KmsKeyring",
    # the local KMS
    "LocalKms",
    "ManualClock",
    # encryption contexts
    "parse_encryption_context",
    "serialize_encryption_context",
    "GIL_DETACH_THRESHOLD",
    # exceptions
    "DatakeyError",
    "KmsError",
    "AlreadyExistsException",
    "DependencyTimeoutException",
    "DisabledException",
    "DryRunOperationException",
    "IncorrectKeyException",
    "IncorrectKeyMaterialException",
    "InvalidAliasNameException",
    "InvalidArnException",
    "InvalidCiphertextException",
    "InvalidKeyUsageException",
    "KeyUnavailableException",
    "KMSInternalException",
    "KMSInvalidStateException",
    "LimitExceededException",
    "NotFoundException",
    "ThrottlingException",
    "UnsupportedOperationException",
    "ValidationException",
    "DecryptionError",
    "NoMatchingKeyError",
    "MalformedMessageError",
    "UnsupportedVersionError",
    "UnsupportedSuiteError",
    "CommitmentPolicyError",
    "ResourceLimitError",
    "EncryptionContextMismatchError",
    "IoError",
]
