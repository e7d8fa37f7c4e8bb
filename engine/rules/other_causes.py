"""Evidence for possible other causes: the joint capsule, a bony block, a nerve root.

Not every restriction is muscular. A shoulder whose external rotation is the
most limited, then abduction, then internal rotation, with night pain and
often diabetes, fits a stiff capsule (think frozen shoulder); a hip whose
internal rotation and flexion are most limited, from 50 and with groin pain,
fits osteoarthritis; a hard stop is a bony block; pain below the elbow or
knee with numbness in a strip of skin is a nerve root. Each is weighed like
the two causes; at least possible, it needs a professional look.
"""

from __future__ import annotations

from ..experta_compat import MATCH, TEST, Rule
from ..facts import Answers, Flag, MeasuredRange, PainIn, Restricted, Thresholds
from .host import RuleHost

SHOULDER_ER = Restricted(movement="shoulder_external_rotation")
SHOULDER_ABD = Restricted(movement="shoulder_abduction")
HIP_IR = Restricted(movement="hip_internal_rotation")
HIP_FLEX = Restricted(movement="hip_flexion")


class OtherCauseRules:
    # -- a stiff shoulder capsule ----------------------------------------------------
    @Rule(SHOULDER_ER, SHOULDER_ABD)
    def shoulder_capsular_restriction(self: RuleHost) -> None:
        """External rotation and abduction restricted together: the capsular pattern's core."""
        self.support()

    @Rule(
        SHOULDER_ER,
        SHOULDER_ABD,
        MeasuredRange(movement="shoulder_external_rotation", ratio=MATCH.er, below_normal=True),
        MeasuredRange(movement="shoulder_abduction", ratio=MATCH.abd),
        TEST(lambda er, abd: er < abd),
    )
    def shoulder_external_rotation_most_limited(self: RuleHost) -> None:
        """Measured, external rotation is the most limited: the capsule's order, not a muscle's."""
        self.support()

    @Rule(SHOULDER_ER, SHOULDER_ABD, Restricted(movement="shoulder_internal_rotation"))
    def stiff_shoulder_turns_inwards_too(self: RuleHost) -> None:
        """Internal rotation restricted as well completes the capsular pattern."""
        self.support()

    @Rule(SHOULDER_ER, SHOULDER_ABD, Answers(restricted_without_pain=True))
    def stiff_shoulder_without_pain(self: RuleHost) -> None:
        """A capsule limits the range even when moving slowly without pain."""
        self.support()

    @Rule(SHOULDER_ER, SHOULDER_ABD, Answers(night_pain=True))
    def stiff_shoulder_night_pain(self: RuleHost) -> None:
        """Night pain is typical of the painful, freezing phase of a frozen shoulder."""
        self.support()

    @Rule(SHOULDER_ER, SHOULDER_ABD, Answers(diabetes=True))
    def stiff_shoulder_with_diabetes(self: RuleHost) -> None:
        """Diabetes makes a frozen shoulder several times more likely."""
        self.support()

    @Rule(
        SHOULDER_ER,
        SHOULDER_ABD,
        Thresholds(frozen_shoulder_age=MATCH.limit),
        Answers(age=MATCH.age),
        TEST(lambda age, limit: age >= limit),
    )
    def stiff_shoulder_age(self: RuleHost) -> None:
        """A frozen shoulder is commonest from middle age."""
        self.support()

    @Rule(SHOULDER_ER, SHOULDER_ABD, Answers(better_when_pain_relieved=True))
    def shoulder_range_returns_when_pain_eases(self: RuleHost) -> None:
        """A range that returns when the pain eases is held back by pain, not by the capsule."""
        self.support()

    # -- a stiff hip joint -----------------------------------------------------------
    @Rule(HIP_IR, HIP_FLEX)
    def hip_capsular_restriction(self: RuleHost) -> None:
        """Internal rotation and flexion restricted together: the hip's capsular pattern."""
        self.support()

    @Rule(
        HIP_IR,
        HIP_FLEX,
        MeasuredRange(movement="hip_internal_rotation", ratio=MATCH.ir, below_normal=True),
        MeasuredRange(movement="hip_flexion", ratio=MATCH.flex),
        TEST(lambda ir, flex: ir < flex),
    )
    def hip_internal_rotation_most_limited(self: RuleHost) -> None:
        """Measured, internal rotation is the most limited, as in hip osteoarthritis."""
        self.support()

    @Rule(
        HIP_IR,
        HIP_FLEX,
        Thresholds(hip_osteoarthritis_age=MATCH.limit),
        Answers(age=MATCH.age),
        TEST(lambda age, limit: age >= limit),
    )
    def stiff_hip_age(self: RuleHost) -> None:
        """From 50 a stiff hip with this pattern is often osteoarthritis."""
        self.support()

    @Rule(HIP_IR, HIP_FLEX, PainIn(region="groin"))
    def stiff_hip_groin_pain(self: RuleHost) -> None:
        """The hip joint hurts in the groin."""
        self.support()

    @Rule(HIP_IR, HIP_FLEX, Answers(better_when_pain_relieved=True))
    def hip_range_returns_when_pain_eases(self: RuleHost) -> None:
        """A range that returns when the pain eases is held back by pain, not by the joint."""
        self.support()

    # -- a block, a nerve root -----------------------------------------------------
    @Rule(Answers(limit_felt_as="block"))
    def hard_block_felt(self: RuleHost) -> None:
        """A hard end-feel is bone or joint, which no muscle work changes."""
        self.support()

    @Rule(Flag(id="nerve_root_signs"))
    def nerve_root_signs_reported(self: RuleHost) -> None:
        """Pain below the elbow or knee with numbness in a dermatome is radicular."""
        self.support()
