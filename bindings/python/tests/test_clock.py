"""datakey.ManualClock: the injectable clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import datakey

START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def test_manual_clock_moves_only_when_told() -> None:
    clock = datakey.ManualClock(START)
    assert clock.now() == START
    assert clock.now().tzinfo is not None
    clock.advance(86_400)
    assert clock.now() == START + timedelta(days=1)
    clock.advance(0.5)
    clock.advance(timedelta(days=365))
    assert clock.now() == START + timedelta(days=366, seconds=0.5)
    clock.set(START)
    assert clock.now() == START


def test_manual_clock_defaults_to_now() -> None:
    before = datetime.now(timezone.utc)
    now = datakey.ManualClock().now()
    assert before - timedelta(seconds=5) <= now <= datetime.now(timezone.utc) + timedelta(seconds=5)


def test_other_time_zones_are_converted() -> None:
    plus_two = timezone(timedelta(hours=2))
    clock = datakey.ManualClock(datetime(2024, 1, 1, 2, tzinfo=plus_two))
    assert clock.now() == START


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), timedelta(seconds=-1)])
def test_advance_refuses_going_backwards_or_nonsense(bad: object) -> None:
    clock = datakey.ManualClock(START)
    with pytest.raises(ValueError):
        clock.advance(bad)  # type: ignore[arg-type]
    assert clock.now() == START


def test_advance_refuses_non_numbers() -> None:
    with pytest.raises(TypeError):
        datakey.ManualClock(START).advance("1")  # type: ignore[arg-type]


def test_naive_and_pre_epoch_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        datakey.ManualClock(datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="1970"):
        datakey.ManualClock(datetime(1960, 1, 1, tzinfo=timezone.utc))
    with pytest.raises(TypeError, match="must be a datetime"):
        datakey.ManualClock(START).set(0)  # type: ignore[arg-type]


def test_repr_shows_the_time() -> None:
    assert repr(datakey.ManualClock(START)) == "ManualClock(unix_time=1704067200.000000)"
