"""`python -m sim.evaluation.sets`: build the evaluation sets and print a summary."""

import sys

from sim.evaluation.sets.build import main

sys.exit(main())
