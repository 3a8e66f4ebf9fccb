"""Results: the count of a closed round, its explanation, publication and the results pack."""
