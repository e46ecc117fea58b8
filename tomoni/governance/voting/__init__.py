"""Voting in the governance context: the roll, motions, candidates, ballots and the count."""
