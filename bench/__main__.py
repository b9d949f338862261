"""Run every benchmark: ``python -m bench [--size smoke|full] [NAME ...]``."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from bench.common import SIZES, emit, machine

BENCHMARKS = ("import_pack", "startup", "lookup", "answer_burst", "search", "daily_posts")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--size", choices=SIZES, default="smoke")
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], help="benchmarks to run (default: all)")
    args = parser.parse_args()
    emit("machine", args.size, **machine())
    failed = 0
    for name in args.names or BENCHMARKS:
        importlib.import_module(f"bench.{name}")  # fail fast on a typo
        # One process per benchmark so memory and start-up figures do not leak between them.
        result = subprocess.run([sys.executable, "-m", f"bench.{name}", "--size", args.size], check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
