"""Bytes-like inputs, encryption-context conversion and error mapping through the core."""

from __future__ import annotations

import array
from collections import OrderedDict
from types import MappingProxyType

import pytest

import datakey

EC = {"tenant": "acme", "purpose": "interop-test"}
# esdk-format.md §3: 2 pairs, sorted by key ("purpose" first), u16 length prefixes.
EC_BYTES = (
    b"\x00\x02"
    + b"\x00\x07purpose\x00\x0cinterop-test"
    + b"\x00\x06tenant\x00\x04acme"
)


def test_serialize_encryption_context_is_canonical() -> None:
    assert datakey.serialize_encryption_context(EC) == EC_BYTES
    assert datakey.serialize_encryption_context({}) == b""
    assert datakey.serialize_encryption_context(OrderedDict(reversed(list(EC.items())))) == EC_BYTES
    assert datakey.serialize_encryption_context(MappingProxyType(EC)) == EC_BYTES


@pytest.mark.parametrize(
    "data", [EC_BYTES, bytearray(EC_BYTES), memoryview(EC_BYTES), memoryview(b"xx" + EC_BYTES)[2:]]
)
def test_buffers_are_accepted(data: object) -> None:
    assert datakey.parse_encryption_context(data) == EC  # type: ignore[arg-type]


def test_array_buffer_is_accepted() -> None:
    assert datakey.parse_encryption_context(array.array("B", EC_BYTES)) == EC


def test_parse_returns_sorted_dict() -> None:
    assert list(datakey.parse_encryption_context(EC_BYTES)) == ["purpose", "tenant"]


def test_str_is_a_type_error_with_a_hint() -> None:
    with pytest.raises(TypeError, match=r'cannot convert "str" instance to a buffer\. Did you mean to pass a bytestring'):
        datakey.parse_encryption_context("abc")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [3, None, 1.5, ["a"], object()])
def test_non_buffers_are_type_errors(bad: object) -> None:
    with pytest.raises(TypeError, match="expected a bytes-like object"):
        datakey.parse_encryption_context(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad, match",
    [
        ({"a": 1}, "encryption_context values must be str, not 'int'"),
        ({1: "a"}, "encryption_context keys must be str, not 'int'"),
        ({b"a": "b"}, "encryption_context keys must be str, not 'bytes'"),
        ("a=b", "encryption_context must be a mapping of str to str, not 'str'"),
        ([("a", "b")], "encryption_context must be a mapping of str to str, not 'list'"),
    ],
)
def test_bad_encryption_context_is_a_type_error(bad: object, match: str) -> None:
    with pytest.raises(TypeError, match=match):
        datakey.serialize_encryption_context(bad)  # type: ignore[arg-type]


def test_malformed_context_maps_to_malformed_message_error() -> None:
    with pytest.raises(datakey.MalformedMessageError, match="duplicate encryption context key") as info:
        datakey.parse_encryption_context(b"\x00\x02\x00\x01a\x00\x00\x00\x01a\x00\x00")
    assert isinstance(info.value, ValueError) and isinstance(info.value, datakey.DatakeyError)
    with pytest.raises(datakey.MalformedMessageError, match="trailing"):
        datakey.parse_encryption_context(EC_BYTES + b"\x00")


def test_oversized_context_maps_to_validation_exception() -> None:
    with pytest.raises(datakey.ValidationException) as info:
        datakey.serialize_encryption_context({"k": "x" * 70_000})
    err = info.value
    assert isinstance(err, ValueError)
    assert err.response["Error"]["Code"] == "ValidationException"
    assert "65535" in err.response["Error"]["Message"]
    assert err.operation_name is None
