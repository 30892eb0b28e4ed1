"""pytest plugin: a datakey AWS endpoint for the test, with the environment pointing at it.

Enable it with ``pytest_plugins = ["datakey.testing"]`` (or ``-p datakey.testing``). The
``datakey_endpoint`` fixture starts :func:`datakey.serve` on a fresh :class:`datakey.LocalKms`
(override the ``datakey_kms`` fixture to serve your own, e.g. with a :class:`datakey.ManualClock`)
and sets, for the test only, ``AWS_ENDPOINT_URL_KMS``, ``AWS_ENDPOINT_URL_SECRETS_MANAGER``,
``AWS_ENDPOINT_URL_STS``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_REGION`` and
``AWS_DEFAULT_REGION`` (removing ``AWS_SESSION_TOKEN``, ``AWS_PROFILE`` and the other credential
sources), so ``boto3.client("kms")`` and ``boto3.client("secretsmanager")`` anywhere in the code
under test, libraries included, talk to datakey. The secrets served are those of the served
``LocalKms``: ``datakey.LocalSecretsManager(datakey_kms)`` sees them, and registers the rotation
functions the endpoint's ``RotateSecret`` calls.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from ._datakey import LocalKms, Server, serve

_REMOVED = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
)


@pytest.fixture
def datakey_kms() -> LocalKms:
    """The service the endpoint serves (a fresh in-memory one); override to serve your own."""
    return LocalKms()


@pytest.fixture
def datakey_endpoint(
    datakey_kms: LocalKms, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A running :class:`datakey.Server`, with the AWS environment pointing at it."""
    empty = tmp_path_factory.mktemp("aws-config")
    with serve(datakey_kms) as server:
        for name in _REMOVED:
            monkeypatch.delenv(name, raising=False)
        # no shared config or credentials file of the developer's machine
        monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        monkeypatch.setenv("AWS_ENDPOINT_URL_KMS", server.endpoint_url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", server.endpoint_url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_STS", server.endpoint_url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", server.access_key_id)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", server.secret_access_key)
        monkeypatch.setenv("AWS_REGION", server.region)
        monkeypatch.setenv("AWS_DEFAULT_REGION", server.region)
        # boto3's default session keeps the credentials it resolved first (those of an earlier
        # test's endpoint): the test starts with a fresh one, and the old one comes back after.
        boto3 = sys.modules.get("boto3")
        if boto3 is not None:
            monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
        yield server
