"""The rules of regain, one module per concept.

* :mod:`.red_flags` — warning signs, their combinations and the triage;
* :mod:`.pain_protective` — evidence for the pain-protective pattern;
* :mod:`.shortening` — evidence for shortening / adhesion;
* :mod:`.trigger_points` — evidence for active trigger points;
* :mod:`.other_causes` — evidence for possible other causes (a stiff joint
  capsule, a bony block, a nerve root);
* :mod:`.weighing` — combining the evidence into conclusions;
* :mod:`.plan_needs` — which plan steps the conclusions call for, including
  the vicious circle.

Each rule is a method whose name is its id; evidence rules take their
certainty factor, wording and source from ``inference.yaml`` (key
``evidence``), plan rules theirs from the same file (``plan_rules``), control
rules theirs from ``control_rules``. Each module holds a mixin class; the
engine (:mod:`regain.engine.inference`) inherits them all.
"""
