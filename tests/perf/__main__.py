"""`python -m tests.perf`: the performance harness (tests/perf/harness.py)."""

from tests.perf.harness import main

raise SystemExit(main())
