"""The knowledge base: regain's domain knowledge as validated, immutable data.

The facts live in YAML files under ``data/`` (movements, pain regions,
muscles and their referral patterns, red flags, questions, plan steps,
evidence weights) so that a physiotherapist can read and edit them without
reading Python. This package loads them once, validates them strictly and
checks that they are consistent. It imports nothing else of regain.
"""

from .loader import KnowledgeBase, KnowledgeError, load_knowledge, load_knowledge_from

__all__ = ["KnowledgeBase", "KnowledgeError", "load_knowledge", "load_knowledge_from"]
