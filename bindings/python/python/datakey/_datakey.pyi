"""Type stubs of the extension module ``datakey._datakey`` (checked with mypy.stubtest)."""

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from datetime import timedelta
from ipaddress import IPv4Address, IPv6Address
from typing import IO, Any, ClassVar, Final, Literal, Protocol, Sequence, TypedDict, Union, final

from typing_extensions import Buffer, Required

from ._errors import KmsError, KmsExceptions

class _Clock(Protocol):
    def now(self) -> datetime: ...

_Response = dict[str, Any]

class _DueRotation(TypedDict):
    ARN: str
    VersionId: str | None
    Error: Exception | None

class _ResponseMetadata(TypedDict):
    RequestId: str
    HTTPStatusCode: int
    HTTPHeaders: dict[str, str]
    RetryAttempts: int

#: The KMS operations LocalKms implements (its methods are boto3's names of these).
KMS_OPERATIONS: Final[tuple[str, ...]]
#: The Secrets Manager operations of the core (LocalSecretsManager's methods are boto3's names).
SECRETS_OPERATIONS: Final[tuple[str, ...]]

class _Reader(Protocol):
    def read(self, size: int, /) -> bytes: ...

class _Writer(Protocol):
    def write(self, data: bytes, /) -> Any: ...

_Keyring = Union[RawAesKeyring, MultiKeyring, KmsKeyring, DiscoveryKeyring, CachingKeyring]
_Seconds = Union[float, timedelta]
_Policy = Union[CommitmentPolicy, str]

__all__ = [
    "KMS_OPERATIONS",
    "SECRETS_OPERATIONS",
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
    "SecretCache",
    "SecretCacheConfig",
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
class SecretCacheConfig:
    """The settings of a SecretCache, with the option names and defaults of AWS's
    aws_secretsmanager_caching.SecretCacheConfig (durations in seconds or timedeltas)."""

    def __new__(
        cls,
        *,
        max_cache_size: int = 1024,
        exception_retry_delay_base: _Seconds | None = None,
        exception_retry_growth_factor: int = 2,
        exception_retry_delay_max: _Seconds | None = None,
        default_version_stage: str | None = None,
        secret_refresh_interval: _Seconds | None = None,
        secret_cache_hook: None = None,
    ) -> SecretCacheConfig: ...
    @property
    def max_cache_size(self) -> int:
        """At most this many secrets are cached (least recently used evicted); default 1024."""
    @property
    def exception_retry_delay_base(self) -> float:
        """Seconds before the first retry after a failed refresh; default 1."""
    @property
    def exception_retry_growth_factor(self) -> int:
        """The factor between two retry delays; default 2."""
    @property
    def exception_retry_delay_max(self) -> float:
        """The longest retry delay in seconds; default 3600."""
    @property
    def default_version_stage(self) -> str:
        """The label read when none is given; default AWSCURRENT."""
    @property
    def secret_refresh_interval(self) -> float:
        """Seconds a value is served before a refresh (due at random in [ttl/2, ttl]); default 3600."""
    @property
    def secret_cache_hook(self) -> None:
        """Always None (hooks are not supported)."""

@final
class SecretCache:
    """A client-side cache of secret values over a LocalSecretsManager, in the shape of AWS's
    aws_secretsmanager_caching.SecretCache: DescribeSecret on refresh, GetSecretValue only when
    the version behind the label changed, the stale value served when a refresh fails."""

    def __new__(
        cls, config: SecretCacheConfig | None = None, client: LocalSecretsManager | None = None
    ) -> SecretCache: ...
    @property
    def config(self) -> SecretCacheConfig: ...
    def get_secret_string(self, secret_id: str, version_stage: str | None = None) -> str:
        """The SecretString of version_stage (the config's default label when None)."""
    def get_secret_binary(self, secret_id: str, version_stage: str | None = None) -> bytes:
        """The SecretBinary of version_stage (the config's default label when None)."""
    def refresh_secret_now(self, secret_id: str) -> None:
        """Refreshes the secret's metadata now; the cached value is kept when this fails."""


@final
class LocalSecretsManager:
    """AWS Secrets Manager, offline, on a LocalKms, in the shape of a boto3 secretsmanager
    client (keyword arguments and response dicts as in the service model)."""

    def __new__(cls, kms: LocalKms) -> LocalSecretsManager: ...
    def _call(self, operation: str, params: Mapping[str, Any]) -> dict[str, Any]: ...
    def batch_get_secret_value(self, **params: Any) -> dict[str, Any]: ...
    def cancel_rotate_secret(self, **params: Any) -> dict[str, Any]: ...
    def put_resource_policy(self, **params: Any) -> dict[str, Any]: ...
    def get_resource_policy(self, **params: Any) -> dict[str, Any]: ...
    def delete_resource_policy(self, **params: Any) -> dict[str, Any]: ...
    def list_resource_policies(self, **params: Any) -> dict[str, Any]: ...
    def validate_resource_policy(self, **params: Any) -> dict[str, Any]: ...
    def replicate_secret_to_regions(self, **params: Any) -> dict[str, Any]: ...
    def remove_regions_from_replication(self, **params: Any) -> dict[str, Any]: ...
    def stop_replication_to_replica(self, **params: Any) -> dict[str, Any]: ...
    def associate_cross_account_replica(self, **params: Any) -> dict[str, Any]: ...
    def disassociate_cross_account_replica(self, **params: Any) -> dict[str, Any]: ...
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
    def run_due_rotations(self) -> list[_DueRotation]:
        """Runs every scheduled rotation that is due on the service's clock, each as a
        ``RotateSecret``; one entry per secret rotated."""

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
    def _call(self, operation: str, params: Mapping[str, Any]) -> dict[str, Any]: ...
    # BEGIN generated by core/src/wire/gen_types.py pyi
    def create_key(self, *, Policy: str | None = None, Description: str | None = None, KeyUsage: Literal['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'] | None = None, CustomerMasterKeySpec: Literal['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2'] | None = None, KeySpec: Literal['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519', 'ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024'] | None = None, Origin: Literal['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] | None = None, CustomKeyStoreId: str | None = None, BypassPolicyLockoutSafetyCheck: bool | None = None, Tags: Sequence[_Tag] | None = None, MultiRegion: bool | None = None, XksKeyId: str | None = None) -> _WithMetadata_CreateKeyResponse:
        """Creates a unique customer managed KMS key in your Amazon Web Services account and Region."""
    def describe_key(self, *, KeyId: str, GrantTokens: Sequence[str] | None = None) -> _WithMetadata_DescribeKeyResponse:
        """Provides detailed information about a KMS key."""
    def list_keys(self, *, Limit: int | None = None, Marker: str | None = None, ResourceOwners: Sequence[Literal['SELF', 'OTHER_ACCOUNTS_VIA_RAM']] | None = None) -> _WithMetadata_ListKeysResponse:
        """Gets a list of all KMS keys in the caller's Amazon Web Services account and Region."""
    def enable_key(self, *, KeyId: str) -> _Response:
        """Sets the key state of a KMS key to enabled."""
    def disable_key(self, *, KeyId: str) -> _Response:
        """Sets the state of a KMS key to disabled."""
    def schedule_key_deletion(self, *, KeyId: str, PendingWindowInDays: int | None = None) -> _WithMetadata_ScheduleKeyDeletionResponse:
        """Schedules the deletion of a KMS key."""
    def cancel_key_deletion(self, *, KeyId: str) -> _WithMetadata_CancelKeyDeletionResponse:
        """Cancels the deletion of a KMS key."""
    def create_alias(self, *, AliasName: str, TargetKeyId: str) -> _Response:
        """Creates a friendly name for a KMS key."""
    def update_alias(self, *, AliasName: str, TargetKeyId: str) -> _Response:
        """Associates an existing KMS alias with a different KMS key."""
    def delete_alias(self, *, AliasName: str) -> _Response:
        """Deletes the specified alias."""
    def list_aliases(self, *, KeyId: str | None = None, Limit: int | None = None, Marker: str | None = None) -> _WithMetadata_ListAliasesResponse:
        """Gets a list of aliases in the caller's Amazon Web Services account and region."""
    def generate_data_key(self, *, KeyId: str, EncryptionContext: Mapping[str, str] | None = None, NumberOfBytes: int | None = None, KeySpec: Literal['AES_256', 'AES_128'] | None = None, GrantTokens: Sequence[str] | None = None, Recipient: _RecipientInfo | None = None, DryRun: bool | None = None) -> _WithMetadata_GenerateDataKeyResponse:
        """Returns a unique symmetric data key for use outside of KMS."""
    def generate_data_key_without_plaintext(self, *, KeyId: str, EncryptionContext: Mapping[str, str] | None = None, KeySpec: Literal['AES_256', 'AES_128'] | None = None, NumberOfBytes: int | None = None, GrantTokens: Sequence[str] | None = None, DryRun: bool | None = None) -> _WithMetadata_GenerateDataKeyWithoutPlaintextResponse:
        """Returns a unique symmetric data key for use outside of KMS."""
    def encrypt(self, *, KeyId: str, Plaintext: Buffer, EncryptionContext: Mapping[str, str] | None = None, GrantTokens: Sequence[str] | None = None, EncryptionAlgorithm: Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] | None = None, DryRun: bool | None = None) -> _WithMetadata_EncryptResponse:
        """Encrypts plaintext of up to 4,096 bytes using a KMS key."""
    def decrypt(self, *, CiphertextBlob: Buffer | None = None, EncryptionContext: Mapping[str, str] | None = None, GrantTokens: Sequence[str] | None = None, KeyId: str | None = None, EncryptionAlgorithm: Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] | None = None, Recipient: _RecipientInfo | None = None, DryRun: bool | None = None, DryRunModifiers: Sequence[Literal['IGNORE_CIPHERTEXT']] | None = None) -> _WithMetadata_DecryptResponse:
        """Decrypts ciphertext that was encrypted by a KMS key using any of the following operations:    Encrypt     GenerateDataKey     GenerateDataKeyPair     GenerateDataKeyWithoutPlaintext     GenerateDataKeyPairWithoutPlaintext    You can use this operation to decrypt ciphertext that was encrypted under a symmetric encryption KMS key or an asymmetric encryption KMS key."""
    def re_encrypt(self, *, DestinationKeyId: str, CiphertextBlob: Buffer | None = None, SourceEncryptionContext: Mapping[str, str] | None = None, SourceKeyId: str | None = None, DestinationEncryptionContext: Mapping[str, str] | None = None, SourceEncryptionAlgorithm: Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] | None = None, DestinationEncryptionAlgorithm: Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] | None = None, GrantTokens: Sequence[str] | None = None, DryRun: bool | None = None, DryRunModifiers: Sequence[Literal['IGNORE_CIPHERTEXT']] | None = None) -> _WithMetadata_ReEncryptResponse:
        """Decrypts ciphertext and then reencrypts it entirely within KMS."""
    def generate_random(self, *, NumberOfBytes: int | None = None, CustomKeyStoreId: str | None = None, Recipient: _RecipientInfo | None = None) -> _WithMetadata_GenerateRandomResponse:
        """Returns a random byte string that is cryptographically secure."""
    def rotate_key_on_demand(self, *, KeyId: str) -> _WithMetadata_RotateKeyOnDemandResponse:
        """Immediately initiates rotation of the key material of the specified symmetric encryption KMS key."""
    def enable_key_rotation(self, *, KeyId: str, RotationPeriodInDays: int | None = None) -> _Response:
        """Enables automatic rotation of the key material of the specified symmetric encryption KMS key."""
    def disable_key_rotation(self, *, KeyId: str) -> _Response:
        """Disables automatic rotation of the key material of the specified symmetric encryption KMS key."""
    def get_key_rotation_status(self, *, KeyId: str) -> _WithMetadata_GetKeyRotationStatusResponse:
        """Provides detailed information about the rotation status for a KMS key, including whether automatic rotation of the key material is enabled for the specified KMS key, the rotation period, and the next scheduled rotation date."""
    def list_key_rotations(self, *, KeyId: str, IncludeKeyMaterial: Literal['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] | None = None, Limit: int | None = None, Marker: str | None = None) -> _WithMetadata_ListKeyRotationsResponse:
        """Returns information about the key materials associated with the specified KMS key."""
    def import_key_material(self, *, KeyId: str, KeyMaterial: Buffer | None = None, ImportToken: Buffer | None = None, EncryptedKeyMaterial: Buffer | None = None, ValidTo: datetime | None = None, ExpirationModel: Literal['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] | None = None, ImportType: Literal['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] | None = None, KeyMaterialDescription: str | None = None, KeyMaterialId: str | None = None) -> _WithMetadata_ImportKeyMaterialResponse:
        """Imports or reimports key material into an existing KMS key that was created without key material."""
    def put_key_policy(self, *, KeyId: str, Policy: str, PolicyName: str | None = None, BypassPolicyLockoutSafetyCheck: bool | None = None) -> _Response:
        """Attaches a key policy to the specified KMS key."""
    def get_key_policy(self, *, KeyId: str, PolicyName: str | None = None) -> _WithMetadata_GetKeyPolicyResponse:
        """Gets a key policy attached to the specified KMS key."""
# END generated

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
    algorithm_suite: int | None = None,
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
    unsigned_only: bool = False,
) -> Decrypted: ...
def encrypt_stream(
    source: _Reader,
    destination: _Writer,
    keyring: _Keyring,
    encryption_context: Mapping[str, str] | None = None,
    frame_length: int = 4096,
    *,
    required_encryption_context_keys: Sequence[str] | None = None,
    algorithm_suite: int | None = None,
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
    unsigned_only: bool = False,
) -> MessageHeader: ...

# The request and response shapes of the KMS operations, from the core's model.
# BEGIN generated by core/src/wire/gen_types.py pyi (types)
class _Tag(TypedDict, total=False):
    """A key-value pair."""
    TagKey: Required[str]
    TagValue: Required[str]

class _MultiRegionKey(TypedDict, total=False):
    """Describes the primary or replica key in a multi-Region key."""
    Arn: str
    Region: str

class _MultiRegionConfiguration(TypedDict, total=False):
    """Describes the configuration of this multi-Region key."""
    MultiRegionKeyType: Literal['PRIMARY', 'REPLICA']
    PrimaryKey: _MultiRegionKey
    ReplicaKeys: list[_MultiRegionKey]

class _KeyMetadata(TypedDict, total=False):
    """Contains metadata about a KMS key."""
    AWSAccountId: Required[str]
    KeyId: Required[str]
    Arn: Required[str]
    CreationDate: Required[datetime]
    Enabled: Required[bool]
    Description: Required[str]
    KeyUsage: Required[Literal['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE']]
    KeyState: Required[Literal['Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating']]
    DeletionDate: datetime
    ValidTo: datetime
    Origin: Required[Literal['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']]
    ExpirationModel: Literal['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE']
    KeyManager: Required[Literal['AWS', 'CUSTOMER']]
    CustomerMasterKeySpec: Literal['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2']
    KeySpec: Required[Literal['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519', 'ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024']]
    EncryptionAlgorithms: list[Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']]
    SigningAlgorithms: list[Literal['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA', 'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512']]
    KeyAgreementAlgorithms: list[Literal['ECDH']]
    MultiRegion: Required[bool]
    MultiRegionConfiguration: _MultiRegionConfiguration
    PendingDeletionWindowInDays: int
    MacAlgorithms: list[Literal['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']]
    CurrentKeyMaterialId: str

class _CreateKeyResponse(TypedDict, total=False):
    """CreateKeyResponse"""
    KeyMetadata: Required[_KeyMetadata]

class _WithMetadata_CreateKeyResponse(_CreateKeyResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _DescribeKeyResponse(TypedDict, total=False):
    """DescribeKeyResponse"""
    KeyMetadata: Required[_KeyMetadata]

class _WithMetadata_DescribeKeyResponse(_DescribeKeyResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _KeyListEntry(TypedDict, total=False):
    """Contains information about each entry in the key list."""
    KeyId: Required[str]
    KeyArn: Required[str]

class _ListKeysResponse(TypedDict, total=False):
    """ListKeysResponse"""
    Keys: Required[list[_KeyListEntry]]
    NextMarker: str
    Truncated: Required[bool]

class _WithMetadata_ListKeysResponse(_ListKeysResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _ScheduleKeyDeletionResponse(TypedDict, total=False):
    """ScheduleKeyDeletionResponse"""
    KeyId: Required[str]
    DeletionDate: Required[datetime]
    KeyState: Required[Literal['Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating']]
    PendingWindowInDays: Required[int]

class _WithMetadata_ScheduleKeyDeletionResponse(_ScheduleKeyDeletionResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _CancelKeyDeletionResponse(TypedDict, total=False):
    """CancelKeyDeletionResponse"""
    KeyId: Required[str]

class _WithMetadata_CancelKeyDeletionResponse(_CancelKeyDeletionResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _AliasListEntry(TypedDict, total=False):
    """Contains information about an alias."""
    AliasName: Required[str]
    AliasArn: Required[str]
    TargetKeyId: str
    CreationDate: Required[datetime]
    LastUpdatedDate: Required[datetime]

class _ListAliasesResponse(TypedDict, total=False):
    """ListAliasesResponse"""
    Aliases: Required[list[_AliasListEntry]]
    NextMarker: str
    Truncated: Required[bool]

class _WithMetadata_ListAliasesResponse(_ListAliasesResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _RecipientInfo(TypedDict, total=False):
    """Contains information about the party that receives the response from the API operation."""
    KeyEncryptionAlgorithm: Literal['RSAES_OAEP_SHA_256']
    AttestationDocument: Buffer

class _GenerateDataKeyResponse(TypedDict, total=False):
    """GenerateDataKeyResponse"""
    CiphertextBlob: Required[bytes]
    Plaintext: Required[bytes]
    KeyId: Required[str]
    KeyMaterialId: Required[str]

class _WithMetadata_GenerateDataKeyResponse(_GenerateDataKeyResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _GenerateDataKeyWithoutPlaintextResponse(TypedDict, total=False):
    """GenerateDataKeyWithoutPlaintextResponse"""
    CiphertextBlob: Required[bytes]
    KeyId: Required[str]
    KeyMaterialId: Required[str]

class _WithMetadata_GenerateDataKeyWithoutPlaintextResponse(_GenerateDataKeyWithoutPlaintextResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _EncryptResponse(TypedDict, total=False):
    """EncryptResponse"""
    CiphertextBlob: Required[bytes]
    KeyId: Required[str]
    EncryptionAlgorithm: Required[Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']]

class _WithMetadata_EncryptResponse(_EncryptResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _DecryptResponse(TypedDict, total=False):
    """DecryptResponse"""
    KeyId: Required[str]
    Plaintext: Required[bytes]
    EncryptionAlgorithm: Required[Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']]
    KeyMaterialId: Required[str]

class _WithMetadata_DecryptResponse(_DecryptResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _ReEncryptResponse(TypedDict, total=False):
    """ReEncryptResponse"""
    CiphertextBlob: Required[bytes]
    SourceKeyId: Required[str]
    KeyId: Required[str]
    SourceEncryptionAlgorithm: Required[Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']]
    DestinationEncryptionAlgorithm: Required[Literal['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']]
    SourceKeyMaterialId: Required[str]
    DestinationKeyMaterialId: Required[str]

class _WithMetadata_ReEncryptResponse(_ReEncryptResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _GenerateRandomResponse(TypedDict, total=False):
    """GenerateRandomResponse"""
    Plaintext: Required[bytes]

class _WithMetadata_GenerateRandomResponse(_GenerateRandomResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _RotateKeyOnDemandResponse(TypedDict, total=False):
    """RotateKeyOnDemandResponse"""
    KeyId: Required[str]

class _WithMetadata_RotateKeyOnDemandResponse(_RotateKeyOnDemandResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _GetKeyRotationStatusResponse(TypedDict, total=False):
    """GetKeyRotationStatusResponse"""
    KeyRotationEnabled: Required[bool]
    KeyId: Required[str]
    RotationPeriodInDays: int
    NextRotationDate: datetime
    OnDemandRotationStartDate: datetime

class _WithMetadata_GetKeyRotationStatusResponse(_GetKeyRotationStatusResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _RotationsListEntry(TypedDict, total=False):
    """Each entry contains information about one of the key materials associated with a KMS key."""
    KeyId: Required[str]
    KeyMaterialId: Required[str]
    KeyMaterialState: Required[Literal['NON_CURRENT', 'CURRENT', 'PENDING_ROTATION', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']]
    RotationDate: datetime
    RotationType: Literal['AUTOMATIC', 'ON_DEMAND']

class _ListKeyRotationsResponse(TypedDict, total=False):
    """ListKeyRotationsResponse"""
    Rotations: Required[list[_RotationsListEntry]]
    NextMarker: str
    Truncated: Required[bool]

class _WithMetadata_ListKeyRotationsResponse(_ListKeyRotationsResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _ImportKeyMaterialResponse(TypedDict, total=False):
    """ImportKeyMaterialResponse"""
    KeyId: Required[str]
    KeyMaterialId: Required[str]

class _WithMetadata_ImportKeyMaterialResponse(_ImportKeyMaterialResponse, total=False):
    ResponseMetadata: _ResponseMetadata

class _GetKeyPolicyResponse(TypedDict, total=False):
    """GetKeyPolicyResponse"""
    Policy: Required[str]
    PolicyName: Required[str]

class _WithMetadata_GetKeyPolicyResponse(_GetKeyPolicyResponse, total=False):
    ResponseMetadata: _ResponseMetadata
# END generated (types)
