//! Key identifiers, ARNs, alias names, and KMS's validation messages for them.

use crate::error::{Error, Result};

/// The longest `KeyId` parameter KMS accepts.
pub const MAX_KEY_ID_PARAM_LEN: usize = 2048;
/// The longest alias name (including the `alias/` prefix).
pub const MAX_ALIAS_NAME_LEN: usize = 256;
/// The prefix every alias name starts with.
pub const ALIAS_PREFIX: &str = "alias/";
/// The alias prefix reserved for AWS managed keys.
pub const RESERVED_ALIAS_PREFIX: &str = "alias/aws/";

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 0x0f) as usize] as char);
    }
    s
}

/// A new key id: a random (version 4) UUID, or for a multi-Region key `mrk-` and 32 hex digits.
pub(crate) fn new_key_id(rng: &super::rng::Rng, multi_region: bool) -> Result<String> {
    let mut r = [0u8; 16];
    rng.fill(&mut r)?;
    if multi_region {
        return Ok(format!("mrk-{}", hex(&r)));
    }
    r[6] = (r[6] & 0x0f) | 0x40; // version 4
    r[8] = (r[8] & 0x3f) | 0x80; // RFC 4122 variant
    let h = hex(&r);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

/// True when `s` has the syntax of a key id: a UUID (`8-4-4-4-12` hex digits) or `mrk-` followed
/// by 32 hex digits.
pub fn is_key_id(s: &str) -> bool {
    let b = s.as_bytes();
    if let Some(rest) = s.strip_prefix("mrk-") {
        return rest.len() == 32 && rest.bytes().all(|c| c.is_ascii_hexdigit());
    }
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The AWS partition of a region (`aws`, `aws-cn`, `aws-us-gov`).
pub(crate) fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// `arn:<partition>:kms:<region>:<account>:key/<key id>`.
pub(crate) fn key_arn(region: &str, account: &str, key_id: &str) -> String {
    format!(
        "arn:{}:kms:{region}:{account}:key/{key_id}",
        partition(region)
    )
}

/// `arn:<partition>:kms:<region>:<account>:alias/<name>` (from a name with its `alias/` prefix).
pub(crate) fn alias_arn(region: &str, account: &str, alias_name: &str) -> String {
    format!(
        "arn:{}:kms:{region}:{account}:{alias_name}",
        partition(region)
    )
}

/// A parsed KMS ARN.
pub(crate) struct Arn<'a> {
    pub(crate) region: &'a str,
    pub(crate) account: &'a str,
    /// `key/<id>` or `alias/<name>`.
    pub(crate) resource: &'a str,
}

/// Splits `arn:<partition>:kms:<region>:<account>:<resource>`; `None` if it is not a KMS ARN.
pub(crate) fn parse_arn(s: &str) -> Option<Arn<'_>> {
    let mut parts = s.splitn(6, ':');
    let (arn, part, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if arn != "arn" || part.is_empty() || service != "kms" || region.is_empty() {
        return None;
    }
    Some(Arn {
        region,
        account,
        resource,
    })
}

// ----- KMS's validation messages -------------------------------------------------------------

/// `1 validation error detected: Value '<v>' at '<field>' failed to satisfy constraint: Member
/// must have length greater than or equal to <min>` (value omitted for sensitive or binary
/// fields, as KMS does).
pub(crate) fn len_too_short(field: &str, value: Option<&str>, min: usize) -> Error {
    Error::Validation(format!(
        "1 validation error detected: {} at '{field}' failed to satisfy constraint: Member must \
         have length greater than or equal to {min}",
        shown(value)
    ))
}

/// As [`len_too_short`], for the maximum.
pub(crate) fn len_too_long(field: &str, value: Option<&str>, max: usize) -> Error {
    Error::Validation(format!(
        "1 validation error detected: {} at '{field}' failed to satisfy constraint: Member must \
         have length less than or equal to {max}",
        shown(value)
    ))
}

fn shown(value: Option<&str>) -> String {
    match value {
        Some(v) => format!("Value '{v}'"),
        None => "Value".to_owned(),
    }
}

/// Checks a string parameter's length (in characters) against `min..=max`.
pub(crate) fn check_len(field: &str, value: &str, min: usize, max: usize) -> Result<()> {
    let n = value.chars().count();
    if n < min {
        return Err(len_too_short(field, Some(value), min));
    }
    if n > max {
        return Err(len_too_long(field, Some(value), max));
    }
    Ok(())
}

/// Checks a `KeyId`-like parameter: 1..2048 characters.
pub(crate) fn check_key_id_param(field: &str, value: &str) -> Result<()> {
    check_len(field, value, 1, MAX_KEY_ID_PARAM_LEN)
}

/// Checks a numeric parameter against `min..=max` with KMS's message.
pub(crate) fn check_range(field: &str, value: i64, min: i64, max: i64) -> Result<()> {
    if value < min {
        return Err(Error::Validation(format!(
            "1 validation error detected: Value '{value}' at '{field}' failed to satisfy \
             constraint: Member must have value greater than or equal to {min}"
        )));
    }
    if value > max {
        return Err(Error::Validation(format!(
            "1 validation error detected: Value '{value}' at '{field}' failed to satisfy \
             constraint: Member must have value less than or equal to {max}"
        )));
    }
    Ok(())
}

/// `1 validation error detected: Value null at '<field>' failed to satisfy constraint: Member
/// must not be null`.
pub(crate) fn required(field: &str) -> Error {
    Error::Validation(format!(
        "1 validation error detected: Value null at '{field}' failed to satisfy constraint: \
         Member must not be null"
    ))
}

/// Validates an alias name for `CreateAlias`/`UpdateAlias`/`DeleteAlias`, with KMS's messages:
/// length 1..256, the `alias/` prefix, the character set `[a-zA-Z0-9/_-]` after it, a non-empty
/// name, and the reserved `alias/aws/` prefix.
///
/// # Errors
///
/// [`Error::Validation`] for length, prefix and characters; [`Error::InvalidAliasName`] for an
/// empty name and the reserved prefix.
pub fn validate_alias_name(name: &str) -> Result<()> {
    check_len("aliasName", name, 1, MAX_ALIAS_NAME_LEN)?;
    if !name
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'/' | b'_' | b'-'))
    {
        return Err(Error::Validation(format!(
            "1 validation error detected: Value '{name}' at 'aliasName' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$"
        )));
    }
    let Some(rest) = name.strip_prefix(ALIAS_PREFIX) else {
        return Err(Error::Validation(
            "Alias must start with the prefix \"alias/\". Please see \
             https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"
                .to_owned(),
        ));
    };
    if rest.contains(':') {
        return Err(Error::Validation(format!(
            "{name} contains invalid characters for an alias"
        )));
    }
    if rest.is_empty() {
        return Err(Error::InvalidAliasName(format!(
            "Alias name {name} is invalid: a name must follow the prefix \"alias/\"."
        )));
    }
    if name.starts_with(RESERVED_ALIAS_PREFIX) {
        return Err(Error::InvalidAliasName(format!(
            "Alias name {name} is reserved: the prefix \"alias/aws/\" is reserved for AWS \
             managed keys."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids() {
        let id = new_key_id(&super::super::rng::Rng::System, false).unwrap();
        assert!(is_key_id(&id), "{id}");
        assert_eq!(&id[14..15], "4");
        let mrk = new_key_id(&super::super::rng::Rng::System, true).unwrap();
        assert!(mrk.starts_with("mrk-") && mrk.len() == 36 && is_key_id(&mrk));
        assert!(!is_key_id("mrk-1234"));
        assert!(!is_key_id("1234abcd-12ab-34cd-56ef-1234567890a"));
        assert!(!is_key_id("1234abcd-12ab-34cd-56ef-1234567890ag"));
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0xff, 0x10]), "00abff10");
    }

    #[test]
    fn arns() {
        let a = parse_arn("arn:aws:kms:us-east-1:111122223333:key/abc").unwrap();
        assert_eq!(
            (a.region, a.account, a.resource),
            ("us-east-1", "111122223333", "key/abc")
        );
        assert!(parse_arn("arn:aws:s3:us-east-1:1:key/abc").is_none());
        assert!(parse_arn("arn:aws:kms").is_none());
        assert_eq!(
            key_arn("cn-north-1", "1", "k"),
            "arn:aws-cn:kms:cn-north-1:1:key/k"
        );
    }
}
