"""The in-process AWS endpoint: `datakey.serve` and the `datakey_endpoint` fixture, with boto3."""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import datakey


def _client(server: datakey.Server, service: str, **creds: Any) -> Any:
    return boto3.client(
        service,
        endpoint_url=server.endpoint_url,
        region_name=server.region,
        aws_access_key_id=creds.get("key_id", server.access_key_id),
        aws_secret_access_key=creds.get("secret", server.secret_access_key),
        aws_session_token=creds.get("token"),
        config=Config(retries={"max_attempts": 1}),
    )


def test_boto3_and_the_binding_share_one_service() -> None:
    kms = datakey.LocalKms(region="eu-west-1")
    with datakey.serve(kms) as server:
        assert server.running and server.region == "eu-west-1"
        assert server.endpoint_url == f"http://127.0.0.1:{server.port}"
        assert server.secret_access_key not in repr(server)
        remote = _client(server, "kms")
        key_id = remote.create_key(Description="over the wire")["KeyMetadata"]["KeyId"]
        dk = remote.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext={"a": "b"})
        # the in-process handle sees the key and opens the blob
        local = kms.decrypt(CiphertextBlob=dk["CiphertextBlob"], EncryptionContext={"a": "b"})
        assert local["Plaintext"] == dk["Plaintext"]
        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "over the wire"
    assert not server.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2)


def test_sessions_expire_on_the_served_service_clock() -> None:
    clock = datakey.ManualClock()
    kms = datakey.LocalKms(clock=clock)
    with datakey.serve(kms) as server:
        sts = _client(server, "sts")
        account = sts.get_caller_identity()["Account"]
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/app", RoleSessionName="test", DurationSeconds=900
        )["Credentials"]
        session = _client(
            server,
            "kms",
            key_id=creds["AccessKeyId"],
            secret=creds["SecretAccessKey"],
            token=creds["SessionToken"],
        )
        session.list_keys()
        clock.advance(901)
        with pytest.raises(ClientError) as info:
            session.list_keys()
        assert info.value.response["Error"]["Code"] == "ExpiredTokenException"


def test_requests_are_served_while_python_holds_the_gil() -> None:
    with datakey.serve() as server:
        results: list[int] = []

        def call() -> None:
            results.append(len(_client(server, "kms").list_keys()["Keys"]))

        threads = [threading.Thread(target=call) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert results == [0, 0, 0, 0]


def test_only_loopback_hosts() -> None:
    with pytest.raises(ValueError, match="loopback"):
        datakey.serve(host="0.0.0.0")
    with pytest.raises(ValueError, match="IP address"):
        datakey.serve(host="example.com")


def test_the_fixture_points_plain_boto3_clients_at_datakey(datakey_endpoint: datakey.Server) -> None:
    assert os.environ["AWS_ENDPOINT_URL_KMS"] == datakey_endpoint.endpoint_url
    kms = boto3.client("kms")  # no endpoint, region or credentials given
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"secret"
    who = boto3.client("sts").get_caller_identity()
    assert who["Arn"].endswith(":root")


@pytest.fixture
def datakey_kms() -> datakey.LocalKms:
    return datakey.LocalKms(region="ap-south-1")


def test_the_fixture_serves_an_overridden_service(datakey_endpoint: datakey.Server) -> None:
    assert datakey_endpoint.region == "ap-south-1"
    assert boto3.client("kms").meta.region_name == "ap-south-1"
