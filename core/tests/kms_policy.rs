//! Key policies, callers and temporary credentials: every documented condition operator with a
//! passing and a failing case, deny over allow, implicit deny, the exact AWS messages and the
//! structured reasons, expired and forged session credentials, and `PutKeyPolicy` validation.

#![allow(clippy::unwrap_used)]

mod kms_support;

use std::time::Duration;

use datakey::kms::*;
use datakey::{AccessDeniedReason, EncryptionContext, Error, LocalKms};
use kms_support::*;
use serde_json::{Value, json};

const ACCOUNT: &str = "111122223333";
const APP_ROLE: &str = "arn:aws:iam::111122223333:role/app";
const ROOT: &str = "arn:aws:iam::111122223333:root";

/// A statement that keeps the account root in charge (so `PutKeyPolicy` passes the lockout
/// check), plus `statements`.
fn policy(statements: Vec<Value>) -> String {
    let mut all = vec![json!({
        "Sid": "Admin",
        "Effect": "Allow",
        "Principal": {"AWS": ROOT},
        "Action": "kms:*",
        "Resource": "*"
    })];
    all.extend(statements);
    json!({"Version": "2012-10-17", "Statement": all}).to_string()
}

fn put(kms: &LocalKms, key_id: &str, policy: &str) -> datakey::Result<()> {
    kms.put_key_policy(PutKeyPolicyRequest {
        key_id: key_id.to_owned(),
        policy: policy.to_owned(),
        ..Default::default()
    })
}

fn as_role(kms: &LocalKms, role: &str, ip: Option<&str>) -> LocalKms {
    let mut caller = Caller::new(role);
    if let Some(ip) = ip {
        caller = caller.with_source_ip_str(ip).unwrap();
    }
    kms.as_caller(caller).unwrap()
}

#[track_caller]
fn denied<T: std::fmt::Debug>(r: datakey::Result<T>) -> (String, AccessDeniedReason) {
    let e = err(r);
    assert_eq!(e.name(), "AccessDeniedException", "{e}");
    let reason = e.access_denied_reason().unwrap().clone();
    (e.message(), reason)
}

fn not_met(operator: &str, key: &str, value: Option<&str>) -> AccessDeniedReason {
    AccessDeniedReason::ConditionNotMet {
        statement: "Use".to_owned(),
        operator: operator.to_owned(),
        key: key.to_owned(),
        value: value.map(str::to_owned),
    }
}

struct Case {
    name: &'static str,
    condition: Value,
    source_ip: Option<&'static str>,
    context: &'static [(&'static str, &'static str)],
    /// `None`: allowed; `Some(reason)`: refused with exactly this reason.
    expect: Option<AccessDeniedReason>,
}

fn cases() -> Vec<Case> {
    let ip = Some("203.0.113.7");
    let tenant: &[(&str, &str)] = &[("tenant", "acme")];
    vec![
        // aws:CurrentTime (the clock is at 2023-11-14T22:13:20Z)
        Case {
            name: "DateGreaterThan passes",
            condition: json!({"DateGreaterThan": {"aws:CurrentTime": "2023-01-01T00:00:00Z"}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "DateGreaterThan fails",
            condition: json!({"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met(
                "DateGreaterThan",
                "aws:CurrentTime",
                Some("2023-11-14T22:13:20Z"),
            )),
        },
        Case {
            name: "DateLessThan passes",
            condition: json!({"DateLessThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "DateLessThan fails (epoch seconds, the exact instant is not less)",
            condition: json!({"DateLessThan": {"aws:CurrentTime": "1700000000"}}),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met(
                "DateLessThan",
                "aws:CurrentTime",
                Some("2023-11-14T22:13:20Z"),
            )),
        },
        // aws:SourceIp
        Case {
            name: "IpAddress passes (CIDR)",
            condition: json!({"IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "203.0.113.0/24"]}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "IpAddress fails",
            condition: json!({"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met("IpAddress", "aws:SourceIp", Some("203.0.113.7"))),
        },
        Case {
            name: "IpAddress fails without a source IP",
            condition: json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}),
            source_ip: None,
            context: tenant,
            expect: Some(not_met("IpAddress", "aws:SourceIp", None)),
        },
        Case {
            name: "IpAddress passes (IPv6)",
            condition: json!({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}),
            source_ip: Some("2001:db8::7"),
            context: tenant,
            expect: None,
        },
        Case {
            name: "NotIpAddress passes",
            condition: json!({"NotIpAddress": {"aws:SourceIp": "198.51.100.0/24"}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "NotIpAddress fails",
            condition: json!({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met("NotIpAddress", "aws:SourceIp", Some("203.0.113.7"))),
        },
        Case {
            name: "NotIpAddress passes without a source IP",
            condition: json!({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
            source_ip: None,
            context: tenant,
            expect: None,
        },
        // kms:EncryptionContext:<key>
        Case {
            name: "StringEquals on a context key passes",
            condition: json!({"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "StringEquals on a context key: the key name is case-insensitive",
            condition: json!({"StringEquals": {"kms:EncryptionContext:Tenant": "acme"}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "StringEquals on a context key fails on the value",
            condition: json!({"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}),
            source_ip: ip,
            context: &[("tenant", "ACME")],
            expect: Some(not_met(
                "StringEquals",
                "kms:EncryptionContext:tenant",
                Some("ACME"),
            )),
        },
        Case {
            name: "StringEquals on a context key fails when the key is absent",
            condition: json!({"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}),
            source_ip: ip,
            context: &[("purpose", "x")],
            expect: Some(not_met(
                "StringEquals",
                "kms:EncryptionContext:tenant",
                None,
            )),
        },
        Case {
            name: "StringLike on a context key passes",
            condition: json!({"StringLike": {"kms:EncryptionContext:tenant": "ac?e*"}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "StringLike on a context key fails",
            condition: json!({"StringLike": {"kms:EncryptionContext:tenant": "globex-*"}}),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met(
                "StringLike",
                "kms:EncryptionContext:tenant",
                Some("acme"),
            )),
        },
        // kms:EncryptionContextKeys
        Case {
            name: "ForAllValues:StringEquals on the context keys passes",
            condition: json!({"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "purpose"]}}),
            source_ip: ip,
            context: &[("tenant", "acme"), ("purpose", "x")],
            expect: None,
        },
        Case {
            name: "ForAllValues:StringEquals on the context keys passes for an empty context",
            condition: json!({"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant"]}}),
            source_ip: ip,
            context: &[],
            expect: None,
        },
        Case {
            name: "ForAllValues:StringEquals on the context keys fails on an extra key",
            condition: json!({"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant"]}}),
            source_ip: ip,
            context: &[("tenant", "acme"), ("debug", "1")],
            expect: Some(not_met(
                "ForAllValues:StringEquals",
                "kms:EncryptionContextKeys",
                Some("debug,tenant"),
            )),
        },
        Case {
            name: "ForAnyValue:StringLike on the context keys passes",
            condition: json!({"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "ten*"}}),
            source_ip: ip,
            context: &[("tenant", "acme"), ("debug", "1")],
            expect: None,
        },
        Case {
            name: "ForAnyValue:StringLike on the context keys fails",
            condition: json!({"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "ten*"}}),
            source_ip: ip,
            context: &[("debug", "1")],
            expect: Some(not_met(
                "ForAnyValue:StringLike",
                "kms:EncryptionContextKeys",
                Some("debug"),
            )),
        },
        Case {
            name: "StringEquals on the context keys (no qualifier: any value) passes",
            condition: json!({"StringEquals": {"kms:EncryptionContextKeys": "tenant"}}),
            source_ip: ip,
            context: &[("tenant", "acme"), ("debug", "1")],
            expect: None,
        },
        Case {
            name: "StringEquals on the context keys fails for an empty context",
            condition: json!({"StringEquals": {"kms:EncryptionContextKeys": "tenant"}}),
            source_ip: ip,
            context: &[],
            expect: Some(not_met("StringEquals", "kms:EncryptionContextKeys", None)),
        },
        // kms:CallerAccount
        Case {
            name: "StringEquals on kms:CallerAccount passes",
            condition: json!({"StringEquals": {"kms:CallerAccount": ACCOUNT}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "StringEquals on kms:CallerAccount fails",
            condition: json!({"StringEquals": {"kms:CallerAccount": ["444455556666"]}}),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met("StringEquals", "kms:CallerAccount", Some(ACCOUNT))),
        },
        Case {
            name: "StringLike on kms:CallerAccount passes",
            condition: json!({"StringLike": {"kms:CallerAccount": "1111*"}}),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "StringLike on kms:CallerAccount fails",
            condition: json!({"StringLike": {"kms:CallerAccount": "4444*"}}),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met("StringLike", "kms:CallerAccount", Some(ACCOUNT))),
        },
        // Several conditions: all must hold.
        Case {
            name: "two operators, both hold",
            condition: json!({
                "IpAddress": {"aws:SourceIp": "203.0.113.0/24"},
                "StringEquals": {"kms:EncryptionContext:tenant": "acme"}
            }),
            source_ip: ip,
            context: tenant,
            expect: None,
        },
        Case {
            name: "two operators, the second fails",
            condition: json!({
                "IpAddress": {"aws:SourceIp": "203.0.113.0/24"},
                "StringEquals": {"kms:EncryptionContext:tenant": "globex"}
            }),
            source_ip: ip,
            context: tenant,
            expect: Some(not_met(
                "StringEquals",
                "kms:EncryptionContext:tenant",
                Some("acme"),
            )),
        },
    ]
}

#[test]
fn every_condition_operator_passes_and_fails_with_the_exact_reason() {
    let operators: std::collections::BTreeSet<String> = cases()
        .iter()
        .flat_map(|c| {
            c.condition
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    for op in [
        "DateGreaterThan",
        "DateLessThan",
        "IpAddress",
        "NotIpAddress",
        "StringEquals",
        "StringLike",
        "ForAllValues:StringEquals",
        "ForAnyValue:StringLike",
    ] {
        assert!(operators.contains(op), "no case for {op}");
    }
    for case in cases() {
        let (kms, _clock) = kms();
        let key = sym(&kms);
        put(
            &kms,
            &key.key_id,
            &policy(vec![json!({
                "Sid": "Use",
                "Effect": "Allow",
                "Principal": {"AWS": APP_ROLE},
                "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                "Resource": "*",
                "Condition": case.condition,
            })]),
        )
        .unwrap();
        let app = as_role(&kms, APP_ROLE, case.source_ip);
        let r = gdk(&app, &key.key_id, &ec(case.context));
        match (&case.expect, r) {
            (None, Ok(_)) => {}
            (None, Err(e)) => panic!("{}: expected success, got {e}", case.name),
            (Some(expected), r) => {
                let (message, reason) = denied(r);
                assert_eq!(&reason, expected, "{}", case.name);
                assert_eq!(
                    message,
                    format!(
                        "User: {APP_ROLE} is not authorized to perform: kms:GenerateDataKey on \
                         resource: {} because no resource-based policy allows the \
                         kms:GenerateDataKey action",
                        key.arn
                    ),
                    "{}",
                    case.name
                );
            }
        }
    }
}

#[test]
fn explicit_deny_wins_over_allow() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
                   "Action": "kms:*", "Resource": "*"}),
            json!({"Sid": "NoDecrypt", "Effect": "Deny", "Principal": "*",
                   "Action": "kms:Decrypt", "Resource": "*"}),
        ]),
    )
    .unwrap();
    let app = as_role(&kms, APP_ROLE, None);
    let dk = gdk(&app, &key.key_id, &ec(&[])).unwrap();
    let e = err(decrypt(&app, &dk.ciphertext_blob, &ec(&[])));
    assert_eq!(e.name(), "AccessDeniedException");
    assert_eq!(
        e.message(),
        format!(
            "User: {APP_ROLE} is not authorized to perform: kms:Decrypt on resource: {} with an \
             explicit deny in a resource-based policy",
            key.arn
        )
    );
    let a = e.access_denied().unwrap();
    assert_eq!(a.principal, APP_ROLE);
    assert_eq!(a.action, "kms:Decrypt");
    assert_eq!(a.resource, key.arn);
    assert_eq!(
        a.reason,
        AccessDeniedReason::ExplicitDeny {
            statement: "NoDecrypt".into()
        }
    );
    assert_eq!(a.reason.kind(), "ExplicitDeny");
    // The deny applies to the root too ("Principal": "*").
    let (_, reason) = denied(decrypt(&kms, &dk.ciphertext_blob, &ec(&[])));
    assert_eq!(
        reason,
        AccessDeniedReason::ExplicitDeny {
            statement: "NoDecrypt".into()
        }
    );
}

#[test]
fn a_deny_statement_without_sid_is_named_by_index_and_its_conditions_gate_it() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
                   "Action": "kms:*", "Resource": "*"}),
            // The classic "only from the corporate network" guard (for the data-key actions, so
            // that the root, which has no source IP here, keeps managing the key).
            json!({"Effect": "Deny", "Principal": {"AWS": "*"},
                   "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                   "Resource": "*",
                   "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}),
        ]),
    )
    .unwrap();
    let inside = as_role(&kms, APP_ROLE, Some("10.1.2.3"));
    gdk(&inside, &key.key_id, &ec(&[])).unwrap();
    let outside = as_role(&kms, APP_ROLE, Some("203.0.113.7"));
    let (_, reason) = denied(gdk(&outside, &key.key_id, &ec(&[])));
    assert_eq!(
        reason,
        AccessDeniedReason::ExplicitDeny {
            statement: "#2".into()
        }
    );
}

#[test]
fn implicit_deny_when_no_statement_allows() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({
            "Sid": "Alice", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
            "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"
        })]),
    )
    .unwrap();
    let app = as_role(&kms, APP_ROLE, None);
    let r = gdk(&app, &key.key_id, &ec(&[]));
    let (message, reason) = denied(r);
    assert_eq!(reason, AccessDeniedReason::NoStatementAllows);
    assert_eq!(
        message,
        format!(
            "User: {APP_ROLE} is not authorized to perform: kms:GenerateDataKey on resource: {} \
             because no resource-based policy allows the kms:GenerateDataKey action",
            key.arn
        )
    );
    // Alice may encrypt but not generate data keys (the action does not match).
    let alice = as_role(&kms, "arn:aws:iam::111122223333:user/alice", None);
    alice
        .encrypt(EncryptRequest {
            key_id: key.key_id.clone(),
            plaintext: datakey::SecretBytes::copy_from_slice(b"x"),
            ..Default::default()
        })
        .unwrap();
    let (_, reason) = denied(gdk(&alice, &key.key_id, &ec(&[])));
    assert_eq!(reason, AccessDeniedReason::NoStatementAllows);
    // Control-plane operations are authorized too.
    let (message, _) = denied(app.describe_key(DescribeKeyRequest {
        key_id: key.key_id.clone(),
    }));
    assert!(message.contains("kms:DescribeKey"), "{message}");
    // The reason reads well on its own.
    assert_eq!(
        AccessDeniedReason::NoStatementAllows.to_string(),
        "no statement of the key policy allows the action"
    );
}

#[test]
fn first_unmet_condition_is_reported_and_a_later_allow_still_allows() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Office", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
                   "Action": "kms:GenerateDataKey", "Resource": "*",
                   "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}),
            json!({"Sid": "Tenant", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
                   "Action": "kms:GenerateDataKey", "Resource": "*",
                   "Condition": {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}}),
        ]),
    )
    .unwrap();
    let app = as_role(&kms, APP_ROLE, Some("203.0.113.7"));
    gdk(&app, &key.key_id, &ec(&[("tenant", "acme")])).unwrap();
    let (_, reason) = denied(gdk(&app, &key.key_id, &ec(&[("tenant", "globex")])));
    assert_eq!(
        reason,
        AccessDeniedReason::ConditionNotMet {
            statement: "Office".into(),
            operator: "IpAddress".into(),
            key: "aws:SourceIp".into(),
            value: Some("203.0.113.7".into()),
        }
    );
    assert_eq!(
        reason.to_string(),
        "statement Office: condition IpAddress on aws:SourceIp not met by 203.0.113.7"
    );
}

#[test]
fn the_default_policy_allows_the_account_root_and_nobody_else() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    let got = kms
        .get_key_policy(GetKeyPolicyRequest {
            key_id: key.key_id.clone(),
            policy_name: None,
        })
        .unwrap();
    assert_eq!(got.policy_name, "default");
    assert_eq!(got.policy, default_key_policy("aws", ACCOUNT));
    let doc: Value = serde_json::from_str(&got.policy).unwrap();
    assert_eq!(doc["Statement"][0]["Principal"]["AWS"], ROOT);
    assert_eq!(kms.principal(), ROOT);
    gdk(&kms, &key.key_id, &ec(&[])).unwrap();
    gdk(&as_role(&kms, ROOT, None), &key.key_id, &ec(&[])).unwrap();
    // No IAM identity policies are modelled: users and roles need a statement naming them.
    for who in [
        APP_ROLE,
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:sts::111122223333:assumed-role/app/s1",
        "arn:aws:iam::444455556666:root",
    ] {
        let (message, reason) = denied(gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[])));
        assert_eq!(reason, AccessDeniedReason::NoStatementAllows, "{who}");
        assert!(message.starts_with(&format!("User: {who} is not authorized")));
    }
    // "Principal": "*" with kms:CallerAccount opens the key to the whole account.
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Account", "Effect": "Allow", "Principal": "*",
            "Action": "kms:GenerateDataKey", "Resource": "*",
            "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT}}}),
        ]),
    )
    .unwrap();
    gdk(&as_role(&kms, APP_ROLE, None), &key.key_id, &ec(&[])).unwrap();
    let (_, reason) = denied(gdk(
        &as_role(&kms, "arn:aws:iam::444455556666:role/app", None),
        &key.key_id,
        &ec(&[]),
    ));
    assert_eq!(
        reason,
        AccessDeniedReason::ConditionNotMet {
            statement: "Account".into(),
            operator: "StringEquals".into(),
            key: "kms:CallerAccount".into(),
            value: Some("444455556666".into()),
        }
    );
}

#[test]
fn reencrypt_needs_from_on_the_source_and_to_on_the_destination() {
    let (kms, _clock) = kms();
    let src = sym(&kms);
    let dst = sym(&kms);
    let only_from = policy(vec![json!({"Sid": "Use", "Effect": "Allow",
        "Principal": {"AWS": APP_ROLE}, "Action": ["kms:ReEncryptFrom", "kms:GenerateDataKey"],
        "Resource": "*"})]);
    put(&kms, &src.key_id, &only_from).unwrap();
    put(&kms, &dst.key_id, &only_from).unwrap();
    let app = as_role(&kms, APP_ROLE, None);
    let dk = gdk(&app, &src.key_id, &ec(&[("a", "1")])).unwrap();
    let req = ReEncryptRequest {
        ciphertext_blob: dk.ciphertext_blob.clone(),
        source_encryption_context: ec(&[("a", "1")]),
        destination_key_id: dst.key_id.clone(),
        destination_encryption_context: ec(&[("b", "2")]),
        ..Default::default()
    };
    let e = err(app.re_encrypt(req.clone()));
    let a = e.access_denied().unwrap();
    assert_eq!(a.action, "kms:ReEncryptTo");
    assert_eq!(a.resource, dst.arn);
    put(
        &kms,
        &dst.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow",
        "Principal": {"AWS": APP_ROLE}, "Action": "kms:ReEncrypt*", "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionContext:b": "2"}}})]),
    )
    .unwrap();
    let out = app.re_encrypt(req).unwrap();
    assert_eq!(out.key_id, dst.arn);
}

#[test]
fn temporary_credentials_carry_the_roles_permissions_and_expire() {
    let (kms, clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow",
            "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"})]),
    )
    .unwrap();
    let session = kms
        .assume_role(AssumeRoleRequest {
            role_arn: APP_ROLE.to_owned(),
            role_session_name: "worker-1".to_owned(),
            duration_seconds: Some(900),
        })
        .unwrap();
    let arn = "arn:aws:sts::111122223333:assumed-role/app/worker-1";
    assert_eq!(session.assumed_role_user.arn, arn);
    assert!(
        session
            .assumed_role_user
            .assumed_role_id
            .starts_with("AROA")
    );
    assert!(
        session
            .assumed_role_user
            .assumed_role_id
            .ends_with(":worker-1")
    );
    let creds = &session.credentials;
    assert!(creds.access_key_id.starts_with("ASIA") && creds.access_key_id.len() == 20);
    assert_eq!(creds.secret_access_key.len(), 40);
    assert_eq!(creds.expiration, now(&clock) + Duration::from_secs(900));
    let debug = format!("{creds:?}");
    assert!(!debug.contains(&creds.session_token), "{debug}");
    assert!(!debug.contains(std::str::from_utf8(creds.secret_access_key.expose_secret()).unwrap()));

    let worker = kms.as_caller(Caller::from_assume_role(&session)).unwrap();
    assert_eq!(worker.principal(), arn);
    let dk = gdk(&worker, &key.key_id, &ec(&[])).unwrap();
    clock.advance(Duration::from_secs(899));
    decrypt(&worker, &dk.ciphertext_blob, &ec(&[])).unwrap();
    clock.advance(Duration::from_secs(1));
    let expired_at = now(&clock);
    for e in [
        err(decrypt(&worker, &dk.ciphertext_blob, &ec(&[]))),
        err(worker.list_keys(ListKeysRequest::default())),
        err(worker.assume_role(AssumeRoleRequest {
            role_arn: APP_ROLE.to_owned(),
            role_session_name: "renew".to_owned(),
            duration_seconds: None,
        })),
    ] {
        assert_eq!(e.name(), "ExpiredTokenException");
        assert_eq!(
            e.message(),
            "The security token included in the request is expired"
        );
        assert_eq!(
            e.access_denied_reason(),
            Some(&AccessDeniedReason::CredentialsExpired { expired_at })
        );
        assert_eq!(e.access_denied().unwrap().principal, arn);
    }
    assert_eq!(
        AccessDeniedReason::CredentialsExpired { expired_at }.to_string(),
        "the temporary credentials expired at 2023-11-14T22:28:20Z"
    );
}

#[test]
fn a_session_of_a_role_without_permission_is_denied_by_its_session_arn() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow",
            "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"})]),
    )
    .unwrap();
    let session = kms
        .assume_role(AssumeRoleRequest {
            role_arn: "arn:aws:iam::111122223333:role/path/to/reporting".to_owned(),
            role_session_name: "nightly".to_owned(),
            duration_seconds: None,
        })
        .unwrap();
    let reporting = kms.as_caller(Caller::from_assume_role(&session)).unwrap();
    let e = err(gdk(&reporting, &key.key_id, &ec(&[])));
    assert_eq!(e.name(), "AccessDeniedException");
    assert_eq!(
        e.message(),
        format!(
            "User: arn:aws:sts::111122223333:assumed-role/reporting/nightly is not authorized to \
             perform: kms:GenerateDataKey on resource: {} because no resource-based policy \
             allows the kms:GenerateDataKey action",
            key.arn
        )
    );
    // Default session duration: one hour.
    assert_eq!(
        session
            .credentials
            .expiration
            .duration_since(kms_support::now(&kms_support::kms().1))
            .ok(),
        Some(Duration::from_secs(3600))
    );
}

#[test]
fn forged_or_unknown_session_credentials_are_unrecognized() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow",
            "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"})]),
    )
    .unwrap();
    let session = kms
        .assume_role(AssumeRoleRequest {
            role_arn: APP_ROLE.to_owned(),
            role_session_name: "s1".to_owned(),
            duration_seconds: None,
        })
        .unwrap();
    let good = Caller::from_assume_role(&session);
    let mut wrong_token = good.clone();
    wrong_token
        .session
        .as_mut()
        .unwrap()
        .session_token
        .push('0');
    let mut wrong_principal = good.clone();
    wrong_principal.principal_arn = "arn:aws:sts::111122223333:assumed-role/admin/s1".into();
    let mut unknown = good.clone();
    unknown.session.as_mut().unwrap().access_key_id = "ASIAAAAAAAAAAAAAAAAA".into();
    for caller in [wrong_token, wrong_principal, unknown] {
        let handle = kms.as_caller(caller).unwrap();
        assert_err(
            gdk(&handle, &key.key_id, &ec(&[])),
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        );
    }
    gdk(&kms.as_caller(good).unwrap(), &key.key_id, &ec(&[])).unwrap();
    // Another service did not issue these credentials.
    let (other, _) = kms_support::kms();
    let k2 = sym(&other);
    let handle = other.as_caller(Caller::from_assume_role(&session)).unwrap();
    assert_eq!(
        err(gdk(&handle, &k2.key_id, &ec(&[]))).name(),
        "UnrecognizedClientException"
    );
}

#[test]
fn assume_role_and_callers_validate_their_parameters() {
    let (kms, _clock) = kms();
    let ar = |role: &str, name: &str, d: Option<i64>| {
        kms.assume_role(AssumeRoleRequest {
            role_arn: role.to_owned(),
            role_session_name: name.to_owned(),
            duration_seconds: d,
        })
    };
    assert_err(
        ar(APP_ROLE, "s1", Some(899)),
        "ValidationException",
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy \
         constraint: Member must have value greater than or equal to 900",
    );
    assert_err(
        ar(APP_ROLE, "s1", Some(43_201)),
        "ValidationException",
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy \
         constraint: Member must have value less than or equal to 43200",
    );
    ar(APP_ROLE, "s1", Some(43_200)).unwrap();
    ar(APP_ROLE, "ab", Some(900)).unwrap();
    assert_err(
        ar(APP_ROLE, "a", None),
        "ValidationException",
        "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy \
         constraint: Member must have length greater than or equal to 2",
    );
    assert_err(
        ar(APP_ROLE, "bad name", None),
        "ValidationException",
        "1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    assert_err(
        ar(APP_ROLE, &"x".repeat(65), None),
        "ValidationException",
        &format!(
            "1 validation error detected: Value '{}' at 'roleSessionName' failed to satisfy \
             constraint: Member must have length less than or equal to 64",
            "x".repeat(65)
        ),
    );
    for bad in [
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:sts::111122223333:assumed-role/app/s",
        "arn:aws:iam::1111:role/app-and-more",
    ] {
        assert_eq!(
            err(ar(bad, "s1", None)).name(),
            "ValidationException",
            "{bad}"
        );
    }
    for bad in [
        "",
        "alice",
        "arn:aws:iam::111122223333:group/devs",
        "arn:aws:iam:us-east-1:111122223333:user/alice",
        "arn:aws:sts::111122223333:assumed-role/app",
    ] {
        assert_eq!(
            err(kms.as_caller(Caller::new(bad))).name(),
            "ValidationException",
            "{bad}"
        );
    }
    assert_eq!(
        err(Caller::new(APP_ROLE).with_source_ip_str("203.0.113")).name(),
        "ValidationException"
    );
}

#[test]
fn put_key_policy_refuses_what_it_cannot_evaluate() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    let stmt = |extra: Value| {
        let mut s = json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
                           "Action": "kms:Decrypt", "Resource": "*"});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                s.as_object_mut().unwrap().remove(k);
            } else {
                s[k] = v.clone();
            }
        }
        policy(vec![s])
    };
    let bad: Vec<(&str, String, &str)> = vec![
        ("not JSON", "{".to_owned(), "The policy is not valid JSON"),
        (
            "not an object",
            "[]".to_owned(),
            "The policy must be a JSON object.",
        ),
        (
            "old version",
            json!({"Version": "2011-01-01", "Statement": []}).to_string(),
            "Version must be",
        ),
        (
            "no statement",
            json!({"Version": "2012-10-17"}).to_string(),
            "The policy needs a Statement",
        ),
        (
            "NotAction",
            stmt(json!({"Action": null, "NotAction": "kms:Decrypt"})),
            "datakey does not support NotAction",
        ),
        (
            "NotPrincipal",
            stmt(json!({"Principal": null, "NotPrincipal": {"AWS": APP_ROLE}})),
            "datakey does not support NotPrincipal",
        ),
        (
            "no effect",
            stmt(json!({"Effect": null})),
            "Each statement needs an Effect.",
        ),
        (
            "bad effect",
            stmt(json!({"Effect": "allow"})),
            "Effect must be \"Allow\" or \"Deny\".",
        ),
        (
            "invalid principal",
            stmt(json!({"Principal": {"AWS": "app"}})),
            "Policy contains a statement with one or more invalid principals.",
        ),
        (
            "federated principal",
            stmt(json!({"Principal": {"Federated": "cognito-identity.amazonaws.com"}})),
            "datakey supports only AWS and Service principals, not Federated.",
        ),
        (
            "non-KMS action",
            stmt(json!({"Action": "s3:GetObject"})),
            "Action s3:GetObject is not a KMS action",
        ),
        (
            "bad resource",
            stmt(json!({"Resource": "key/1"})),
            "Resource key/1 is not * or an ARN.",
        ),
        (
            "unknown operator",
            stmt(json!({"Condition": {"NumericLessThan": {"kms:CallerAccount": "1"}}})),
            "datakey does not support the condition operator NumericLessThan",
        ),
        (
            "unknown key",
            stmt(json!({"Condition": {"StringEquals": {"aws:PrincipalTag/team": "x"}}})),
            "datakey does not model the condition key aws:PrincipalTag/team",
        ),
        (
            "operator and key do not fit",
            stmt(json!({"Condition": {"IpAddress": {"aws:CurrentTime": "10.0.0.0/8"}}})),
            "The condition operator IpAddress cannot be used with the condition key \
             aws:CurrentTime.",
        ),
        (
            "qualifier on an IP operator",
            stmt(json!({"Condition": {"ForAnyValue:IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}})),
            "datakey supports ForAnyValue:/ForAllValues: only with StringEquals and StringLike",
        ),
        (
            "bad CIDR",
            stmt(json!({"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}})),
            "The value 10.0.0.0/33 of condition key aws:SourceIp is not an IP address or CIDR \
             block.",
        ),
        (
            "bad date",
            stmt(json!({"Condition": {"DateLessThan": {"aws:CurrentTime": "tomorrow"}}})),
            "The value tomorrow of condition key aws:CurrentTime is not a date",
        ),
        (
            "empty values",
            stmt(json!({"Condition": {"StringEquals": {"kms:CallerAccount": []}}})),
            "Condition key kms:CallerAccount has an empty list of values.",
        ),
        (
            "duplicate Sid",
            policy(vec![
                json!({"Sid": "Admin", "Effect": "Deny", "Principal": "*",
                               "Action": "kms:Decrypt", "Resource": "*"}),
            ]),
            "Statement IDs (SID) in a single policy must be unique: Admin repeats.",
        ),
        (
            "unknown element",
            stmt(json!({"Comment": "hi"})),
            "Statement element Comment is not part of the policy grammar.",
        ),
    ];
    for (name, doc, expected) in bad {
        let e = err(put(&kms, &key.key_id, &doc));
        assert_eq!(e.name(), "MalformedPolicyDocumentException", "{name}: {e}");
        assert!(
            e.message().starts_with(expected),
            "{name}: {:?} does not start with {expected:?}",
            e.message()
        );
    }
    // Nothing was changed.
    let got = kms
        .get_key_policy(GetKeyPolicyRequest {
            key_id: key.key_id.clone(),
            policy_name: Some("default".into()),
        })
        .unwrap();
    assert_eq!(got.policy, default_key_policy("aws", ACCOUNT));
}

#[test]
fn put_key_policy_parameters_and_the_lockout_check() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    assert_err(
        put(&kms, &key.key_id, ""),
        "ValidationException",
        "1 validation error detected: Value '' at 'policy' failed to satisfy constraint: \
         Member must have length greater than or equal to 1",
    );
    let long = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_POLICY_LEN));
    assert_eq!(
        err(put(&kms, &key.key_id, &long)).name(),
        "ValidationException"
    );
    let named = |name: &str| {
        kms.put_key_policy(PutKeyPolicyRequest {
            key_id: key.key_id.clone(),
            policy: policy(vec![]),
            policy_name: Some(name.to_owned()),
            ..Default::default()
        })
    };
    assert_err(
        named("bad-name"),
        "ValidationException",
        "1 validation error detected: Value 'bad-name' at 'policyName' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\w]+",
    );
    assert_eq!(err(named("other")).name(), "NotFoundException");
    named("default").unwrap();

    // A policy that would lock the caller (the root) out of PutKeyPolicy is refused ...
    let app_only = json!({"Statement": [{"Effect": "Allow",
        "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"}]})
    .to_string();
    assert_err(
        put(&kms, &key.key_id, &app_only),
        "MalformedPolicyDocumentException",
        "The new key policy will not allow you to update the key policy in the future.",
    );
    // ... unless the check is bypassed; then the root is locked out and the role is in charge.
    kms.put_key_policy(PutKeyPolicyRequest {
        key_id: key.key_id.clone(),
        policy: app_only.clone(),
        bypass_policy_lockout_safety_check: Some(true),
        ..Default::default()
    })
    .unwrap();
    let (_, reason) = denied(kms.get_key_policy(GetKeyPolicyRequest {
        key_id: key.key_id.clone(),
        policy_name: None,
    }));
    assert_eq!(reason, AccessDeniedReason::NoStatementAllows);
    let app = as_role(&kms, APP_ROLE, None);
    let got = app
        .get_key_policy(GetKeyPolicyRequest {
            key_id: key.key_id.clone(),
            policy_name: None,
        })
        .unwrap();
    assert_eq!(got.policy, app_only, "the text comes back exactly as put");
    // The lockout check applies to the role too.
    assert_eq!(
        err(put(&app, &key.key_id, &policy(vec![]))).name(),
        "MalformedPolicyDocumentException"
    );
    put(
        &app,
        &key.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow",
            "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"})]),
    )
    .unwrap();
    gdk(&kms, &key.key_id, &ec(&[])).unwrap();
}

#[test]
fn create_key_takes_a_policy_with_the_same_checks() {
    let (kms, _clock) = kms();
    let app_only = json!({"Statement": {"Effect": "Allow",
        "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"}})
    .to_string();
    let create = |p: &str, bypass: bool| {
        kms.create_key_with_policy(
            CreateKeyRequest::default(),
            CreateKeyPolicy {
                policy: p.to_owned(),
                bypass_policy_lockout_safety_check: Some(bypass),
            },
        )
    };
    assert_err(
        create(&app_only, false),
        "MalformedPolicyDocumentException",
        "The new key policy will not allow you to update the key policy in the future.",
    );
    assert_eq!(
        err(create("{}", false)).name(),
        "MalformedPolicyDocumentException"
    );
    let key = create(&app_only, true).unwrap().key_metadata;
    let (_, reason) = denied(gdk(&kms, &key.key_id, &ec(&[])));
    assert_eq!(reason, AccessDeniedReason::NoStatementAllows);
    gdk(&as_role(&kms, APP_ROLE, None), &key.key_id, &ec(&[])).unwrap();
    // The refused creations left no key behind.
    assert_eq!(
        kms.list_keys(ListKeysRequest::default())
            .unwrap()
            .keys
            .len(),
        1
    );
}

#[test]
fn a_role_principal_matches_its_sessions_but_not_other_roles() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::111122223333:role/team/app"]},
            "Action": "kms:GenerateDataKey", "Resource": key.arn})]),
    )
    .unwrap();
    for (who, ok) in [
        ("arn:aws:iam::111122223333:role/team/app", true),
        (
            "arn:aws:sts::111122223333:assumed-role/app/any-session",
            true,
        ),
        (
            "arn:aws:sts::111122223333:assumed-role/application/s",
            false,
        ),
        ("arn:aws:sts::444455556666:assumed-role/app/s", false),
        ("arn:aws:iam::111122223333:role/app2", false),
        ("arn:aws:iam::111122223333:user/app", false),
    ] {
        let r = gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[]));
        assert_eq!(r.is_ok(), ok, "{who}");
    }
}

#[test]
fn access_denied_is_plain_data_one_step_from_the_error() {
    let e = Error::AccessDenied(Box::new(datakey::AccessDenied {
        principal: APP_ROLE.into(),
        action: "kms:Decrypt".into(),
        resource: "arn:aws:kms:us-east-1:111122223333:key/k".into(),
        reason: AccessDeniedReason::ConditionNotMet {
            statement: "#0".into(),
            operator: "IpAddress".into(),
            key: "aws:SourceIp".into(),
            value: None,
        },
    }));
    let reason = e.access_denied_reason().unwrap();
    assert_eq!(reason.kind(), "ConditionNotMet");
    assert_eq!(
        reason.to_string(),
        "statement #0: condition IpAddress on aws:SourceIp not met: the request has no \
         aws:SourceIp"
    );
    assert!(!e.is_retryable());
    assert!(Error::Validation("x".into()).access_denied().is_none());
    let _: &EncryptionContext = &EncryptionContext::new();
}

// ----- source addresses in every spelling (issue 13, item 7) -------------------------------

/// The spellings of `203.0.113.9` a dual-stack socket API or a NAT64 network may hand over.
const SPELLINGS_OF_203_0_113_9: [&str; 9] = [
    "203.0.113.9",
    "::ffff:203.0.113.9",
    "::ffff:cb00:7109",
    "::FFFF:CB00:7109",
    "0:0:0:0:0:ffff:203.0.113.9",
    "64:ff9b::cb00:7109",
    "64:ff9b::203.0.113.9",
    "::203.0.113.9",
    "::cb00:7109",
];

/// The same spellings of `198.51.100.1`, outside 203.0.113.0/24.
const SPELLINGS_OF_198_51_100_1: [&str; 5] = [
    "198.51.100.1",
    "::ffff:198.51.100.1",
    "::ffff:c633:6401",
    "64:ff9b::c633:6401",
    "::198.51.100.1",
];

/// A key the app role may use, with `statement` added.
fn ip_key(kms: &LocalKms, statement: Value) -> KeyMetadata {
    let key = sym(kms);
    put(
        kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
                   "Action": "kms:GenerateDataKey", "Resource": "*"}),
            statement,
        ]),
    )
    .unwrap();
    key
}

fn from(kms: &LocalKms, ip: &str) -> LocalKms {
    as_role(kms, APP_ROLE, Some(ip))
}

#[test]
fn a_deny_on_an_ip_range_holds_for_every_spelling_of_an_address_in_it() {
    let (kms, _clock) = kms();
    let key = ip_key(
        &kms,
        json!({"Sid": "Block", "Effect": "Deny", "Principal": "*", "Action": "kms:*",
               "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}),
    );
    for ip in SPELLINGS_OF_203_0_113_9 {
        let (_, reason) = denied(gdk(&from(&kms, ip), &key.key_id, &ec(&[])));
        assert_eq!(
            reason,
            AccessDeniedReason::ExplicitDeny {
                statement: "Block".into()
            },
            "{ip}"
        );
    }
    for ip in SPELLINGS_OF_198_51_100_1
        .into_iter()
        .chain(["2001:db8::cb00:7109", "::1"])
    {
        gdk(&from(&kms, ip), &key.key_id, &ec(&[])).unwrap_or_else(|e| panic!("{ip}: {e}"));
    }
    // Written in the IPv4-mapped form in the policy, the range is the same IPv4 range.
    let key = ip_key(
        &kms,
        json!({"Sid": "Block", "Effect": "Deny", "Principal": "*", "Action": "kms:*",
               "Resource": "*",
               "Condition": {"IpAddress": {"aws:SourceIp": ["::ffff:203.0.113.0/120", "::ffff:c633:6401"]}}}),
    );
    for ip in ["203.0.113.9", "::ffff:cb00:7109", "198.51.100.1"] {
        let (_, reason) = denied(gdk(&from(&kms, ip), &key.key_id, &ec(&[])));
        assert_eq!(reason.kind(), "ExplicitDeny", "{ip}");
    }
    gdk(&from(&kms, "198.51.100.2"), &key.key_id, &ec(&[])).unwrap();
}

#[test]
fn an_allow_outside_an_ip_range_admits_no_spelling_of_an_address_in_it() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
            "Action": "kms:GenerateDataKey", "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}),
        ]),
    )
    .unwrap();
    for ip in SPELLINGS_OF_203_0_113_9 {
        let (_, reason) = denied(gdk(&from(&kms, ip), &key.key_id, &ec(&[])));
        assert_eq!(reason.kind(), "ConditionNotMet", "{ip}");
    }
    for ip in SPELLINGS_OF_198_51_100_1 {
        gdk(&from(&kms, ip), &key.key_id, &ec(&[])).unwrap_or_else(|e| panic!("{ip}: {e}"));
    }
    // The reason reports the address as AWS would see it.
    let (_, reason) = denied(gdk(
        &from(&kms, "::ffff:203.0.113.9"),
        &key.key_id,
        &ec(&[]),
    ));
    assert_eq!(
        reason,
        not_met("NotIpAddress", "aws:SourceIp", Some("203.0.113.9"))
    );
}

#[test]
fn an_embedded_ipv4_address_never_grants_access() {
    let (kms, _clock) = kms();
    // An IPv4 allow admits the IPv4-mapped spellings (they are the IPv4 address) but not the
    // NAT64 or IPv4-compatible ones, which are IPv6 addresses.
    let key = ip_key(
        &kms,
        json!({"Sid": "Only", "Effect": "Deny", "Principal": "*",
        "Action": "kms:GenerateDataKey", "Resource": "*",
        "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}),
    );
    for (ip, ok) in [
        ("203.0.113.9", true),
        ("::ffff:203.0.113.9", true),
        ("::ffff:cb00:7109", true),
        ("64:ff9b::cb00:7109", false),
        ("::203.0.113.9", false),
    ] {
        let r = gdk(&from(&kms, ip), &key.key_id, &ec(&[]));
        assert_eq!(r.is_ok(), ok, "{ip}: {r:?}");
    }
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
            "Action": "kms:GenerateDataKey", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}),
        ]),
    )
    .unwrap();
    for (ip, ok) in [
        ("::ffff:203.0.113.9", true),
        ("64:ff9b::cb00:7109", false),
        ("::203.0.113.9", false),
    ] {
        let r = gdk(&from(&kms, ip), &key.key_id, &ec(&[]));
        assert_eq!(r.is_ok(), ok, "{ip}: {r:?}");
    }
    // Listing the NAT64 range admits the NAT64 clients.
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
            "Action": "kms:GenerateDataKey", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "64:ff9b::cb00:7100/120"]}}})]),
    )
    .unwrap();
    gdk(&from(&kms, "64:ff9b::cb00:7109"), &key.key_id, &ec(&[])).unwrap();
    // IPv4 and IPv6 ranges stay apart: ::/0 is every IPv6 address, not the IPv4 ones.
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE},
            "Action": "kms:GenerateDataKey", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "::/0"}}}),
        ]),
    )
    .unwrap();
    gdk(&from(&kms, "2001:db8::1"), &key.key_id, &ec(&[])).unwrap();
    for ip in ["203.0.113.9", "::ffff:203.0.113.9"] {
        let (_, reason) = denied(gdk(&from(&kms, ip), &key.key_id, &ec(&[])));
        assert_eq!(
            reason,
            not_met("IpAddress", "aws:SourceIp", Some("203.0.113.9"))
        );
    }
}

// ----- account principals (issue 13, item 8) ------------------------------------------------

#[test]
fn a_deny_naming_an_account_denies_every_identity_of_it() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    let identities = [
        "arn:aws:iam::444455556666:root",
        "arn:aws:iam::444455556666:user/mallory",
        "arn:aws:iam::444455556666:role/etl",
        "arn:aws:iam::444455556666:role/path/to/etl",
        "arn:aws:sts::444455556666:assumed-role/etl/nightly",
    ];
    for spelling in ["444455556666", "arn:aws:iam::444455556666:root"] {
        put(
            &kms,
            &key.key_id,
            &policy(vec![
                json!({"Sid": "Everyone", "Effect": "Allow", "Principal": "*",
                       "Action": "kms:GenerateDataKey", "Resource": "*"}),
                json!({"Sid": "NotThem", "Effect": "Deny", "Principal": {"AWS": [spelling]},
                       "Action": "kms:*", "Resource": "*"}),
            ]),
        )
        .unwrap();
        for who in identities {
            let (message, reason) = denied(gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[])));
            assert_eq!(
                reason,
                AccessDeniedReason::ExplicitDeny {
                    statement: "NotThem".into()
                },
                "{spelling} / {who}"
            );
            assert!(
                message.ends_with("with an explicit deny in a resource-based policy"),
                "{message}"
            );
        }
        // Other accounts (and this one) are not named.
        for who in [
            APP_ROLE,
            "arn:aws:iam::555555555555:role/etl",
            "arn:aws:sts::444455556667:assumed-role/etl/nightly",
        ] {
            gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[]))
                .unwrap_or_else(|e| panic!("{spelling} / {who}: {e}"));
        }
    }
    // A Deny naming this account stops its roles and sessions too, not only its root.
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Everyone", "Effect": "Allow", "Principal": "*",
                   "Action": "kms:GenerateDataKey", "Resource": "*"}),
            json!({"Sid": "NoDataKeys", "Effect": "Deny", "Principal": {"AWS": ACCOUNT},
                   "Action": "kms:GenerateDataKey", "Resource": "*"}),
        ]),
    )
    .unwrap();
    for who in [
        ROOT,
        APP_ROLE,
        "arn:aws:sts::111122223333:assumed-role/app/s1",
    ] {
        let (_, reason) = denied(gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[])));
        assert_eq!(reason.kind(), "ExplicitDeny", "{who}");
    }
}

#[test]
fn an_allow_naming_an_account_delegates_to_iam_so_grants_its_root_only() {
    // AWS: "When the principal in a key policy statement is the account principal, the policy
    // statement doesn't give any IAM users or roles permission to use the KMS key"; their IAM
    // policies must, and datakey models none.
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Partner", "Effect": "Allow",
            "Principal": {"AWS": "444455556666"}, "Action": "kms:GenerateDataKey",
            "Resource": "*"})]),
    )
    .unwrap();
    gdk(
        &as_role(&kms, "arn:aws:iam::444455556666:root", None),
        &key.key_id,
        &ec(&[]),
    )
    .unwrap();
    for who in [
        "arn:aws:iam::444455556666:role/etl",
        "arn:aws:sts::444455556666:assumed-role/etl/nightly",
        "arn:aws:iam::444455556666:user/u",
    ] {
        let (_, reason) = denied(gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[])));
        assert_eq!(reason, AccessDeniedReason::NoStatementAllows, "{who}");
    }
}

// ----- callers of other accounts and partitions (issue 13, item 9) --------------------------

const FOREIGN: &str = "arn:aws:iam::999999999999:user/m";

#[track_caller]
fn other_account<T: std::fmt::Debug>(r: datakey::Result<T>, action: &str) {
    let (message, reason) = denied(r);
    assert_eq!(reason.kind(), "OtherAccount", "{action}");
    assert_eq!(
        format!("{reason:?}"),
        r#"OtherAccount { account: "999999999999" }"#
    );
    assert_eq!(
        message,
        format!(
            "User: {FOREIGN} is not authorized to perform: {action} on resource: * because no \
             identity-based policy allows the {action} action"
        )
    );
}

#[test]
fn a_principal_of_another_account_cannot_create_keys_or_aliases_or_administer_keys_here() {
    let (kms, _clock) = kms();
    // A key everyone may do everything with, by its policy, and an alias the account uses.
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Everyone", "Effect": "Allow", "Principal": "*",
            "Action": "kms:*", "Resource": "*"}),
        ]),
    )
    .unwrap();
    kms.create_alias(CreateAliasRequest {
        alias_name: "alias/payments".into(),
        target_key_id: key.key_id.clone(),
    })
    .unwrap();
    let m = as_role(&kms, FOREIGN, None);
    let keys_before = kms
        .list_keys(ListKeysRequest::default())
        .unwrap()
        .keys
        .len();

    other_account(m.create_key(CreateKeyRequest::default()), "kms:CreateKey");
    let own_policy = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "999999999999"},
        "Action": "kms:*", "Resource": "*"}]})
    .to_string();
    other_account(
        m.create_key_with_policy(
            CreateKeyRequest::default(),
            CreateKeyPolicy {
                policy: own_policy,
                bypass_policy_lockout_safety_check: Some(true),
            },
        ),
        "kms:CreateKey",
    );
    for alias in ["alias/payments", "alias/new"] {
        other_account(
            m.create_alias(CreateAliasRequest {
                alias_name: alias.into(),
                target_key_id: key.key_id.clone(),
            }),
            "kms:CreateAlias",
        );
        other_account(
            m.update_alias(UpdateAliasRequest {
                alias_name: alias.into(),
                target_key_id: key.key_id.clone(),
            }),
            "kms:UpdateAlias",
        );
        other_account(
            m.delete_alias(DeleteAliasRequest {
                alias_name: alias.into(),
            }),
            "kms:DeleteAlias",
        );
    }
    other_account(m.list_keys(ListKeysRequest::default()), "kms:ListKeys");
    other_account(
        m.list_aliases(ListAliasesRequest::default()),
        "kms:ListAliases",
    );
    let id = || key.key_id.clone();
    other_account(
        m.disable_key(DisableKeyRequest { key_id: id() }),
        "kms:DisableKey",
    );
    other_account(
        m.enable_key(EnableKeyRequest { key_id: id() }),
        "kms:EnableKey",
    );
    other_account(
        m.schedule_key_deletion(ScheduleKeyDeletionRequest {
            key_id: id(),
            pending_window_in_days: Some(7),
        }),
        "kms:ScheduleKeyDeletion",
    );
    other_account(
        m.cancel_key_deletion(CancelKeyDeletionRequest { key_id: id() }),
        "kms:CancelKeyDeletion",
    );
    other_account(
        m.put_key_policy(PutKeyPolicyRequest {
            key_id: id(),
            policy: policy(vec![]),
            ..Default::default()
        }),
        "kms:PutKeyPolicy",
    );
    other_account(
        m.get_key_policy(GetKeyPolicyRequest {
            key_id: id(),
            policy_name: None,
        }),
        "kms:GetKeyPolicy",
    );
    other_account(
        m.rotate_key_on_demand(RotateKeyOnDemandRequest { key_id: id() }),
        "kms:RotateKeyOnDemand",
    );
    other_account(
        m.enable_key_rotation(EnableKeyRotationRequest {
            key_id: id(),
            rotation_period_in_days: None,
        }),
        "kms:EnableKeyRotation",
    );
    other_account(
        m.disable_key_rotation(DisableKeyRotationRequest { key_id: id() }),
        "kms:DisableKeyRotation",
    );
    other_account(
        m.list_key_rotations(ListKeyRotationsRequest {
            key_id: id(),
            ..Default::default()
        }),
        "kms:ListKeyRotations",
    );
    // Refused before anything is looked up: an unknown key or alias is not revealed either.
    other_account(
        m.disable_key(DisableKeyRequest {
            key_id: "00000000-0000-0000-0000-000000000000".into(),
        }),
        "kms:DisableKey",
    );

    // What AWS allows across accounts still works, as the key policy allows it.
    let dk = gdk(&m, &key.key_id, &ec(&[])).unwrap();
    decrypt(&m, &dk.ciphertext_blob, &ec(&[])).unwrap();
    m.describe_key(DescribeKeyRequest { key_id: id() }).unwrap();
    m.get_key_rotation_status(GetKeyRotationStatusRequest { key_id: id() })
        .unwrap();
    m.generate_random(GenerateRandomRequest {
        number_of_bytes: Some(16),
    })
    .unwrap();

    // Nothing changed.
    assert_eq!(
        kms.list_keys(ListKeysRequest::default())
            .unwrap()
            .keys
            .len(),
        keys_before
    );
    let aliases = kms
        .list_aliases(ListAliasesRequest::default())
        .unwrap()
        .aliases;
    let payments = aliases
        .iter()
        .find(|a| a.alias_name == "alias/payments")
        .unwrap();
    assert_eq!(payments.target_key_id.as_deref(), Some(key.key_id.as_str()));
    assert!(aliases.iter().all(|a| a.alias_name != "alias/new"));
    assert_eq!(state(&kms, &key.key_id), KeyState::Enabled);
    // The account's own principals keep every right the policy gives them.
    let app = as_role(&kms, APP_ROLE, None);
    app.create_alias(CreateAliasRequest {
        alias_name: "alias/app".into(),
        target_key_id: key.key_id.clone(),
    })
    .unwrap();
    app.create_key(CreateKeyRequest::default()).unwrap();
}

#[test]
fn a_principal_of_another_account_cannot_assume_this_accounts_roles() {
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Admins", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/admin"},
            "Action": "kms:*", "Resource": "*"})]),
    )
    .unwrap();
    let m = as_role(&kms, FOREIGN, None);
    let admin = "arn:aws:iam::111122223333:role/admin";
    let ar = |who: &LocalKms, role: &str| {
        who.assume_role(AssumeRoleRequest {
            role_arn: role.into(),
            role_session_name: "s1".into(),
            duration_seconds: None,
        })
    };
    let (message, reason) = denied(ar(&m, admin));
    assert_eq!(
        message,
        format!(
            "User: {FOREIGN} is not authorized to perform: sts:AssumeRole on resource: {admin}"
        )
    );
    assert_eq!(reason.kind(), "OtherAccount");
    assert_eq!(
        reason.to_string(),
        "the caller belongs to account 999999999999, and the action cannot be performed in \
         another account"
    );
    // Nor the other way round; a role of one's own account is fine.
    let (message, _) = denied(ar(&kms, "arn:aws:iam::999999999999:role/x"));
    assert!(
        message.starts_with(&format!("User: {ROOT} is not authorized")),
        "{message}"
    );
    ar(&m, "arn:aws:iam::999999999999:role/x").unwrap();
    let session = ar(&kms, admin).unwrap();
    let admin_session = kms.as_caller(Caller::from_assume_role(&session)).unwrap();
    admin_session
        .create_alias(CreateAliasRequest {
            alias_name: "alias/admin".into(),
            target_key_id: key.key_id.clone(),
        })
        .unwrap();
}

#[test]
fn a_principal_of_another_partition_is_not_a_caller() {
    let (kms, _clock) = kms();
    for bad in [
        "arn:evil:iam::111122223333:root",
        "arn:aws-cn:iam::111122223333:root",
        "arn:aws-us-gov:iam::111122223333:role/app",
        "arn::iam::111122223333:root",
        "arn:evil:sts::111122223333:assumed-role/app/s",
    ] {
        let e = err(kms.as_caller(Caller::new(bad)));
        assert_eq!(e.name(), "ValidationException", "{bad}");
        assert!(
            e.message().contains("is not a principal of partition aws"),
            "{e}"
        );
    }
    let r = kms.assume_role(AssumeRoleRequest {
        role_arn: "arn:evil:iam::111122223333:role/app".into(),
        role_session_name: "s1".into(),
        duration_seconds: None,
    });
    assert_eq!(err(r).name(), "AccessDeniedException");
    // A service in a China region has partition aws-cn: its principals are accepted there.
    let cn = LocalKms::builder().region("cn-north-1").build().unwrap();
    let cn_root = cn
        .as_caller(Caller::new("arn:aws-cn:iam::111122223333:root"))
        .unwrap();
    let cn_key = sym(&cn_root);
    gdk(&cn_root, &cn_key.key_id, &ec(&[])).unwrap();
    assert_eq!(
        err(cn.as_caller(Caller::new(ROOT))).name(),
        "ValidationException"
    );
}

#[test]
fn a_deny_naming_a_user_or_role_holds_whatever_the_case_or_path_of_its_name() {
    // IAM names are unique within an account ignoring case (and path): `role/ETL` and
    // `role/etl` are one role, so a Deny naming one spelling denies the other. An Allow grants
    // only the ARN as written.
    let (kms, _clock) = kms();
    let key = sym(&kms);
    put(
        &kms,
        &key.key_id,
        &policy(vec![
            json!({"Sid": "Everyone", "Effect": "Allow", "Principal": "*",
                   "Action": "kms:GenerateDataKey", "Resource": "*"}),
            json!({"Sid": "NotThem", "Effect": "Deny", "Principal": {"AWS": [
                       "arn:aws:iam::111122223333:role/ETL",
                       "arn:aws:iam::111122223333:user/ops/Mallory"]},
                   "Action": "kms:*", "Resource": "*"}),
        ]),
    )
    .unwrap();
    for who in [
        "arn:aws:iam::111122223333:role/ETL",
        "arn:aws:iam::111122223333:role/etl",
        "arn:aws:iam::111122223333:role/batch/Etl",
        "arn:aws:sts::111122223333:assumed-role/etl/nightly",
        "arn:aws:sts::111122223333:assumed-role/ETL/nightly",
        "arn:aws:iam::111122223333:user/ops/Mallory",
        "arn:aws:iam::111122223333:user/mallory",
    ] {
        let (_, reason) = denied(gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[])));
        assert_eq!(reason.kind(), "ExplicitDeny", "{who}");
    }
    for who in [
        "arn:aws:iam::111122223333:user/etl",
        "arn:aws:iam::111122223333:role/mallory",
        "arn:aws:iam::111122223333:role/etl2",
        "arn:aws:iam::444455556666:role/etl",
    ] {
        gdk(&as_role(&kms, who, None), &key.key_id, &ec(&[]))
            .unwrap_or_else(|e| panic!("{who}: {e}"));
    }
    // An Allow grants the ARN as written, not another spelling of it.
    put(
        &kms,
        &key.key_id,
        &policy(vec![json!({"Sid": "Use", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/ETL"},
            "Action": "kms:GenerateDataKey", "Resource": "*"})]),
    )
    .unwrap();
    gdk(
        &as_role(&kms, "arn:aws:iam::111122223333:role/ETL", None),
        &key.key_id,
        &ec(&[]),
    )
    .unwrap();
    let (_, reason) = denied(gdk(
        &as_role(&kms, "arn:aws:iam::111122223333:role/etl", None),
        &key.key_id,
        &ec(&[]),
    ));
    assert_eq!(reason, AccessDeniedReason::NoStatementAllows);
}
