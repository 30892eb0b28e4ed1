"""Secrets Manager over the in-process endpoint: plain `boto3.client("secretsmanager")` pointed at
datakey by the `datakey_endpoint` fixture (`AWS_ENDPOINT_URL_SECRETS_MANAGER`), and a rotation
function in the style of AWS's rotation template (`SecretsManagerRotationTemplate`'s
`lambda_function.py`: a `lambda_handler` calling `boto3.client("secretsmanager")` for
createSecret / setSecret / testSecret / finishSecret) registered under a Lambda ARN and run by
the endpoint's RotateSecret.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import datakey

LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:rotate-db"


# ---- a rotation function written like AWS's template, unchanged in its calls ----

steps_seen: list[str] = []


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    arn = event["SecretId"]
    token = event["ClientRequestToken"]
    step = event["Step"]
    steps_seen.append(step)
    service_client = boto3.client("secretsmanager")
    metadata = service_client.describe_secret(SecretId=arn)
    if not metadata["RotationEnabled"]:
        raise ValueError("Secret %s is not enabled for rotation" % arn)
    versions = metadata["VersionIdsToStages"]
    if token not in versions:
        raise ValueError("Secret version %s has no stage for rotation of secret %s." % (token, arn))
    if "AWSCURRENT" in versions[token]:
        return
    elif "AWSPENDING" not in versions[token]:
        raise ValueError("Secret version %s not set as AWSPENDING for rotation of secret %s." % (token, arn))
    if step == "createSecret":
        create_secret(service_client, arn, token)
    elif step == "setSecret":
        set_secret(service_client, arn, token)
    elif step == "testSecret":
        test_secret(service_client, arn, token)
    elif step == "finishSecret":
        finish_secret(service_client, arn, token)
    else:
        raise ValueError("Invalid step parameter")


def create_secret(service_client: Any, arn: str, token: str) -> None:
    service_client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")
    try:
        service_client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
    except service_client.exceptions.ResourceNotFoundException:
        exclude_characters = os.environ.get("EXCLUDE_CHARACTERS", "/@\"'\\")
        passwd = service_client.get_random_password(ExcludeCharacters=exclude_characters)
        service_client.put_secret_value(
            SecretId=arn,
            ClientRequestToken=token,
            SecretString=passwd["RandomPassword"],
            VersionStages=["AWSPENDING"],
        )


def set_secret(service_client: Any, arn: str, token: str) -> None:
    # the template sets the password in the database here; the test records the value
    pending = service_client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
    database["password"] = pending["SecretString"]


def test_secret(service_client: Any, arn: str, token: str) -> None:
    pending = service_client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
    if database.get("fail_test"):
        raise RuntimeError("the new password does not log in")
    assert database["password"] == pending["SecretString"]


test_secret.__test__ = False  # type: ignore[attr-defined]  # a rotation step, not a pytest test

database: dict[str, Any] = {}


def finish_secret(service_client: Any, arn: str, token: str) -> None:
    metadata = service_client.describe_secret(SecretId=arn)
    current_version = None
    for version in metadata["VersionIdsToStages"]:
        if "AWSCURRENT" in metadata["VersionIdsToStages"][version]:
            if version == token:
                return
            current_version = version
            break
    service_client.update_secret_version_stage(
        SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=current_version
    )


# ---- the tests ----


def test_the_fixture_points_plain_boto3_secretsmanager_at_datakey(
    datakey_endpoint: datakey.Server, datakey_kms: datakey.LocalKms
) -> None:
    assert os.environ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] == datakey_endpoint.endpoint_url
    client = boto3.client("secretsmanager")
    arn = client.create_secret(Name="app/db", SecretString="hunter2")["ARN"]
    # the binding's Secrets Manager on the served LocalKms sees the secret, and the other way
    local = datakey.LocalSecretsManager(datakey_kms)
    assert local.get_secret_value(SecretId=arn)["SecretString"] == "hunter2"
    local.put_secret_value(SecretId="app/db", SecretString="local")
    assert client.get_secret_value(SecretId="app/db")["SecretString"] == "local"


def test_a_rotation_template_handler_rotates_through_the_endpoint(
    datakey_endpoint: datakey.Server, datakey_kms: datakey.LocalKms
) -> None:
    datakey.LocalSecretsManager(datakey_kms).register_rotation_function(LAMBDA_ARN, lambda_handler)
    client = boto3.client("secretsmanager")
    first = client.create_secret(Name="rotated", SecretString="initial")["VersionId"]
    steps_seen.clear()
    database.clear()
    out = client.rotate_secret(
        SecretId="rotated", RotationLambdaARN=LAMBDA_ARN, RotationRules={"AutomaticallyAfterDays": 30}
    )
    new = out["VersionId"]
    assert steps_seen == ["createSecret", "setSecret", "testSecret", "finishSecret"]
    got = client.get_secret_value(SecretId="rotated")
    assert got["VersionId"] == new and got["SecretString"] == database["password"]
    assert len(got["SecretString"]) == 32
    assert not set(got["SecretString"]) & set("/@\"'\\")
    described = client.describe_secret(SecretId="rotated")
    assert described["RotationEnabled"] and described["RotationLambdaARN"] == LAMBDA_ARN
    assert described["VersionIdsToStages"][first] == ["AWSPREVIOUS"]
    # finishSecret moved only AWSCURRENT: AWSPENDING stays with it (on the AWSCURRENT version,
    # which lets the next rotation start)
    assert described["VersionIdsToStages"][new] == ["AWSCURRENT", "AWSPENDING"]
    again = client.rotate_secret(SecretId="rotated")["VersionId"]
    assert client.get_secret_value(SecretId="rotated")["VersionId"] == again
    assert "LastRotatedDate" in described and "NextRotationDate" in described


def test_a_failing_step_leaves_awspending_and_blocks_the_next_rotation(
    datakey_endpoint: datakey.Server, datakey_kms: datakey.LocalKms
) -> None:
    datakey.LocalSecretsManager(datakey_kms).register_rotation_function(LAMBDA_ARN, lambda_handler)
    client = boto3.client("secretsmanager")
    first = client.create_secret(Name="stuck", SecretString="initial")["VersionId"]
    database.clear()
    database["fail_test"] = True
    with pytest.raises(ClientError) as info:
        client.rotate_secret(SecretId="stuck", RotationLambdaARN=LAMBDA_ARN)
    assert "testSecret" in info.value.response["Error"]["Message"]
    stages = client.describe_secret(SecretId="stuck")["VersionIdsToStages"]
    assert stages[first] == ["AWSCURRENT"]
    pending = [v for v, s in stages.items() if s == ["AWSPENDING"]]
    assert len(pending) == 1
    assert client.get_secret_value(SecretId="stuck")["SecretString"] == "initial"
    database.clear()
    with pytest.raises(ClientError) as info:
        client.rotate_secret(SecretId="stuck", RotationLambdaARN=LAMBDA_ARN)
    assert info.value.response["Error"]["Code"] == "InvalidRequestException"
    # the core's wording (LocalStack answers "Previous rotation request is still in progress.")
    assert info.value.response["Error"]["Message"] == (
        "A previous rotation isn't complete. That rotation will be reattempted."
    )


def test_rotation_without_a_registered_function_is_access_denied(datakey_endpoint: datakey.Server) -> None:
    client = boto3.client("secretsmanager")
    client.create_secret(Name="nolambda", SecretString="x")
    with pytest.raises(ClientError) as info:
        client.rotate_secret(SecretId="nolambda")
    assert info.value.response["Error"] == {
        "Code": "InvalidRequestException",
        "Message": "No Lambda rotation function ARN is associated with this secret.",
    }
    with pytest.raises(ClientError) as info:
        client.rotate_secret(SecretId="nolambda", RotationLambdaARN=LAMBDA_ARN + "-unknown")
    assert info.value.response["Error"]["Code"] == "AccessDeniedException"
    assert info.value.response["Error"]["Message"].startswith(
        "Secrets Manager cannot invoke the specified Lambda function."
    )
