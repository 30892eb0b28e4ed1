"""Type stubs of the extension module ``datakey._datakey`` (checked with mypy.stubtest)."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final, Union, final

from typing_extensions import Buffer

__all__ = [
    "GIL_DETACH_THRESHOLD",
    "ManualClock",
    "parse_encryption_context",
    "serialize_encryption_context",
]

GIL_DETACH_THRESHOLD: Final[int]

@final
class ManualClock:
    """A clock that only moves when told to."""

    def __new__(cls, start: datetime | None = None) -> ManualClock: ...
    def now(self) -> datetime: ...
    def advance(self, seconds: Union[float, timedelta]) -> None: ...
    def set(self, to: datetime) -> None: ...

def serialize_encryption_context(encryption_context: Mapping[str, str]) -> bytes: ...
def parse_encryption_context(data: Buffer) -> dict[str, str]: ...
