"""Words for synthetic front-door records: referrers' roles and agencies, concerns,
rationales and agency answers. All invented; nothing here describes a real person.

Agency names are built from the invented street words in ``names`` ("Kestrel
Primary School"), so they read like local organisations without naming real ones.
"""

from __future__ import annotations

# --- Referrers by CIN referral source code --------------------------------------------

SCHOOL_KINDS = ("Primary School", "Academy", "Junior School", "Infant School", "High School",
                "Community College", "Primary Academy", "C of E Primary School", "Nursery School")
SCHOOL_ROLES = (("Designated safeguarding lead", 6), ("Deputy designated safeguarding lead", 3),
                ("Headteacher", 1), ("Pastoral lead", 2), ("Attendance officer", 1))
GP_KINDS = ("Medical Practice", "Surgery", "Health Centre", "Family Practice")
HOSPITAL_KINDS = ("General Hospital", "Community Hospital")
AREAS = ("North", "East", "West", "Central", "South")

# source -> (weight in the national mix)
SOURCE_MIX = {
    "6": 28,
    "2A": 19, "2B": 2,
    "3A": 2.5, "3B": 3, "3C": 1.5, "3D": 2.5, "3E": 3.5, "3F": 2,
    "4": 2,
    "5A": 3, "5B": 3, "5C": 2, "5D": 3.5,
    "1A": 5, "1B": 2, "1C": 1, "1D": 2,
    "7": 4, "8": 3, "9": 3, "10": 0.5,
}
PROFESSIONAL = frozenset(SOURCE_MIX) - {"1A", "1B", "1C", "1D", "9", "10"}
INDIVIDUAL = frozenset({"1A", "1B", "1C", "1D"})

# source -> ((method, weight), ...)
METHODS = {
    "6": (("police_notification", 92), ("phone", 6), ("email", 2)),
    "school": (("online_form", 55), ("phone", 30), ("email", 15)),
    "health": (("online_form", 40), ("phone", 40), ("email", 20)),
    "la": (("email", 40), ("online_form", 40), ("phone", 20)),
    "individual": (("phone", 72), ("online_form", 18), ("in_person", 5), ("email", 5)),
    "9": (("phone", 88), ("online_form", 10), ("letter", 2)),
    "other": (("email", 45), ("phone", 30), ("online_form", 20), ("letter", 5)),
}


def method_group(source: str) -> str:
    if source == "6" or source == "9":
        return source
    if source in ("2A", "2B"):
        return "school"
    if source.startswith("3"):
        return "health"
    if source.startswith("5") or source == "4":
        return "la"
    if source in INDIVIDUAL:
        return "individual"
    return "other"


# --- Concern categories by source -------------------------------------------------------

CATEGORY_MIX = {
    "6": {"domestic_abuse": 29, "missing": 13, "exploitation": 9, "physical": 9, "neglect": 10,
          "substance_misuse": 8, "sexual": 3, "emotional": 3, "mental_health": 4, "other": 6},
    "school": {"neglect": 24, "emotional": 14, "physical": 15, "mental_health": 15, "sexual": 5,
               "domestic_abuse": 9, "exploitation": 5, "other": 13},
    "health": {"neglect": 22, "mental_health": 22, "physical": 14, "substance_misuse": 12,
               "domestic_abuse": 14, "sexual": 4, "emotional": 5, "other": 7},
    "la": {"neglect": 22, "domestic_abuse": 16, "substance_misuse": 12, "mental_health": 14,
           "exploitation": 8, "emotional": 8, "missing": 5, "other": 15},
    "individual": {"neglect": 32, "domestic_abuse": 18, "emotional": 14, "substance_misuse": 12,
                   "physical": 10, "mental_health": 6, "other": 8},
    "9": {"neglect": 40, "domestic_abuse": 15, "substance_misuse": 15, "physical": 10,
          "emotional": 10, "other": 10},
    "other": {"domestic_abuse": 20, "neglect": 18, "emotional": 14, "exploitation": 10,
              "mental_health": 10, "physical": 8, "sexual": 5, "other": 15},
}

CONCERNS = {
    "domestic_abuse": (
        "Police attended the family home after a neighbour reported shouting and banging. "
        "{adult} had a visible injury and said her partner had pushed her. {children} {was} in the house.",
        "{adult} disclosed that her partner controls the money and checks her phone, and that "
        "arguments have become physical in the last month. {children} {has} seen the arguments.",
        "A domestic incident was reported overnight: the couple were arguing and a window was "
        "broken. {children} {was} upstairs at the time.",
        "{child} told staff that 'mum and her boyfriend were fighting again' and that they "
        "hid in their bedroom.",
    ),
    "neglect": (
        "{child} often arrives hungry and in the same clothes for several days. Attendance has "
        "dropped to {pct}% this term.",
        "Home conditions are poor: little food in the house, no working heating, and the "
        "children's sleeping arrangements are unclear.",
        "{child} has missed several health appointments, including immunisations, and "
        "the family has not responded to follow-up letters.",
        "{child} has untreated dental decay and head lice that keep coming back; "
        "the parent says they cannot cope.",
    ),
    "physical": (
        "{child} came in with a bruise on the cheek and gave differing accounts of how it happened.",
        "{child} said their dad 'hit them with a slipper' when they were naughty.",
        "A bruise was seen on {child}'s upper arm during PE; {child} seemed reluctant to talk about it.",
    ),
    "sexual": (
        "{child} has made a comment to staff suggesting an adult has touched them "
        "inappropriately. No further detail was sought.",
        "Concerns about {child}'s online contact with an older unknown adult who has asked "
        "for images.",
    ),
    "emotional": (
        "{child} appears withdrawn and anxious, and says they are shouted at and called names at home.",
        "Staff have heard the parent speak to {child} in a belittling and frightening way at "
        "collection time on several occasions.",
    ),
    "exploitation": (
        "{child} has been seen with older young people not known to the family, has new "
        "clothes and a second phone, and has been found out of the area.",
        "{child} was stopped by police in another town carrying cash and cannot explain why "
        "they were there.",
    ),
    "missing": (
        "{child} was reported missing overnight and returned the next morning; "
        "they would not say where they had been.",
        "This is the third missing episode for {child} this month; each time they return "
        "late at night.",
    ),
    "mental_health": (
        "{adult} has told the health visitor she is struggling with low mood and has stopped "
        "taking her medication.",
        "{child} has disclosed thoughts of self-harm and marks were seen on their forearm.",
        "The parent's mental health has deteriorated and they have been admitted to hospital; "
        "arrangements for the children are unclear.",
    ),
    "substance_misuse": (
        "{adult} was seen under the influence of alcohol when collecting {child} from school.",
        "Police found cannabis and drug paraphernalia within reach of the children "
        "during a search of the address.",
        "Concerns that {adult} is using drugs again; the home is chaotic and visitors come "
        "and go at night.",
    ),
    "other": (
        "The family has been evicted and is staying with friends; the referrer is worried about "
        "{child}'s stability and schooling.",
        "{child}'s behaviour has changed sharply and the referrer is worried but cannot say why.",
        "The family has asked for help with {child}'s behaviour at home, which they cannot manage.",
    ),
}

# Category -> primary need codes (weights) for a referral.
PRIMARY_NEED = {
    "domestic_abuse": (("N1", 75), ("N5", 20), ("N4", 5)),
    "neglect": (("N1", 90), ("N4", 6), ("N8", 4)),
    "physical": (("N1", 100),),
    "sexual": (("N1", 100),),
    "emotional": (("N1", 80), ("N5", 20)),
    "exploitation": (("N1", 55), ("N6", 45)),
    "missing": (("N6", 45), ("N1", 40), ("N5", 15)),
    "mental_health": (("N3", 45), ("N5", 30), ("N1", 15), ("N2", 10)),
    "substance_misuse": (("N5", 45), ("N1", 40), ("N3", 15)),
    "other": (("N4", 30), ("N0", 25), ("N2", 15), ("N7", 8), ("N9", 12), ("N8", 10)),
}

NO_CONSENT_REASONS = {
    "aware_no_consent": (
        "Parents were told and did not agree; the concerns meet the threshold for sharing "
        "without consent to protect the child.",
        "Parent declined consent; the referrer judged the child may be at risk of significant harm.",
    ),
    "not_informed": (
        "Telling the parents first could place the child at greater risk of harm.",
        "Police share information under their safeguarding duty; the parents have not been told.",
        "The referrer was unable to reach the parents and the concern could not wait.",
    ),
    "anonymous": ("Anonymous referrer: the parents have not been told by the referrer.",),
}

# --- Decisions --------------------------------------------------------------------------

RATIONALE = {
    "nfa": (
        "Checks show no current concerns and the family is already supported by universal "
        "services. No further action; referrer advised to contact us again if worries continue.",
        "The incident was isolated, the parent acted protectively and there are no previous "
        "concerns. No further action.",
        "Information recorded. Threshold for children's social care is not met and the family "
        "has declined an early help offer.",
    ),
    "advice": (
        "Advice given to the referrer about support through the school and health services; "
        "no role for children's social care at this point.",
        "Signposted the family to the local family hub and parenting support. Advice given.",
        "Information and advice given to the parent about local support services.",
    ),
    "advice_open": (
        "The child is open to children's social care: information passed to the allocated "
        "social worker to consider within the current plan.",
    ),
    "early_help": (
        "Needs are below the threshold for social care but would benefit from coordinated "
        "support. Family agree to an early help assessment.",
        "Early help offered: the family want help with routines, school attendance and "
        "the children's behaviour.",
    ),
    "referral": (
        "Concerns meet the threshold for a child and family assessment: cumulative "
        "concerns about the care the children receive.",
        "Referral to the assessment team: the information suggests the child may be in need "
        "and the family's own support has not been enough.",
        "Threshold met for assessment under section 17. Parents aware and agree.",
    ),
    "strategy": (
        "Reasonable cause to suspect the child is suffering, or likely to suffer, significant "
        "harm. Strategy discussion with police and health convened today.",
        "Immediate safeguarding concerns: strategy discussion held and a section 47 enquiry agreed.",
    ),
    "transfer": (
        "The family has moved and now lives in another council's area: contact transferred "
        "to that council's front door by phone and secure email.",
    ),
}
RISK_ANALYSIS = (
    "Pattern of escalating incidents; the children are present and at risk of physical and "
    "emotional harm.",
    "Single reported incident; the perpetrator has left the address. Risk currently assessed "
    "as lower, but previous concerns are noted.",
    "Coercive control described over a long period; the victim is isolated from family.",
)
PROTECTIVE_FACTORS = (
    "Mother has acted to protect the children and is engaging with the domestic abuse service.",
    "Maternal grandmother lives nearby and offers daily support; the children attend school "
    "regularly.",
    "The perpetrator has moved out and there is a non-molestation order in place.",
)
LIVED_EXPERIENCE = (
    "The children hear frequent arguments and are often kept awake; they are anxious and "
    "watchful at home.",
    "The youngest child's routines are disrupted and they have been late to school after "
    "incidents.",
    "The older child tries to protect the younger ones and has told school they worry about mum.",
)
AUTHORISATION_NOTES = (
    "Agreed.", "Agreed: rationale is clear.", "Authorised after discussion with the screener.",
    "",
)
FEEDBACK_NOTES = (
    "Outcome shared with the referrer by phone.",
    "Email sent to the referrer confirming the outcome and next steps.",
    "Referrer told the outcome through the secure portal.",
)
TRANSFER_TO = ("East Riding of Yorkshire Council", "North Lincolnshire Council",
               "North East Lincolnshire Council", "City of York Council",
               "Doncaster Council", "Leeds City Council")

# --- Checks -------------------------------------------------------------------------------

AGENCY_MIX = (("police", 30), ("health", 28), ("education", 22), ("probation", 5),
              ("housing", 6), ("adult_services", 5), ("other", 4))
ASKED = {
    "police": ("Police: public protection unit", "Police: domestic abuse unit"),
    "health": ("Health visiting team", "GP practice", "School nursing service",
               "Midwifery safeguarding team"),
    "education": ("School designated safeguarding lead", "Education welfare service"),
    "probation": ("Probation: duty officer",),
    "housing": ("Housing: tenancy team", "Housing association officer"),
    "adult_services": ("Adult social care: duty team", "Adult mental health team"),
    "other": ("Youth justice service", "Drug and alcohol service"),
}
RESPONSES = {
    "police": ("Two domestic incidents recorded at the address in the last 12 months, "
               "no arrests.", "No police information held on the household.",
               "Mother's partner has a conviction for assault (2019).",
               "One missing episode recorded for the young person last year."),
    "health": ("Immunisations up to date; no concerns raised by the health visitor.",
               "Two missed appointments this year; follow-up letter sent.",
               "Known to the perinatal mental health team.",
               "No concerns; the child is seen regularly."),
    "education": ("Attendance 94%; presents well, no concerns.",
                  "Attendance 82%; often late and tired. School has worries about hygiene.",
                  "Child is on the school's pastoral list; parents engage well.",
                  "Not known to the school: the child moved here recently."),
    "probation": ("Father is subject to a community order; engaging with supervision.",
                  "Not known to probation."),
    "housing": ("Rent arrears; notice of seeking possession served.",
                "Tenancy in good order; no complaints recorded."),
    "adult_services": ("Mother is known to the community mental health team and is engaging.",
                       "Not known to adult services."),
    "other": ("Young person was known to the youth justice service in 2023; case closed.",
              "Parent is engaging with the drug and alcohol service."),
}
