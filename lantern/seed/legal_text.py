"""Words for the synthetic council's legal work (invented names, practice phrases)."""

from lantern.legal.models import HearingKind, PermanenceKind

ADVISERS = (
    "Priya Chandran, Solicitor (Legal Services)", "Mark Ellison, Senior Solicitor",
    "Joanne Whitfield, Solicitor (Childcare Team)", "Hassan Rahman, Solicitor",
    "Claire Duffield, Principal Solicitor", "Owen Marsden, Solicitor (Childcare Team)",
    "Rachel Tindall, Senior Solicitor", "Adeel Qureshi, Solicitor",
)
ASSESSORS = ("Independent social worker (Riverside ISW Partnership)",
             "Dr A. Hollings, consultant clinical psychologist", "Family Assessment Service",
             "Toxicology laboratory (hair strand testing)", "Dr S. Okafor, consultant psychiatrist",
             "Parenting assessment team")
KINSHIP = ("Kinship assessment team", "Fostering team (connected persons)",
           "Independent social worker (kinship)")
EXTRA_CONNECTED = (("Maternal grandmother", 24), ("Maternal grandparents", 14),
                   ("Paternal grandmother", 14), ("Paternal grandparents", 8),
                   ("Maternal aunt", 14), ("Paternal aunt", 8), ("Family friend", 8),
                   ("Maternal uncle", 5), ("Adult sister", 5))
FIRST_NAMES = ("Susan", "Karen", "Julie", "Tracey", "Michelle", "Lisa", "Joanne", "Denise",
               "Sharon", "Janet", "Paul", "David", "Steven", "Gary", "Keith", "Brian", "Alan",
               "Carol", "Pauline", "Maureen")
SURNAMES = ("Atkinson", "Bell", "Booth", "Dawson", "Ellis", "Fletcher", "Hudson", "Kelly",
            "Marshall", "Pearson", "Stephenson", "Walker", "Ward", "Wilkinson", "Wright")
ACTIONS = (
    "Send the letter before proceedings and invite the parents to the meeting",
    "Refer to the family group conference service",
    "Request viability assessments of the family members put forward",
    "Commission a parenting assessment",
    "Update the chronology and the genogram",
    "Complete the social work evidence template",
    "Request the police disclosure and health records",
    "Agree the parents' drug and alcohol testing",
)
NO_ACTION_RATIONALE = (
    "Concerns are being managed under the child protection plan; the parents are engaging "
    "with the plan and the threshold for proceedings is not met.",
    "Progress since the last conference: school attendance has improved and the home "
    "conditions are adequate. Continue the child protection plan.",
)
FURTHER_RATIONALE = (
    "More information is needed before the threshold can be judged: a parenting assessment "
    "and the health visitor's view will come back to the next legal gateway meeting.",
    "The risk from the mother's partner is not yet clear; the police disclosure is awaited.",
)
PP_RATIONALE = (
    "Significant harm from chronic neglect despite a child protection plan of over six "
    "months; the parents need a clear message of what must change.",
    "Repeated domestic abuse incidents with the children present; the mother has not kept to "
    "the safety plan. Pre-proceedings to set out the changes needed.",
    "Parental drug use is affecting the care of the children; the plan has not brought "
    "sustained change.",
)
ISSUE_RATIONALE = (
    "The threshold is met and the children cannot safely remain at home while assessments "
    "continue; apply for interim care orders.",
    "Pre-proceedings have not brought the changes needed within the children's timescales; "
    "issue care proceedings.",
)
EMERGENCY_RATIONALE = (
    "Immediate risk of significant harm following the incident reported by the police; "
    "apply to the court today.",
)
STEP_DOWN_RATIONALE = (
    "The parents engaged with the pre-proceedings plan: the parenting assessment is positive "
    "and the drug tests are clear. Step down to the child protection plan.",
    "Sustained change over the pre-proceedings period; the family will continue with support "
    "under a child in need plan.",
    "The children are living with their grandmother under a family arrangement supported by "
    "the family group conference plan.",
)
FGC_PLANS = ("The family's plan: grandparents to share care at weekends and attend "
             "appointments with the mother.",
             "The family agreed a safety plan and a rota of support from the maternal aunt.")
FGC_DECLINED = ("The parents declined a family group conference.",
                "The family did not want a conference: they said they would sort it between them.")
FINDINGS = ("Some capacity to change, within limits; support needed with routines and "
            "supervision.", "Not able to meet the children's needs within their timescales.",
            "Hair strand test positive for cocaine over the last three months.",
            "Cognitive functioning in the low average range; information to be given in "
            "short written summaries.")
VIABILITY_POSITIVE = ("Positive: committed to the children, suitable home; proceed to a full "
                      "connected persons assessment.",)
VIABILITY_NEGATIVE = ("Negative: previous involvement with children's services and an "
                      "unsuitable home.", "Negative: health and capacity to care for the "
                      "children long-term.")
EXTENSION_REASONS = ("Expert assessment of the mother delayed; the final hearing relisted.",
                     "A connected person's assessment is still being completed.",
                     "The court could not list the final hearing within the timetable.")
HEARING_OUTCOMES = {
    "first": "Interim care orders made; directions for assessments.",
    "epo": "Emergency protection order made.",
    HearingKind.CASE_MANAGEMENT: "Directions given; timetable for the child set.",
    HearingKind.FURTHER_CASE_MANAGEMENT: "Further directions: expert report and viability "
                                         "assessments.",
    HearingKind.ISSUES_RESOLUTION: "Issues narrowed; final hearing confirmed.",
    HearingKind.FINAL: "Final orders made.",
}
PERMANENCE_NOTES = {
    PermanenceKind.ADOPTION: "Adoption: the agency decision maker's decision is sought.",
    PermanenceKind.FAMILY_FRIENDS: "To live with family under a special guardianship order.",
    PermanenceKind.LONG_TERM_FOSTERING: "To remain with the current carers until 18.",
    PermanenceKind.RETURN_HOME: "Return to the parents' care with support.",
    PermanenceKind.RESIDENTIAL: "Stay in the children's home; review the plan at 16.",
    PermanenceKind.INDEPENDENCE: "Supported accommodation and the pathway plan.",
}
