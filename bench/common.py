"""Shared helpers: sizes, timing, percentiles and JSON-lines output."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

SIZES = ("smoke", "full")


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(terse=True)}


def emit(bench: str, size: str, **figures: Any) -> dict[str, Any]:
    """Print one JSON line of figures and return it."""
    record = {"bench": bench, "size": size, **figures}
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return record


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    if not samples_ms:
        return {"n": 0}
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"n": len(ordered), "p50_ms": pick(0.50), "p99_ms": pick(0.99), "max_ms": round(ordered[-1], 3),
            "mean_ms": round(statistics.fmean(ordered), 3)}


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def main(bench: str, run: Callable[[str], Awaitable[None]], argv: Sequence[str] | None = None) -> None:
    """Entry point of one benchmark module: ``python -m bench.NAME [--size smoke|full]``."""
    parser = argparse.ArgumentParser(prog=f"python -m bench.{bench}")
    parser.add_argument("--size", choices=SIZES, default="smoke")
    args = parser.parse_args(argv)
    asyncio.run(run(args.size))
    sys.stdout.flush()
