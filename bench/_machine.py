"""Describe the machine a benchmark ran on (printed with every figure)."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path


def machine() -> str:
    """CPU model, core count, memory, OS and Python version on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, "
        f"Python {sys.version.split()[0]}"
    )


def shared_dir() -> Path:
    """$NEWSEVENTS_SHARED, else ../shared beside the repository."""
    root = Path(__file__).resolve().parents[1]
    return Path(os.environ.get("NEWSEVENTS_SHARED") or root.parent / "shared").resolve()
