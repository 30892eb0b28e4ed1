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
