"""What the launch benchmarks read from /proc: a process's start time, its descendants and their
proportional memory (PSS). Shared by bench-launch.py and bench-compare.py."""

from __future__ import annotations

import os
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def boot_time() -> float:
    """When the system booted, in Unix seconds, to the microsecond. Not /proc/stat's `btime`: it
    is whole seconds, and a launch measured from it came out up to a second long (0.79 s on
    the boot where this was found), which pulled every launch ratio towards 1."""
    return time.time() - time.clock_gettime(time.CLOCK_BOOTTIME)


def proc_stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (field 3 of stat(5) is index 0)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def start_time(pid: int) -> float:
    """When PID started, in Unix seconds (to the clock tick, 10 ms: field 22 of stat(5) counts
    ticks since boot)."""
    return boot_time() + int(proc_stat(pid)[19]) / CLK_TCK


def pids_of(binary: Path) -> set[int]:
    """Every running process whose executable is BINARY."""
    out = set()
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if os.readlink(p / "exe") == str(binary):
                    out.add(int(p.name))
            except OSError:
                continue
    return out


def descendants(pid: int) -> list[int]:
    """PID and every process below it (the app and its WebKit processes)."""
    parents = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                parents[int(p.name)] = int(proc_stat(int(p.name))[1])
            except (OSError, IndexError):
                continue
    tree, todo = [], [pid]
    while todo:
        cur = todo.pop()
        tree.append(cur)
        todo += [c for c, parent in parents.items() if parent == cur]
    return tree


def pss_kib(pids: list[int]) -> int:
    """Summed PSS of PIDS (processes gone meanwhile count 0)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total
