"""Key policies, callers, temporary credentials and the propagation delay through the binding:
every documented condition operator with a passing and a failing case and the exact reason,
deny over allow, implicit deny, expired credentials, and a policy change that reaches the data
plane only after the delay."""

from __future__ import annotations

import ipaddress
import json
import pickle
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from collections.abc import Mapping
from typing import Any, Callable, Optional

import pytest

import datakey

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
ACCOUNT = "111122223333"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
APP_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
ADMIN = {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}


def policy(*statements: dict[str, Any]) -> str:
    """The account root keeps every right (so PutKeyPolicy passes the lockout check), plus
    `statements`."""
    return json.dumps({"Version": "2012-10-17", "Statement": [ADMIN, *statements]})


@pytest.fixture
def clock() -> datakey.ManualClock:
    return datakey.ManualClock(START)


@pytest.fixture
def kms(clock: datakey.ManualClock) -> datakey.LocalKms:
    return datakey.LocalKms(clock=clock)


@pytest.fixture
def key(kms: datakey.LocalKms) -> Mapping[str, Any]:
    meta: Mapping[str, Any] = kms.create_key()["KeyMetadata"]
    return meta


def gdk(kms: datakey.LocalKms, key_id: str, context: Optional[dict[str, str]] = None) -> Mapping[str, Any]:
    return kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=context)


def denied_message(principal: str, action: str, arn: str) -> str:
    return (
        f"User: {principal} is not authorized to perform: {action} on resource: {arn} "
        f"because no resource-based policy allows the {action} action"
    )


# ----- the table of condition operators -------------------------------------------------------


@dataclass
class Case:
    name: str
    condition: dict[str, Any]
    source_ip: Optional[str]
    context: dict[str, str]
    #: None: allowed; else (operator, key, value) of the unmet condition of statement "Use".
    unmet: Optional[tuple[str, str, Optional[str]]]


IP = "203.0.113.7"
TENANT = {"tenant": "acme"}
NOW = "2024-01-01T00:00:00Z"

CASES = [
    # aws:CurrentTime (the clock is at 2024-01-01T00:00:00Z)
    Case("DateGreaterThan passes", {"DateGreaterThan": {"aws:CurrentTime": "2023-06-01T00:00:00Z"}}, IP, TENANT, None),
    Case(
        "DateGreaterThan fails",
        {"DateGreaterThan": {"aws:CurrentTime": "2024-06-01T00:00:00Z"}},
        IP,
        TENANT,
        ("DateGreaterThan", "aws:CurrentTime", NOW),
    ),
    Case("DateLessThan passes", {"DateLessThan": {"aws:CurrentTime": "2024-06-01T00:00:00Z"}}, IP, TENANT, None),
    Case(
        "DateLessThan fails (the exact instant is not less)",
        {"DateLessThan": {"aws:CurrentTime": NOW}},
        IP,
        TENANT,
        ("DateLessThan", "aws:CurrentTime", NOW),
    ),
    # aws:SourceIp
    Case("IpAddress passes", {"IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "203.0.113.0/24"]}}, IP, TENANT, None),
    Case(
        "IpAddress fails",
        {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}},
        IP,
        TENANT,
        ("IpAddress", "aws:SourceIp", IP),
    ),
    Case(
        "IpAddress fails without a source IP",
        {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
        None,
        TENANT,
        ("IpAddress", "aws:SourceIp", None),
    ),
    Case("IpAddress passes (IPv6)", {"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, "2001:db8::7", TENANT, None),
    Case("NotIpAddress passes", {"NotIpAddress": {"aws:SourceIp": "198.51.100.0/24"}}, IP, TENANT, None),
    Case(
        "NotIpAddress fails",
        {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
        IP,
        TENANT,
        ("NotIpAddress", "aws:SourceIp", IP),
    ),
    # kms:EncryptionContext:<key>
    Case("StringEquals on a context key passes", {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}}, IP, TENANT, None),
    Case(
        "StringEquals on a context key fails",
        {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}},
        IP,
        {"tenant": "ACME"},
        ("StringEquals", "kms:EncryptionContext:tenant", "ACME"),
    ),
    Case(
        "StringEquals on an absent context key fails",
        {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}},
        IP,
        {"purpose": "x"},
        ("StringEquals", "kms:EncryptionContext:tenant", None),
    ),
    Case("StringLike on a context key passes", {"StringLike": {"kms:EncryptionContext:tenant": "ac?e*"}}, IP, TENANT, None),
    Case(
        "StringLike on a context key fails",
        {"StringLike": {"kms:EncryptionContext:tenant": "globex-*"}},
        IP,
        TENANT,
        ("StringLike", "kms:EncryptionContext:tenant", "acme"),
    ),
    # kms:EncryptionContextKeys
    Case(
        "ForAllValues:StringEquals on the context keys passes",
        {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "purpose"]}},
        IP,
        {"tenant": "acme", "purpose": "x"},
        None,
    ),
    Case(
        "ForAllValues:StringEquals on the context keys fails on an extra key",
        {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant"]}},
        IP,
        {"tenant": "acme", "debug": "1"},
        ("ForAllValues:StringEquals", "kms:EncryptionContextKeys", "debug,tenant"),
    ),
    Case(
        "ForAnyValue:StringLike on the context keys passes",
        {"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "ten*"}},
        IP,
        {"tenant": "acme", "debug": "1"},
        None,
    ),
    Case(
        "ForAnyValue:StringLike on the context keys fails",
        {"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "ten*"}},
        IP,
        {"debug": "1"},
        ("ForAnyValue:StringLike", "kms:EncryptionContextKeys", "debug"),
    ),
    # kms:CallerAccount
    Case("StringEquals on kms:CallerAccount passes", {"StringEquals": {"kms:CallerAccount": ACCOUNT}}, IP, TENANT, None),
    Case(
        "StringEquals on kms:CallerAccount fails",
        {"StringEquals": {"kms:CallerAccount": "444455556666"}},
        IP,
        TENANT,
        ("StringEquals", "kms:CallerAccount", ACCOUNT),
    ),
    Case("StringLike on kms:CallerAccount passes", {"StringLike": {"kms:CallerAccount": "1111*"}}, IP, TENANT, None),
    Case(
        "StringLike on kms:CallerAccount fails",
        {"StringLike": {"kms:CallerAccount": "4444*"}},
        IP,
        TENANT,
        ("StringLike", "kms:CallerAccount", ACCOUNT),
    ),
]

DOCUMENTED_OPERATORS = {
    "DateGreaterThan",
    "DateLessThan",
    "IpAddress",
    "NotIpAddress",
    "StringEquals",
    "StringLike",
    "ForAllValues:StringEquals",
    "ForAnyValue:StringLike",
}


def test_the_table_covers_every_documented_operator_both_ways() -> None:
    for operator in DOCUMENTED_OPERATORS:
        outcomes = {c.unmet is None for c in CASES if operator in c.condition}
        assert outcomes == {True, False}, operator


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_condition_operator(case: Case, kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    statement = {
        "Sid": "Use",
        "Effect": "Allow",
        "Principal": {"AWS": APP_ROLE},
        "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
        "Resource": "*",
        "Condition": case.condition,
    }
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement))
    app = kms.as_caller(APP_ROLE, source_ip=case.source_ip)
    if case.unmet is None:
        dk = gdk(app, key["KeyId"], case.context)
        back = app.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext=case.context)
        assert back["Plaintext"] == dk["Plaintext"]
        return
    with pytest.raises(datakey.AccessDeniedException) as info:
        gdk(app, key["KeyId"], case.context)
    err = info.value
    assert err.response["Error"]["Code"] == "AccessDeniedException"
    assert err.response["Error"]["Message"] == denied_message(APP_ROLE, "kms:GenerateDataKey", key["Arn"])
    assert err.operation_name == "GenerateDataKey"
    assert (err.principal, err.action, err.resource) == (APP_ROLE, "kms:GenerateDataKey", key["Arn"])
    operator, condition_key, value = case.unmet
    reason = err.reason
    assert reason is not None
    assert (reason.kind, reason.statement, reason.operator, reason.key, reason.value, reason.expired_at) == (
        "ConditionNotMet",
        "Use",
        operator,
        condition_key,
        value,
        None,
    )
    if value is None:
        expected = f"statement Use: condition {operator} on {condition_key} not met: the request has no {condition_key}"
    else:
        expected = f"statement Use: condition {operator} on {condition_key} not met by {value}"
    assert str(reason) == expected


# ----- deny over allow, implicit deny -----------------------------------------------------------


def test_explicit_deny_wins_over_allow(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    kms.put_key_policy(
        KeyId=key["KeyId"],
        Policy=policy(
            {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"},
            {"Sid": "NoDecrypt", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
        ),
    )
    app = kms.as_caller(APP_ROLE)
    dk = gdk(app, key["KeyId"])
    with pytest.raises(app.exceptions.AccessDeniedException) as info:
        app.decrypt(CiphertextBlob=dk["CiphertextBlob"])
    err = info.value
    assert err.response["Error"]["Message"] == (
        f"User: {APP_ROLE} is not authorized to perform: kms:Decrypt on resource: {key['Arn']} "
        "with an explicit deny in a resource-based policy"
    )
    assert err.reason is not None
    assert err.reason.kind == "ExplicitDeny" and err.reason.statement == "NoDecrypt"
    assert err.reason.operator is None and err.reason.key is None and err.reason.value is None
    assert str(err.reason) == "statement NoDecrypt denies the action"
    # The deny names every principal: the root too.
    with pytest.raises(datakey.AccessDeniedException) as root_info:
        kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])
    assert root_info.value.principal == ROOT
    assert root_info.value.reason is not None and root_info.value.reason.statement == "NoDecrypt"


def test_a_deny_without_sid_is_named_by_its_index_and_gated_by_its_condition(
    kms: datakey.LocalKms, key: Mapping[str, Any]
) -> None:
    kms.put_key_policy(
        KeyId=key["KeyId"],
        Policy=policy(
            {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
            },
        ),
    )
    gdk(kms.as_caller(APP_ROLE, source_ip=ipaddress.ip_address("10.1.2.3")), key["KeyId"])
    outside = kms.as_caller(APP_ROLE, source_ip="203.0.113.7")
    assert outside.source_ip == "203.0.113.7"
    with pytest.raises(datakey.AccessDeniedException) as info:
        gdk(outside, key["KeyId"])
    assert info.value.reason is not None
    assert (info.value.reason.kind, info.value.reason.statement) == ("ExplicitDeny", "#2")


def test_implicit_deny(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    alice = f"arn:aws:iam::{ACCOUNT}:user/alice"
    kms.put_key_policy(
        KeyId=key["KeyId"],
        Policy=policy(
            {
                "Sid": "Alice",
                "Effect": "Allow",
                "Principal": {"AWS": alice},
                "Action": ["kms:Encrypt", "kms:Decrypt"],
                "Resource": "*",
            }
        ),
    )
    app = kms.as_caller(APP_ROLE)
    with pytest.raises(datakey.AccessDeniedException) as info:
        gdk(app, key["KeyId"])
    err = info.value
    assert err.response["Error"]["Message"] == denied_message(APP_ROLE, "kms:GenerateDataKey", key["Arn"])
    assert err.reason is not None
    assert err.reason.kind == "NoStatementAllows"
    assert str(err.reason) == "no statement of the key policy allows the action"
    assert (err.reason.statement, err.reason.operator, err.reason.key, err.reason.value) == (None,) * 4
    # Alice may encrypt, but no statement lets her generate data keys.
    alice_kms = kms.as_caller(alice)
    alice_kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    with pytest.raises(datakey.AccessDeniedException) as alice_info:
        gdk(alice_kms, key["KeyId"])
    assert alice_info.value.reason is not None and alice_info.value.reason.kind == "NoStatementAllows"
    # Control-plane operations are authorized too.
    with pytest.raises(datakey.AccessDeniedException) as describe_info:
        app.describe_key(KeyId=key["KeyId"])
    assert describe_info.value.action == "kms:DescribeKey"
    assert describe_info.value.operation_name == "DescribeKey"


def test_access_denied_pickles_with_its_reason(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy())
    with pytest.raises(datakey.AccessDeniedException) as info:
        gdk(kms.as_caller(APP_ROLE), key["KeyId"])
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is datakey.AccessDeniedException
    assert copy.response == info.value.response and copy.operation_name == "GenerateDataKey"
    assert (copy.principal, copy.action, copy.resource) == (APP_ROLE, "kms:GenerateDataKey", key["Arn"])
    assert copy.reason == info.value.reason
    assert str(copy) == str(info.value)


# ----- policies: create, put, get, validation -----------------------------------------------------


def test_get_key_policy_default_and_put(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    default = kms.get_key_policy(KeyId=key["KeyId"])
    assert default["PolicyName"] == "default"
    statements = json.loads(default["Policy"])["Statement"]
    assert any(s["Principal"] == {"AWS": ROOT} for s in statements)
    # The default policy allows the account root only: another principal is implicitly denied.
    with pytest.raises(datakey.AccessDeniedException):
        gdk(kms.as_caller(APP_ROLE), key["KeyId"])
    text = policy({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"})
    assert set(kms.put_key_policy(KeyId=key["KeyId"], Policy=text, PolicyName="default")) == {"ResponseMetadata"}
    assert kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"] == text
    gdk(kms.as_caller(APP_ROLE), key["KeyId"])


def test_create_key_with_policy(kms: datakey.LocalKms) -> None:
    text = policy({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": "kms:Encrypt", "Resource": "*"})
    key_id = kms.create_key(Description="app", Policy=text)["KeyMetadata"]["KeyId"]
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == text
    app = kms.as_caller(APP_ROLE)
    app.encrypt(KeyId=key_id, Plaintext=b"x")
    with pytest.raises(datakey.AccessDeniedException):
        gdk(app, key_id)


def test_malformed_policy_and_lockout(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    for bad in ("{", json.dumps({"Statement": [{"Effect": "Allow", "NotAction": "kms:*", "Principal": "*", "Resource": "*"}]})):
        with pytest.raises(kms.exceptions.MalformedPolicyDocumentException) as info:
            kms.put_key_policy(KeyId=key["KeyId"], Policy=bad)
        assert info.value.operation_name == "PutKeyPolicy"
        with pytest.raises(datakey.MalformedPolicyDocumentException):
            kms.create_key(Policy=bad)
    # A policy that would lock the caller out is refused unless the check is bypassed.
    app_only = json.dumps(
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"}]}
    )
    with pytest.raises(datakey.MalformedPolicyDocumentException):
        kms.put_key_policy(KeyId=key["KeyId"], Policy=app_only)
    kms.put_key_policy(KeyId=key["KeyId"], Policy=app_only, BypassPolicyLockoutSafetyCheck=True)
    with pytest.raises(datakey.AccessDeniedException):
        kms.describe_key(KeyId=key["KeyId"])
    # "default" is the only policy name.
    with pytest.raises(datakey.NotFoundException):
        kms.get_key_policy(KeyId=key["KeyId"], PolicyName="other")
    with pytest.raises(datakey.ValidationException):
        kms.get_key_policy(KeyId=key["KeyId"], PolicyName="no spaces")


# ----- callers and temporary credentials ---------------------------------------------------------


def test_as_caller_shares_keys_and_validates(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    assert kms.principal == ROOT and kms.source_ip is None
    app = kms.as_caller(APP_ROLE, source_ip="2001:db8::7")
    assert app.principal == APP_ROLE and app.source_ip == "2001:db8::7"
    assert repr(app) == f"LocalKms(region='us-east-1', account_id='{ACCOUNT}', principal='{APP_ROLE}')"
    assert repr(kms) == f"LocalKms(region='us-east-1', account_id='{ACCOUNT}')"
    # Keys created through one handle are the other's.
    assert app.list_keys()["Keys"] == kms.list_keys()["Keys"]
    with pytest.raises(datakey.ValidationException):
        kms.as_caller("not-an-arn")
    with pytest.raises(datakey.ValidationException):
        kms.as_caller(APP_ROLE, source_ip="999.1.1.1")
    with pytest.raises(TypeError):
        kms.as_caller(APP_ROLE, source_ip=17)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        kms.as_caller()
    with pytest.raises(TypeError, match="Credentials"):
        kms.as_caller(session={"AssumedRoleUser": {"Arn": APP_ROLE}})


def test_expired_temporary_credentials_are_refused(
    kms: datakey.LocalKms, key: Mapping[str, Any], clock: datakey.ManualClock
) -> None:
    kms.put_key_policy(
        KeyId=key["KeyId"],
        Policy=policy({"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"}),
    )
    session = kms.assume_role(RoleArn=APP_ROLE, RoleSessionName="worker-1", DurationSeconds=900)
    arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/worker-1"
    creds = session["Credentials"]
    assert session["AssumedRoleUser"]["Arn"] == arn
    assert session["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert isinstance(creds["SecretAccessKey"], str) and len(creds["SecretAccessKey"]) == 40
    assert creds["Expiration"] == START + timedelta(seconds=900)
    assert "ResponseMetadata" in session

    worker = kms.as_caller(session=session)
    assert worker.principal == arn
    dk = gdk(worker, key["KeyId"])
    clock.advance(899)
    worker.decrypt(CiphertextBlob=dk["CiphertextBlob"])
    clock.advance(1)
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("Decrypt", lambda: worker.decrypt(CiphertextBlob=dk["CiphertextBlob"])),
        ("ListKeys", lambda: worker.list_keys()),
        ("AssumeRole", lambda: worker.assume_role(RoleArn=APP_ROLE, RoleSessionName="renew")),
    ]
    for operation, call in calls:
        with pytest.raises(worker.exceptions.ExpiredTokenException) as info:
            call()
        err = info.value
        assert not isinstance(err, datakey.AccessDeniedException)
        assert err.response["Error"] == {
            "Code": "ExpiredTokenException",
            "Message": "The security token included in the request is expired",
        }
        assert err.operation_name == operation
        assert err.principal == arn and err.resource == ""
        assert err.reason is not None
        assert err.reason.kind == "CredentialsExpired"
        assert err.reason.expired_at == START + timedelta(seconds=900)
        assert str(err.reason) == "the temporary credentials expired at 2024-01-01T00:15:00Z"
    # The long-term identity is unaffected.
    kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])


def test_session_credentials_must_be_this_services(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    session = kms.assume_role(RoleArn=APP_ROLE, RoleSessionName="worker-1")
    forged = {
        "Credentials": dict(session["Credentials"], SessionToken="00" * 48),
        "AssumedRoleUser": session["AssumedRoleUser"],
    }
    with pytest.raises(datakey.UnrecognizedClientException) as info:
        kms.as_caller(session=forged).list_keys()
    assert info.value.response["Error"]["Message"] == "The security token included in the request is invalid."
    # A session presented under another principal is not recognised either.
    with pytest.raises(datakey.UnrecognizedClientException):
        kms.as_caller(APP_ROLE, session=session).list_keys()
    other = datakey.LocalKms()
    with pytest.raises(datakey.UnrecognizedClientException):
        other.as_caller(session=session).list_keys()


def test_assume_role_validation(kms: datakey.LocalKms) -> None:
    with pytest.raises(datakey.ValidationException) as info:
        kms.assume_role(RoleArn=APP_ROLE, RoleSessionName="x", DurationSeconds=900)
    assert info.value.operation_name == "AssumeRole"
    with pytest.raises(datakey.ValidationException):
        kms.assume_role(RoleArn=APP_ROLE, RoleSessionName="worker", DurationSeconds=60)
    with pytest.raises(datakey.ValidationException):
        kms.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:user/bob", RoleSessionName="worker")


# ----- propagation delay ------------------------------------------------------------------------


def test_a_policy_change_takes_effect_only_after_the_delay(clock: datakey.ManualClock) -> None:
    kms = datakey.LocalKms(clock=clock, propagation_delay=timedelta(seconds=60))
    assert kms.propagation_delay == timedelta(seconds=60)
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]

    def allow(*actions: str) -> str:
        return policy({"Sid": "App", "Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": list(actions), "Resource": "*"})

    kms.put_key_policy(KeyId=key_id, Policy=allow("kms:GenerateDataKey", "kms:Decrypt"))
    app = kms.as_caller(APP_ROLE)
    # Not visible yet: the default policy still applies.
    with pytest.raises(datakey.AccessDeniedException) as info:
        gdk(app, key_id)
    assert info.value.reason is not None and info.value.reason.kind == "NoStatementAllows"
    clock.advance(60)
    dk = gdk(app, key_id)

    revoked = allow("kms:GenerateDataKey")
    kms.put_key_policy(KeyId=key_id, Policy=revoked)
    # The control plane sees the change at once, the data plane only after the delay.
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == revoked
    app.decrypt(CiphertextBlob=dk["CiphertextBlob"])
    clock.advance(59)
    app.decrypt(CiphertextBlob=dk["CiphertextBlob"])
    clock.advance(1)
    with pytest.raises(datakey.AccessDeniedException) as info2:
        app.decrypt(CiphertextBlob=dk["CiphertextBlob"])
    assert info2.value.reason is not None and info2.value.reason.kind == "NoStatementAllows"
    gdk(app, key_id)


def test_without_a_delay_changes_are_immediate(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    assert kms.propagation_delay == timedelta(0)
    kms.disable_key(KeyId=key["KeyId"])
    with pytest.raises(datakey.DisabledException):
        gdk(kms, key["KeyId"])


def test_disable_reaches_the_data_plane_after_the_delay(clock: datakey.ManualClock) -> None:
    kms = datakey.LocalKms(clock=clock, propagation_delay=30.5)
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=key_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"
    gdk(kms, key_id)
    clock.advance(30.5)
    with pytest.raises(datakey.DisabledException):
        gdk(kms, key_id)


@pytest.mark.parametrize("bad", [-1, float("nan"), timedelta(seconds=-1)])
def test_propagation_delay_is_validated(bad: Any) -> None:
    with pytest.raises(ValueError):
        datakey.LocalKms(propagation_delay=bad)
    with pytest.raises(TypeError):
        datakey.LocalKms(propagation_delay="1")  # type: ignore[arg-type]


# ----- deterministic mode (tests only) ------------------------------------------------------------


def test_insecure_deterministic_seed_reproduces_ids_and_material() -> None:
    def run(seed: int) -> tuple[str, bytes, bytes]:
        kms = datakey.LocalKms(clock=datakey.ManualClock(START), insecure_deterministic_seed=seed)
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        dk = gdk(kms, key_id)
        return key_id, dk["Plaintext"], dk["CiphertextBlob"]

    assert run(7) == run(7)
    assert run(7)[0] != run(8)[0]
    assert run(7)[0] != datakey.LocalKms().create_key()["KeyMetadata"]["KeyId"]


def test_an_ipv4_mapped_source_address_is_the_ipv4_address(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    kms.put_key_policy(
        KeyId=key["KeyId"],
        Policy=policy(
            {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": APP_ROLE}, "Action": "kms:*", "Resource": "*"},
            {
                "Sid": "NoLocal",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "kms:*",
                "Resource": "*",
                "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}},
            },
        ),
    )
    for ip in ["::ffff:127.0.0.1", ipaddress.ip_address("::ffff:127.0.0.1"), "::ffff:7f00:1", "64:ff9b::7f00:1"]:
        with pytest.raises(datakey.AccessDeniedException) as info:
            gdk(kms.as_caller(APP_ROLE, source_ip=ip), key["KeyId"])
        assert info.value.reason is not None and info.value.reason.statement == "NoLocal", ip
    gdk(kms.as_caller(APP_ROLE, source_ip="::ffff:203.0.113.7"), key["KeyId"])


def test_a_caller_of_another_account_cannot_create_keys_or_aliases(kms: datakey.LocalKms, key: Mapping[str, Any]) -> None:
    other = kms.as_caller("arn:aws:iam::999999999999:user/m")
    with pytest.raises(datakey.AccessDeniedException) as info:
        other.create_key()
    assert info.value.response["Error"]["Message"] == (
        "User: arn:aws:iam::999999999999:user/m is not authorized to perform: kms:CreateKey on resource: * "
        "because no identity-based policy allows the kms:CreateKey action"
    )
    reason = info.value.reason
    assert reason is not None and reason.kind == "OtherAccount" and reason.account == "999999999999"
    with pytest.raises(datakey.AccessDeniedException):
        other.create_alias(AliasName="alias/payments", TargetKeyId=key["KeyId"])
    assert kms.list_aliases()["Aliases"] == []
    with pytest.raises(datakey.ValidationException):
        kms.as_caller("arn:evil:iam::111122223333:root")
