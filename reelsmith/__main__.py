"""`python -m reelsmith`: the same as the `reelsmith` command."""

import sys

from reelsmith.cli import main

sys.exit(main())
