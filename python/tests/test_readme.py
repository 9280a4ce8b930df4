"""The READMEs' Python examples run as written: the package's own
(python/README.md) and the Python section of the project's README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READMES = [ROOT / "python" / "README.md", ROOT / "README.md"]


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_readme_example_runs(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, f"{readme}: one Python example"
    code = blocks[0]
    assert len(code.strip().splitlines()) <= 10
    exec(compile(code, str(readme), "exec"), {})
