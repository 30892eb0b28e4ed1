"""What a new user tries first (issue 15): boto3-style ``except ClientError``, decrypting without
naming the key, the precise error for an extra encryption context key, ``__version__``."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap
from importlib.metadata import version
from typing import Any

import pytest

import datakey

botocore_exceptions = pytest.importorskip("botocore.exceptions")


# ----- boto3 users' error handling ----------------------------------------------------------------


def test_kms_errors_are_botocore_client_errors() -> None:
    ClientError = botocore_exceptions.ClientError
    kms = datakey.LocalKms()
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=key_id)
    with pytest.raises(ClientError) as info:
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    err: Any = info.value
    # ... and still datakey's own class, as before.
    assert isinstance(err, datakey.DisabledException)
    assert isinstance(err, kms.exceptions.DisabledException)
    assert isinstance(err, datakey.DatakeyError)
    assert err.operation_name == "GenerateDataKey"
    assert err.response["Error"]["Code"] == "DisabledException"
    assert err.response["Error"]["Message"].endswith("is disabled.")
    assert str(err).startswith("An error occurred (DisabledException) when calling the GenerateDataKey")
    # ValidationException stays a ValueError too.
    with pytest.raises(ClientError) as vinfo:
        kms.generate_random(NumberOfBytes=0)
    assert isinstance(vinfo.value, ValueError)
    # A KMS error raised by a message (through the KMS keyring) is one as well.
    with pytest.raises(ClientError):
        datakey.encrypt(b"x", kms.keyring(key_id))
    # Message errors are not KMS errors.
    assert not issubclass(datakey.DecryptionError, ClientError)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is datakey.DisabledException and str(again) == str(err)


def botocore_parse(code: str, message: str, operation: str, status: int) -> dict[str, Any]:
    """What botocore makes of an AWS KMS error answer: its JSON parser, then the modeled error
    fields its endpoint adds (``botocore.endpoint.Endpoint._add_modeled_error_fields``)."""
    import botocore.parsers
    import botocore.session

    model = botocore.session.get_session().get_service_model("kms")
    body = json.dumps({"__type": code, "message": message}).encode()
    http = {
        "status_code": status,
        "headers": {
            "x-amzn-requestid": "r",
            "content-type": "application/x-amz-json-1.1",
            "content-length": str(len(body)),
            "date": "d",
        },
        "body": body,
    }
    parser = botocore.parsers.create_parser("json")
    parsed: dict[str, Any] = parser.parse(http, model.operation_model(operation).output_shape)
    shape = model.shape_for_error_code(code)
    if shape is not None:
        parsed.update(parser.parse(http, shape))
    parsed["ResponseMetadata"]["RetryAttempts"] = 0  # the retry handler adds it
    return parsed


@pytest.mark.parametrize(
    "name, status",
    [
        ("NotFoundException", 400),
        ("DisabledException", 400),
        ("ValidationException", 400),
        ("AccessDeniedException", 400),
        ("ThrottlingException", 400),
        ("KMSInternalException", 500),
        ("DependencyTimeoutException", 500),
        ("KeyUnavailableException", 500),
    ],
)
def test_response_has_the_shape_botocore_gives_it(name: str, status: int) -> None:
    err = getattr(datakey, name)("the message", "Decrypt")
    want = botocore_parse(name, "the message", "Decrypt", status)
    got = err.response
    assert set(got) == set(want), (got, want)
    assert got["Error"] == want["Error"]
    assert got.get("message") == want.get("message")
    meta, want_meta = got["ResponseMetadata"], want["ResponseMetadata"]
    assert set(meta) == set(want_meta)
    assert set(meta["HTTPHeaders"]) == set(want_meta["HTTPHeaders"])
    assert meta["HTTPStatusCode"] == status
    assert len(meta["RequestId"]) == 36 and meta["HTTPHeaders"]["x-amzn-requestid"] == meta["RequestId"]
    assert str(err) == str(botocore_exceptions.ClientError(want, "Decrypt"))


def test_without_botocore_the_errors_keep_working() -> None:
    # botocore hidden from the import system: KmsError is then a plain DatakeyError.
    script = textwrap.dedent(
        """
        import sys
        class Hide:
            def find_spec(self, name, path=None, target=None):
                if name == "botocore" or name.startswith("botocore."):
                    raise ImportError("hidden: " + name)
                return None
        sys.meta_path.insert(0, Hide())
        import datakey
        assert "botocore" not in sys.modules
        kms = datakey.LocalKms()
        k = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.disable_key(KeyId=k)
        try:
            kms.generate_data_key(KeyId=k, KeySpec="AES_256")
        except kms.exceptions.ClientError as e:
            assert type(e) is datakey.DisabledException, type(e)
            assert [c.__name__ for c in type(e).__mro__][:4] == [
                "DisabledException", "KmsError", "DatakeyError", "Exception"]
            assert e.response["Error"]["Code"] == "DisabledException"
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            assert e.operation_name == "GenerateDataKey"
            print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# ----- decrypting without naming the key ----------------------------------------------------------


def test_discovery_keyring_opens_messages_of_any_key() -> None:
    kms = datakey.LocalKms(region="eu-west-1", account_id="444455556666")
    a = kms.create_key()["KeyMetadata"]
    b = kms.create_key()["KeyMetadata"]
    ca = datakey.encrypt(b"under a", kms.keyring(a["KeyId"]), encryption_context={"t": "1"})
    cb = datakey.encrypt(b"under b", kms.keyring(b["Arn"]))
    any_key = kms.discovery_keyring()
    assert repr(any_key) == "DiscoveryKeyring()"
    assert datakey.decrypt(ca, any_key, encryption_context={"t": "1"}).plaintext == b"under a"
    assert datakey.decrypt(cb, any_key).plaintext == b"under b"
    # As a child of a multi-keyring.
    raw = datakey.RawAesKeyring("ns", "k", bytes(32))
    assert datakey.decrypt(cb, datakey.MultiKeyring(None, raw, any_key)).plaintext == b"under b"
    # Filtered.
    ok = datakey.DiscoveryFilter("aws", ["111122223333", "444455556666"])
    assert ok.partition == "aws" and ok.account_ids == ["111122223333", "444455556666"]
    assert datakey.decrypt(cb, kms.discovery_keyring(ok)).plaintext == b"under b"
    other = kms.discovery_keyring(datakey.DiscoveryFilter("aws", ["111122223333"]))
    assert repr(other) == "DiscoveryKeyring(discovery_filter=DiscoveryFilter(partition='aws', account_ids=['111122223333']))"
    with pytest.raises(datakey.NoMatchingKeyError) as info:
        datakey.decrypt(cb, other)
    assert info.value.present == [("aws-kms", b["Arn"])]
    assert info.value.tried[0][1].startswith("any key of LocalKms arn:aws:kms:eu-west-1:444455556666:")
    with pytest.raises(datakey.ValidationException):
        datakey.DiscoveryFilter("aws", [])
    # A message of another KMS: no matching key; a disabled key: KMS's error.
    elsewhere = datakey.LocalKms()
    ce = datakey.encrypt(b"e", elsewhere.keyring(elsewhere.create_key()["KeyMetadata"]["KeyId"]))
    with pytest.raises(datakey.NoMatchingKeyError):
        datakey.decrypt(ce, any_key)
    kms.disable_key(KeyId=a["KeyId"])
    with pytest.raises(datakey.DisabledException):
        datakey.decrypt(ca, any_key, encryption_context={"t": "1"})
    # It cannot encrypt.
    with pytest.raises(datakey.ValidationException, match="only decrypts"):
        datakey.encrypt(b"x", any_key)


def test_extra_context_key_on_decrypt_is_a_precise_error() -> None:
    kms = datakey.LocalKms()
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    raw = datakey.RawAesKeyring("ns", "k", bytes(range(32)))
    cases: list[tuple[datakey.KmsKeyring | datakey.RawAesKeyring, Any]] = [
        (kms.keyring(key_id), kms.keyring(key_id)),
        (kms.keyring(key_id), kms.discovery_keyring()),
        (raw, raw),
    ]
    for keyring, reader in cases:
        ct = datakey.encrypt(b"ec", keyring, encryption_context={"tenant": "acme"})
        with pytest.raises(datakey.EncryptionContextMismatchError):
            datakey.decrypt(ct, reader, encryption_context={"tenant": "other"})
        with pytest.raises(datakey.EncryptionContextMismatchError, match='"region"'):
            datakey.decrypt(ct, reader, encryption_context={"tenant": "acme", "region": "eu"})
        assert datakey.decrypt(ct, reader, encryption_context={"tenant": "acme"}).plaintext == b"ec"


# ----- the package ---------------------------------------------------------------------------------


def test_version() -> None:
    assert datakey.__version__ == version("datakey")
    assert "__version__" in datakey.__all__


def test_error_date_header_is_an_http_date() -> None:
    from email.utils import format_datetime, parsedate_to_datetime

    date = datakey.NotFoundException("x").response["ResponseMetadata"]["HTTPHeaders"]["date"]
    parsed = parsedate_to_datetime(date)
    assert format_datetime(parsed, usegmt=True) == date
