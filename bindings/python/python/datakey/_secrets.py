"""The Secrets Manager methods of :class:`datakey.LocalSecretsManager` that go through the
core's model: one per operation of ``SECRETS_OPERATIONS`` without a method of its own on the
class (boto3's name, keyword arguments only, a response dict as botocore returns it, as the KMS
methods of ``datakey._kms``).
"""

from __future__ import annotations

from typing import Any, Callable

from ._datakey import SECRETS_OPERATIONS, LocalSecretsManager
from ._kms import method_name


def _method(operation: str) -> Callable[..., dict[str, Any]]:
    def call(self: LocalSecretsManager, **params: Any) -> dict[str, Any]:
        return self._call(operation, params)

    call.__name__ = method_name(operation)
    call.__qualname__ = f"LocalSecretsManager.{call.__name__}"
    call.__doc__ = (
        f"Secrets Manager ``{operation}``, as boto3's secretsmanager client calls it "
        "(keyword arguments only)."
    )
    return call


for _operation in SECRETS_OPERATIONS:
    if not hasattr(LocalSecretsManager, method_name(_operation)):
        setattr(LocalSecretsManager, method_name(_operation), _method(_operation))
