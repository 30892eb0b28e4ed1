"""The README's quick start runs as written."""

from __future__ import annotations

import re
from pathlib import Path


def test_readme_quick_start_runs(repo_root: Path) -> None:
    readme = (repo_root / "bindings" / "python" / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "no python block in the README"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
