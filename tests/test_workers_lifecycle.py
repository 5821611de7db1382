"""Worker processes never outlive their parent: kill -9 the coordinator, the workers exit too."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc), excluding zombies."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc to list processes")
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    dump = tmp_path / "many.jsonl"
    text = "Russia attacked Ukraine on Monday. Russia and Ukraine later held talks in Geneva. "
    dump.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "text": text * 40, "published": "2024-03-05"}) + "\n"
            for i in range(400)
        )
    )
    out = tmp_path / "events.jsonl"
    with out.open("wb") as sink:
        parent = subprocess.Popen(
            [sys.executable, "-m", "newsevents", "code", "--workers", "2", str(dump)],
            stdout=sink,
            stderr=subprocess.DEVNULL,
        )
    try:
        # Wait until the workers are coding (events arrive), so they hold loaded models.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and parent.poll() is None:
            if out.stat().st_size > 0:
                break
            time.sleep(0.2)
        assert parent.poll() is None, "the run finished before it could be interrupted"
        assert out.stat().st_size > 0, "no events within 120 s"
        # spawn's resource tracker is a child too; the two workers are the others.
        workers = _children(parent.pid)
        assert len(workers) >= 3, workers
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        lingering = [w for w in workers if _alive(w)]
        assert not lingering, f"workers outlived their parent: {lingering}"
    finally:
        if parent.poll() is None:
            parent.kill()
