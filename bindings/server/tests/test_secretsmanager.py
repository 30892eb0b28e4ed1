"""Real clients against datakey's Secrets Manager endpoint (`X-Amz-Target: secretsmanager.*`):
boto3's `secretsmanager` client through the AWS-validated sequences of the reference
(`shared/reference/secrets-and-wire.md` §1: ClientRequestToken idempotency, staging-label moves,
deletion and restore, the not-found and marked-for-deletion messages), the asymmetric key refused
at CreateSecret, access denied by the secret's resource policy and by the KMS key policy, the
PyPI package `aws-secretsmanager-caching` unchanged, the SigV4 scope of the service, and a
`datakey serve` killed with SIGKILL during PutSecretValue losing no acknowledged version.
"""

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from aws_secretsmanager_caching import SecretCache, SecretCacheConfig
from botocore.exceptions import ClientError

from test_boto3 import REGION, _binary, _read_banner, client, error_of, server  # noqa: F401


def sm(server):  # noqa: F811
    return client(server, "secretsmanager")


def name():
    return f"test/{uuid.uuid4().hex[:12]}"


def stages(c, secret_id, deprecated=False):
    """{version id: sorted labels} of ListSecretVersionIds (None: listed without VersionStages)."""
    out = c.list_secret_version_ids(SecretId=secret_id, IncludeDeprecated=deprecated)
    return {v["VersionId"]: v.get("VersionStages") for v in out["Versions"]}


# ---- ClientRequestToken idempotency (moto PR #9741, validated against AWS) ----


def test_same_token_same_value_is_a_no_op_other_value_is_resource_exists(server):  # noqa: F811
    c = sm(server)
    n, token = name(), str(uuid.uuid4())
    first = c.create_secret(Name=n, SecretString="v1", ClientRequestToken=token)
    assert first["VersionId"] == token
    again = c.create_secret(Name=n, SecretString="v1", ClientRequestToken=token)
    assert (again["ARN"], again["VersionId"]) == (first["ARN"], token)
    assert error_of(lambda: c.create_secret(Name=n, SecretString="v2", ClientRequestToken=token)) == (
        "ResourceExistsException",
        f"You can't use ClientRequestToken {token} because that value is already in use for a "
        f"version of secret {first['ARN']}.",
    )
    # PutSecretValue and UpdateSecret with the create token and the same value: the same version
    assert c.put_secret_value(SecretId=n, SecretString="v1", ClientRequestToken=token)["VersionId"] == token
    assert c.update_secret(SecretId=n, SecretString="v1", ClientRequestToken=token)["VersionId"] == token
    for call in (c.put_secret_value, c.update_secret):
        code, message = error_of(lambda: call(SecretId=n, SecretString="v3", ClientRequestToken=token))
        assert code == "ResourceExistsException" and token in message
    assert list(stages(c, n, deprecated=True)) == [token]
    # boto3 fills a fresh token: a second CreateSecret of the name is ResourceExists
    assert error_of(lambda: c.create_secret(Name=n, SecretString="v1")) == (
        "ResourceExistsException",
        f"The operation failed because the secret {n} already exists.",
    )


def test_the_arn_suffix_and_partial_arns(server):  # noqa: F811
    c = sm(server)
    n = name()
    arn = c.create_secret(Name=n, SecretString="x")["ARN"]
    assert arn.startswith(f"arn:aws:secretsmanager:{REGION}:") and len(arn.rpartition("-")[2]) == 6
    assert c.get_secret_value(SecretId=arn[:-7])["SecretString"] == "x"
    assert c.get_secret_value(SecretId=arn)["ARN"] == arn


# ---- staging labels (LocalStack snapshots recorded against AWS) ----


def test_put_secret_value_with_version_stages(server):  # noqa: F811
    c = sm(server)
    n = name()
    v1 = c.create_secret(Name=n, SecretString="s1")["VersionId"]
    custom = ["SAMPLESTAGE0", "SAMPLESTAGE1"]
    v2 = c.put_secret_value(SecretId=n, SecretString="s2", VersionStages=custom)["VersionId"]
    assert c.get_secret_value(SecretId=n)["VersionId"] == v1
    v3 = c.put_secret_value(SecretId=n, SecretString="s3", VersionStages=custom)["VersionId"]
    assert stages(c, n) == {v1: ["AWSCURRENT"], v3: custom}
    assert v2 not in stages(c, n)
    c.put_secret_value(SecretId=n, SecretString="s4", VersionStages=["AWSPENDING"])
    assert c.get_secret_value(SecretId=n)["VersionId"] == v1
    v5 = c.put_secret_value(SecretId=n, SecretString="s5")["VersionId"]
    got = c.get_secret_value(SecretId=n)
    assert (got["VersionId"], got["SecretString"], got["VersionStages"]) == (v5, "s5", ["AWSCURRENT"])
    assert stages(c, n)[v1] == ["AWSPREVIOUS"]


def test_update_secret_moves_current_to_previous(server):  # noqa: F811
    c = sm(server)
    n = name()
    v1 = c.create_secret(Name=n, SecretString="s1")["VersionId"]
    v2 = c.update_secret(SecretId=n, SecretString="s2")["VersionId"]
    assert stages(c, n) == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"]}


def test_current_pending_then_a_plain_put(server):  # noqa: F811
    c = sm(server)
    n = name()
    v1 = c.create_secret(Name=n, SecretString="s1")["VersionId"]
    v2 = c.put_secret_value(SecretId=n, SecretString="s2", VersionStages=["AWSPENDING"])["VersionId"]
    # the label is on v1: RemoveFromVersionId is required, in AWS's words
    assert error_of(
        lambda: c.update_secret_version_stage(SecretId=n, VersionStage="AWSCURRENT", MoveToVersionId=v2)
    ) == (
        "InvalidParameterException",
        f"The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently "
        f"attached to version {v1}, so you must explicitly reference that version in "
        f"RemoveFromVersionId.",
    )
    c.update_secret_version_stage(
        SecretId=n, VersionStage="AWSCURRENT", RemoveFromVersionId=v1, MoveToVersionId=v2
    )
    assert stages(c, n) == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "AWSPENDING"]}
    assert c.get_secret_value(SecretId=n)["SecretString"] == "s2"
    v3 = c.put_secret_value(SecretId=n, SecretString="s3")["VersionId"]
    assert stages(c, n) == {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}
    # v1 is deprecated: listed only with IncludeDeprecated, without a VersionStages member
    assert stages(c, n, deprecated=True)[v1] is None


def test_current_pending_cycle(server):  # noqa: F811
    c = sm(server)
    n = name()
    v1 = c.create_secret(Name=n, SecretString="s1")["VersionId"]
    v2 = c.put_secret_value(SecretId=n, SecretString="s2", VersionStages=["AWSPENDING"])["VersionId"]
    c.update_secret_version_stage(
        SecretId=n, VersionStage="AWSCURRENT", RemoveFromVersionId=v1, MoveToVersionId=v2
    )
    v3 = c.put_secret_value(SecretId=n, SecretString="s3", VersionStages=["AWSPENDING"])["VersionId"]
    assert stages(c, n) == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"], v3: ["AWSPENDING"]}
    c.update_secret_version_stage(
        SecretId=n, VersionStage="AWSCURRENT", RemoveFromVersionId=v2, MoveToVersionId=v3
    )
    assert stages(c, n) == {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT", "AWSPENDING"]}


def test_an_empty_secret_and_missing_versions(server):  # noqa: F811
    c = sm(server)
    n = name()
    created = c.create_secret(Name=n)
    assert "VersionId" not in created
    assert "VersionIdsToStages" not in c.describe_secret(SecretId=n)
    assert error_of(lambda: c.get_secret_value(SecretId=n)) == (
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    )
    v1 = c.put_secret_value(SecretId=n, SecretString="s1")["VersionId"]
    assert stages(c, n) == {v1: ["AWSCURRENT"]}
    assert error_of(lambda: c.get_secret_value(SecretId=n, VersionStage="AWSPENDING")) == (
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    )
    other = str(uuid.uuid4())
    assert error_of(lambda: c.get_secret_value(SecretId=n, VersionId=other)) == (
        "ResourceNotFoundException",
        f"Secrets Manager can't find the specified secret value for VersionId: {other}",
    )
    assert error_of(
        lambda: c.get_secret_value(SecretId=n, VersionId=v1, VersionStage="AWSPREVIOUS")
    ) == (
        "InvalidRequestException",
        "You provided a VersionStage that is not associated to the provided VersionId.",
    )


def test_not_found_and_invalid_names(server):  # noqa: F811
    c = sm(server)
    assert error_of(lambda: c.describe_secret(SecretId="does/not/exist")) == (
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
    )
    with pytest.raises(ClientError) as info:
        c.get_secret_value(SecretId="does/not/exist")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error_of(lambda: c.create_secret(Name="Inv Name", SecretString="x")) == (
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the "
        "following: -/_+=.@!",
    )


# ---- deletion and restore ----


def test_deletion_window_marked_for_deletion_and_restore(server):  # noqa: F811
    c = sm(server)
    n = name()
    arn = c.create_secret(Name=n, SecretString="s1", Tags=[{"Key": "k", "Value": "v"}])["ARN"]
    deleted = c.delete_secret(SecretId=n, RecoveryWindowInDays=7)
    assert (deleted["ARN"], deleted["Name"]) == (arn, n)
    marked = "You can't perform this operation on the secret because it was marked for deletion."
    assert error_of(lambda: c.get_secret_value(SecretId=n)) == ("InvalidRequestException", marked)
    assert error_of(lambda: c.put_secret_value(SecretId=n, SecretString="s2")) == (
        "InvalidRequestException",
        marked,
    )
    assert error_of(lambda: c.tag_resource(SecretId=n, Tags=[{"Key": "a", "Value": "b"}])) == (
        "InvalidRequestException",
        marked,
    )
    assert error_of(lambda: c.untag_resource(SecretId=n, TagKeys=["k"])) == (
        "InvalidRequestException",
        marked,
    )
    assert c.describe_secret(SecretId=n)["DeletedDate"] == deleted["DeletionDate"]
    listed = [s["Name"] for s in c.list_secrets()["SecretList"]]
    assert n not in listed
    listed = [s["Name"] for s in c.list_secrets(IncludePlannedDeletion=True)["SecretList"]]
    assert n in listed
    assert error_of(lambda: c.create_secret(Name=n, SecretString="again")) == (
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for "
        "deletion.",
    )
    assert c.restore_secret(SecretId=n)["ARN"] == arn
    assert "DeletedDate" not in c.describe_secret(SecretId=n)
    assert c.get_secret_value(SecretId=n)["SecretString"] == "s1"


def test_deletion_window_rules_and_the_injectable_clock(server):  # noqa: F811
    c = sm(server)
    n = name()
    c.create_secret(Name=n, SecretString="s1")
    code, _ = error_of(lambda: c.delete_secret(SecretId=n, RecoveryWindowInDays=6))
    assert code == "InvalidParameterException"
    code, _ = error_of(
        lambda: c.delete_secret(SecretId=n, RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
    )
    assert code == "InvalidParameterException"
    c.delete_secret(SecretId=n, RecoveryWindowInDays=7)
    server["advance"](7 * 86400 + 1)
    assert error_of(lambda: c.describe_secret(SecretId=n))[0] == "ResourceNotFoundException"
    # force-deleting a secret that does not exist answers as if it did
    ghost = name()
    out = c.delete_secret(SecretId=ghost, ForceDeleteWithoutRecovery=True)
    assert out["Name"] == ghost and "DeletionDate" in out


# ---- the KMS key ----


def test_an_asymmetric_key_is_refused_at_create_secret(server):  # noqa: F811
    kms = client(server, "kms")
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    c = sm(server)
    n = name()
    code, message = error_of(lambda: c.create_secret(Name=n, SecretString="x", KmsKeyId=key["Arn"]))
    assert code == "EncryptionFailure"
    assert "You cannot generate a data key with an asymmetric CMK" in message
    # refused before anything was stored
    assert error_of(lambda: c.describe_secret(SecretId=n))[0] == "ResourceNotFoundException"
    # a symmetric key works, and DescribeSecret names it
    sym = kms.create_key()["KeyMetadata"]["Arn"]
    c.create_secret(Name=n, SecretString="x", KmsKeyId=sym)
    assert c.describe_secret(SecretId=n)["KmsKeyId"] == sym
    # a disabled key: the value cannot be read
    kms.disable_key(KeyId=sym)
    code, message = error_of(lambda: c.get_secret_value(SecretId=n))
    assert code == "DecryptionFailure" and "is disabled" in message


# ---- access denied, from either policy ----


def _session(server, role, session_name):  # noqa: F811
    sts = client(server, "sts")
    account = sts.get_caller_identity()["Account"]
    resp = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName=session_name)
    cr = resp["Credentials"]
    session = client(server, "secretsmanager", cr["AccessKeyId"], cr["SecretAccessKey"], cr["SessionToken"])
    return account, resp["AssumedRoleUser"]["Arn"], session


def _raw_error_body(c):
    """Keeps the raw body of the client's last error response (for datakey's Reason member)."""
    seen = {}

    def keep(http_response, **_):
        if http_response.status_code >= 400:
            seen["body"] = json.loads(http_response.content)

    c.meta.events.register("after-call", keep)
    return seen


def test_access_denied_by_the_secret_resource_policy(server):  # noqa: F811
    c = sm(server)
    n = name()
    arn = c.create_secret(Name=n, SecretString="s1")["ARN"]
    account, who, session = _session(server, "app", "rp")
    assert session.get_secret_value(SecretId=n)["SecretString"] == "s1"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "NoApp", "Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{account}:role/app"},
             "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
        ],
    }
    c.put_resource_policy(SecretId=n, ResourcePolicy=json.dumps(policy))
    raw = _raw_error_body(session)
    assert error_of(lambda: session.get_secret_value(SecretId=n)) == (
        "AccessDeniedException",
        f"User: {who} is not authorized to perform: secretsmanager:GetSecretValue on resource: "
        f"{arn} with an explicit deny in a resource-based policy",
    )
    assert raw["body"]["Reason"]["Kind"] == "ExplicitDeny"
    # the owner still reads it
    assert c.get_secret_value(SecretId=n)["SecretString"] == "s1"


def test_access_denied_by_the_kms_key_policy(server):  # noqa: F811
    kms = client(server, "kms")
    account = client(server, "sts").get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/reader"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "NoDecrypt", "Effect": "Deny", "Principal": {"AWS": role},
             "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com"}}},
        ],
    }
    key = kms.create_key(Policy=json.dumps(policy))["KeyMetadata"]["Arn"]
    c = sm(server)
    n = name()
    c.create_secret(Name=n, SecretString="s1", KmsKeyId=key)
    _, _, session = _session(server, "reader", "kp")
    raw = _raw_error_body(session)
    assert error_of(lambda: session.get_secret_value(SecretId=n)) == (
        "AccessDeniedException",
        "Access to KMS is not allowed",
    )
    assert raw["body"]["Reason"]["Kind"] == "KmsAccessDenied"
    assert "key policy" in raw["body"]["Reason"]["Detail"]
    assert c.get_secret_value(SecretId=n)["SecretString"] == "s1"


# ---- the wire: SigV4 scope, raw HTTP without a token ----


def _raw(server, service, target, body):  # noqa: F811
    """A request signed with botocore's SigV4 for `service`; returns (status, parsed body)."""
    creds = botocore.credentials.Credentials(server["id"], server["secret"])
    req = botocore.awsrequest.AWSRequest(
        method="POST",
        url=server["url"] + "/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target},
    )
    botocore.auth.SigV4Auth(creds, service, REGION).add_auth(req)
    prepared = req.prepare()
    http = urllib.request.Request(prepared.url, data=prepared.body, headers=dict(prepared.headers), method="POST")
    try:
        with urllib.request.urlopen(http) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_the_credential_scope_must_name_the_service(server):  # noqa: F811
    status, body = _raw(server, "kms", "secretsmanager.ListSecrets", {})
    assert (status, body) == (
        400,
        {"__type": "InvalidSignatureException",
         "message": "Credential should be scoped to correct service: 'secretsmanager'. "},
    )
    status, body = _raw(server, "secretsmanager", "TrentService.ListKeys", {})
    assert (status, body["__type"]) == (400, "InvalidSignatureException")
    assert body["message"] == "Credential should be scoped to correct service: 'kms'. "
    status, body = _raw(server, "secretsmanager", "secretsmanager.ListSecrets", {})
    assert status == 200 and "SecretList" in body


def test_raw_http_without_a_client_request_token(server):  # noqa: F811
    status, body = _raw(server, "secretsmanager", "secretsmanager.CreateSecret", {"Name": name(), "SecretString": "x"})
    assert (status, body) == (
        400,
        {"__type": "InvalidRequestException",
         "Message": "You must provide a ClientRequestToken value. We recommend a UUID-type value."},
    )


# ---- aws-secretsmanager-caching, unchanged ----


def test_aws_secretsmanager_caching_works_against_the_endpoint(server):  # noqa: F811
    c = sm(server)
    n, b = name(), name()
    c.create_secret(Name=n, SecretString="first")
    c.create_secret(Name=b, SecretBinary=b"\x00\x01binary")
    c.put_secret_value(SecretId=b, SecretBinary=b"next", VersionStages=["AWSPENDING"])
    cache = SecretCache(config=SecretCacheConfig(secret_refresh_interval=4), client=c)
    assert cache.get_secret_string(n) == "first"
    assert cache.get_secret_binary(b) == b"\x00\x01binary"
    assert cache.get_secret_binary(b, version_stage="AWSPENDING") == b"next"
    c.put_secret_value(SecretId=n, SecretString="second")
    # within the TTL (a refresh at a random point of its second half: 2..4 s) the cached value
    # is served
    assert cache.get_secret_string(n) == "first"
    deadline = time.monotonic() + 10
    while cache.get_secret_string(n) != "second":
        assert time.monotonic() < deadline, "the cache never refreshed"
        time.sleep(0.2)


# ---- durability: SIGKILL during PutSecretValue ----


def test_kill_9_during_put_secret_value_loses_no_acknowledged_version(tmp_path):
    binary = _binary("DATAKEY_BIN", "datakey", "cargo build -p datakey-cli")
    env = {
        **os.environ,
        "DATAKEY_ROOT_KEY": "22" * 32,
        "DATAKEY_STORE": str(tmp_path / "store"),
        "DATAKEY_REGION": REGION,
    }
    key = json.loads(
        subprocess.run([binary, "access-keys", "create", "--json"], env=env, check=True,
                       capture_output=True, text=True).stdout
    )["AccessKey"]

    def start():
        proc = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        assert line.startswith("listening on http://"), line + proc.stderr.read()
        return proc, {"url": line.split(" ", 2)[2].strip(), "id": key["AccessKeyId"],
                      "secret": key["SecretAccessKey"]}

    proc, info = start()
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        c = client(info, "secretsmanager")
        c.create_secret(Name="durable", SecretString="v0")

        def writer(i):
            w = client(info, "secretsmanager")
            n = 0
            while not stop.is_set():
                token = str(uuid.uuid4())
                try:
                    out = w.put_secret_value(SecretId="durable", SecretString=f"w{i}-{n}",
                                             ClientRequestToken=token)
                except Exception:  # the server died under the request: not acknowledged
                    return
                assert out["VersionId"] == token
                with lock:
                    acknowledged.append((token, f"w{i}-{n}"))
                n += 1

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 30:
            assert time.monotonic() < deadline, "the writers made no progress"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        proc.wait(timeout=15)
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    proc, info = start()
    try:
        c = client(info, "secretsmanager")
        present = set()
        token = None
        while True:
            page = c.list_secret_version_ids(SecretId="durable", IncludeDeprecated=True,
                                             **({"NextToken": token} if token else {}))
            present |= {v["VersionId"] for v in page["Versions"]}
            token = page.get("NextToken")
            if not token:
                break
        lost = [t for t, _ in acknowledged if t not in present]
        assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged versions lost"
        # and each acknowledged version still opens to its value
        for t, value in acknowledged[-5:]:
            assert c.get_secret_value(SecretId="durable", VersionId=t)["SecretString"] == value
    finally:
        proc.terminate()
        assert proc.wait(timeout=15) == 0
