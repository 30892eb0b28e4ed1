"""datakey.LocalSecretsManager in boto3's secretsmanager shape, on a LocalKms (the AWS-validated
behaviour of reference secrets-and-wire.md §1, through Python)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import datakey


def service() -> tuple[datakey.LocalKms, datakey.LocalSecretsManager, datakey.ManualClock]:
    clock = datakey.ManualClock(datetime(2024, 1, 1, tzinfo=timezone.utc))
    kms = datakey.LocalKms(clock=clock)
    return kms, datakey.LocalSecretsManager(kms), clock


TOKEN = "00000001-0000-4000-8000-000000000000"


def test_create_get_and_the_labels_move() -> None:
    _, sm, _ = service()
    created = sm.create_secret(Name="prod/db", SecretString="hunter2", ClientRequestToken=TOKEN)
    assert created["VersionId"] == TOKEN
    assert len(created["ARN"].rsplit("-", 1)[1]) == 6
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 200
    got = sm.get_secret_value(SecretId=created["ARN"][:-7])
    assert got["SecretString"] == "hunter2" and got["VersionStages"] == ["AWSCURRENT"]
    assert isinstance(got["CreatedDate"], datetime)
    sm.put_secret_value(SecretId="prod/db", SecretBinary=b"\x00\x01")
    assert sm.get_secret_value(SecretId="prod/db")["SecretBinary"] == b"\x00\x01"
    prev = sm.get_secret_value(SecretId="prod/db", VersionStage="AWSPREVIOUS")
    assert prev["SecretString"] == "hunter2"
    stages = sm.describe_secret(SecretId="prod/db")["VersionIdsToStages"]
    assert sorted(stages.values()) == [["AWSCURRENT"], ["AWSPREVIOUS"]]
    listed = sm.list_secrets()["SecretList"]
    assert [s["Name"] for s in listed] == ["prod/db"]
    assert "SecretVersionsToStages" in listed[0]


def test_errors_are_the_services_with_awss_messages() -> None:
    kms, sm, _ = service()
    with pytest.raises(sm.exceptions.ResourceNotFoundException) as e:
        sm.get_secret_value(SecretId="nope")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["Error"]["Message"] == "Secrets Manager can't find the specified secret."
    assert e.value.operation_name == "GetSecretValue"
    sm.create_secret(Name="s", SecretString="v", ClientRequestToken=TOKEN)
    with pytest.raises(datakey.ResourceExistsException, match="already in use for a version"):
        sm.create_secret(Name="s", SecretString="other", ClientRequestToken=TOKEN)
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["Arn"]
    with pytest.raises(datakey.EncryptionFailure) as refused:
        sm.create_secret(Name="asym", KmsKeyId=rsa, SecretString="v")
    assert refused.value.response["Error"]["Message"] == (
        "You cannot generate a data key with an asymmetric CMK"
    )
    assert isinstance(refused.value, datakey.KmsError)
    with pytest.raises(datakey.ResourceNotFoundException):
        sm.describe_secret(SecretId="asym")
    assert "hunter" not in repr(sm)


def test_deletion_window_on_the_clock_and_restore() -> None:
    _, sm, clock = service()
    sm.create_secret(Name="d", SecretString="v")
    d = sm.delete_secret(SecretId="d", RecoveryWindowInDays=7)
    assert d["DeletionDate"] == datetime(2024, 1, 8, tzinfo=timezone.utc)
    with pytest.raises(datakey.InvalidRequestException, match="marked for deletion"):
        sm.get_secret_value(SecretId="d")
    sm.restore_secret(SecretId="d")
    assert sm.get_secret_value(SecretId="d")["SecretString"] == "v"
    sm.delete_secret(SecretId="d", RecoveryWindowInDays=7)
    clock.advance(timedelta(days=7))
    with pytest.raises(datakey.ResourceNotFoundException):
        sm.describe_secret(SecretId="d")


def test_a_lambda_handler_rotates_the_secret() -> None:
    """AWS's rotation template's calls, as a handler(event, context) against this client."""
    _, sm, _ = service()
    sm.create_secret(Name="r", SecretString="v1")
    steps: list[str] = []

    def lambda_handler(event: dict[str, str], context: None) -> None:
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        steps.append(step)
        meta = sm.describe_secret(SecretId=arn)
        assert "AWSPENDING" in meta["VersionIdsToStages"][token]
        if step == "createSecret":
            try:
                sm.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
            except sm.exceptions.ResourceNotFoundException:
                pw = sm.get_random_password(ExcludeCharacters="/@\"'\\")["RandomPassword"]
                sm.put_secret_value(
                    SecretId=arn, ClientRequestToken=token, SecretString=pw,
                    VersionStages=["AWSPENDING"],
                )
        elif step == "finishSecret":
            current = next(v for v, s in meta["VersionIdsToStages"].items() if "AWSCURRENT" in s)
            sm.update_secret_version_stage(
                SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token,
                RemoveFromVersionId=current,
            )

    arn = "arn:aws:lambda:us-east-1:111122223333:function:rotate"
    sm.register_rotation_function(arn, lambda_handler)
    r = sm.rotate_secret(SecretId="r", RotationLambdaARN=arn, RotationRules={"AutomaticallyAfterDays": 30})
    assert steps == ["createSecret", "setSecret", "testSecret", "finishSecret"]
    assert sm.get_secret_value(SecretId="r")["VersionId"] == r["VersionId"]
    assert sm.get_secret_value(SecretId="r", VersionStage="AWSPREVIOUS")["SecretString"] == "v1"
    assert sm.describe_secret(SecretId="r")["RotationEnabled"] is True

    def failing(event: dict[str, str], context: None) -> None:
        if event["Step"] == "testSecret":
            raise RuntimeError("the database refused the new password")
        lambda_handler(event, context)

    sm.register_rotation_function(arn, failing)
    with pytest.raises(RuntimeError, match="refused the new password"):
        sm.rotate_secret(SecretId="r")
    stages = sm.describe_secret(SecretId="r")["VersionIdsToStages"]
    assert sum("AWSPENDING" in s and "AWSCURRENT" not in s for s in stages.values()) == 1
