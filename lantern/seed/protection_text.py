"""Words for the synthetic council's child protection and child in need records: strategy
discussions, enquiry findings, conference decisions, core groups, reviews, plan actions,
visits and step changes. All invented; nothing here describes a real person.
"""

from __future__ import annotations

# --- Strategy discussions and section 47 enquiries ------------------------------------

STRATEGY_SUMMARIES = {
    "NEG": (
        "School and health visitor describe a child often hungry and unkempt; the home was "
        "found without food or heating at a police welfare check. Agencies agree the threshold "
        "for a section 47 enquiry is met.",
        "Repeated missed health appointments, poor school attendance and home conditions that "
        "have not improved with support. Police hold two recent welfare-check logs.",
    ),
    "EMO": (
        "Police attended three domestic incidents at the address in two months; the child was "
        "present at each. The child told school staff they are scared when dad shouts.",
        "School report the child is withdrawn and anxious; mother's partner is known to police for "
        "controlling behaviour. Health share mother's disclosure to the midwife.",
    ),
    "PHY": (
        "Bruising to the upper arm seen by the school; the child's account of how it happened "
        "changed. Police and the paediatrician agree a joint enquiry and a child protection medical.",
        "Injury to the face seen at nursery, with no explanation from the parents. Police hold a "
        "previous caution for assault against the father.",
    ),
    "SAB": (
        "The child made a disclosure to a teacher about an adult in the household. Police to lead "
        "the joint enquiry; an achieving best evidence interview is being arranged.",
        "Concerns about online contact with an unknown adult and sexualised behaviour at school. "
        "Police cyber team to examine the devices.",
    ),
    "MUL": (
        "Neglect of the home and the children, with domestic abuse between the parents and a "
        "recent unexplained injury. All agencies agree a joint enquiry.",
    ),
}
SINGLE_AGENCY_RATIONALES = (
    "Police agreed a single-agency enquiry: no crime is alleged and the concerns are about "
    "parenting capacity.",
    "Neglect concerns with no criminal element: children's social care to lead, police to be "
    "updated at the conference.",
    "Police hold no information and no offence is disclosed; the enquiry is led by children's "
    "social care with health.",
    "Police could not attend within the timescale and agreed that children's social care should "
    "proceed alone, sharing findings afterwards.",
)
SCHOOL_NOT_INVITED = (
    "Half term: the designated safeguarding lead could not be reached and no deputy was on site.",
    "Discussion convened out of hours after a police call-out; the school to be updated the next "
    "morning.",
    "The child is between schools after a managed move and the new school is not yet confirmed.",
    "School holidays: the school was closed; the education safeguarding officer was told instead.",
    "The child is electively home educated; the education welfare service was told.",
)
POLICE_NAMES = ("Detective constable, child protection unit", "Detective sergeant, safeguarding hub",
                "Police constable, public protection unit")
HEALTH_NAMES_YOUNG = ("Health visitor", "Named nurse for safeguarding", "Midwife")
HEALTH_NAMES_OLDER = ("School nurse", "Named nurse for safeguarding", "GP")
SCHOOL_NAMES_YOUNG = ("Nursery manager", "Designated safeguarding lead (nursery)")
SCHOOL_NAMES_OLDER = ("Designated safeguarding lead", "Deputy designated safeguarding lead",
                      "Pastoral lead")
SOCIAL_CARE_NAMES = ("Allocated social worker", "Social worker, safeguarding team")

FINDINGS = {
    "icpc": (
        "Concerns substantiated: the child is judged to be suffering, or likely to suffer, "
        "significant harm. An initial child protection conference is needed.",
        "The enquiry found a pattern of harm that support so far has not changed; the parents "
        "accept some of the concerns. Initial conference to be convened.",
    ),
    "substantiated": (
        "Concerns substantiated, but the parents have acted to protect and the child is not judged "
        "to be at continuing risk: support through a child in need plan.",
        "The incident happened as reported; the perpetrator has left the household and bail "
        "conditions prevent contact. No conference needed.",
    ),
    "not_substantiated": (
        "The child's account and the medical findings are consistent with an accidental injury. "
        "Concerns not substantiated.",
        "Home conditions were found to be adequate at two unannounced visits and school report no "
        "worries. Concerns not substantiated.",
        "The allegation was withdrawn and the child said they felt safe at home. Concerns not "
        "substantiated; advice given to the family.",
    ),
}

# --- Conferences -----------------------------------------------------------------------

ICPC_DECISIONS = (
    "The conference agreed the child is at risk of significant harm: a child protection plan "
    "under {category}. Core group to meet within ten working days; visits every {visits}.",
    "Child protection plan under {category}. The parents agreed to work with the plan; the core "
    "group will set out the detailed actions. Visits every {visits}.",
)
ICPC_NO_PLAN = (
    "The conference agreed the threshold for a child protection plan is not met: support to "
    "continue through a child in need plan.",
    "No child protection plan: the risks are being managed by the family with agency support. "
    "Child in need plan to continue.",
)
REVIEW_CONTINUE = (
    "Progress is partial: the plan continues under {category}. Actions refreshed with the core "
    "group.",
    "Some actions completed, but the risks remain: the plan continues under {category}.",
    "The family has engaged well in parts; the conference agreed the plan needs more time under "
    "{category}.",
)
REVIEW_END = (
    "Risks have reduced and the changes have been sustained: the plan ends and a child in need "
    "plan follows.",
    "The core group agree the child is no longer at risk of significant harm; the plan ends.",
)
CORE_GROUP_NOTES = (
    "Progress reviewed action by action; the home was seen to be clean and stocked with food.",
    "School report better attendance; mother has started the parenting course. Next steps agreed.",
    "Father did not attend; the group agreed a letter setting out what is expected of him.",
    "Health visitor has seen the baby weekly; weight back on the centile. Actions updated.",
    "The child's views were shared from direct work: they want things to stay calmer at home.",
    "Drug and alcohol service report two negative tests; the safety plan was refreshed.",
)
CIN_REVIEWS = (
    "Plan reviewed with the family and the school: most actions on track; the child said home "
    "feels calmer. The plan continues.",
    "Mother has kept to the routines agreed; the child's attendance has improved. Actions "
    "refreshed for the next three months.",
    "Housing has offered a move; the family want support to settle. The plan continues with "
    "new actions for the move.",
    "The child's views were heard through the school mentor; they want more time with dad. "
    "Family time arrangements added to the plan.",
)

# --- Plan actions: (what, owner agency, owner name, weeks to due, measure) --------------

ACTIONS = (
    ("Mother to attend the domestic abuse recovery programme each week", "domestic_abuse",
     "Domestic abuse practitioner", 12,
     "Attends 10 of 12 sessions and can name the warning signs and her safety plan"),
    ("Health visitor to complete the developmental review and weigh the baby fortnightly",
     "health", "Health visitor", 6, "Review completed; weight back on the expected centile"),
    ("School to monitor attendance and report to the social worker weekly", "school",
     "Designated safeguarding lead", 8, "Attendance above 90% for the half term"),
    ("Parents to keep the home clean and safe, with a daily routine agreed with family support",
     "parent", "", 8, "Home conditions rated good at three unannounced visits"),
    ("Father to work with the drug and alcohol service and give monthly tests", "substance",
     "Recovery worker", 12, "Three consecutive negative tests"),
    ("Social worker to complete direct work with the child about feelings and staying safe",
     "social_care", "Allocated social worker", 6,
     "The child can name two trusted adults and knows the safety plan"),
    ("Housing to assess the family for a move away from the address", "housing",
     "Housing officer", 10, "Suitable tenancy offered and accepted"),
    ("Police to share every call-out to the address with the social worker the next day",
     "police", "Police safeguarding officer", 4, "Every call-out shared within one working day"),
    ("Family support worker to deliver the parenting programme at home", "early_help",
     "Family support worker", 10, "Parents complete the programme and use the bedtime routine"),
    ("GP to review mother's mental health and medication", "health", "GP", 4,
     "Mother attends her appointments and reports feeling better"),
    ("Mother to register the children with a dentist and take them to a check-up", "parent", "",
     6, "Both children registered and seen by the dentist"),
    ("The young person to meet the school mentor each week", "child", "", 8,
     "Attends the sessions and says school feels better"),
)

# --- Visits -----------------------------------------------------------------------------

SAID_YOUNG = (
    "Babbled and reached for mum; too young to say.",
    "Showed me a new toy and said 'mine'.",
    "Pointed at the pictures in a book and named the animals.",
    "Too young to talk with; observed playing happily on the floor.",
)
SAID_OLDER = (
    "Said home has been calmer and mum and dad are not shouting as much.",
    "Said they like their new bedroom and that there is food in the cupboards now.",
    "Talked about football at school and said their best friend is called Sam.",
    "Said they worry about mum when she is upset, but nan helps.",
    "Said they did not want to talk today; agreed to draw their three houses instead.",
    "Said dad has not been round since the last meeting and that they feel safe.",
)
SEEMED = (
    "Relaxed and chatty; clean and appropriately dressed.",
    "Quiet at first, then warmed up; looked well.",
    "Tired and a little withdrawn; school to keep an eye on them this week.",
    "Happy and playful; good interaction with mum.",
    "Anxious when dad was mentioned; otherwise settled.",
)
NOT_SEEN = (
    "No answer at the door; a card was left and the visit rebooked for this week.",
    "The child was staying at nan's; the parents gave the address and a visit was booked.",
    "The family cancelled on the day because of illness; rearranged within the week.",
    "Visit attempted after school; the child was at a club. Seen at school instead next week.",
)
OTHERS_PRESENT = ("Mother", "Mother and her partner", "Father", "Both parents", "Grandmother",
                  "Mother and younger siblings")

# --- Step changes -----------------------------------------------------------------------

CP_TO_CIN_REASONS = (
    "The safety plan has held for the last three months and the parents have completed the "
    "programmes asked of them.",
    "The risks have reduced: the alleged perpetrator has left the household and the child says "
    "home feels safe.",
)
CP_TO_CIN_EVIDENCE = (
    "No further incidents reported by police; school attendance above 95%; the home seen at "
    "four unannounced visits to be warm, clean and stocked.",
    "Three negative tests from the drug and alcohol service; the health visitor reports the baby "
    "thriving; the child's own words at the last two visits.",
)
CP_CLOSE_REASONS = (
    "The plan's outcomes are met and the family no longer needs a social worker.",
    "The risks have gone: the parents separated and mother has kept to every part of the plan.",
)
CIN_TO_EH_REASONS = (
    "The child in need plan's main risks are resolved; the family want continued support with "
    "routines and school attendance.",
    "Needs are now at early help level; the family agreed to a family support worker.",
)
CIN_CLOSE_REASONS = (
    "Outcomes met: the family manages well with universal services.",
    "The plan's actions are complete and the school will support the child day to day.",
)
RATIONALES = (
    "Agree: the evidence shows sustained change and the partners support the step down.",
    "Agreed after reading the last two reviews and the core group minutes; the plan is ready.",
    "Authorised: the checklist is complete and the child's views support it.",
)
