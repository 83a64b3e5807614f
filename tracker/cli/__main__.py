"""`python -m tracker.cli`: the same command line as the `tracker` console script.

It must hold nothing but the call to `main`.
"""

from tracker.cli import main

main()
