"""`python -m reelsmith.cli`: the same as the `reelsmith` command."""

import sys

from reelsmith.cli.main import main

sys.exit(main())
