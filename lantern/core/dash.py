"""The domestic abuse, stalking and harassment (DASH) risk checklist.

Twenty-four yes / no / not known questions, asked of the victim, scored by the
number of "yes" answers. The national threshold for a referral to a
multi-agency risk assessment conference (MARAC) is 14 or more "yes" answers,
or professional judgement. Below that, councils band the score locally; the
default here calls 10 to 13 "medium" and anything less "standard". The
questions are summarised in our own words; the checklist itself is the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

QUESTIONS: tuple[str, ...] = (
    "Has the current incident resulted in injury?",
    "Is the victim very frightened?",
    "What is the victim afraid of: further injury, violence or being killed?",
    "Does the victim feel isolated from family or friends?",
    "Is the victim feeling depressed or having suicidal thoughts?",
    "Has the victim separated, or tried to separate, from the abuser in the past year?",
    "Is there conflict over child contact?",
    "Does the abuser constantly text, call, contact, follow, stalk or harass the victim?",
    "Is the victim pregnant or recently had a baby (within 18 months)?",
    "Is the abuse happening more often?",
    "Is the abuse getting worse?",
    "Does the abuser try to control everything the victim does, or are they excessively jealous?",
    "Has the abuser ever used weapons or objects to hurt the victim?",
    "Has the abuser ever threatened to kill the victim or someone else, and did the victim believe it?",
    "Has the abuser ever attempted to strangle, choke, suffocate or drown the victim?",
    "Does the abuser do or say sexual things that make the victim feel bad or that physically hurt?",
    "Is there any other person who has threatened the victim or whom the victim fears?",
    "Does the victim know if the abuser has hurt anyone else (children, siblings, older relatives, a previous partner, strangers)?",
    "Has the abuser ever mistreated an animal or the family pet?",
    "Are there any financial issues, or is the victim dependent on the abuser for money?",
    "Has the abuser had problems in the past year with drugs, alcohol or mental health?",
    "Has the abuser ever threatened or attempted suicide?",
    "Has the abuser ever breached bail, an injunction or any formal agreement about contact?",
    "Is the victim aware that the abuser has a criminal history?",
)

HIGH_THRESHOLD = 14
MEDIUM_THRESHOLD = 10


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"


class Risk(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class DashResult:
    yes_count: int
    risk: Risk
    marac: bool  # a MARAC referral is expected


def score(answers: Mapping[int, Answer | str], *, professional_judgement: bool = False,
          medium_threshold: int = MEDIUM_THRESHOLD) -> DashResult:
    """Score a completed checklist. Every question must be answered (yes, no or not known)."""
    missing = [n for n in range(1, len(QUESTIONS) + 1) if n not in answers]
    if missing:
        raise ValueError(f"answer every question: {', '.join(map(str, missing))} not answered")
    unknown = [n for n in answers if not 1 <= n <= len(QUESTIONS)]
    if unknown:
        raise ValueError(f"no question {unknown[0]} in the checklist")
    yes = sum(1 for value in answers.values() if Answer(value) is Answer.YES)
    if yes >= HIGH_THRESHOLD or professional_judgement:
        risk = Risk.HIGH
    elif yes >= medium_threshold:
        risk = Risk.MEDIUM
    else:
        risk = Risk.STANDARD
    return DashResult(yes, risk, risk is Risk.HIGH)
