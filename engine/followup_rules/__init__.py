"""The follow-up rules of the treatment journal, one module per idea.

* :mod:`.safety` — a new warning sign stops the plan or holds it for a doctor;
  a stopped plan stays stopped until a doctor clears it; pain clearly worse
  than at the start at check-ins in a row stops it;
* :mod:`.flare` — stretching or strengthening that raised the pain to the
  next day while trigger points remain steps back to the self-massage;
* :mod:`.progress` — no meaningful change after weeks of regular work needs a
  professional look;
* :mod:`.advance` — a phase whose every step meets its ``advance_when`` moves
  on (or finishes the plan, or waits for an examination);
* :mod:`.staying` — too few sessions, or simply not yet: carry on.

Each rule is a method whose name is its id; its decision, sentence and
source are in ``followup.yaml`` (``rules``). Priority is salience: the first
rule to fire declares :class:`~regain.engine.followup_facts.Decided`, and
every rule waits for its absence, so one decision is taken per check-in.
"""
