"""`make bench`: measured figures for the spec pipeline and the wrapper (see bench/run.py).

Nothing here is part of the shipped package or of `make test`. Every figure printed is measured
in the run that prints it; nothing is hard-coded but the targets.
"""
