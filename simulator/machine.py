"""What machine a benchmark ran on, printed beside its figures (speed depends on it)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name (from /proc/cpuinfo, else ``platform``), its logical cores, and
    whether it has AVX-512 (CTranslate2's int8 kernels are faster with it)."""
    name, flags = "", None
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            key = key.strip()
            if key == "model name" and not name:
                name = value.strip()
            elif key == "flags" and flags is None:
                flags = value.split()
    except OSError:
        pass
    name = name or platform.processor() or platform.machine() or "unknown CPU"
    text = f"{name}, {os.cpu_count() or '?'} logical cores"
    if flags is not None:
        text += ", AVX-512" if any(f.startswith("avx512") for f in flags) else ", no AVX-512"
    return text
