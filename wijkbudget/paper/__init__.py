"""Paper and buurthuis voting: numbered ballots, issuing against a stemcode, double entry,
reconciliation, and assisted online votes."""
