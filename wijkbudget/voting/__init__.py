"""Voting: the set-up of a round's vote, stemcodes and letters, the ballot, turnout.

The ballot is secret even to whoever reads the database: see ``casting.cast`` and README.
"""
