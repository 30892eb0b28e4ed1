"""Real clients (boto3, and the AWS CLI v1 from PyPI) against datakey's endpoint: KMS and STS
round trips, and each failure seen by the client as AWS shows it.

Most tests run against the server crate's test bed (an in-memory service on a manual clock the
test can advance: `cargo build -p datakey-server --example testbed`, or $DATAKEY_TESTBED); one
runs the real `datakey serve --memory` ($DATAKEY_BIN, else target/{debug,release}/datakey).
"""

import base64
import datetime
import json
import os
import pathlib
import subprocess
import sys
from unittest import mock

import boto3
import botocore.auth
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = pathlib.Path(__file__).resolve().parents[3]
REGION = "eu-west-2"


def _binary(env, relative, build):
    explicit = os.environ.get(env)
    if explicit:
        return explicit
    for profile in ("debug", "release"):
        candidate = ROOT / "target" / profile / relative
        if candidate.exists():
            return str(candidate)
    pytest.fail(f"no {relative}: run `{build}` or set {env}")


def _read_banner(proc):
    first = proc.stdout.readline()
    assert first.startswith("listening on http://"), first + proc.stderr.read()
    url = first.split(" ", 2)[2].strip()
    key = json.loads(proc.stdout.readline())["AccessKey"]
    assert set(key) == {"UserName", "AccessKeyId", "SecretAccessKey", "Status", "CreateDate"}
    assert key["Status"] == "Active" and key["AccessKeyId"].startswith("AKIA")
    return {"url": url, "id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}


@pytest.fixture(scope="module")
def server():
    testbed = _binary(
        "DATAKEY_TESTBED", "examples/testbed", "cargo build -p datakey-server --example testbed"
    )
    proc = subprocess.Popen(
        [testbed, REGION], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        info = _read_banner(proc)

        def advance(seconds):
            proc.stdin.write(f"advance {seconds}\n")
            proc.stdin.flush()
            assert proc.stdout.readline() == "ok\n"

        info["advance"] = advance
        yield info
    finally:
        proc.stdin.close()
        assert proc.wait(timeout=15) == 0


def client(server, service, key_id=None, secret=None, token=None):
    return boto3.client(
        service,
        endpoint_url=server["url"],
        region_name=REGION,
        aws_access_key_id=key_id or server["id"],
        aws_secret_access_key=secret or server["secret"],
        aws_session_token=token,
        config=Config(retries={"max_attempts": 1}),
    )


def error_of(call):
    with pytest.raises(ClientError) as info:
        call()
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_get_caller_identity_is_the_account_root(server):
    who = client(server, "sts").get_caller_identity()
    assert who["Arn"] == f"arn:aws:iam::{who['Account']}:root"
    assert who["UserId"] == who["Account"]
    assert len(who["ResponseMetadata"]["RequestId"]) == 36


def test_assume_role_then_use_the_session(server):
    sts = client(server, "sts")
    account = sts.get_caller_identity()["Account"]
    resp = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/app", RoleSessionName="boto")
    creds = resp["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert isinstance(creds["Expiration"], datetime.datetime)
    session_sts = client(
        server, "sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]
    )
    who = session_sts.get_caller_identity()
    assert who["Arn"] == f"arn:aws:sts::{account}:assumed-role/app/boto"
    assert who["Arn"] == resp["AssumedRoleUser"]["Arn"]
    # without the token the session key is not recognised
    tokenless = client(server, "sts", creds["AccessKeyId"], creds["SecretAccessKey"])
    code, message = error_of(tokenless.get_caller_identity)
    assert (code, message) == (
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    )


def test_assume_role_validation_is_a_validation_error(server):
    code, _ = error_of(
        lambda: client(server, "sts").assume_role(RoleArn="x" * 20, RoleSessionName="s1")
    )
    assert code == "ValidationError"


def test_wrong_secret_is_invalid_signature(server):
    kms = client(server, "kms", secret="x" * 40)
    code, message = error_of(kms.list_keys)
    assert code == "InvalidSignatureException"
    assert message.startswith("The request signature we calculated does not match")


def test_unknown_access_key_is_unrecognized_client(server):
    kms = client(server, "kms", key_id="AKIAAAAAAAAAAAAAAAAA")
    assert error_of(kms.list_keys) == (
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    )


def test_skewed_client_clock_is_signature_expired(server):
    kms = client(server, "kms")
    late = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(
        minutes=6
    )
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=late):
        code, message = error_of(kms.list_keys)
    assert code == "InvalidSignatureException"
    assert message.startswith("Signature expired: ") and message.endswith(" - 5 min.)")


def test_tampered_body_is_invalid_signature(server):
    kms = client(server, "kms")

    def tamper(request, **_):
        request.body = request.body.replace(b"1", b"2") if request.body else b"{}"

    # after signing, before sending
    kms.meta.events.register_last("before-send.kms.ListKeys", tamper)
    code, _ = error_of(lambda: kms.list_keys(Limit=10))
    assert code == "InvalidSignatureException"


def test_sts_skew_window_is_fifteen_minutes(server):
    sts = client(server, "sts")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch.object(
        botocore.auth, "get_current_datetime", return_value=now - datetime.timedelta(minutes=10)
    ):
        assert sts.get_caller_identity()["Arn"].endswith(":root")
    with mock.patch.object(
        botocore.auth, "get_current_datetime", return_value=now - datetime.timedelta(minutes=16)
    ):
        code, message = error_of(sts.get_caller_identity)
    assert code == "SignatureDoesNotMatch"
    assert message.startswith("Signature expired: ") and message.endswith(" - 15 min.)")


def session_clients(server, role="app", name="boto", duration=900):
    sts = client(server, "sts")
    account = sts.get_caller_identity()["Account"]
    resp = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{role}",
        RoleSessionName=name,
        DurationSeconds=duration,
    )
    c = resp["Credentials"]
    return account, resp, client(
        server, "kms", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]
    )


def test_generate_data_key_and_decrypt_round_trip(server):
    kms = client(server, "kms")
    key_id = kms.create_key(Description="boto3")["KeyMetadata"]["KeyId"]
    ec = {"purpose": "test"}
    dk = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=ec)
    assert len(dk["Plaintext"]) == 32
    assert dk["KeyId"].endswith(key_id) and dk["KeyId"].startswith(f"arn:aws:kms:{REGION}:")
    out = kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext=ec)
    assert out["Plaintext"] == dk["Plaintext"] and out["KeyId"] == dk["KeyId"]
    # the wrong context: InvalidCiphertextException, as AWS answers it
    code, _ = error_of(lambda: kms.decrypt(CiphertextBlob=dk["CiphertextBlob"]))
    assert code == "InvalidCiphertextException"
    # a session of a role the default key policy does not name: refused with AWS's message
    _, resp, session_kms = session_clients(server, name="nobody")
    code, message = error_of(lambda: session_kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext=ec))
    assert code == "AccessDeniedException"
    assert message.startswith(f"User: {resp['AssumedRoleUser']['Arn']} is not authorized to perform: kms:Decrypt")


def test_a_key_policy_denying_the_role(server):
    kms = client(server, "kms")
    account = client(server, "sts").get_caller_identity()["Account"]
    role = f"arn:aws:iam::{account}:role/app"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "App", "Effect": "Allow", "Principal": {"AWS": role},
             "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"},
            {"Sid": "NoDecrypt", "Effect": "Deny", "Principal": {"AWS": role},
             "Action": "kms:Decrypt", "Resource": "*"},
        ],
    }
    key = kms.create_key(Policy=json.dumps(policy))["KeyMetadata"]
    _, resp, session_kms = session_clients(server)
    dk = session_kms.generate_data_key(KeyId=key["KeyId"], NumberOfBytes=16)
    code, message = error_of(lambda: session_kms.decrypt(CiphertextBlob=dk["CiphertextBlob"]))
    assert code == "AccessDeniedException"
    assert message == (
        f"User: {resp['AssumedRoleUser']['Arn']} is not authorized to perform: kms:Decrypt "
        f"on resource: {key['Arn']} with an explicit deny in a resource-based policy"
    )
    # the root still decrypts
    assert len(kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"]) == 16


def test_sessions_expire_on_the_service_clock(server):
    _, _, session_kms = session_clients(server, name="short", duration=900)
    session_kms.list_keys()
    server["advance"](901)
    assert error_of(session_kms.list_keys) == (
        "ExpiredTokenException",
        "The security token included in the request is expired",
    )
    # the root's long-term key is not affected, and the transport clock did not move
    client(server, "kms").list_keys()


def test_datakey_serve_memory_prints_its_address_and_key_and_stops_on_sigterm():
    binary = _binary("DATAKEY_BIN", "datakey", "cargo build -p datakey-cli")
    proc = subprocess.Popen(
        [binary, "serve", "--memory", "--region", REGION, "--access-log"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        info = _read_banner(proc)
        kms = client(info, "kms")
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"hello")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"hello"
        error_of(client(info, "kms", secret="y" * 40).list_keys)
    finally:
        proc.terminate()
        assert proc.wait(timeout=15) == 0
    log = [json.loads(line) for line in proc.stderr.read().splitlines() if line.startswith("{")]
    ops = [(e["operation"], e["status"], e["error"]) for e in log]
    assert ops == [
        ("CreateKey", 200, None),
        ("Encrypt", 200, None),
        ("Decrypt", 200, None),
        ("ListKeys", 400, "InvalidSignatureException"),
    ]
    assert log[1]["key"] == key_id and log[1]["principal"].endswith(":root")
    assert all(e["peer"] == "127.0.0.1" and e["latency_us"] >= 0 for e in log)


def test_access_keys_in_the_store_work_in_a_running_datakey_serve(tmp_path):
    binary = _binary("DATAKEY_BIN", "datakey", "cargo build -p datakey-cli")
    env = {
        **os.environ,
        "DATAKEY_ROOT_KEY": "11" * 32,
        "DATAKEY_STORE": str(tmp_path / "store"),
        "DATAKEY_REGION": REGION,
    }

    def cli(*args):
        out = subprocess.run(
            [binary, *args], env=env, check=True, capture_output=True, text=True
        ).stdout
        return json.loads(out) if "--json" in args else out

    first = cli("access-keys", "create", "--json")["AccessKey"]
    assert set(first) == {"UserName", "AccessKeyId", "SecretAccessKey", "Status", "CreateDate"}
    assert first["UserName"] == "root"
    proc = subprocess.Popen(
        [binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on http://"), line + proc.stderr.read()
        info = {"url": line.split(" ", 2)[2].strip()}
        as_root = client(info, "kms", first["AccessKeyId"], first["SecretAccessKey"])
        key_id = as_root.create_key()["KeyMetadata"]["KeyId"]
        # a key created by another process while the server runs works at once
        account = client(info, "sts", first["AccessKeyId"], first["SecretAccessKey"]).get_caller_identity()["Account"]
        alice = cli(
            "access-keys", "create", "--principal", f"arn:aws:iam::{account}:user/alice", "--json"
        )["AccessKey"]
        assert alice["UserName"] == "alice"
        sts_alice = client(info, "sts", alice["AccessKeyId"], alice["SecretAccessKey"])
        assert sts_alice.get_caller_identity()["Arn"] == f"arn:aws:iam::{account}:user/alice"
        listed = cli("access-keys", "list", "--json")["AccessKeyMetadata"]
        assert sorted(k["AccessKeyId"] for k in listed) == sorted(
            [first["AccessKeyId"], alice["AccessKeyId"]]
        )
        assert all("SecretAccessKey" not in k for k in listed)
        cli("access-keys", "delete", alice["AccessKeyId"])
        assert error_of(sts_alice.get_caller_identity)[0] == "InvalidClientTokenId"
        assert as_root.describe_key(KeyId=key_id)["KeyMetadata"]["Enabled"]
    finally:
        proc.terminate()
        assert proc.wait(timeout=15) == 0


def _aws(server, tmp_path, *args, secret=None):
    """Runs the AWS CLI (v1, from PyPI) against the endpoint; returns (exit code, stdout, stderr)."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("AWS_")
    } | {
        "AWS_ACCESS_KEY_ID": server["id"],
        "AWS_SECRET_ACCESS_KEY": secret or server["secret"],
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_MAX_ATTEMPTS": "1",
    }
    aws = pathlib.Path(sys.executable).with_name("aws")
    proc = subprocess.run(
        [str(aws), *args, "--endpoint-url", server["url"], "--output", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_the_aws_cli_generates_and_decrypts_a_data_key(server, tmp_path):
    rc, out, err = _aws(server, tmp_path, "kms", "create-key", "--description", "cli")
    assert rc == 0, err
    key_id = json.loads(out)["KeyMetadata"]["KeyId"]
    rc, out, err = _aws(
        server, tmp_path, "kms", "generate-data-key", "--key-id", key_id, "--key-spec", "AES_256",
        "--encryption-context", "app=cli",
    )
    assert rc == 0, err
    dk = json.loads(out)
    blob = tmp_path / "blob"
    blob.write_bytes(base64.b64decode(dk["CiphertextBlob"]))
    rc, out, err = _aws(
        server, tmp_path, "kms", "decrypt", "--ciphertext-blob", f"fileb://{blob}",
        "--encryption-context", "app=cli",
    )
    assert rc == 0, err
    assert json.loads(out)["Plaintext"] == dk["Plaintext"]
    rc, out, err = _aws(server, tmp_path, "sts", "get-caller-identity")
    assert rc == 0, err
    assert json.loads(out)["Arn"].endswith(":root")


def test_the_aws_cli_shows_a_bad_signature_as_aws_does(server, tmp_path):
    rc, _, err = _aws(server, tmp_path, "kms", "list-keys", secret="z" * 40)
    assert rc != 0
    assert "(InvalidSignatureException)" in err
    assert "The request signature we calculated does not match" in err
