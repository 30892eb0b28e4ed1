"""datakey.SecretCache over LocalSecretsManager, in the shape of AWS's aws_secretsmanager_caching
(reference secrets-and-wire.md §5): TTL with jitter, DescribeSecret first, stale on failure, the
LocalKms's clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import datakey


def service() -> tuple[datakey.LocalKms, datakey.LocalSecretsManager, datakey.ManualClock]:
    clock = datakey.ManualClock(datetime(2024, 1, 1, tzinfo=timezone.utc))
    kms = datakey.LocalKms(clock=clock)
    return kms, datakey.LocalSecretsManager(kms), clock


def test_defaults_are_awss() -> None:
    c = datakey.SecretCacheConfig()
    assert c.max_cache_size == 1024
    assert c.secret_refresh_interval == 3600
    assert c.default_version_stage == "AWSCURRENT"
    assert c.exception_retry_delay_base == 1
    assert c.exception_retry_growth_factor == 2
    assert c.exception_retry_delay_max == 3600
    assert c.secret_cache_hook is None
    _, sm, _ = service()
    assert datakey.SecretCache(client=sm).config.max_cache_size == 1024


def test_value_is_served_until_a_refresh_between_half_and_all_of_the_ttl() -> None:
    _, sm, clock = service()
    sm.create_secret(Name="db", SecretString="v1")
    cache = datakey.SecretCache(config=datakey.SecretCacheConfig(), client=sm)
    assert cache.get_secret_string("db") == "v1"
    sm.put_secret_value(SecretId="db", SecretString="v2")
    clock.advance(1799)
    assert cache.get_secret_string("db") == "v1"
    clock.advance(timedelta(seconds=1801))
    assert cache.get_secret_string("db") == "v2"
    assert cache.get_secret_string("db", "AWSPREVIOUS") == "v1"


def test_a_short_ttl_and_refresh_now() -> None:
    _, sm, clock = service()
    sm.create_secret(Name="s", SecretBinary=b"\x00\x01")
    cache = datakey.SecretCache(datakey.SecretCacheConfig(secret_refresh_interval=10), sm)
    assert cache.get_secret_binary("s") == b"\x00\x01"
    sm.put_secret_value(SecretId="s", SecretBinary=b"\x02")
    assert cache.get_secret_binary("s") == b"\x00\x01"
    cache.refresh_secret_now("s")
    assert cache.get_secret_binary("s") == b"\x02"
    sm.put_secret_value(SecretId="s", SecretBinary=b"\x03")
    clock.advance(10)
    assert cache.get_secret_binary("s") == b"\x03"


def test_stale_value_when_the_refresh_fails_and_the_services_error_otherwise() -> None:
    _, sm, clock = service()
    sm.create_secret(Name="s", SecretString="kept")
    cache = datakey.SecretCache(client=sm)
    assert cache.get_secret_string("s") == "kept"
    sm.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)
    clock.advance(3600)
    assert cache.get_secret_string("s") == "kept"
    with pytest.raises(datakey.ResourceNotFoundException) as e:
        cache.get_secret_string("never")
    assert e.value.response["Error"]["Message"] == "Secrets Manager can't find the specified secret."
    # Retried after exception_retry_delay_base.
    sm.create_secret(Name="never", SecretString="now")
    with pytest.raises(datakey.ResourceNotFoundException):
        cache.get_secret_string("never")
    clock.advance(1)
    assert cache.get_secret_string("never") == "now"


def test_least_recently_used_is_evicted() -> None:
    _, sm, _ = service()
    for n in "abc":
        sm.create_secret(Name=n, SecretString=n + "1")
    cache = datakey.SecretCache(datakey.SecretCacheConfig(max_cache_size=2), sm)
    for n in "abac":
        cache.get_secret_string(n)
    sm.put_secret_value(SecretId="a", SecretString="a2")
    sm.put_secret_value(SecretId="b", SecretString="b2")
    assert cache.get_secret_string("a") == "a1"
    assert cache.get_secret_string("b") == "b2"


def test_wrong_type_and_unsupported_options_are_refused() -> None:
    _, sm, _ = service()
    sm.create_secret(Name="str", SecretString="x")
    cache = datakey.SecretCache(client=sm)
    with pytest.raises(datakey.ResourceNotFoundException, match="string value, not a binary"):
        cache.get_secret_binary("str")
    with pytest.raises(TypeError, match="client="):
        datakey.SecretCache()
    with pytest.raises(ValueError, match="secret_cache_hook"):
        datakey.SecretCacheConfig(secret_cache_hook=object())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_cache_size"):
        datakey.SecretCacheConfig(max_cache_size=0)
    with pytest.raises(TypeError):
        datakey.SecretCacheConfig(refresh=1)  # type: ignore[call-arg]


def test_the_secret_never_shows_in_repr() -> None:
    _, sm, _ = service()
    sm.create_secret(Name="r", SecretString="MARKER-hunter2")
    cache = datakey.SecretCache(client=sm)
    assert cache.get_secret_string("r") == "MARKER-hunter2"
    assert "MARKER" not in repr(cache)
    assert repr(cache).startswith("SecretCache(config=SecretCacheConfig(max_cache_size=1024")


def test_the_shape_is_aws_secretsmanager_cachings() -> None:
    """Option names and defaults, method names and parameters as in the PyPI package."""
    import inspect

    from aws_secretsmanager_caching import SecretCache
    from aws_secretsmanager_caching.config import SecretCacheConfig

    ours = datakey.SecretCacheConfig()
    theirs: dict[str, object] = SecretCacheConfig.OPTION_DEFAULTS
    assert {k: getattr(ours, k) for k in theirs} == theirs
    for name in ("get_secret_string", "get_secret_binary", "refresh_secret_now"):
        want = list(inspect.signature(getattr(SecretCache, name)).parameters)[1:]
        have = list(inspect.signature(getattr(datakey.SecretCache, name)).parameters)[1:]
        assert have == want, name
    assert list(inspect.signature(SecretCache.__init__).parameters)[1:] == ["config", "client"]
    _, sm, _ = service()
    sm.create_secret(Name="kw", SecretString="v")
    cache = datakey.SecretCache(config=datakey.SecretCacheConfig(), client=sm)
    assert cache.get_secret_string(secret_id="kw", version_stage="AWSCURRENT") == "v"
