"""Renderings of an assessment: terminal text, the HTML plan, the batch index.

Renderers take an :class:`~regain.engine.assessment.Assessment` (and the
knowledge base, for names and body-map coordinates) and only show what it
says; no clinical logic lives here.
"""
