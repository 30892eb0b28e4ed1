//! Key policies: a documented subset of the IAM JSON policy grammar, parsed once when a policy is
//! put, and evaluated as AWS does (an explicit deny wins, then an allow, else an implicit deny).
//!
//! # The grammar datakey understands
//!
//! ```json
//! {
//!   "Version": "2012-10-17",
//!   "Id": "optional",
//!   "Statement": [{
//!     "Sid": "optional, unique",
//!     "Effect": "Allow" | "Deny",
//!     "Principal": "*" | {"AWS": "<principal>" | ["<principal>", …]},
//!     "Action": "kms:<Action>" | ["kms:Encrypt", "kms:GenerateDataKey*", "kms:*", "*", …],
//!     "Resource": "*" | "<key ARN, * and ? allowed>" | […],
//!     "Condition": {"<Operator>": {"<Key>": "<value>" | ["<value>", …]}}
//!   }]
//! }
//! ```
//!
//! - **Principals:** `*`; an account (`111122223333` or `arn:aws:iam::111122223333:root`);
//!   an IAM user or role ARN; an STS assumed-role session ARN. A role ARN also matches every
//!   session of the role (`arn:aws:sts::<account>:assumed-role/<role name>/<session>`).
//!   `Service` principals are accepted and never match a datakey caller. See
//!   [Account principals](#account-principals) for what an account means.
//! - **Actions** match case-insensitively, with `*` and `?` wildcards. `ReEncrypt` needs
//!   `kms:ReEncryptFrom` on the source key and `kms:ReEncryptTo` on the destination key.
//! - **Resources** match the key ARN, with `*` and `?` wildcards (`*` is the usual value).
//! - **Conditions:** every operator, every key of an operator must hold (AND); any one of a
//!   key's values may match (OR). The operators and keys:
//!
//! | operator | keys | request value |
//! |---|---|---|
//! | `DateGreaterThan`, `DateLessThan` | `aws:CurrentTime` | the service's (injectable) clock; policy values ISO 8601 (`2024-01-01T00:00:00Z`) or epoch seconds |
//! | `IpAddress`, `NotIpAddress` | `aws:SourceIp` | the caller's source IP; policy values IPv4/IPv6 addresses or CIDR blocks |
//! | `StringEquals`, `StringLike` | `kms:EncryptionContext:<key>` | the value of `<key>` in the request's encryption context (the context key matches case-insensitively, as in AWS; the value case-sensitively) |
//! | | `kms:EncryptionContextKeys` | the request context's keys (multi-valued) |
//! | | `kms:CallerAccount` | the account of the caller's principal |
//! | | `kms:ViaService` | the service that called KMS for the caller (`secretsmanager.<region>.amazonaws.com` when Secrets Manager encrypts or decrypts a secret value); absent for a direct call |
//!
//! A secret's resource policy (Secrets Manager) has the same grammar with `secretsmanager:`
//! actions instead of `kms:` ones, and the `aws:` condition keys only.
//!
//! `StringEquals`/`StringLike` take the set qualifiers `ForAnyValue:` (some request value
//! matches) and `ForAllValues:` (every request value matches; true when there are none); without
//! one a multi-valued key behaves as `ForAnyValue:`. A positive operator fails when the request
//! has no value for its key; `NotIpAddress` holds when the request has no source IP (AWS's rule
//! for negated operators).
//!
//! # Account principals
//!
//! An account principal stands for **every identity of the account** — its root user, IAM
//! users, roles and assumed-role sessions — in `Allow` and `Deny` statements alike. IAM's
//! reference says so: "The account ARN and the shortened account ID behave the same way. Both
//! delegate permissions to the account. Using the account ARN in the `Principal` element does
//! not limit permissions to only the root user of the account."
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts>).
//!
//! What the statement then does differs by effect, as in AWS:
//!
//! - A **`Deny`** naming an account denies every identity of it: an explicit deny needs nothing
//!   else.
//! - An **`Allow`** naming an account *delegates* to that account's IAM policies: "When the
//!   principal in a key policy statement is the account principal, the policy statement doesn't
//!   give any IAM users or roles permission to use the KMS key. Instead, it allows the account to
//!   use IAM policies to delegate the permissions specified in the policy statement."
//!   (<https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam>).
//!   **datakey models no IAM identity policies**, so an account's users, roles and sessions
//!   have none that allow anything: such an `Allow` grants the account's root user (whom IAM
//!   never restricts) and nobody else. Users and roles are allowed by statements naming them,
//!   or by `*` (typically with a `kms:CallerAccount` condition).
//!
//! An account principal spelled as an ARN names its partition too: `arn:aws-cn:iam::…:root`
//! never matches a caller of partition `aws`.
//!
//! A user or role ARN names an IAM identity, and IAM tells identities apart by name ignoring
//! case and path ("Names are not distinguished by case", the IAM API reference for
//! `CreateUser`/`CreateRole`): a `Deny` naming `role/ETL` also denies `role/etl`,
//! `role/batch/Etl` and their sessions, while an `Allow` grants only the ARN as written (and a
//! role's sessions).
//!
//! # Source addresses
//!
//! `aws:SourceIp` is the address a request comes from, compared as AWS compares it whatever
//! spelling the caller's socket API used (datakey's choice where AWS documents nothing, since
//! AWS itself only ever sees the address on the wire):
//!
//! - An **IPv4-mapped IPv6 address** (`::ffff:203.0.113.9`, also written `::ffff:cb00:7109`)
//!   *is* the IPv4 address `203.0.113.9`: it exists only inside a host's dual-stack sockets API
//!   to represent an IPv4 peer (RFC 4291 §2.5.5.2; Node's default server, bound to `::`, reports
//!   every IPv4 client this way) and never appears on the wire, so AWS would see the IPv4
//!   address. datakey reads it as that IPv4 address, in requests and in policy values
//!   (`::ffff:203.0.113.0/120` is `203.0.113.0/24`).
//! - A **NAT64 address** of the well-known prefix `64:ff9b::/96` (RFC 6052) and a deprecated
//!   **IPv4-compatible address** `::203.0.113.9` (RFC 4291 §2.5.5.1) are real IPv6 addresses
//!   that embed an IPv4 address. Whether a request from one "comes from" that IPv4 host depends
//!   on the network, so datakey lets the embedded IPv4 address only ever take access away: it
//!   can make an `IpAddress` condition of a `Deny` hold and a `NotIpAddress` condition of an
//!   `Allow` fail; everywhere else the address is read as the IPv6 address it is. So a `Deny …
//!   IpAddress 203.0.113.0/24` refuses `64:ff9b::cb00:7109` and `::203.0.113.9`, an `Allow …
//!   NotIpAddress 203.0.113.0/24` does not admit them, and an `Allow … IpAddress
//!   203.0.113.0/24` does not admit them either (list `64:ff9b::cb00:7100/120` to admit such
//!   clients).
//! - IPv4 and IPv6 are otherwise separate, as AWS documents for policies that must list both
//!   families' ranges ("Since all IPv6 addresses are outside of the allowed range, this policy
//!   prevents IPv6 addresses from being able to access", of a policy listing an IPv4 range:
//!   <https://docs.aws.amazon.com/AmazonS3/latest/userguide/ipv6-access.html#ipv6-access-iam>;
//!   the IAM reference says only that values are IPv4 or IPv6 CIDR blocks:
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress>):
//!   `0.0.0.0/0` matches no IPv6 address and `::/0` no IPv4 address.
//!   Other tunnelling formats (6to4 `2002::/16`, Teredo `2001::/32`, the local-use NAT64 prefix
//!   `64:ff9b:1::/48`, whose IPv4 position depends on the operator's prefix length) are read
//!   as plain IPv6 addresses.
//!
//! Anything outside this subset — `NotPrincipal`, `NotAction`, `NotResource`, other operators,
//! other condition keys, unknown elements — is refused at `PutKeyPolicy` with
//! `MalformedPolicyDocumentException` naming what is unsupported, rather than silently never
//! matching.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::time::SystemTime;

use serde_json::{Map, Value};

use crate::ec::EncryptionContext;
use crate::error::{AccessDeniedReason, Error, Result};

use super::Operation;
use crate::time::{format_iso8601, parse_iso8601};

/// The longest key policy KMS accepts, in characters.
pub const MAX_POLICY_LEN: usize = 32_768;

/// The only key policy name.
pub const DEFAULT_POLICY_NAME: &str = "default";

/// AWS's default key policy for a new key: the account (in datakey: the account's root
/// principal, see the module docs) may do everything.
pub fn default_key_policy(partition: &str, account_id: &str) -> String {
    format!(
        "{{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {{\n    \
         \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \
         \"Principal\" : {{\n      \"AWS\" : \"arn:{partition}:iam::{account_id}:root\"\n    }},\n    \
         \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }} ]\n}}"
    )
}

fn malformed(msg: impl Into<String>) -> Error {
    Error::MalformedPolicyDocument(msg.into())
}

/// A parsed key policy, with the text it was parsed from.
#[derive(Debug, Clone)]
pub(crate) struct KeyPolicy {
    pub(crate) text: String,
    statements: Vec<Statement>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone)]
struct Statement {
    /// `Sid`, or `#<index>`.
    label: String,
    effect: Effect,
    principals: Vec<PrincipalPattern>,
    /// Lowercased action patterns.
    actions: Vec<String>,
    resources: Vec<String>,
    conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PrincipalPattern {
    Any,
    /// Every identity of the account; of the partition when written as an ARN (a bare
    /// account id names the account in the service's partition, the only one callers have).
    Account {
        account: String,
        partition: Option<String>,
    },
    Arn(String),
    /// A `Service` (or other non-AWS) principal: never a datakey caller.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    StringEquals,
    StringLike,
    DateGreaterThan,
    DateLessThan,
    IpAddress,
    NotIpAddress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetQualifier {
    None,
    ForAnyValue,
    ForAllValues,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CondKey {
    CurrentTime,
    SourceIp,
    CallerAccount,
    EncryptionContext(String),
    EncryptionContextKeys,
    /// `kms:ViaService`: the AWS service that made the request on the caller's behalf.
    ViaService,
}

#[derive(Debug, Clone)]
enum CondValues {
    Strings(Vec<String>),
    Dates(Vec<SystemTime>),
    Cidrs(Vec<Cidr>),
}

#[derive(Debug, Clone)]
struct Condition {
    operator_text: String,
    key_text: String,
    op: Op,
    set: SetQualifier,
    key: CondKey,
    values: CondValues,
}

/// An IP network: address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    fn parse(s: &str) -> Option<Cidr> {
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            None => max,
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()) => {
                p.parse::<u8>().ok().filter(|n| *n <= max)?
            }
            Some(_) => return None,
        };
        // A block inside the IPv4-mapped range `::ffff:0:0/96` is a block of IPv4 addresses.
        if let IpAddr::V6(v6) = addr
            && prefix >= 96
            && let Some(v4) = v6.to_ipv4_mapped()
        {
            return Some(Cidr {
                addr: IpAddr::V4(v4),
                prefix: prefix - 96,
            });
        }
        Some(Cidr { addr, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// A request's source address as `aws:SourceIp` conditions read it (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SourceAddr {
    /// The address itself, an IPv4-mapped IPv6 address read as its IPv4 address.
    addr: IpAddr,
    /// The IPv4 address a NAT64 (`64:ff9b::/96`) or IPv4-compatible (`::a.b.c.d`) address
    /// embeds, consulted only where it can take access away.
    embedded: Option<Ipv4Addr>,
}

impl SourceAddr {
    fn new(ip: IpAddr) -> SourceAddr {
        let addr = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 @ IpAddr::V4(_) => v4,
        };
        let embedded = match addr {
            IpAddr::V6(v6) => {
                let bits = u128::from(v6);
                let [.., a, b, c, d] = v6.octets();
                let low = Ipv4Addr::new(a, b, c, d);
                let nat64 = bits >> 32 == 0x0064_ff9b_0000_0000_0000_0000;
                // `::` and `::1` are the unspecified and loopback addresses, not IPv4 ones.
                let compatible = bits >> 32 == 0 && bits > 1;
                (nat64 || compatible).then_some(low)
            }
            IpAddr::V4(_) => None,
        };
        SourceAddr { addr, embedded }
    }
}

/// `*` (any run) and `?` (any one character) wildcard matching.
pub(crate) fn glob(pattern: &str, s: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// One string or an array of strings.
fn strings(v: &Value, what: &str) -> Result<Vec<String>> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                _ => Err(malformed(format!(
                    "{what} must be a string or a list of strings."
                ))),
            })
            .collect(),
        _ => Err(malformed(format!(
            "{what} must be a string or a non-empty list of strings."
        ))),
    }
}

/// Condition values: strings, numbers or booleans (IAM compares their text).
fn condition_strings(v: &Value, key: &str) -> Result<Vec<String>> {
    let one = |i: &Value| match i {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(malformed(format!(
            "The values of condition key {key} must be strings, numbers or booleans."
        ))),
    };
    match v {
        Value::Array(items) if !items.is_empty() => items.iter().map(one).collect(),
        Value::Array(_) => Err(malformed(format!(
            "Condition key {key} has an empty list of values."
        ))),
        other => Ok(vec![one(other)?]),
    }
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|c| c.is_ascii_digit())
}

/// The account of an IAM/STS ARN (`arn:<partition>:<iam|sts>::<account>:<resource>`).
pub(crate) fn arn_account(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (arn_, _partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (arn_ == "arn"
        && (service == "iam" || service == "sts")
        && region.is_empty()
        && is_account(account)
        && !resource.is_empty())
    .then_some(account)
}

/// Whether AWS lets a principal of another account perform `op`: the operations whose entry
/// in the KMS API reference says "Cross-account use: Yes" (botocore's
/// `kms/2014-11-01/service-2.json`): `DescribeKey`, `Encrypt`, `Decrypt`, `ReEncrypt`,
/// `GenerateDataKey*`, `GetKeyRotationStatus` — and `GenerateRandom`, which uses no resource of
/// any account ("Not applicable"). Every other operation — `CreateKey` ("You cannot use this
/// operation to create a KMS key in a different Amazon Web Services account"), the alias
/// operations, `ListKeys`, `ListAliases`, and the administration of keys — is for the account's
/// own principals only, whatever a key policy says; an operation added later is too until it
/// is listed here.
pub(crate) fn crosses_accounts(op: Operation) -> bool {
    matches!(
        op,
        Operation::DescribeKey
            | Operation::Encrypt
            | Operation::Decrypt
            | Operation::ReEncrypt
            | Operation::GenerateDataKey
            | Operation::GenerateDataKeyWithoutPlaintext
            | Operation::GetKeyRotationStatus
            | Operation::GenerateRandom
    )
}

/// The partition of an ARN (`aws`, `aws-cn`, …).
pub(crate) fn arn_partition(arn: &str) -> Option<&str> {
    arn.split(':').nth(1)
}

fn arn_service(arn: &str) -> Option<&str> {
    arn.split(':').nth(2)
}

/// The kind of principal an ARN names, with its resource part (`root`, `user/…`, `role/…`,
/// `assumed-role/<role>/<session>`), or `None` when it is not a principal ARN.
pub(crate) fn principal_resource(arn: &str) -> Option<&str> {
    arn_account(arn)?;
    let resource = arn.splitn(6, ':').nth(5)?;
    let service = arn.split(':').nth(2)?;
    let ok = match service {
        "iam" => {
            resource == "root"
                || resource
                    .strip_prefix("user/")
                    .or_else(|| resource.strip_prefix("role/"))
                    .is_some_and(|n| !n.is_empty() && !n.ends_with('/'))
        }
        _ => resource.strip_prefix("assumed-role/").is_some_and(|rest| {
            rest.split_once('/')
                .is_some_and(|(role, session)| !role.is_empty() && !session.is_empty())
        }),
    };
    ok.then_some(resource)
}

fn parse_principal(s: &str) -> Result<PrincipalPattern> {
    if s == "*" {
        return Ok(PrincipalPattern::Any);
    }
    if is_account(s) {
        return Ok(PrincipalPattern::Account {
            account: s.to_owned(),
            partition: None,
        });
    }
    match (arn_account(s), principal_resource(s)) {
        (Some(account), Some("root")) if arn_service(s) == Some("iam") => {
            Ok(PrincipalPattern::Account {
                account: account.to_owned(),
                partition: arn_partition(s).map(str::to_owned),
            })
        }
        (Some(_), Some(_)) => Ok(PrincipalPattern::Arn(s.to_owned())),
        _ => Err(malformed(
            "Policy contains a statement with one or more invalid principals.",
        )),
    }
}

fn parse_principals(v: &Value) -> Result<Vec<PrincipalPattern>> {
    match v {
        Value::String(s) if s == "*" => Ok(vec![PrincipalPattern::Any]),
        Value::Object(map) if !map.is_empty() => {
            let mut out = Vec::new();
            for (kind, ids) in map {
                let ids = strings(ids, "Principal")?;
                if kind == "AWS" {
                    for id in ids {
                        out.push(parse_principal(&id)?);
                    }
                } else if kind == "Service" {
                    out.push(PrincipalPattern::Never);
                } else {
                    return Err(malformed(format!(
                        "datakey supports only AWS and Service principals, not {kind}."
                    )));
                }
            }
            Ok(out)
        }
        _ => Err(malformed(
            "Policy contains a statement with one or more invalid principals.",
        )),
    }
}

fn parse_key(text: &str) -> Option<CondKey> {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "aws:currenttime" => Some(CondKey::CurrentTime),
        "aws:sourceip" => Some(CondKey::SourceIp),
        "kms:calleraccount" => Some(CondKey::CallerAccount),
        "kms:encryptioncontextkeys" => Some(CondKey::EncryptionContextKeys),
        "kms:viaservice" => Some(CondKey::ViaService),
        _ => {
            let prefix = "kms:encryptioncontext:";
            (lower.starts_with(prefix) && text.len() > prefix.len())
                .then(|| CondKey::EncryptionContext(text[prefix.len()..].to_owned()))
        }
    }
}

fn parse_condition(
    service: &str,
    operator_text: &str,
    key_text: &str,
    values: &Value,
) -> Result<Condition> {
    let (set, base) = if let Some(b) = operator_text.strip_prefix("ForAnyValue:") {
        (SetQualifier::ForAnyValue, b)
    } else if let Some(b) = operator_text.strip_prefix("ForAllValues:") {
        (SetQualifier::ForAllValues, b)
    } else {
        (SetQualifier::None, operator_text)
    };
    let op = match base {
        "StringEquals" => Op::StringEquals,
        "StringLike" => Op::StringLike,
        "DateGreaterThan" => Op::DateGreaterThan,
        "DateLessThan" => Op::DateLessThan,
        "IpAddress" => Op::IpAddress,
        "NotIpAddress" => Op::NotIpAddress,
        _ => {
            return Err(malformed(format!(
                "datakey does not support the condition operator {operator_text}; it supports \
                 StringEquals, StringLike (optionally with ForAnyValue:/ForAllValues:), \
                 DateGreaterThan, DateLessThan, IpAddress and NotIpAddress."
            )));
        }
    };
    if set != SetQualifier::None && !matches!(op, Op::StringEquals | Op::StringLike) {
        return Err(malformed(format!(
            "datakey supports ForAnyValue:/ForAllValues: only with StringEquals and StringLike, \
             not {operator_text}."
        )));
    }
    let kms_key = key_text.to_ascii_lowercase().starts_with("kms:");
    let Some(key) = parse_key(key_text).filter(|_| service == "kms" || !kms_key) else {
        return Err(malformed(format!(
            "datakey does not model the condition key {key_text}; it models aws:CurrentTime, \
             aws:SourceIp, kms:CallerAccount, kms:EncryptionContext:<key>, \
             kms:EncryptionContextKeys and kms:ViaService."
        )));
    };
    let fits = match op {
        Op::DateGreaterThan | Op::DateLessThan => key == CondKey::CurrentTime,
        Op::IpAddress | Op::NotIpAddress => key == CondKey::SourceIp,
        Op::StringEquals | Op::StringLike => matches!(
            key,
            CondKey::CallerAccount
                | CondKey::EncryptionContext(_)
                | CondKey::EncryptionContextKeys
                | CondKey::ViaService
        ),
    };
    if !fits {
        return Err(malformed(format!(
            "The condition operator {operator_text} cannot be used with the condition key \
             {key_text}."
        )));
    }
    let raw = condition_strings(values, key_text)?;
    let values = match op {
        Op::DateGreaterThan | Op::DateLessThan => CondValues::Dates(
            raw.iter()
                .map(|s| {
                    parse_iso8601(s).ok_or_else(|| {
                        malformed(format!(
                            "The value {s} of condition key {key_text} is not a date (ISO 8601, \
                             for example 2024-01-01T00:00:00Z, or seconds since the epoch)."
                        ))
                    })
                })
                .collect::<Result<_>>()?,
        ),
        Op::IpAddress | Op::NotIpAddress => CondValues::Cidrs(
            raw.iter()
                .map(|s| {
                    Cidr::parse(s).ok_or_else(|| {
                        malformed(format!(
                            "The value {s} of condition key {key_text} is not an IP address or \
                             CIDR block."
                        ))
                    })
                })
                .collect::<Result<_>>()?,
        ),
        Op::StringEquals | Op::StringLike => CondValues::Strings(raw),
    };
    Ok(Condition {
        operator_text: operator_text.to_owned(),
        key_text: key_text.to_owned(),
        op,
        set,
        key,
        values,
    })
}

fn parse_statement(
    service: &str,
    index: usize,
    v: &Value,
    sids: &mut BTreeSet<String>,
) -> Result<Statement> {
    let Value::Object(map) = v else {
        return Err(malformed("Each statement must be a JSON object."));
    };
    for k in map.keys() {
        match k.as_str() {
            "Sid" | "Effect" | "Principal" | "Action" | "Resource" | "Condition" => {}
            "NotPrincipal" | "NotAction" | "NotResource" => {
                return Err(malformed(format!(
                    "datakey does not support {k}; use Principal, Action and Resource."
                )));
            }
            other => {
                return Err(malformed(format!(
                    "Statement element {other} is not part of the policy grammar."
                )));
            }
        }
    }
    let label = match map.get("Sid") {
        None => format!("#{index}"),
        Some(Value::String(s)) => {
            if !sids.insert(s.clone()) {
                return Err(malformed(format!(
                    "Statement IDs (SID) in a single policy must be unique: {s} repeats."
                )));
            }
            s.clone()
        }
        Some(_) => return Err(malformed("Sid must be a string.")),
    };
    let effect = match map.get("Effect") {
        Some(Value::String(s)) if s == "Allow" => Effect::Allow,
        Some(Value::String(s)) if s == "Deny" => Effect::Deny,
        Some(_) => return Err(malformed("Effect must be \"Allow\" or \"Deny\".")),
        None => return Err(malformed("Each statement needs an Effect.")),
    };
    let principals = match map.get("Principal") {
        Some(p) => parse_principals(p)?,
        None => {
            return Err(malformed(
                "Each statement of a key policy needs a Principal.",
            ));
        }
    };
    let actions = match map.get("Action") {
        Some(a) => strings(a, "Action")?
            .into_iter()
            .map(|a| {
                let lower = a.to_ascii_lowercase();
                let prefix = lower
                    .strip_prefix(service)
                    .and_then(|r| r.strip_prefix(':'));
                if lower == "*" || prefix.is_some_and(|r| !r.is_empty()) {
                    Ok(lower)
                } else if service == "kms" {
                    Err(malformed(format!(
                        "Action {a} is not a KMS action (kms:<Action>, wildcards allowed)."
                    )))
                } else {
                    Err(malformed(format!(
                        "Action {a} is not a {service} action ({service}:<Action>, wildcards \
                         allowed)."
                    )))
                }
            })
            .collect::<Result<Vec<_>>>()?,
        None => return Err(malformed("Each statement needs an Action.")),
    };
    let resources = match map.get("Resource") {
        Some(r) => {
            let r = strings(r, "Resource")?;
            if let Some(bad) = r.iter().find(|r| *r != "*" && !r.starts_with("arn:")) {
                return Err(malformed(format!("Resource {bad} is not * or an ARN.")));
            }
            r
        }
        None => return Err(malformed("Each statement needs a Resource.")),
    };
    let mut conditions = Vec::new();
    match map.get("Condition") {
        None => {}
        Some(Value::Object(ops)) => {
            for (op, keys) in ops {
                let Value::Object(keys) = keys else {
                    return Err(malformed(format!(
                        "Condition operator {op} must map condition keys to values."
                    )));
                };
                for (key, values) in keys {
                    conditions.push(parse_condition(service, op, key, values)?);
                }
            }
        }
        Some(_) => return Err(malformed("Condition must be a JSON object.")),
    }
    Ok(Statement {
        label,
        effect,
        principals,
        actions,
        resources,
        conditions,
    })
}

impl KeyPolicy {
    /// Parses a policy document.
    pub(crate) fn parse(text: &str) -> Result<KeyPolicy> {
        Self::parse_for("kms", text)
    }

    /// Parses a policy document whose actions belong to `service` (`kms`, `secretsmanager`).
    pub(crate) fn parse_for(service: &str, text: &str) -> Result<KeyPolicy> {
        let doc: Value = serde_json::from_str(text)
            .map_err(|e| malformed(format!("The policy is not valid JSON: {e}.")))?;
        let Value::Object(map) = doc else {
            return Err(malformed("The policy must be a JSON object."));
        };
        Self::from_map(service, text, &map)
    }

    fn from_map(service: &str, text: &str, map: &Map<String, Value>) -> Result<KeyPolicy> {
        for k in map.keys() {
            if !matches!(k.as_str(), "Version" | "Id" | "Statement") {
                return Err(malformed(format!(
                    "Policy element {k} is not part of the policy grammar."
                )));
            }
        }
        match map.get("Version") {
            None => {}
            Some(Value::String(v)) if v == "2012-10-17" || v == "2008-10-17" => {}
            Some(_) => {
                return Err(malformed(
                    "Version must be \"2012-10-17\" (or the older \"2008-10-17\").",
                ));
            }
        }
        if map.get("Id").is_some_and(|v| !v.is_string()) {
            return Err(malformed("Id must be a string."));
        }
        let statements = match map.get("Statement") {
            Some(Value::Array(s)) if !s.is_empty() => s.iter().collect::<Vec<_>>(),
            Some(s @ Value::Object(_)) => vec![s],
            _ => {
                return Err(malformed(
                    "The policy needs a Statement (an object or a non-empty list).",
                ));
            }
        };
        let mut sids = BTreeSet::new();
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(i, s)| parse_statement(service, i, s, &mut sids))
            .collect::<Result<Vec<_>>>()?;
        Ok(KeyPolicy {
            text: text.to_owned(),
            statements,
        })
    }

    /// The `Sid` (or `#<index>`) of the first `Allow` statement open to everyone: principal
    /// `*` and no condition (what Secrets Manager's `BlockPublicPolicy` refuses).
    pub(crate) fn public_statement(&self) -> Option<&str> {
        self.statements
            .iter()
            .find(|st| {
                st.effect == Effect::Allow
                    && st.conditions.is_empty()
                    && st
                        .principals
                        .iter()
                        .any(|p| matches!(p, PrincipalPattern::Any))
            })
            .map(|st| st.label.as_str())
    }

    /// Evaluates the policy for one request: an explicit deny wins, then an allow, else an
    /// implicit deny whose reason is the first unmet condition of an otherwise matching allow
    /// statement, or "no statement allows".
    pub(crate) fn evaluate(
        &self,
        req: &PolicyRequest<'_>,
    ) -> core::result::Result<(), AccessDeniedReason> {
        let action = req.action.to_ascii_lowercase();
        let mut allowed = false;
        let mut unmet: Option<AccessDeniedReason> = None;
        for st in &self.statements {
            // A Deny applies to every principal it names; an Allow grants only to those it
            // names directly, not to identities an account principal delegates to IAM.
            let needed = match st.effect {
                Effect::Deny => Match::ForDeny,
                Effect::Allow => Match::Direct,
            };
            let applies = st
                .principals
                .iter()
                .any(|p| principal_matches(p, req) >= needed)
                && st.actions.iter().any(|a| glob(a, &action))
                && st.resources.iter().any(|r| glob(r, req.resource));
            if !applies {
                continue;
            }
            let failed = st
                .conditions
                .iter()
                .find_map(|c| c.check(req, st.effect).map(|value| (c, value)));
            match (st.effect, failed) {
                (Effect::Deny, None) => {
                    return Err(AccessDeniedReason::ExplicitDeny {
                        statement: st.label.clone(),
                    });
                }
                (Effect::Allow, None) => allowed = true,
                (Effect::Allow, Some((c, value))) => {
                    if unmet.is_none() {
                        unmet = Some(AccessDeniedReason::ConditionNotMet {
                            statement: st.label.clone(),
                            operator: c.operator_text.clone(),
                            key: c.key_text.clone(),
                            value,
                        });
                    }
                }
                (Effect::Deny, Some(_)) => {}
            }
        }
        if allowed {
            Ok(())
        } else {
            Err(unmet.unwrap_or(AccessDeniedReason::NoStatementAllows))
        }
    }
}

/// How a statement's principal names a caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    No,
    /// Names the caller's identity in a way only a Deny honours: through an account principal
    /// (for an identity other than the account's root user; an Allow delegates to IAM
    /// policies, which datakey does not model), or by its IAM user or role name spelled in
    /// another case or under another path (IAM names are unique within an account ignoring
    /// case and path, so it is the same identity; an Allow compares the ARN as written).
    ForDeny,
    /// By `*`, by the caller's own ARN, by its role (for a session), or the account principal
    /// for the account's root user.
    Direct,
}

/// The IAM user or role an ARN stands for, as IAM tells identities apart: partition, account,
/// kind and name, the name compared ignoring case and path ("IAM user, group, role, and policy
/// names must be unique within the account. Names are not distinguished by case.", the IAM API
/// reference for `CreateUser` and `CreateRole`). A session stands for its role.
fn iam_identity(arn: &str) -> Option<(&str, &str, &'static str, &str)> {
    let (partition, account) = (arn_partition(arn)?, arn_account(arn)?);
    let resource = principal_resource(arn)?;
    let (kind, name) = if let Some(user) = resource.strip_prefix("user/") {
        ("user", user.rsplit('/').next()?)
    } else if let Some(role) = resource.strip_prefix("role/") {
        ("role", role.rsplit('/').next()?)
    } else {
        (
            "role",
            resource.strip_prefix("assumed-role/")?.split('/').next()?,
        )
    };
    Some((partition, account, kind, name))
}

/// Whether two ARNs stand for the same IAM user or role ([`iam_identity`]).
fn same_iam_identity(a: &str, b: &str) -> bool {
    match (iam_identity(a), iam_identity(b)) {
        (Some((pa, aa, ka, na)), Some((pb, ab, kb, nb))) => {
            pa == pb && aa == ab && ka == kb && na.eq_ignore_ascii_case(nb)
        }
        _ => false,
    }
}

fn principal_matches(p: &PrincipalPattern, req: &PolicyRequest<'_>) -> Match {
    let principal = req.principal;
    match p {
        PrincipalPattern::Any => Match::Direct,
        PrincipalPattern::Never => Match::No,
        PrincipalPattern::Account { account, partition } => {
            let (Some(of), Some(resource)) =
                (arn_account(principal), principal_resource(principal))
            else {
                return Match::No;
            };
            if of != account
                || partition
                    .as_deref()
                    .is_some_and(|p| arn_partition(principal) != Some(p))
            {
                Match::No
            } else if resource == "root" && arn_service(principal) == Some("iam") {
                Match::Direct
            } else {
                Match::ForDeny
            }
        }
        PrincipalPattern::Arn(arn) => {
            if arn == principal {
                return Match::Direct;
            }
            // A role matches its sessions: arn:…:iam::A:role/path/Name ~
            // arn:…:sts::A:assumed-role/Name/session.
            if let (Some(role), Some(session)) = (
                principal_resource(arn).and_then(|r| r.strip_prefix("role/")),
                principal_resource(principal).and_then(|r| r.strip_prefix("assumed-role/")),
            ) {
                let role_name = role.rsplit('/').next().unwrap_or(role);
                let session_role = session.split('/').next().unwrap_or(session);
                if arn_account(arn) == arn_account(principal)
                    && arn_partition(arn) == arn_partition(principal)
                    && role_name == session_role
                {
                    return Match::Direct;
                }
            }
            // The same IAM identity written otherwise (a session named by its ARN stays exact).
            let session_pattern =
                principal_resource(arn).is_some_and(|r| r.starts_with("assumed-role/"));
            if arn.eq_ignore_ascii_case(principal)
                || (!session_pattern && same_iam_identity(arn, principal))
            {
                Match::ForDeny
            } else {
                Match::No
            }
        }
    }
}

/// What a policy is evaluated against.
#[derive(Debug)]
pub(crate) struct PolicyRequest<'a> {
    pub(crate) principal: &'a str,
    pub(crate) action: &'a str,
    pub(crate) resource: &'a str,
    pub(crate) now: SystemTime,
    pub(crate) source_ip: Option<IpAddr>,
    pub(crate) encryption_context: Option<&'a EncryptionContext>,
    /// The service calling KMS on the caller's behalf (`kms:ViaService`), for example
    /// `secretsmanager.us-east-1.amazonaws.com`; `None` for a direct call.
    pub(crate) via_service: Option<&'a str>,
}

impl Condition {
    /// The request's values for this condition's key (empty when it has none).
    fn request_values(&self, req: &PolicyRequest<'_>) -> Vec<String> {
        match &self.key {
            CondKey::CurrentTime => vec![format_iso8601(req.now)],
            CondKey::SourceIp => req
                .source_ip
                .map(|ip| SourceAddr::new(ip).addr.to_string())
                .into_iter()
                .collect(),
            CondKey::CallerAccount => arn_account(req.principal)
                .map(str::to_owned)
                .into_iter()
                .collect(),
            CondKey::EncryptionContext(k) => req
                .encryption_context
                .map(|ec| {
                    ec.iter()
                        .filter(|(key, _)| key.eq_ignore_ascii_case(k))
                        .map(|(_, v)| v.to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            CondKey::EncryptionContextKeys => req
                .encryption_context
                .map(|ec| ec.iter().map(|(k, _)| k.to_owned()).collect())
                .unwrap_or_default(),
            CondKey::ViaService => req.via_service.map(str::to_owned).into_iter().collect(),
        }
    }

    /// `None` when the condition holds in a statement of `effect`; otherwise `Some(the
    /// request's value(s), if any)`.
    fn check(&self, req: &PolicyRequest<'_>, effect: Effect) -> Option<Option<String>> {
        let reported = |vals: &[String]| (!vals.is_empty()).then(|| vals.join(","));
        let holds = match (&self.values, self.op) {
            (CondValues::Dates(dates), op) => {
                let now = req.now;
                dates.iter().any(|d| match op {
                    Op::DateGreaterThan => now > *d,
                    _ => now < *d,
                })
            }
            (CondValues::Cidrs(cidrs), op) => match req.source_ip.map(SourceAddr::new) {
                // AWS's rule for a missing key: negated operators hold, the others do not.
                None => op == Op::NotIpAddress,
                Some(source) => {
                    let inside = |ip: IpAddr| cidrs.iter().any(|c| c.contains(ip));
                    let literal = inside(source.addr);
                    // The embedded IPv4 address only ever takes access away.
                    let embedded = source.embedded.is_some_and(|v4| inside(IpAddr::V4(v4)));
                    match (op, effect) {
                        (Op::NotIpAddress, Effect::Allow) => !literal && !embedded,
                        (Op::NotIpAddress, Effect::Deny) => !literal,
                        (_, Effect::Allow) => literal,
                        (_, Effect::Deny) => literal || embedded,
                    }
                }
            },
            (CondValues::Strings(patterns), op) => {
                let vals = self.request_values(req);
                let one = |v: &String| {
                    patterns.iter().any(|p| match op {
                        Op::StringLike => glob(p, v),
                        _ => p == v,
                    })
                };
                match self.set {
                    SetQualifier::ForAllValues => vals.iter().all(one),
                    SetQualifier::ForAnyValue | SetQualifier::None => vals.iter().any(one),
                }
            }
        };
        if holds {
            None
        } else {
            Some(reported(&self.request_values(req)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches() {
        assert!(glob("kms:*", "kms:decrypt"));
        assert!(glob(
            "kms:generatedatakey*",
            "kms:generatedatakeywithoutplaintext"
        ));
        assert!(glob("kms:re?ncrypt*", "kms:reencryptfrom"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
        assert!(!glob("kms:decrypt", "kms:decrypts"));
        assert!(glob("", ""));
        assert!(!glob("", "x"));
    }

    #[test]
    fn cidr_contains() {
        let c = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(c.contains("10.255.0.1".parse().unwrap()));
        assert!(!c.contains("11.0.0.1".parse().unwrap()));
        assert!(!c.contains("::1".parse().unwrap()));
        let all = Cidr::parse("0.0.0.0/0").unwrap();
        assert!(all.contains("203.0.113.7".parse().unwrap()));
        let one = Cidr::parse("203.0.113.7").unwrap();
        assert!(one.contains("203.0.113.7".parse().unwrap()));
        assert!(!one.contains("203.0.113.8".parse().unwrap()));
        let v6 = Cidr::parse("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::1".parse().unwrap()));
        assert!(!v6.contains("2001:db9::1".parse().unwrap()));
        for bad in [
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0/8",
            "::/129",
            "10.0.0.0/+8",
        ] {
            assert!(Cidr::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn ipv4_mapped_spellings_are_ipv4_and_embedded_addresses_are_recognized() {
        let c = Cidr::parse("::ffff:203.0.113.0/120").unwrap();
        assert_eq!(c, Cidr::parse("203.0.113.0/24").unwrap());
        assert_eq!(
            Cidr::parse("::ffff:cb00:7109").unwrap(),
            Cidr::parse("203.0.113.9").unwrap()
        );
        // Wider than the mapped range: an IPv6 block.
        assert!(Cidr::parse("::ffff:0:0/95").unwrap().addr.is_ipv6());
        let v4: IpAddr = "203.0.113.9".parse().unwrap();
        for mapped in [
            "::ffff:203.0.113.9",
            "::FFFF:CB00:7109",
            "0:0:0:0:0:ffff:cb00:7109",
        ] {
            let s = SourceAddr::new(mapped.parse().unwrap());
            assert_eq!((s.addr, s.embedded), (v4, None), "{mapped}");
        }
        for embedding in ["64:ff9b::cb00:7109", "::203.0.113.9"] {
            let s = SourceAddr::new(embedding.parse().unwrap());
            assert!(s.addr.is_ipv6(), "{embedding}");
            assert_eq!(
                s.embedded,
                Some(Ipv4Addr::new(203, 0, 113, 9)),
                "{embedding}"
            );
        }
        for plain in [
            "::",
            "::1",
            "2001:db8::cb00:7109",
            "64:ff9b:1::cb00:7109",
            "203.0.113.9",
        ] {
            assert_eq!(
                SourceAddr::new(plain.parse().unwrap()).embedded,
                None,
                "{plain}"
            );
        }
    }

    #[test]
    fn principal_arns() {
        assert_eq!(
            arn_account("arn:aws:iam::111122223333:role/app"),
            Some("111122223333")
        );
        assert_eq!(
            principal_resource("arn:aws:sts::111122223333:assumed-role/app/s1"),
            Some("assumed-role/app/s1")
        );
        assert!(principal_resource("arn:aws:sts::111122223333:assumed-role/app").is_none());
        assert!(principal_resource("arn:aws:iam::111122223333:group/g").is_none());
        assert!(principal_resource("arn:aws:iam:us-east-1:111122223333:user/u").is_none());
        assert!(principal_resource("arn:aws:kms::111122223333:user/u").is_none());
    }

    #[test]
    fn the_default_policy_parses_and_allows_the_account_root() {
        let p = KeyPolicy::parse(&default_key_policy("aws", "111122223333")).unwrap();
        let req = PolicyRequest {
            principal: "arn:aws:iam::111122223333:root",
            action: "kms:Decrypt",
            resource: "arn:aws:kms:us-east-1:111122223333:key/k",
            now: SystemTime::UNIX_EPOCH,
            source_ip: None,
            encryption_context: None,
            via_service: None,
        };
        assert_eq!(p.evaluate(&req), Ok(()));
        for principal in [
            "arn:aws:iam::444455556666:root",
            "arn:aws:iam::111122223333:role/any",
        ] {
            let other = PolicyRequest {
                principal,
                action: req.action,
                resource: req.resource,
                now: req.now,
                source_ip: None,
                encryption_context: None,
                via_service: None,
            };
            assert_eq!(
                p.evaluate(&other),
                Err(AccessDeniedReason::NoStatementAllows)
            );
        }
    }
}
