"""Vote counting for participatory budgeting: a pure library with no Flask or SQLAlchemy import.

Data (:mod:`.election`, :mod:`.pabulib`) is kept apart from the rules (:mod:`.rules`), as in
pabutools; every rule returns a result with a step-by-step trace.
"""
