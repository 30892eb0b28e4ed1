"""Real boto3 against `datakey serve --memory`: each failure seen by the client as AWS shows it.

Run: pytest bindings/server/tests/test_boto3.py (the `datakey` binary from $DATAKEY_BIN, else
target/debug/datakey or target/release/datakey; build it with `cargo build -p datakey-cli`).
"""

import base64
import datetime
import json
import os
import pathlib
import subprocess
from unittest import mock

import boto3
import botocore.auth
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = pathlib.Path(__file__).resolve().parents[3]
REGION = "eu-west-2"


def _binary():
    explicit = os.environ.get("DATAKEY_BIN")
    if explicit:
        return explicit
    for profile in ("debug", "release"):
        candidate = ROOT / "target" / profile / "datakey"
        if candidate.exists():
            return str(candidate)
    pytest.fail("no datakey binary: run `cargo build -p datakey-cli` or set DATAKEY_BIN")


@pytest.fixture(scope="module")
def server():
    proc = subprocess.Popen(
        [_binary(), "serve", "--memory", "--region", REGION],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()
        assert first.startswith("listening on http://"), first + proc.stderr.read()
        url = first.split(" ", 2)[2].strip()
        key = json.loads(proc.stdout.readline())["AccessKey"]
        assert set(key) == {"UserName", "AccessKeyId", "SecretAccessKey", "Status", "CreateDate"}
        assert key["Status"] == "Active" and key["AccessKeyId"].startswith("AKIA")
        yield {"url": url, "id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
    finally:
        proc.terminate()
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
