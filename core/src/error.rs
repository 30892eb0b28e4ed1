//! The one error type of datakey.
//!
//! Every fallible operation returns [`Error`]. Its variants are the exceptions AWS KMS raises (named
//! without the `Exception` suffix), plus the failures of the AWS Encryption SDK message format.
//! [`Error::name`] gives the name the Python and Node bindings use for the same failure, so an error
//! is called the same thing in all three languages.
//!
//! Failures that depend on a key (a wrong key, a wrong encryption context, a flipped bit, a truncated
//! message) are deliberately uninformative: [`Error::InvalidCiphertext`] for KMS ciphertext blobs and
//! [`Error::Decryption`] for messages carry no detail at all, so they cannot become an oracle.

use core::fmt;

/// The result type of every fallible datakey operation.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Everything that can go wrong in datakey.
///
/// Matching is stable by variant; the human-readable message (from `Display`) reproduces the AWS
/// KMS wording where KMS has one.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    // ----- AWS KMS exceptions --------------------------------------------------------------
    /// `NotFoundException`: the key, alias or resource does not exist (or a key id is malformed).
    NotFound(String),
    /// `DisabledException`: the key is disabled.
    Disabled(String),
    /// `KMSInvalidStateException`: the key's state (pending deletion, pending import, …) does not
    /// allow the operation.
    KmsInvalidState(String),
    /// `InvalidKeyUsageException`: the key's spec or usage does not allow the operation, for
    /// example generating a data key under an asymmetric key.
    InvalidKeyUsage(String),
    /// `InvalidCiphertextException`: a KMS ciphertext blob could not be decrypted. Deliberately
    /// carries no detail (AWS answers with an empty message).
    InvalidCiphertext,
    /// `IncorrectKeyException`: the key named in the request is not the key that encrypted the blob.
    IncorrectKey,
    /// `LimitExceededException`: a KMS quota was reached (for example 25 on-demand rotations).
    LimitExceeded(String),
    /// `ValidationException`: a parameter is missing, out of range or malformed.
    Validation(String),
    /// `IncorrectKeyMaterialException`: imported key material is not the material the key had
    /// before (or is already one of its versions).
    IncorrectKeyMaterial(String),
    /// `UnsupportedOperationException`: the operation is not valid for the key's origin or spec.
    UnsupportedOperation(String),
    /// `AlreadyExistsException`: the alias (or other resource) already exists.
    AlreadyExists(String),
    /// `InvalidAliasNameException`: the alias name is malformed or reserved.
    InvalidAliasName(String),
    /// `InvalidArnException`: an ARN is malformed or names another region or account.
    InvalidArn(String),
    /// `DryRunOperationException`: the request would have succeeded, but `DryRun` was set.
    DryRunOperation,
    /// `KeyUnavailableException`: the key is temporarily unavailable (injected fault).
    KeyUnavailable(String),
    /// `DependencyTimeoutException`: a dependency timed out (injected fault).
    DependencyTimeout(String),
    /// `ThrottlingException`: the request rate is too high (injected fault).
    Throttling(String),
    /// `KMSInternalException`: an internal error (injected fault).
    KmsInternal(String),
    /// `AccessDeniedException`: the key policy does not allow the caller the action. The
    /// structured [`AccessDeniedReason`] says why ([`Error::access_denied`]).
    AccessDenied(Box<AccessDenied>),
    /// `ExpiredTokenException`: the caller's temporary credentials have expired ("The security
    /// token included in the request is expired"); [`Error::access_denied`] gives the time.
    ExpiredToken(Box<AccessDenied>),
    /// `UnrecognizedClientException`: the caller's session credentials were not issued by this
    /// service ("The security token included in the request is invalid.").
    UnrecognizedClient(String),
    /// `MalformedPolicyDocumentException`: a key policy is not valid JSON, uses IAM grammar
    /// datakey does not model, or would lock the caller out of the key.
    MalformedPolicyDocument(String),

    // ----- AWS Secrets Manager exceptions (crate::secrets) ----------------------------------
    /// `ResourceNotFoundException`: the secret, or the version asked for, does not exist.
    ResourceNotFound(String),
    /// `InvalidParameterException`: a parameter value is not valid for the secret's state (for
    /// example both a string and a binary value).
    InvalidParameter(String),
    /// `InvalidRequestException`: the request is not valid in the secret's current state (for
    /// example the secret is scheduled for deletion).
    InvalidRequest(String),
    /// `ResourceExistsException`: a secret of that name, or a version with that
    /// `ClientRequestToken`, already exists.
    ResourceExists(String),
    /// `EncryptionFailure`: Secrets Manager could not encrypt the secret value with its KMS key
    /// (the key is not a usable symmetric encryption key; the message carries KMS's words).
    EncryptionFailure(String),
    /// `DecryptionFailure`: Secrets Manager could not decrypt the secret value with its KMS key.
    DecryptionFailure(String),
    /// `InvalidNextTokenException`: the `NextToken` is not one this service gave.
    InvalidNextToken(String),
    /// `PublicPolicyException`: a resource policy grants public access and `BlockPublicPolicy`
    /// was set.
    PublicPolicy(String),
    /// `PreconditionNotMetException`: a precondition of the request does not hold.
    PreconditionNotMet(String),

    // ----- AWS Encryption SDK messages ----------------------------------------------------
    /// A message failed authentication: wrong key, wrong encryption context, failed key
    /// commitment, a bad header or frame tag, or a truncated or reordered body. Deliberately
    /// carries no detail.
    Decryption,
    /// None of the keyrings could open any encrypted data key of the message. Lists the (public)
    /// provider ids and key names that the message carried and those the keyrings looked for.
    NoMatchingKey(Box<NoMatchingKey>),
    /// The bytes are not a well-formed message (independent of any key): a bad length, a bad
    /// field value, trailing bytes, a missing final frame.
    Malformed(String),
    /// The message format version is not 1 or 2.
    UnsupportedVersion(u8),
    /// The algorithm suite is unknown, or signed when the caller accepts unsigned messages only
    /// ([`DecryptOptions::unsigned_only`](crate::message::DecryptOptions::unsigned_only)).
    UnsupportedSuite(u16),
    /// The algorithm suite is not allowed by the caller's commitment policy.
    CommitmentPolicy(String),
    /// Untrusted input exceeds a configured limit (header size, number of encrypted data keys,
    /// frame length, body size).
    ResourceLimit(String),
    /// The encryption context given on decrypt does not match the one the message binds.
    EncryptionContextMismatch(String),
    /// Reading or writing a stream failed.
    Io(std::io::Error),

    // ----- the persistent key store ----------------------------------------------------------
    /// The key store file is damaged: its checksum or structure is wrong. The file is left
    /// untouched.
    StoreCorrupt(String),
    /// The key store file is intact but does not open with the root key or passphrase given.
    WrongRootKey(String),
    /// The key store file has a format version this datakey does not read.
    UnsupportedStoreVersion(u16),
    /// The key store file is older than what this process already saw of it (an older copy
    /// was put back, or the file was removed): the operation is refused and nothing is written.
    StoreRollback(String),
    /// An operation on a persistent key store was called while another operation on the same
    /// store was running on this thread (for example from a clock's `now()`): it would wait for
    /// itself forever, so it is refused.
    ReentrantCall(String),
}

/// Why a request was refused: the answer to "why access denied?", one attribute away from the
/// error ([`Error::access_denied`]).
///
/// All plain data (strings and a time), so the bindings can expose it field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessDenied {
    /// The caller's principal ARN (an IAM user, role or root, or an STS assumed-role session).
    pub principal: String,
    /// The IAM action, for example `kms:Decrypt`.
    pub action: String,
    /// The key ARN the action was attempted on (empty for [`Error::ExpiredToken`], which is
    /// checked before the request's key is looked up).
    pub resource: String,
    /// Why it was refused.
    pub reason: AccessDeniedReason,
}

/// The structured reason of an [`AccessDenied`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessDeniedReason {
    /// Implicit deny: no statement of the key policy allows this principal the action on
    /// this key.
    NoStatementAllows,
    /// Explicit deny: the statement (its `Sid`, or `#<index>` counting from 0 when it has
    /// none) denies the action. An explicit deny wins over every allow.
    ExplicitDeny {
        /// The `Sid` of the denying statement, or `#<index>`.
        statement: String,
    },
    /// A statement allows the principal the action, but one of its conditions is not met
    /// (the first such condition of the first such statement).
    ConditionNotMet {
        /// The `Sid` of the statement, or `#<index>`.
        statement: String,
        /// The condition operator as written, for example `IpAddress` or
        /// `ForAllValues:StringEquals`.
        operator: String,
        /// The condition key as written, for example `aws:SourceIp`.
        key: String,
        /// The request's value(s) for the key, joined with `,` (`None` when the request has
        /// no value for it, for example no source IP or no such encryption context key).
        value: Option<String>,
    },
    /// The caller is a principal of another account than the one the service holds keys
    /// for, and the operation is one AWS does not allow across accounts (`CreateKey`, the
    /// alias operations, `ListKeys`, `ListAliases`, key administration; `sts:AssumeRole` of a
    /// role in another account, since datakey models no trust policies). The key policy is not
    /// consulted.
    OtherAccount {
        /// The caller's account.
        account: String,
    },
    /// The caller's temporary credentials expired at this time.
    CredentialsExpired {
        /// When the credentials expired.
        expired_at: std::time::SystemTime,
    },
    /// Secrets Manager called KMS for the caller (`kms:ViaService`) and the key policy of the
    /// secret's KMS key refused it: AWS's `Access to KMS is not allowed`. The
    /// [`AccessDenied`]'s action and resource are the KMS action and key ARN.
    KmsAccessDenied {
        /// Why the key policy refused (`NoStatementAllows`, `ConditionNotMet`, …).
        cause: Box<AccessDeniedReason>,
    },
    /// Secrets Manager cannot invoke the secret's rotation function (no function is
    /// registered under that ARN); the [`AccessDenied`]'s resource is the function ARN.
    RotationFunctionNotInvokable,
}

impl AccessDeniedReason {
    /// A stable name for the kind of reason: `NoStatementAllows`, `ExplicitDeny`,
    /// `ConditionNotMet`, `OtherAccount` or `CredentialsExpired` (the bindings expose it as
    /// `reason.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            AccessDeniedReason::NoStatementAllows => "NoStatementAllows",
            AccessDeniedReason::ExplicitDeny { .. } => "ExplicitDeny",
            AccessDeniedReason::ConditionNotMet { .. } => "ConditionNotMet",
            AccessDeniedReason::OtherAccount { .. } => "OtherAccount",
            AccessDeniedReason::CredentialsExpired { .. } => "CredentialsExpired",
            AccessDeniedReason::KmsAccessDenied { .. } => "KmsAccessDenied",
            AccessDeniedReason::RotationFunctionNotInvokable => "RotationFunctionNotInvokable",
        }
    }
}

impl fmt::Display for AccessDeniedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccessDeniedReason::NoStatementAllows => {
                f.write_str("no statement of the key policy allows the action")
            }
            AccessDeniedReason::ExplicitDeny { statement } => {
                write!(f, "statement {statement} denies the action")
            }
            AccessDeniedReason::ConditionNotMet {
                statement,
                operator,
                key,
                value: Some(v),
            } => write!(
                f,
                "statement {statement}: condition {operator} on {key} not met by {v}"
            ),
            AccessDeniedReason::ConditionNotMet {
                statement,
                operator,
                key,
                value: None,
            } => write!(
                f,
                "statement {statement}: condition {operator} on {key} not met: the request has no {key}"
            ),
            AccessDeniedReason::OtherAccount { account } => write!(
                f,
                "the caller belongs to account {account}, and the action cannot be performed \
                 in another account"
            ),
            AccessDeniedReason::CredentialsExpired { expired_at } => write!(
                f,
                "the temporary credentials expired at {}",
                crate::time::format_iso8601(*expired_at)
            ),
            AccessDeniedReason::KmsAccessDenied { cause } => {
                write!(
                    f,
                    "the key policy of the secret's KMS key refuses it: {cause}"
                )
            }
            AccessDeniedReason::RotationFunctionNotInvokable => {
                f.write_str("no rotation function is registered under this ARN")
            }
        }
    }
}

impl AccessDenied {
    /// AWS's message: `User: <principal> is not authorized to perform: <action> on resource:
    /// <ARN> because no resource-based policy allows the <action> action`, or `… with an
    /// explicit deny in a resource-based policy`; for a caller of another account, `… because
    /// no identity-based policy allows the <action> action` (for `sts:AssumeRole`, STS's
    /// `User: <principal> is not authorized to perform: sts:AssumeRole on resource: <role>`).
    pub fn aws_message(&self) -> String {
        let AccessDenied {
            principal,
            action,
            resource,
            reason,
        } = self;
        match reason {
            AccessDeniedReason::ExplicitDeny { .. } => format!(
                "User: {principal} is not authorized to perform: {action} on resource: \
                 {resource} with an explicit deny in a resource-based policy"
            ),
            AccessDeniedReason::CredentialsExpired { .. } => EXPIRED_TOKEN_MESSAGE.to_owned(),
            AccessDeniedReason::KmsAccessDenied { .. } => "Access to KMS is not allowed".to_owned(),
            AccessDeniedReason::RotationFunctionNotInvokable => {
                "Secrets Manager cannot invoke the specified Lambda function. Ensure that the \
                 function policy grants access to the principal secretsmanager.amazonaws.com."
                    .to_owned()
            }
            AccessDeniedReason::OtherAccount { .. } if action.starts_with("sts:") => format!(
                "User: {principal} is not authorized to perform: {action} on resource: {resource}"
            ),
            AccessDeniedReason::OtherAccount { .. } => format!(
                "User: {principal} is not authorized to perform: {action} on resource: \
                 {resource} because no identity-based policy allows the {action} action"
            ),
            _ => format!(
                "User: {principal} is not authorized to perform: {action} on resource: \
                 {resource} because no resource-based policy allows the {action} action"
            ),
        }
    }
}

/// The message of [`Error::ExpiredToken`], as AWS words it.
pub const EXPIRED_TOKEN_MESSAGE: &str = "The security token included in the request is expired";

/// Public facts about a message whose encrypted data keys no keyring could open.
///
/// Everything here is plaintext header data (provider ids and key names), never key material.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoMatchingKey {
    /// `(provider id, key name or key ARN)` of every encrypted data key the message carries.
    pub present: Vec<(String, String)>,
    /// `(provider id, key name or key ARN)` of every wrapping key the caller's keyrings offered.
    pub tried: Vec<(String, String)>,
}

impl Error {
    /// The exception name, identical in Rust, Python (class name) and Node (`err.name`).
    ///
    /// KMS failures carry KMS's exception names (`"DisabledException"`, …); message failures are
    /// named `…Error`.
    pub fn name(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "NotFoundException",
            Error::Disabled(_) => "DisabledException",
            Error::KmsInvalidState(_) => "KMSInvalidStateException",
            Error::InvalidKeyUsage(_) => "InvalidKeyUsageException",
            Error::InvalidCiphertext => "InvalidCiphertextException",
            Error::IncorrectKey => "IncorrectKeyException",
            Error::LimitExceeded(_) => "LimitExceededException",
            Error::Validation(_) => "ValidationException",
            Error::IncorrectKeyMaterial(_) => "IncorrectKeyMaterialException",
            Error::UnsupportedOperation(_) => "UnsupportedOperationException",
            Error::AlreadyExists(_) => "AlreadyExistsException",
            Error::InvalidAliasName(_) => "InvalidAliasNameException",
            Error::InvalidArn(_) => "InvalidArnException",
            Error::DryRunOperation => "DryRunOperationException",
            Error::KeyUnavailable(_) => "KeyUnavailableException",
            Error::DependencyTimeout(_) => "DependencyTimeoutException",
            Error::Throttling(_) => "ThrottlingException",
            Error::KmsInternal(_) => "KMSInternalException",
            Error::AccessDenied(_) => "AccessDeniedException",
            Error::ExpiredToken(_) => "ExpiredTokenException",
            Error::UnrecognizedClient(_) => "UnrecognizedClientException",
            Error::MalformedPolicyDocument(_) => "MalformedPolicyDocumentException",
            Error::ResourceNotFound(_) => "ResourceNotFoundException",
            Error::InvalidParameter(_) => "InvalidParameterException",
            Error::InvalidRequest(_) => "InvalidRequestException",
            Error::ResourceExists(_) => "ResourceExistsException",
            Error::EncryptionFailure(_) => "EncryptionFailure",
            Error::DecryptionFailure(_) => "DecryptionFailure",
            Error::InvalidNextToken(_) => "InvalidNextTokenException",
            Error::PublicPolicy(_) => "PublicPolicyException",
            Error::PreconditionNotMet(_) => "PreconditionNotMetException",
            Error::Decryption => "DecryptionError",
            Error::NoMatchingKey(_) => "NoMatchingKeyError",
            Error::Malformed(_) => "MalformedMessageError",
            Error::UnsupportedVersion(_) => "UnsupportedVersionError",
            Error::UnsupportedSuite(_) => "UnsupportedSuiteError",
            Error::CommitmentPolicy(_) => "CommitmentPolicyError",
            Error::ResourceLimit(_) => "ResourceLimitError",
            Error::EncryptionContextMismatch(_) => "EncryptionContextMismatchError",
            Error::Io(_) => "IoError",
            Error::StoreCorrupt(_) => "StoreCorruptError",
            Error::WrongRootKey(_) => "WrongRootKeyError",
            Error::UnsupportedStoreVersion(_) => "UnsupportedStoreVersionError",
            Error::StoreRollback(_) => "StoreRollbackError",
            Error::ReentrantCall(_) => "ReentrantCallError",
        }
    }

    /// The message alone, without the exception name (empty for the opaque failures, as in KMS).
    pub fn message(&self) -> String {
        match self {
            Error::NotFound(m)
            | Error::Disabled(m)
            | Error::KmsInvalidState(m)
            | Error::InvalidKeyUsage(m)
            | Error::LimitExceeded(m)
            | Error::Validation(m)
            | Error::IncorrectKeyMaterial(m)
            | Error::UnsupportedOperation(m)
            | Error::AlreadyExists(m)
            | Error::InvalidAliasName(m)
            | Error::InvalidArn(m)
            | Error::KeyUnavailable(m)
            | Error::DependencyTimeout(m)
            | Error::Throttling(m)
            | Error::KmsInternal(m)
            | Error::UnrecognizedClient(m)
            | Error::MalformedPolicyDocument(m)
            | Error::ResourceNotFound(m)
            | Error::InvalidParameter(m)
            | Error::InvalidRequest(m)
            | Error::ResourceExists(m)
            | Error::EncryptionFailure(m)
            | Error::DecryptionFailure(m)
            | Error::InvalidNextToken(m)
            | Error::PublicPolicy(m)
            | Error::PreconditionNotMet(m)
            | Error::Malformed(m)
            | Error::CommitmentPolicy(m)
            | Error::ResourceLimit(m)
            | Error::EncryptionContextMismatch(m)
            | Error::StoreCorrupt(m)
            | Error::WrongRootKey(m)
            | Error::StoreRollback(m)
            | Error::ReentrantCall(m) => m.clone(),
            Error::InvalidCiphertext | Error::Decryption => String::new(),
            Error::AccessDenied(a) | Error::ExpiredToken(a) => a.aws_message(),
            Error::IncorrectKey => {
                "The key ID in the request does not identify a CMK that can perform this operation."
                    .to_owned()
            }
            Error::DryRunOperation => {
                "The request would have succeeded, but the DryRun option is set.".to_owned()
            }
            Error::NoMatchingKey(n) => n.to_string(),
            Error::UnsupportedVersion(v) => format!(
                "unsupported message format version {v:#04x}: the input is not an AWS \
                 Encryption SDK message (those start with 0x01 or 0x02)"
            ),
            Error::UnsupportedSuite(s @ (0x0214 | 0x0346 | 0x0378 | 0x0578)) => format!(
                "unsupported algorithm suite {s:#06x}: it is a signed (ECDSA) suite, and the \
                 decrypt options accept unsigned messages only (unsigned_only)"
            ),
            Error::UnsupportedSuite(s) => format!("unsupported algorithm suite {s:#06x}"),
            Error::Io(e) => e.to_string(),
            Error::UnsupportedStoreVersion(v) => format!(
                "The key store file has format version {v}; this datakey reads versions 1 and \
                 2. Use a newer datakey."
            ),
        }
    }

    /// True for the failures that mean "this ciphertext did not authenticate under the keys and
    /// context given": [`Error::InvalidCiphertext`], [`Error::Decryption`] and
    /// [`Error::NoMatchingKey`].
    pub fn is_authentication_failure(&self) -> bool {
        matches!(
            self,
            Error::InvalidCiphertext | Error::Decryption | Error::NoMatchingKey(_)
        )
    }

    /// The structured refusal of an [`Error::AccessDenied`] or [`Error::ExpiredToken`]: who,
    /// what, on which key, and why ([`AccessDenied::reason`]).
    pub fn access_denied(&self) -> Option<&AccessDenied> {
        match self {
            Error::AccessDenied(a) | Error::ExpiredToken(a) => Some(a),
            _ => None,
        }
    }

    /// The reason of an [`Error::AccessDenied`] or [`Error::ExpiredToken`].
    pub fn access_denied_reason(&self) -> Option<&AccessDeniedReason> {
        self.access_denied().map(|a| &a.reason)
    }

    /// An equal error (same variant and message; an I/O error keeps its kind and text), for
    /// a cache that answers the same failure again.
    pub(crate) fn duplicate(&self) -> Error {
        use Error as E;
        match self {
            E::NotFound(m) => E::NotFound(m.clone()),
            E::Disabled(m) => E::Disabled(m.clone()),
            E::KmsInvalidState(m) => E::KmsInvalidState(m.clone()),
            E::InvalidKeyUsage(m) => E::InvalidKeyUsage(m.clone()),
            E::InvalidCiphertext => E::InvalidCiphertext,
            E::IncorrectKey => E::IncorrectKey,
            E::LimitExceeded(m) => E::LimitExceeded(m.clone()),
            E::Validation(m) => E::Validation(m.clone()),
            E::IncorrectKeyMaterial(m) => E::IncorrectKeyMaterial(m.clone()),
            E::UnsupportedOperation(m) => E::UnsupportedOperation(m.clone()),
            E::AlreadyExists(m) => E::AlreadyExists(m.clone()),
            E::InvalidAliasName(m) => E::InvalidAliasName(m.clone()),
            E::InvalidArn(m) => E::InvalidArn(m.clone()),
            E::DryRunOperation => E::DryRunOperation,
            E::KeyUnavailable(m) => E::KeyUnavailable(m.clone()),
            E::DependencyTimeout(m) => E::DependencyTimeout(m.clone()),
            E::Throttling(m) => E::Throttling(m.clone()),
            E::KmsInternal(m) => E::KmsInternal(m.clone()),
            E::AccessDenied(a) => E::AccessDenied(a.clone()),
            E::ExpiredToken(a) => E::ExpiredToken(a.clone()),
            E::UnrecognizedClient(m) => E::UnrecognizedClient(m.clone()),
            E::MalformedPolicyDocument(m) => E::MalformedPolicyDocument(m.clone()),
            E::ResourceNotFound(m) => E::ResourceNotFound(m.clone()),
            E::InvalidParameter(m) => E::InvalidParameter(m.clone()),
            E::InvalidRequest(m) => E::InvalidRequest(m.clone()),
            E::ResourceExists(m) => E::ResourceExists(m.clone()),
            E::EncryptionFailure(m) => E::EncryptionFailure(m.clone()),
            E::DecryptionFailure(m) => E::DecryptionFailure(m.clone()),
            E::InvalidNextToken(m) => E::InvalidNextToken(m.clone()),
            E::PublicPolicy(m) => E::PublicPolicy(m.clone()),
            E::PreconditionNotMet(m) => E::PreconditionNotMet(m.clone()),
            E::Decryption => E::Decryption,
            E::NoMatchingKey(n) => E::NoMatchingKey(n.clone()),
            E::Malformed(m) => E::Malformed(m.clone()),
            E::UnsupportedVersion(v) => E::UnsupportedVersion(*v),
            E::UnsupportedSuite(v) => E::UnsupportedSuite(*v),
            E::CommitmentPolicy(m) => E::CommitmentPolicy(m.clone()),
            E::ResourceLimit(m) => E::ResourceLimit(m.clone()),
            E::EncryptionContextMismatch(m) => E::EncryptionContextMismatch(m.clone()),
            E::Io(e) => E::Io(std::io::Error::new(e.kind(), e.to_string())),
            E::StoreCorrupt(m) => E::StoreCorrupt(m.clone()),
            E::WrongRootKey(m) => E::WrongRootKey(m.clone()),
            E::UnsupportedStoreVersion(v) => E::UnsupportedStoreVersion(*v),
            E::StoreRollback(m) => E::StoreRollback(m.clone()),
            E::ReentrantCall(m) => E::ReentrantCall(m.clone()),
        }
    }

    /// True for the transient faults a client should retry (KMS's retryable exceptions).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::KeyUnavailable(_)
                | Error::DependencyTimeout(_)
                | Error::Throttling(_)
                | Error::KmsInternal(_)
        )
    }
}

impl fmt::Display for NoMatchingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list(items: &[(String, String)]) -> String {
            if items.is_empty() {
                return "none".to_owned();
            }
            items
                .iter()
                .map(|(p, k)| format!("{p:?}/{k:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
        write!(
            f,
            "no keyring could decrypt any encrypted data key of the message; the message carries \
             [{}] and the keyrings offered [{}]",
            list(&self.present),
            list(&self.tried)
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message();
        if message.is_empty() {
            f.write_str(self.name())
        } else {
            write!(f, "{}: {message}", self.name())
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_errors_say_nothing() {
        assert_eq!(Error::InvalidCiphertext.message(), "");
        assert_eq!(
            Error::InvalidCiphertext.to_string(),
            "InvalidCiphertextException"
        );
        assert_eq!(Error::Decryption.to_string(), "DecryptionError");
        assert!(Error::Decryption.is_authentication_failure());
        assert!(!Error::Validation("x".into()).is_authentication_failure());
    }

    #[test]
    fn display_is_name_and_message() {
        let e = Error::Disabled("arn:aws:kms:us-east-1:111122223333:key/k is disabled.".into());
        assert_eq!(
            e.to_string(),
            "DisabledException: arn:aws:kms:us-east-1:111122223333:key/k is disabled."
        );
        assert_eq!(
            Error::IncorrectKey.message(),
            "The key ID in the request does not identify a CMK that can perform this operation."
        );
    }

    #[test]
    fn no_matching_key_lists_both_sides() {
        let e = Error::NoMatchingKey(Box::new(NoMatchingKey {
            present: vec![("ns".into(), "k1".into())],
            tried: vec![("ns".into(), "k2".into())],
        }));
        let s = e.to_string();
        assert!(
            s.contains("\"ns\"/\"k1\"") && s.contains("\"ns\"/\"k2\""),
            "{s}"
        );
    }
}
