"""The KMS methods of :class:`datakey.LocalKms`, one per operation the core implements.

Each method is boto3's (``generate_data_key`` for ``GenerateDataKey``): keyword arguments only,
converted through the core's model of the operation, and a response dict as botocore returns it
(blobs as ``bytes``, timestamps as aware ``datetime``s, plus ``ResponseMetadata``). The
parameters, types and docstrings for type checkers and IDEs are in ``_datakey.pyi``.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ._datakey import KMS_OPERATIONS, LocalKms


def method_name(operation: str) -> str:
    """boto3's method name of a KMS operation (``GenerateDataKey`` -> ``generate_data_key``)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def _method(operation: str) -> Callable[..., dict[str, Any]]:
    def call(self: LocalKms, **params: Any) -> dict[str, Any]:
        return self._call(operation, params)

    call.__name__ = method_name(operation)
    call.__qualname__ = f"LocalKms.{call.__name__}"
    call.__doc__ = f"KMS ``{operation}``, as boto3's KMS client calls it (keyword arguments only)."
    return call


for _operation in KMS_OPERATIONS:
    setattr(LocalKms, method_name(_operation), _method(_operation))
