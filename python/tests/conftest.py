"""Shared fixtures: the repository, the `pcql` binary the Python package is
compared with, and the CLI's JSON output for a set of files."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Sequence

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def _build_cli() -> Path:
    """`PCQL_BIN`, or the debug binary of this checkout, built (or brought
    up to date) with `cargo build --bin pcql`."""
    given = os.environ.get("PCQL_BIN")
    if given:
        return Path(given).resolve()
    env = dict(os.environ)
    # The binding's own target directory is not the root crate's.
    env.pop("CARGO_TARGET_DIR", None)
    subprocess.run(
        ["cargo", "build", "--quiet", "--bin", "pcql"],
        cwd=REPO,
        env=env,
        check=True,
    )
    exe = REPO / "target" / "debug" / ("pcql.exe" if os.name == "nt" else "pcql")
    assert exe.is_file(), exe
    return exe


@pytest.fixture(scope="session")
def pcql_bin() -> Path:
    return _build_cli()


class Cli:
    """Runs `pcql` where no `pcql.toml`, project schemas or user cache can
    change its catalog: the bundled snapshot, as `pcql.check` uses."""

    def __init__(self, exe: Path, home: Path) -> None:
        self.exe = exe
        self.home = home
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "NO_COLOR": "1",
        }

    def run(self, args: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.exe), *args],
            cwd=self.home,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )

    def check_json(self, paths: Sequence[Path], *extra: str) -> Dict[str, List[Dict[str, Any]]]:
        """`pcql check --format json PATHS…`: the diagnostics by file."""
        out = self.run(["check", "--format", "json", *extra, *map(str, paths)])
        assert out.returncode in (0, 1), out.stderr
        by_file: Dict[str, List[Dict[str, Any]]] = {str(p): [] for p in paths}
        for d in json.loads(out.stdout)["diagnostics"]:
            by_file.setdefault(d["file"], []).append(d)
        return by_file


@pytest.fixture(scope="session")
def cli(pcql_bin: Path) -> Any:
    with tempfile.TemporaryDirectory(prefix="pcql-cli-") as home:
        yield Cli(pcql_bin, Path(home))


def fixture_files() -> List[Path]:
    """Every file under tests/fixtures/ that `pcql check` reads: `.pcql`,
    `.sql` and `.json` request bodies (the corpus is data, not a body)."""
    files = [
        p
        for p in sorted(FIXTURES.rglob("*"))
        if p.is_file() and p.suffix in (".pcql", ".sql", ".json") and "corpus" not in p.parts
    ]
    assert len(files) >= 100, len(files)
    return files
