"""`python -m benchmarks`: run every benchmark."""

import sys

from benchmarks.engine_bench import main

if __name__ == "__main__":
    sys.exit(main())
