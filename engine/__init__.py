"""The engine: from a case file to an explained, ordered assessment.

Reads and validates cases (:mod:`.case_reader`, :mod:`.case_validation`),
runs the experta rules (:mod:`.inference`, :mod:`.rules`), combines
certainty (:mod:`.certainty`), ranks muscles on the knowledge graph
(:mod:`.muscles`), orders the plan on the plan DAG (:mod:`.plan`) and returns
an :class:`~.assessment.Assessment`. It never imports ``reports`` or the CLI.
"""
