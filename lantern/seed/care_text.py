"""Words for the synthetic council's children in care: carers and providers, visits,
reviews, health, education, disputes and family time. All invented; nothing here
describes a real person or a real provider.
"""

from __future__ import annotations

CARER_FIRST = (
    "Susan", "Karen", "Julie", "Tracey", "Michelle", "Lisa", "Joanne", "Amanda", "Claire",
    "Helen", "Sarah", "Nicola", "Dawn", "Angela", "Donna", "Emma", "Gemma", "Paula", "Wendy",
    "Mark", "Paul", "David", "Steven", "Andrew", "Ian", "Gary", "Darren", "Neil", "Craig",
    "Richard", "Lee", "Martin",
)
CARER_SURNAMES = (
    "Atkinson", "Bell", "Booth", "Brown", "Clarke", "Cooper", "Dawson", "Dixon", "Ellis",
    "Fletcher", "Foster", "Gibson", "Green", "Hall", "Harrison", "Holmes", "Hudson", "Jackson",
    "Johnson", "Kelly", "Lambert", "Marshall", "Mason", "Moore", "Parker", "Pearson", "Richardson",
    "Robinson", "Shaw", "Simpson", "Smith", "Stephenson", "Taylor", "Thompson", "Walker", "Ward",
    "Watson", "Wilkinson", "Wilson", "Wood", "Wright", "Young",
)
AGENCIES = ("Riverside Foster Care", "Three Ridings Fostering", "Northern Lights Fostering",
            "Humber Family Placements", "Wolds Fostering Partnership")
VOLUNTARY_AGENCIES = ("Harbour Family Fostering (charity)", "Beacon Fostering Trust")
HOME_PROVIDERS = ("Haven Care Ltd", "Pathways Residential Ltd", "Keel Childcare Ltd",
                  "Cedar Lodge Care Ltd")
COUNCIL_HOMES = "the council's own home"
SUPPORTED_PROVIDERS = ("Step Ahead Housing", "Foyer Trust", "Next Steps Supported Living")
ADOPTION_AGENCIES = ("Regional adoption agency", "Coastline Adoption (voluntary agency)")
CONNECTED_WHO = ("Maternal grandmother", "Maternal grandparents", "Paternal grandmother",
                 "Paternal grandparents", "Maternal aunt", "Paternal aunt", "Adult sister",
                 "Family friend", "Uncle and aunt", "Former neighbour (family friend)")
PARENTS_WHO = ("Mother", "Mother", "Father", "Mother and her partner")

NOT_SEEN = (
    "Young person was out with friends when the visit was arranged; carer had reminded them.",
    "Child was unwell in bed; the worker spoke with the carer and booked a visit for next week.",
    "No answer at the placement; the visit is rebooked with the carer.",
    "Young person refused to come down to see the worker; spoke briefly through the door.",
)
NOT_ALONE_YOUNG = (
    "Too young to be seen alone; seen with the carer, playing in the lounge.",
    "Baby seen with the foster carer; observed feeding and handling.",
)
NOT_ALONE_OLDER = (
    "Child asked for the carer to stay for the visit.",
    "Seen with a sibling who is placed with them; the child did not want to be seen alone.",
    "The visit was at a family time session; seen with the contact supervisor present.",
)
SAID_YOUNG = (
    "Showed the worker their bedroom and toys; babbled happily and went to the carer for comfort.",
    "Smiled and reached for the carer; settled routine reported by the carer.",
)
SAID_OLDER = (
    "Likes living here and gets on with the carers' dog; wants more time with their brother.",
    "Said school is okay but misses mum; asked when the next family time is.",
    "Wants to stay here and not move again; enjoys football club on Saturdays.",
    "Finds the house rules hard but says staff are kind; wants a later curfew.",
    "Worried about what will happen at court; the worker explained the plan in plain words.",
    "Wants to learn to cook and manage money before moving on; likes college.",
)
PERMANENCE = {
    "home": "Reunification with parents",
    "adoption": "Adoption",
    "sgo": "Special guardianship with family",
    "long_term": "Long-term fostering",
    "independence": "Supported move to independence",
    "cao": "Child arrangements order with family",
}
REVIEW_DECISIONS = (
    "Care plan endorsed. Family time to continue as arranged. Health and education needs met; "
    "PEP targets reviewed.",
    "Placement is meeting the child's needs; the IRO asked for the life story work to start "
    "before the next review.",
    "Care plan endorsed with actions: CAMHS referral to be followed up; school transport agreed.",
    "The child's wishes were heard; family time to increase to fortnightly if sessions go well.",
    "The IRO raised drift in the permanence plan; the social worker to present to the "
    "permanence panel within six weeks.",
)
HEALTH_BY = ("Dr Khan, looked-after children's health team", "Dr Patel, community paediatrician",
             "Looked-after children's specialist nurse", "GP practice")
DENTAL_BY = ("Community dental service", "Family dental practice")
HEALTH_NOTES = {
    "initial": "Health needs identified and shared with the carer; follow-ups booked.",
    "review": "Growth and development on track; immunisations checked.",
    "dental": "Check-up done; no treatment needed.",
    "immunisations": "Immunisations up to date for the child's age.",
    "sdq": "Carer questionnaire returned and scored.",
    "camhs": "Referred to CAMHS for assessment of anxiety and sleep.",
    "therapy": "Therapeutic parenting support arranged for the carers.",
}
NURSERIES = ("Little Acorns Nursery", "Holme Children's Centre Nursery", "Beacon Pre-school")
SCHOOLS_PRIMARY = ("Alder Primary School", "Beacon Primary Academy", "Holme Primary School",
                   "Marsh Lane Primary", "Orchard Park Primary")
SCHOOLS_SECONDARY = ("Kestrel Academy", "Riverside High School", "Wold Academy",
                     "Trinity Secondary School")
SCHOOLS_COLLEGE = ("Hull College", "Riverside Sixth Form College", "Wyke Training Centre")
VIRTUAL_SCHOOL = ("Virtual school: education adviser (primary)",
                  "Virtual school: education adviser (secondary)",
                  "Virtual school: post-16 adviser")
PEP_TARGETS = (
    "Reading age to rise by six months; daily reading with the carer; tutoring twice a week.",
    "Attendance above 95%; keep the breakfast club place; one-to-one maths support.",
    "Settle at the new school with a key adult; transport arranged; review in half a term.",
    "Complete the college application with the PA and the careers adviser.",
)
DISPUTES = (
    ("The care plan has not been updated since the last review.",
     "Without a current plan the placement and family time are not being reviewed against the "
     "child's needs.", "An updated care plan presented within ten working days."),
    ("The permanence plan has drifted: no viability assessment of the grandparents after "
     "three months.", "Delay leaves the child without a permanent home.",
     "Viability assessment booked and a date set for the permanence panel."),
    ("Statutory visits have not happened within six weeks.",
     "The child has not been seen alone by their social worker since the last review.",
     "A visit within five working days and a visiting schedule agreed."),
    ("The initial health assessment has not been completed.",
     "The child's health needs are unknown to the carer and the review.",
     "The assessment completed and the report shared before the next review."),
)
DISPUTE_RESPONSES = (
    "Agreed: the social worker will complete the action within the timescale.",
    "Manager apologised for the delay; action allocated and date confirmed.",
    "Partly agreed; resources requested from the placement team.",
)
DISPUTE_STAGES = (("informal", 5, "Allocated social worker"),
                  ("team_manager", 5, "Team manager"),
                  ("service_manager", 10, "Service manager"),
                  ("head_of_service", 10, "Head of service"),
                  ("director", 10, "Director of children's services"))
FAMILY_WHO = (("Mother", 40), ("Mother and father", 20), ("Father", 12),
              ("Brothers and sisters", 15), ("Maternal grandparents", 8), ("Paternal grandmother", 5))
SESSION_NOTES = {
    "cancelled_family": "Parent did not confirm the session by 10am.",
    "cancelled_child": "Young person chose not to attend.",
    "cancelled_council": "Contact supervisor off sick; session rebooked.",
    "cancelled_carer": "Carer unable to bring the child; hospital appointment.",
}
REASONS_CARE = {
    "N1": "Neglect and emotional harm at home; the threshold for proceedings was met.",
    "N2": "The child's complex disability needs could not be met at home with the support offered.",
    "N3": "Parent admitted to hospital with no family able to care for the child.",
    "N4": "Family breakdown after a crisis at home; parents asked for help.",
    "N5": "Domestic abuse and parental substance misuse at home.",
    "N6": "Risk of exploitation outside the home; the young person could not stay safely at home.",
    "N8": "Unaccompanied asylum-seeking child: arrived in the UK without a parent or carer.",
}
END_DETAIL = {
    "CARPL": "Planned move in line with the care plan.",
    "CREQB": "Carers gave notice after repeated incidents at home.",
    "CREQO": "Carers' own family circumstances changed.",
    "CHILD": "The young person asked to move nearer their school and friends.",
    "STAND": "Standards of care concerns; the fostering service is reviewing the carers.",
    "ALLEG": "An allegation was made; the child moved while it is investigated.",
    "CLOSE": "The provider closed the home.",
    "LAREQ": "The council ended the placement to bring the child back into the area.",
    "OTHER": "Move for other reasons, recorded on the child's file.",
    "PLACE": "Designated a long-term placement with the same carers.",
    "APPRR": "The carers' approval was ended by the fostering panel.",
}
