import pytest

from lantern.core.dash import QUESTIONS, Risk, score


def _answers(yes: int):
    return {n: ("yes" if n <= yes else "no") for n in range(1, 25)}


def test_the_checklist_has_the_24_standard_questions():
    assert len(QUESTIONS) == 24


@pytest.mark.parametrize("yes, risk", [(0, Risk.STANDARD), (9, Risk.STANDARD), (10, Risk.MEDIUM),
                                       (13, Risk.MEDIUM), (14, Risk.HIGH), (24, Risk.HIGH)])
def test_fourteen_yes_answers_is_high_risk_and_a_marac_referral(yes, risk):
    result = score(_answers(yes))
    assert (result.yes_count, result.risk, result.marac) == (yes, risk, risk is Risk.HIGH)


def test_professional_judgement_makes_any_score_high():
    assert score(_answers(3), professional_judgement=True).risk is Risk.HIGH


def test_not_known_is_not_yes_and_every_question_must_be_answered():
    answers = {n: "not_known" for n in range(1, 25)}
    assert score(answers).yes_count == 0
    del answers[7]
    with pytest.raises(ValueError, match="7 not answered"):
        score(answers)
