"""The werkgroep's check: criteria per round, reviews per criterion, and the decision."""
