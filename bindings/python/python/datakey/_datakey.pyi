"""Type stubs of the extension module ``datakey._datakey`` (checked with mypy.stubtest)."""

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from datetime import timedelta
from ipaddress import IPv4Address, IPv6Address
from typing import IO, Any, ClassVar, Final, Protocol, Sequence, Union, final

from typing_extensions import Buffer

from ._errors import KmsError, KmsExceptions

class _Clock(Protocol):
    def now(self) -> datetime: ...

_Response = dict[str, Any]

class _Reader(Protocol):
    def read(self, size: int, /) -> bytes: ...

class _Writer(Protocol):
    def write(self, data: bytes, /) -> Any: ...

_Keyring = Union[RawAesKeyring, MultiKeyring, KmsKeyring, DiscoveryKeyring, CachingKeyring]
_Seconds = Union[float, timedelta]
_Policy = Union[CommitmentPolicy, str]

__all__ = [
    "__version__",
    "GIL_DETACH_THRESHOLD",
    "PanicException",
    "_panic_for_tests",  # test only (the extension's __all__ lists every function pyo3 adds)
    "CacheStats",
    "CachingKeyring",
    "CommitmentPolicy",
    "DataKeyCache",
    "Decrypted",
    "DiscoveryFilter",
    "DiscoveryKeyring",
    "KmsKeyring",
    "LocalKms",
    "LocalSecretsManager",
    "ManualClock",
    "MessageHeader",
    "MultiKeyring",
    "RawAesKeyring",
    "Server",
    "decrypt",
    "decrypt_stream",
    "encrypt",
    "encrypt_stream",
    "parse_encryption_context",
    "serialize_encryption_context",
    "serve",
]

__version__: Final[str]
GIL_DETACH_THRESHOLD: Final[int]

class PanicException(BaseException):
    """A Rust panic inside datakey (a bug), raised instead of aborting the interpreter.

    This is pyo3's ``pyo3_runtime.PanicException``. It derives from ``BaseException``, not from
    :class:`DatakeyError`, so that ``except Exception`` does not swallow a bug.
    """

def _panic_for_tests(message: str, detach: bool = False) -> None:
    """Test only: panics with ``message`` (with the GIL released when ``detach``)."""

@final
class ManualClock:
    """A clock that only moves when told to."""

    def __new__(cls, start: datetime | None = None) -> ManualClock: ...
    def now(self) -> datetime: ...
    def advance(self, seconds: _Seconds) -> None: ...
    def set(self, to: datetime) -> None: ...

def serialize_encryption_context(encryption_context: Mapping[str, str]) -> bytes: ...
def parse_encryption_context(data: Buffer) -> dict[str, str]: ...

@final
class LocalSecretsManager:
    """AWS Secrets Manager, offline, on a LocalKms, in the shape of a boto3 secretsmanager
    client (keyword arguments and response dicts as in the service model)."""

    def __new__(cls, kms: LocalKms) -> LocalSecretsManager: ...
    @property
    def exceptions(self) -> Any: ...
    def create_secret(
        self,
        *,
        Name: str,
        ClientRequestToken: str | None = None,
        Description: str | None = None,
        KmsKeyId: str | None = None,
        SecretBinary: Buffer | None = None,
        SecretString: str | None = None,
        Tags: Sequence[Mapping[str, str]] | None = None,
        Type: str | None = None,
    ) -> dict[str, Any]: ...
    def get_secret_value(
        self,
        *,
        SecretId: str,
        VersionId: str | None = None,
        VersionStage: str | None = None,
    ) -> dict[str, Any]: ...
    def put_secret_value(
        self,
        *,
        SecretId: str,
        ClientRequestToken: str | None = None,
        SecretBinary: Buffer | None = None,
        SecretString: str | None = None,
        VersionStages: Sequence[str] | None = None,
        RotationToken: str | None = None,
    ) -> dict[str, Any]: ...
    def update_secret(
        self,
        *,
        SecretId: str,
        ClientRequestToken: str | None = None,
        Description: str | None = None,
        KmsKeyId: str | None = None,
        SecretBinary: Buffer | None = None,
        SecretString: str | None = None,
        Type: str | None = None,
    ) -> dict[str, Any]: ...
    def update_secret_version_stage(
        self,
        *,
        SecretId: str,
        VersionStage: str,
        RemoveFromVersionId: str | None = None,
        MoveToVersionId: str | None = None,
    ) -> dict[str, Any]: ...
    def describe_secret(
        self,
        *,
        SecretId: str,
    ) -> dict[str, Any]: ...
    def list_secrets(
        self,
        *,
        IncludePlannedDeletion: bool | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        Filters: Sequence[Mapping[str, Any]] | None = None,
        SortOrder: str | None = None,
        SortBy: str | None = None,
    ) -> dict[str, Any]: ...
    def list_secret_version_ids(
        self,
        *,
        SecretId: str,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        IncludeDeprecated: bool | None = None,
    ) -> dict[str, Any]: ...
    def delete_secret(
        self,
        *,
        SecretId: str,
        RecoveryWindowInDays: int | None = None,
        ForceDeleteWithoutRecovery: bool | None = None,
    ) -> dict[str, Any]: ...
    def restore_secret(
        self,
        *,
        SecretId: str,
    ) -> dict[str, Any]: ...
    def get_random_password(
        self,
        *,
        PasswordLength: int | None = None,
        ExcludeCharacters: str | None = None,
        ExcludeNumbers: bool | None = None,
        ExcludePunctuation: bool | None = None,
        ExcludeUppercase: bool | None = None,
        ExcludeLowercase: bool | None = None,
        IncludeSpace: bool | None = None,
        RequireEachIncludedType: bool | None = None,
    ) -> dict[str, Any]: ...
    def tag_resource(
        self,
        *,
        SecretId: str,
        Tags: Sequence[Mapping[str, str]],
    ) -> dict[str, Any]: ...
    def untag_resource(
        self,
        *,
        SecretId: str,
        TagKeys: Sequence[str],
    ) -> dict[str, Any]: ...
    def rotate_secret(
        self,
        *,
        SecretId: str,
        ClientRequestToken: str | None = None,
        RotationLambdaARN: str | None = None,
        RotationRules: Mapping[str, Any] | None = None,
        RotateImmediately: bool | None = None,
    ) -> dict[str, Any]: ...
    def register_rotation_function(
        self, lambda_arn: str, function: Callable[[dict[str, str], None], object]
    ) -> None: ...

@final
class LocalKms:
    """An offline AWS KMS in the shape of a boto3 KMS client."""

    def __new__(
        cls,
        region: str | None = None,
        account_id: str | None = None,
        clock: ManualClock | _Clock | None = None,
        *,
        propagation_delay: _Seconds | None = None,
        fault_seed: int | None = None,
        insecure_deterministic_seed: int | None = None,
    ) -> LocalKms: ...
    @staticmethod
    def open(
        path: str | os.PathLike[str] | None = None,
        *,
        root_key: str | Buffer | None = None,
        passphrase: str | Buffer | None = None,
        region: str | None = None,
        account_id: str | None = None,
        clock: ManualClock | _Clock | None = None,
    ) -> LocalKms: ...
    @property
    def store_path(self) -> str | None: ...
    @property
    def region(self) -> str: ...
    @property
    def account_id(self) -> str: ...
    @property
    def principal(self) -> str: ...
    @property
    def source_ip(self) -> str | None: ...
    @property
    def propagation_delay(self) -> timedelta: ...
    @property
    def exceptions(self) -> KmsExceptions: ...
    def keyring(self, key_id: str) -> KmsKeyring: ...
    def discovery_keyring(self, discovery_filter: DiscoveryFilter | None = None) -> DiscoveryKeyring: ...
    def as_caller(
        self,
        principal: str | None = None,
        *,
        source_ip: str | IPv4Address | IPv6Address | None = None,
        session: Mapping[str, Any] | None = None,
    ) -> LocalKms: ...
    def inject_fault(
        self,
        fault: str | type[KmsError],
        operations: Sequence[str] | None = None,
        *,
        next_calls: int | None = None,
        rate: float | None = None,
    ) -> None: ...
    def clear_faults(self) -> None: ...
    def faults(self) -> list[dict[str, Any]]: ...
    def assume_role(
        self, *, RoleArn: str, RoleSessionName: str, DurationSeconds: int | None = None
    ) -> _Response: ...
    def put_key_policy(
        self,
        *,
        KeyId: str,
        Policy: str,
        PolicyName: str | None = None,
        BypassPolicyLockoutSafetyCheck: bool | None = None,
    ) -> _Response: ...
    def get_key_policy(self, *, KeyId: str, PolicyName: str | None = None) -> _Response: ...
    def create_key(
        self,
        *,
        Description: str | None = None,
        KeyUsage: str | None = None,
        KeySpec: str | None = None,
        CustomerMasterKeySpec: str | None = None,
        Origin: str | None = None,
        MultiRegion: bool | None = None,
        Policy: str | None = None,
        BypassPolicyLockoutSafetyCheck: bool | None = None,
    ) -> _Response: ...
    def describe_key(self, *, KeyId: str) -> _Response: ...
    def list_keys(self, *, Limit: int | None = None, Marker: str | None = None) -> _Response: ...
    def create_alias(self, *, AliasName: str, TargetKeyId: str) -> _Response: ...
    def update_alias(self, *, AliasName: str, TargetKeyId: str) -> _Response: ...
    def delete_alias(self, *, AliasName: str) -> _Response: ...
    def list_aliases(
        self, *, KeyId: str | None = None, Limit: int | None = None, Marker: str | None = None
    ) -> _Response: ...
    def enable_key(self, *, KeyId: str) -> _Response: ...
    def disable_key(self, *, KeyId: str) -> _Response: ...
    def schedule_key_deletion(
        self, *, KeyId: str, PendingWindowInDays: int | None = None
    ) -> _Response: ...
    def cancel_key_deletion(self, *, KeyId: str) -> _Response: ...
    def generate_data_key(
        self,
        *,
        KeyId: str,
        EncryptionContext: Mapping[str, str] | None = None,
        NumberOfBytes: int | None = None,
        KeySpec: str | None = None,
    ) -> _Response: ...
    def generate_data_key_without_plaintext(
        self,
        *,
        KeyId: str,
        EncryptionContext: Mapping[str, str] | None = None,
        NumberOfBytes: int | None = None,
        KeySpec: str | None = None,
    ) -> _Response: ...
    def encrypt(
        self,
        *,
        KeyId: str,
        Plaintext: Buffer,
        EncryptionContext: Mapping[str, str] | None = None,
        EncryptionAlgorithm: str | None = None,
    ) -> _Response: ...
    def decrypt(
        self,
        *,
        CiphertextBlob: Buffer,
        EncryptionContext: Mapping[str, str] | None = None,
        KeyId: str | None = None,
        EncryptionAlgorithm: str | None = None,
    ) -> _Response: ...
    def re_encrypt(
        self,
        *,
        CiphertextBlob: Buffer,
        DestinationKeyId: str,
        SourceEncryptionContext: Mapping[str, str] | None = None,
        SourceKeyId: str | None = None,
        DestinationEncryptionContext: Mapping[str, str] | None = None,
        SourceEncryptionAlgorithm: str | None = None,
        DestinationEncryptionAlgorithm: str | None = None,
    ) -> _Response: ...
    def generate_random(self, *, NumberOfBytes: int | None = None) -> _Response: ...
    def rotate_key_on_demand(self, *, KeyId: str) -> _Response: ...
    def enable_key_rotation(
        self, *, KeyId: str, RotationPeriodInDays: int | None = None
    ) -> _Response: ...
    def disable_key_rotation(self, *, KeyId: str) -> _Response: ...
    def get_key_rotation_status(self, *, KeyId: str) -> _Response: ...
    def list_key_rotations(
        self, *, KeyId: str, Limit: int | None = None, Marker: str | None = None
    ) -> _Response: ...
    def import_key_material(
        self,
        *,
        KeyId: str,
        KeyMaterial: Buffer | None = None,
        ImportType: str | None = None,
        ExpirationModel: str | None = None,
        ValidTo: datetime | None = None,
    ) -> _Response: ...

@final
class RawAesKeyring:
    """A raw AES keyring: wraps data keys under an AES key held in memory."""

    def __new__(cls, namespace: str, name: str, key: Buffer) -> RawAesKeyring: ...
    @property
    def namespace(self) -> str: ...
    @property
    def name(self) -> str: ...

@final
class MultiKeyring:
    """A generator keyring and others; any one of them can decrypt."""

    def __new__(cls, generator: _Keyring | None, *others: _Keyring) -> MultiKeyring: ...
    @property
    def generator(self) -> _Keyring | None: ...
    @property
    def children(self) -> tuple[_Keyring, ...]: ...

@final
class KmsKeyring:
    """A keyring over one key of a LocalKms (made by LocalKms.keyring)."""

    @property
    def key_id(self) -> str: ...

@final
class DiscoveryFilter:
    """Which key ARNs a discovery keyring may use (the ESDK's DiscoveryFilter)."""

    def __new__(cls, partition: str, account_ids: Sequence[str]) -> DiscoveryFilter: ...
    @property
    def partition(self) -> str: ...
    @property
    def account_ids(self) -> list[str]: ...

@final
class DiscoveryKeyring:
    """A decrypt-only keyring over every key of a LocalKms (made by LocalKms.discovery_keyring)."""

    @property
    def discovery_filter(self) -> DiscoveryFilter | None: ...

@final
class DataKeyCache:
    """A thread-safe store of cached data keys, shared by CachingKeyrings."""

    def __new__(cls, capacity: int = 1000, clock: ManualClock | _Clock | None = None) -> DataKeyCache: ...
    @property
    def capacity(self) -> int: ...
    def __len__(self) -> int: ...
    def clear(self) -> int: ...
    def purge_expired(self) -> int: ...

@final
class CacheStats:
    """The counters of a CachingKeyring."""

    @property
    def hits(self) -> int: ...
    @property
    def misses(self) -> int: ...
    @property
    def bypasses(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class CachingKeyring:
    """A keyring that reuses the data keys of the keyring it wraps across messages."""

    def __new__(
        cls,
        keyring: _Keyring,
        max_age: _Seconds,
        *,
        max_messages: int | None = None,
        max_bytes: int | None = None,
        partition: str | None = None,
        cache: DataKeyCache | None = None,
        clock: ManualClock | _Clock | None = None,
        capacity: int | None = None,
    ) -> CachingKeyring: ...
    @property
    def keyring(self) -> _Keyring: ...
    @property
    def cache(self) -> DataKeyCache: ...
    @property
    def partition(self) -> str: ...
    def stats(self) -> CacheStats: ...
    def entry_counts(self) -> tuple[int, int]: ...
    def invalidate(self) -> int: ...
    def invalidate_encryption_context(self, encryption_context: Mapping[str, str]) -> int: ...

@final
class CommitmentPolicy:
    """Which messages decrypt accepts."""

    REQUIRE_ENCRYPT_REQUIRE_DECRYPT: ClassVar[CommitmentPolicy]
    REQUIRE_ENCRYPT_ALLOW_DECRYPT: ClassVar[CommitmentPolicy]
    def __int__(self) -> int: ...
    def __hash__(self) -> int: ...

@final
class MessageHeader:
    """The header facts of a decrypted message."""

    @property
    def version(self) -> int: ...
    @property
    def algorithm_suite_id(self) -> int: ...
    @property
    def message_id(self) -> bytes: ...
    @property
    def encryption_context(self) -> dict[str, str]: ...
    @property
    def required_encryption_context_keys(self) -> list[str]: ...
    @property
    def encrypted_data_keys(self) -> list[tuple[str, str]]: ...
    @property
    def framed(self) -> bool: ...
    @property
    def frame_length(self) -> int: ...
    @property
    def header_length(self) -> int: ...

@final
class Decrypted:
    """A decrypted message: plaintext and header."""

    @property
    def plaintext(self) -> bytes: ...
    @property
    def header(self) -> MessageHeader: ...

@final
class Server:
    """A running AWS endpoint (KMS JSON 1.1 + STS Query, SigV4) serving a LocalKms."""

    @property
    def endpoint_url(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def access_key_id(self) -> str: ...
    @property
    def secret_access_key(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def running(self) -> bool: ...
    def stop(self) -> None: ...
    def __enter__(self) -> Server: ...
    def __exit__(self, *_args: object) -> bool: ...

def serve(kms: LocalKms | None = None, *, host: str = "127.0.0.1", port: int = 0) -> Server: ...
def encrypt(
    plaintext: Buffer,
    keyring: _Keyring,
    encryption_context: Mapping[str, str] | None = None,
    frame_length: int = 4096,
    *,
    required_encryption_context_keys: Sequence[str] | None = None,
) -> bytes: ...
def decrypt(
    message: Buffer,
    keyring: _Keyring,
    encryption_context: Mapping[str, str] | None = None,
    commitment_policy: _Policy | None = None,
    *,
    max_encrypted_data_keys: int | None = None,
    max_header_size: int | None = None,
    max_frame_length: int | None = None,
    max_body_size: int | None = None,
) -> Decrypted: ...
def encrypt_stream(
    source: _Reader,
    destination: _Writer,
    keyring: _Keyring,
    encryption_context: Mapping[str, str] | None = None,
    frame_length: int = 4096,
    *,
    required_encryption_context_keys: Sequence[str] | None = None,
) -> int: ...
def decrypt_stream(
    source: _Reader,
    destination: _Writer,
    keyring: _Keyring,
    encryption_context: Mapping[str, str] | None = None,
    commitment_policy: _Policy | None = None,
    *,
    max_encrypted_data_keys: int | None = None,
    max_header_size: int | None = None,
    max_frame_length: int | None = None,
    max_body_size: int | None = None,
) -> MessageHeader: ...
