"""regain: a rule-based expert system that helps a person regain normal joint mobility.

regain asks about a restricted movement, weighs the evidence for a
pain-protective pattern (active trigger points) and for shortening/adhesion,
screens for red flags, finds candidate muscles from referral patterns and
renders an ordered self-help plan. It gives self-help information, never a
diagnosis.
"""

__version__ = "0.1.0"
