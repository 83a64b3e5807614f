"""The built wheel, installed into a fresh virtual environment and run from an empty
directory, finds its migrations (no alembic.ini, no checkout) and creates a database."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path, timeout: int = 300) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_wheel(out: Path) -> Path:
    """Build without network: reuse this environment's setuptools; fall back to isolation."""
    args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)]
    done = subprocess.run([*args[:4], "--no-build-isolation", *args[4:]], capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0:
        _run(*args, cwd=out)
    wheels = sorted(out.glob("tracker-*.whl"))
    assert wheels, "no wheel built"
    return wheels[-1]


@pytest.mark.slow
def test_wheel_installs_and_initialises_from_an_empty_directory(tmp_path):
    wheel = _build_wheel(tmp_path / "dist")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(_run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=tmp_path).strip())
    # tracker itself only from the wheel (installed before the next line, or pip would see this
    # environment's tracker and skip it); its dependencies from this environment, appended after
    # the fresh site-packages so the freshly installed tracker wins.
    _run(str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel), cwd=tmp_path)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    empty = tmp_path / "empty"
    empty.mkdir()
    where = _run(str(python), "-c", "import tracker.migrations as m; print(m.__file__)", cwd=empty)
    assert str(env_dir) in where and str(ROOT) not in where
    revision = _run(str(python), "-c",
                    "from tracker.store.store import open_store; print(open_store('x.db', create=True).init())",
                    cwd=empty).strip()
    assert revision
    assert (empty / "x.db").exists()
    cli = env_dir / "bin" / "tracker"
    if cli.exists():
        _run(str(cli), "--db", "cli.db", "init", cwd=empty)
        _run(str(cli), "--db", "cli.db", "verify", cwd=empty)
    assert sorted(p.name for p in empty.iterdir() if not p.name.endswith(("-wal", "-shm"))) == \
        (["cli.db", "x.db"] if cli.exists() else ["x.db"])
