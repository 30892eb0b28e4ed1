"""cron() and rate() rotation schedules through datakey.LocalSecretsManager, on the LocalKms's
clock (the syntax Secrets Manager documents; datakey::secrets::RotationSchedule)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import datakey

LAMBDA = "arn:aws:lambda:us-east-1:111122223333:function:rotate"


def test_a_cron_schedule_sets_the_next_rotation_and_bad_ones_are_refused() -> None:
    # Friday 2024-03-01 12:00 UTC.
    clock = datakey.ManualClock(datetime(2024, 3, 1, 12, tzinfo=timezone.utc))
    sm = datakey.LocalSecretsManager(datakey.LocalKms(clock=clock))
    sm.create_secret(Name="c", SecretString="v1")
    steps: list[str] = []

    def handler(event: dict[str, Any], context: object) -> None:
        steps.append(event["Step"])

    sm.register_rotation_function(LAMBDA, handler)
    sm.rotate_secret(
        SecretId="c",
        RotationLambdaARN=LAMBDA,
        RotationRules={"ScheduleExpression": "cron(0 8 ? * MON-FRI *)", "Duration": "3h"},
        RotateImmediately=False,
    )
    assert steps == ["testSecret"]
    d = sm.describe_secret(SecretId="c")
    assert d["NextRotationDate"] == datetime(2024, 3, 4, 8, tzinfo=timezone.utc)
    assert d["RotationRules"]["ScheduleExpression"] == "cron(0 8 ? * MON-FRI *)"
    with pytest.raises(datakey.InvalidParameterException, match="the year field must be \\*"):
        sm.rotate_secret(SecretId="c", RotationRules={"ScheduleExpression": "cron(0 8 ? * MON-FRI 2025)"})
    with pytest.raises(datakey.InvalidParameterException) as both:
        sm.rotate_secret(
            SecretId="c",
            RotationRules={"ScheduleExpression": "rate(4 hours)", "AutomaticallyAfterDays": 2},
        )
    assert both.value.response["Error"]["Message"] == (
        "You cannot specify both rotation frequency and schedule expression together."
    )
    # Refused before anything changed.
    assert sm.describe_secret(SecretId="c")["NextRotationDate"] == d["NextRotationDate"]
    # A rate in hours counts from the rotation, on the clock.
    clock.advance(timedelta(hours=1))
    sm.rotate_secret(
        SecretId="c", RotationRules={"ScheduleExpression": "rate(6 hours)"}, RotateImmediately=False
    )
    assert sm.describe_secret(SecretId="c")["NextRotationDate"] == datetime(
        2024, 3, 1, 19, tzinfo=timezone.utc
    )


def test_run_due_rotations_rotates_what_the_schedule_made_due() -> None:
    clock = datakey.ManualClock(datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc))
    kms = datakey.LocalKms(clock=clock)
    sm = datakey.LocalSecretsManager(kms)
    steps: list[str] = []

    def handler(event: dict[str, str], context: None) -> None:
        steps.append(event["Step"])
        if event["Step"] == "createSecret":
            sm.put_secret_value(
                SecretId=event["SecretId"],
                ClientRequestToken=event["ClientRequestToken"],
                SecretString="rotated",
                VersionStages=["AWSPENDING"],
            )
        elif event["Step"] == "finishSecret":
            current = next(
                v
                for v, s in sm.describe_secret(SecretId=event["SecretId"])["VersionIdsToStages"].items()
                if "AWSCURRENT" in s
            )
            sm.update_secret_version_stage(
                SecretId=event["SecretId"],
                VersionStage="AWSCURRENT",
                MoveToVersionId=event["ClientRequestToken"],
                RemoveFromVersionId=current,
            )

    def failing(event: dict[str, str], context: None) -> None:
        raise RuntimeError("no database")

    sm.register_rotation_function("arn:aws:lambda:us-east-1:111122223333:function:ok", handler)
    # (RotateImmediately=False still tests the configuration: the testSecret step runs)
    sm.register_rotation_function("arn:aws:lambda:us-east-1:111122223333:function:bad", handler)
    good = sm.create_secret(Name="due/good", SecretString="v1")["ARN"]
    bad = sm.create_secret(Name="due/bad", SecretString="v1")["ARN"]
    for arn, fn in ((good, "ok"), (bad, "bad")):
        sm.rotate_secret(
            SecretId=arn,
            RotationLambdaARN=f"arn:aws:lambda:us-east-1:111122223333:function:{fn}",
            RotationRules={"ScheduleExpression": "rate(10 days)"},
            RotateImmediately=False,
        )
    assert steps == ["testSecret", "testSecret"]
    steps.clear()
    sm.register_rotation_function("arn:aws:lambda:us-east-1:111122223333:function:bad", failing)
    assert sm.run_due_rotations() == []
    clock.advance(timedelta(days=11))
    results = {r["ARN"]: r for r in sm.run_due_rotations()}
    assert set(results) == {good, bad}
    assert results[good]["Error"] is None and results[good]["VersionId"] is not None
    assert steps == ["createSecret", "setSecret", "testSecret", "finishSecret"]
    assert sm.get_secret_value(SecretId=good)["SecretString"] == "rotated"
    error = results[bad]["Error"]
    assert results[bad]["VersionId"] is None and isinstance(error, datakey.SecretsManagerError)
    assert "no database" in str(error)
    # nothing more is due until the next window
    assert sm.run_due_rotations() == []
