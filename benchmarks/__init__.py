"""Timing scripts behind `make bench`: figures are printed (medians), never asserted."""
