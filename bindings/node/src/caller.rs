//! What `LocalKms` offers beside the KMS operations: the callers its handles run as
//! (`asCaller`), temporary credentials (`assumeRole`, the STS operation, which is outside the KMS
//! model) and fault injection.

use std::time::SystemTime;

use datakey::kms::{
    AssumeRoleRequest, Caller, FaultKind, FaultRule, FaultTrigger, Operation, SessionToken,
};
use napi::JsDate;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::clock::to_ms;
use crate::convert::{self, int64, opt, request, string};
use crate::error::type_error;
use crate::kms::{ResponseMetadata, metadata};
use crate::task::Job;

pub(crate) fn opt_string(
    env: &Env,
    value: Option<Unknown<'_>>,
    what: &str,
) -> Result<Option<String>> {
    opt(value, |v| string(env, v, what))
}

/// A required string: absent reads as empty, which the core rejects as KMS does.
pub(crate) fn req_string(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<String> {
    Ok(opt_string(env, value, what)?.unwrap_or_default())
}

pub(crate) fn opt_int(env: &Env, value: Option<Unknown<'_>>, what: &str) -> Result<Option<i64>> {
    opt(value, |v| int64(env, v, what))
}

/// `AssumeRole` input (the STS operation, in the shape of the SDK's `STS` client).
#[napi(object)]
pub struct AssumeRoleInput<'a> {
    /// `arn:aws:iam::<account>:role/<name>`.
    #[napi(js_name = "RoleArn", ts_type = "string")]
    pub role_arn: Option<Unknown<'a>>,
    /// 2..64 characters of `[\w+=,.@-]`.
    #[napi(js_name = "RoleSessionName", ts_type = "string")]
    pub role_session_name: Option<Unknown<'a>>,
    /// 900..43200 seconds (default 3600), on the service's clock.
    #[napi(js_name = "DurationSeconds", ts_type = "number")]
    pub duration_seconds: Option<Unknown<'a>>,
}

pub(crate) fn assume_role_request(
    env: &Env,
    input: Option<Unknown<'_>>,
) -> Result<AssumeRoleRequest> {
    let i: AssumeRoleInput<'_> = request(env, input, "input")?;
    Ok(AssumeRoleRequest {
        role_arn: req_string(env, i.role_arn, "input.RoleArn")?,
        role_session_name: req_string(env, i.role_session_name, "input.RoleSessionName")?,
        duration_seconds: opt_int(env, i.duration_seconds, "input.DurationSeconds")?,
    })
}

/// Temporary credentials (`AssumeRole`'s `Credentials`). Pass them as `credentials` to
/// `asCaller` to run operations as the session.
#[napi(object)]
pub struct Credentials<'e> {
    /// `ASIA…`.
    #[napi(js_name = "AccessKeyId")]
    pub access_key_id: String,
    /// The secret access key (datakey signs nothing with it; it is returned as STS returns it).
    #[napi(js_name = "SecretAccessKey")]
    pub secret_access_key: String,
    /// The session token requests carry.
    #[napi(js_name = "SessionToken")]
    pub session_token: String,
    /// When the credentials stop working (on the service's clock).
    #[napi(js_name = "Expiration")]
    pub expiration: JsDate<'e>,
}

/// Who an `AssumeRole` session acts as.
#[napi(object)]
pub struct AssumedRoleUser {
    /// `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`.
    #[napi(js_name = "Arn")]
    pub arn: String,
    /// `AROA…:<session name>`.
    #[napi(js_name = "AssumedRoleId")]
    pub assumed_role_id: String,
}

/// `AssumeRole` output.
#[napi(object)]
pub struct AssumeRoleOutput<'e> {
    /// The temporary credentials.
    #[napi(js_name = "Credentials")]
    pub credentials: Credentials<'e>,
    /// Who they act as.
    #[napi(js_name = "AssumedRoleUser")]
    pub assumed_role_user: AssumedRoleUser,
    /// Response metadata.
    #[napi(js_name = "$metadata")]
    pub metadata: ResponseMetadata,
}

/// `AssumeRole` on a service (the STS operation, outside the KMS model).
pub struct AssumeRoleCall(pub(crate) datakey::LocalKms, pub(crate) AssumeRoleRequest);

impl Job for AssumeRoleCall {
    type Out = datakey::kms::AssumeRoleResponse;
    type Js<'e> = AssumeRoleOutput<'e>;
    fn run(self) -> datakey::Result<Self::Out> {
        self.0.assume_role(self.1)
    }
    fn to_js(env: &Env, out: Self::Out) -> Result<Self::Js<'_>> {
        let c = out.credentials;
        Ok(AssumeRoleOutput {
            credentials: Credentials {
                secret_access_key: String::from_utf8_lossy(c.secret_access_key.expose_secret())
                    .into_owned(),
                access_key_id: c.access_key_id,
                session_token: c.session_token,
                expiration: date(env, c.expiration)?,
            },
            assumed_role_user: AssumedRoleUser {
                arn: out.assumed_role_user.arn,
                assumed_role_id: out.assumed_role_user.assumed_role_id,
            },
            metadata: metadata(),
        })
    }
}

/// The session credentials a caller presents: `AssumeRole`'s `Credentials` (only these two
/// fields are read).
#[napi(object)]
pub struct SessionCredentialsInput<'a> {
    /// `ASIA…`.
    #[napi(js_name = "AccessKeyId", ts_type = "string")]
    pub access_key_id: Option<Unknown<'a>>,
    /// The session token.
    #[napi(js_name = "SessionToken", ts_type = "string")]
    pub session_token: Option<Unknown<'a>>,
}

/// `asCaller` options: who the returned handle's operations run as.
#[napi(object)]
pub struct CallerOptions<'a> {
    /// `arn:aws:iam::<account>:root`, `…:user/<name>`, `…:role/<name>`, or an assumed-role ARN
    /// (`AssumedRoleUser.Arn` of `assumeRole`).
    #[napi(ts_type = "string")]
    pub principal_arn: Option<Unknown<'a>>,
    /// The request's source IP (`aws:SourceIp`), IPv4 or IPv6; default: none.
    #[napi(ts_type = "string")]
    pub source_ip: Option<Unknown<'a>>,
    /// Session credentials from `assumeRole` (its `Credentials`), checked on every call:
    /// unknown ones are `UnrecognizedClientException`, expired ones `ExpiredTokenException`.
    #[napi(ts_type = "SessionCredentialsInput")]
    pub credentials: Option<Unknown<'a>>,
}

/// A core `Caller` from a principal ARN string or `CallerOptions`.
pub(crate) fn caller_arg(env: &Env, value: Option<Unknown<'_>>) -> Result<datakey::Result<Caller>> {
    if let Some(v) = value
        && v.get_type()? == ValueType::String
    {
        return Ok(Ok(Caller::new(String::from_unknown(v)?)));
    }
    let o: CallerOptions<'_> = request(env, value, "caller")?;
    let mut caller = Caller::new(req_string(env, o.principal_arn, "caller.principalArn")?);
    if let Some(creds) = opt(o.credentials, |v| {
        let c: SessionCredentialsInput<'_> = request(env, Some(v), "caller.credentials")?;
        Ok(SessionToken {
            access_key_id: req_string(env, c.access_key_id, "caller.credentials.AccessKeyId")?,
            session_token: req_string(env, c.session_token, "caller.credentials.SessionToken")?,
        })
    })? {
        caller.session = Some(creds);
    }
    Ok(match opt_string(env, o.source_ip, "caller.sourceIp")? {
        Some(ip) => caller.with_source_ip_str(&ip),
        None => Ok(caller),
    })
}

/// A fault injection rule: raise `fault` on calls of `operations` (default: every operation),
/// either on each of the next `nextCalls` calls or at probability `rate` (exactly one of the
/// two).
#[napi(object)]
pub struct FaultRuleInput<'a> {
    /// The exception to raise.
    #[napi(
        ts_type = "'KeyUnavailableException' | 'DependencyTimeoutException' | 'ThrottlingException' | 'KMSInternalException'"
    )]
    pub fault: Option<Unknown<'a>>,
    /// The operations it applies to, by KMS name (`'GenerateDataKey'`, `'Decrypt'`, …); empty or
    /// absent: every operation.
    #[napi(ts_type = "string[]")]
    pub operations: Option<Unknown<'a>>,
    /// Raise it on each of the next N matching calls, then remove the rule.
    #[napi(ts_type = "number")]
    pub next_calls: Option<Unknown<'a>>,
    /// Raise it on each matching call with this probability (0..1), drawn from the fault seed.
    #[napi(ts_type = "number")]
    pub rate: Option<Unknown<'a>>,
}

pub(crate) fn fault_rule(
    env: &Env,
    value: Option<Unknown<'_>>,
) -> Result<datakey::Result<FaultRule>> {
    let r: FaultRuleInput<'_> = request(env, value, "rule")?;
    let fault = req_string(env, r.fault, "rule.fault")?;
    let operations = opt(r.operations, |v| {
        convert::string_list(env, v, "rule.operations")
    })?
    .unwrap_or_default();
    let next_calls = opt(r.next_calls, |v| convert::uint64(env, v, "rule.nextCalls"))?;
    let rate = opt(r.rate, |v| convert::number(env, v, "rule.rate"))?;
    let trigger = match (next_calls, rate) {
        (Some(n), None) => FaultTrigger::NextCalls(u32::try_from(n).map_err(|_| {
            crate::error::range_error(
                env,
                format!(
                    "The value of \"rule.nextCalls\" is out of range. It must be <= {}. Received {n}",
                    u32::MAX
                ),
            )
        })?),
        (None, Some(p)) => FaultTrigger::Rate(p),
        _ => {
            return Err(type_error(
                env,
                "The \"rule\" argument must have exactly one of \"nextCalls\" and \"rate\".",
            ));
        }
    };
    Ok((|| {
        Ok(FaultRule {
            fault: fault.parse::<FaultKind>()?,
            operations: operations
                .iter()
                .map(|o| o.parse::<Operation>())
                .collect::<datakey::Result<Vec<_>>>()?,
            trigger,
        })
    })())
}

/// A fault injection rule in force (`kms.faults()`).
#[napi(object)]
pub struct FaultRuleInfo {
    /// The exception it raises.
    pub fault: String,
    /// The operations it applies to (empty: every operation).
    pub operations: Vec<String>,
    /// The matching calls it will still fail (a `nextCalls` rule).
    pub next_calls: Option<u32>,
    /// Its probability (a `rate` rule).
    pub rate: Option<f64>,
}

pub(crate) fn fault_rule_info(rule: FaultRule) -> FaultRuleInfo {
    let (next_calls, rate) = match rule.trigger {
        FaultTrigger::NextCalls(n) => (Some(n), None),
        FaultTrigger::Rate(p) => (None, Some(p)),
    };
    FaultRuleInfo {
        fault: rule.fault.as_str().to_owned(),
        operations: rule
            .operations
            .iter()
            .map(|o| o.as_str().to_owned())
            .collect(),
        next_calls,
        rate,
    }
}

fn date(env: &Env, t: SystemTime) -> Result<JsDate<'_>> {
    env.create_date(to_ms(t))
}
