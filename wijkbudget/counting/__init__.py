"""Vote counting for participatory budgeting: a pure library with no Flask or SQLAlchemy import.

Data (:mod:`.election`, :mod:`.pabulib`) is kept apart from the rules (:mod:`.rules`), as in
pabutools; every rule returns a result with a step-by-step trace.
"""

# Stored with every outcome, so a recount can name the engine that made it. Raise it whenever a
# rule could count the same ballots differently.
__version__ = "1.0.0"
