"""`python -m benchmarks`: run every benchmark."""

import sys

from benchmarks import discord_bench, engine_bench

if __name__ == "__main__":
    sys.exit(engine_bench.main() or discord_bench.main())
