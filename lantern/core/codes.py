"""DfE code sets for the CIN census and the SSDA903 return, as data.

One module holds every code set so the UI shows labels and the returns write
codes from the same table. Codes are those listed in RETURNS.md (as enforced
by the DfE validators for 2025-26); labels follow the DfE guidance as quoted
in the Standard Safeguarding Dataset definitions. Labels marked "(confirm)"
were not in the sources checked: confirm against the current DfE guide.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeSet:
    """A named list of (code, label) pairs, in the DfE's order."""

    name: str
    title: str
    codes: tuple[tuple[str, str], ...]
    notes: str = ""

    def label(self, code: str) -> str:
        for value, text in self.codes:
            if value == code:
                return text
        raise KeyError(f"{code!r} is not a code in {self.name}")

    def __contains__(self, code: object) -> bool:
        return any(value == code for value, _ in self.codes)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.codes)


SEX = CodeSet(
    "sex", "Sex",
    (("M", "Male"), ("F", "Female"), ("U", "Unknown")),
    notes="M/F/U from 2024-25 in both returns. Older CIN census years used GenderCurrent "
    "0 not known / 1 male / 2 female / 9 not specified; older SSDA903 used 1/2. Map on import.",
)

ETHNICITY = CodeSet(
    "ethnicity", "Ethnicity",
    (
        ("WBRI", "White British"),
        ("WIRI", "White Irish"),
        ("WIRT", "Traveller of Irish heritage"),
        ("WOTH", "Any other White background"),
        ("WROM", "Gypsy/Roma"),
        ("MWBC", "White and Black Caribbean"),
        ("MWBA", "White and Black African"),
        ("MWAS", "White and Asian"),
        ("MOTH", "Any other Mixed background"),
        ("AIND", "Indian"),
        ("APKN", "Pakistani"),
        ("ABAN", "Bangladeshi"),
        ("AOTH", "Any other Asian background"),
        ("BCRB", "Caribbean"),
        ("BAFR", "African"),
        ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"),
        ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"),
        ("NOBT", "Information not yet obtained"),
    ),
    notes="CHNE is the validators' spelling (the SSD guidance text shows CNHE).",
)

DISABILITY = CodeSet(
    "disability", "Disability",
    (
        ("NONE", "No disability"),
        ("MOB", "Mobility"),
        ("HAND", "Hand function"),
        ("PC", "Personal care"),
        ("INC", "Incontinence"),
        ("COMM", "Communication"),
        ("LD", "Learning"),
        ("HEAR", "Hearing"),
        ("VIS", "Vision"),
        ("BEH", "Behaviour"),
        ("CON", "Consciousness"),
        ("AUT", "Diagnosed with autism or Asperger syndrome"),
        ("DDA", "Other DDA"),
    ),
    notes="NONE cannot be recorded with any other code. Leave blank for an unborn child.",
)

REFERRAL_SOURCE = CodeSet(
    "referral_source", "CIN referral source",
    (
        ("1A", "Individual: family member, relative or carer"),
        ("1B", "Individual: acquaintance (including neighbours and child minders)"),
        ("1C", "Individual: self"),
        ("1D", "Individual: other"),
        ("2A", "Schools"),
        ("2B", "Education services"),
        ("3A", "Health services: GP"),
        ("3B", "Health services: health visitor"),
        ("3C", "Health services: school nurse"),
        ("3D", "Health services: other primary health services"),
        ("3E", "Health services: A&E (emergency department)"),
        ("3F", "Health services: other (e.g. hospice)"),
        ("4", "Housing (LA housing or housing association)"),
        ("5A", "LA services: social care (e.g. adult social care)"),
        ("5B", "LA services: other internal department"),
        ("5C", "LA services: external (e.g. another LA's social care)"),
        ("5D", "LA services: early help"),
        ("6", "Police"),
        ("7", "Other legal agency (e.g. courts, probation, immigration, CAFCASS, prison)"),
        ("8", "Other (e.g. faith groups)"),
        ("9", "Anonymous"),
        ("10", "Unknown"),
    ),
    notes="Codes per RETURNS.md; labels from DfE CIN census guidance (confirm wording).",
)

CP_CATEGORY = CodeSet(
    "cp_category", "Category of abuse (CP plan)",
    (
        ("NEG", "Neglect"),
        ("PHY", "Physical abuse"),
        ("SAB", "Sexual abuse"),
        ("EMO", "Emotional abuse"),
        ("MUL", "Multiple"),
    ),
)

PRIMARY_NEED = CodeSet(
    "primary_need", "CIN primary need / category of need",
    (
        ("N1", "Abuse or neglect"),
        ("N2", "Child's disability"),
        ("N3", "Parental illness or disability"),
        ("N4", "Family in acute stress"),
        ("N5", "Family dysfunction"),
        ("N6", "Socially unacceptable behaviour"),
        ("N7", "Low income"),
        ("N8", "Absent parenting"),
        ("N9", "Cases other than children in need"),
        ("N0", "Not stated"),
    ),
    notes="CIN census uses N0-N9; the SSDA903 category of need (CIN) uses N1-N8 only.",
)

CIN_CLOSURE_REASON = CodeSet(
    "cin_closure_reason", "CIN reason for closure",
    (
        ("RC1", "Adopted"),
        ("RC2", "Died"),
        ("RC3", "Child arrangements order"),
        ("RC4", "Special guardianship order"),
        ("RC5", "Transferred to services of another local authority"),
        ("RC6", "Transferred to adult social care services"),
        ("RC7", "Services ceased for any other reason, including child no longer in need"),
        ("RC8", "Case closed after assessment, no further action"),
        ("RC9", "Case closed after assessment, referred to early help"),
    ),
)

LEGAL_STATUS = CodeSet(
    "legal_status", "SSDA903 legal status",
    (
        ("C1", "Interim care order"),
        ("C2", "Full care order"),
        ("D1", "Freeing order granted"),
        ("E1", "Placement order granted"),
        ("V2", "Single period of accommodation under section 20"),
        ("V3", "Accommodated under an agreed series of short-term breaks (individual episodes)"),
        ("V4", "Accommodated under an agreed series of short-term breaks (agreements)"),
        ("J1", "Remanded to local authority accommodation or youth detention accommodation"),
        ("J2", "Placed in local authority accommodation under PACE"),
        ("J3", "Sentenced to a youth rehabilitation order with residence requirement"),
        ("L1", "Under police protection and in local authority accommodation"),
        ("L2", "Emergency protection order"),
        ("L3", "Under child assessment order and in local authority accommodation"),
    ),
    notes="Labels from domain knowledge (RETURNS.md): confirm against the DfE SSDA903 guide.",
)

PLACEMENT_TYPE = CodeSet(
    "placement_type", "SSDA903 placement type",
    (
        ("A3", "Placed for adoption with consent with current foster carer(s)"),
        ("A4", "Placed for adoption with consent not with current foster carer(s)"),
        ("A5", "Placed for adoption with placement order with current foster carer(s)"),
        ("A6", "Placed for adoption with placement order not with current foster carer(s)"),
        ("K1", "Secure children's home"),
        ("K2", "Children's home subject to Children's Homes Regulations"),
        ("K3", "Supported accommodation (confirm)"),
        ("P1", "Placed with own parent(s) or other person(s) with parental responsibility"),
        ("P3", "Residential employment"),
        ("R1", "Residential care home"),
        ("R2", "NHS/health trust or other establishment providing medical or nursing care"),
        ("R3", "Family centre or mother and baby unit"),
        ("R5", "Young offender institution"),
        ("S1", "Residential school (not dual-registered as a children's home)"),
        ("T0", "Temporary move (all types)"),
        ("T1", "Temporary period in hospital"),
        ("T2", "Temporary absence on holiday"),
        ("T3", "Temporary accommodation while normal foster carer(s) on holiday"),
        ("T4", "Temporary accommodation of seven days or less, not covered by T1-T3"),
        ("U1", "Foster placement with relative(s) or friend(s): long-term fostering"),
        ("U2", "Foster placement with relative(s) or friend(s) who are approved adopters: "
         "FFA/concurrent planning"),
        ("U3", "Foster placement with relative(s) or friend(s): not long-term or FFA"),
        ("U4", "Foster placement with other foster carer(s): long-term fostering"),
        ("U5", "Foster placement with other foster carer(s) who are approved adopters: "
         "FFA/concurrent planning"),
        ("U6", "Foster placement with other foster carer(s): not long-term or FFA"),
        ("Z11", "Other placement, sub-type 11 (confirm)"),
        ("Z12", "Other placement, sub-type 12 (confirm)"),
        ("Z13", "Other placement, sub-type 13 (confirm)"),
        ("Z14", "Other placement, sub-type 14 (confirm)"),
    ),
    notes="2025-26 list (validator rule 146). PLACE_PROVIDER must be blank for T0-T3 and "
    "Z11-Z14. H5, P2 and Z1 were used in earlier years.",
)

PLACEMENT_PROVIDER = CodeSet(
    "placement_provider", "SSDA903 placement provider",
    (
        ("PR0", "Parent(s) or other person(s) with parental responsibility"),
        ("PR1", "Own provision (by the local authority)"),
        ("PR2", "Other local authority provision"),
        ("PR3", "Other public provision (e.g. by a PCT etc)"),
        ("PR4", "Private provision"),
        ("PR5", "Voluntary/third sector provision"),
    ),
)

REASON_NEW_EPISODE = CodeSet(
    "reason_new_episode", "SSDA903 reason for new episode",
    (
        ("S", "Started to be looked after"),
        ("L", "Change of legal status only"),
        ("P", "Change of placement and carer(s) only"),
        ("T", "Change of placement (but same carer(s)) only"),
        ("B", "Change of legal status and placement and carer(s) at the same time"),
        ("U", "Change of legal status and change of placement (but same carer(s)) at the same time"),
    ),
)

REASON_EPISODE_CEASED = CodeSet(
    "reason_episode_ceased", "SSDA903 reason episode ceased",
    (
        ("X1", "Episode ceases, and new episode begins on same day, for any reason"),
        ("E11", "Adopted: application for an adoption order unopposed"),
        ("E12", "Adopted: consent dispensed with by the court"),
        ("E2", "Died"),
        ("E3", "Care taken over by another local authority in the UK"),
        ("E4A", "Returned home to live with parent(s), relative(s) or other person(s) with "
         "parental responsibility as part of the care planning process"),
        ("E4B", "Returned home to live with parent(s), relative(s) or other person(s) with "
         "parental responsibility not as part of the current care planning process"),
        ("E13", "Left care to live with parent(s), relative(s) or other person(s) with no "
         "parental responsibility"),
        ("E41", "Residence order / child arrangements order granted"),
        ("E45", "Special guardianship order made to former foster carer(s) who are relatives "
         "or friends"),
        ("E46", "Special guardianship order made to former foster carer(s), other than "
         "relatives or friends"),
        ("E47", "Special guardianship order made to carer(s), not former foster carers, who are "
         "relatives or friends"),
        ("E48", "Special guardianship order made to carer(s), not former foster carers, other "
         "than relatives or friends"),
        ("E5", "Moved into independent living with supportive accommodation"),
        ("E6", "Moved into independent living with no formalised support"),
        ("E7", "Transferred to residential care funded by adult social care services"),
        ("E8", "Period of being looked after ceased for any other reason"),
        ("E9", "Sentenced to custody"),
        ("E14", "Accommodation on remand ended"),
        ("E15", "Age assessment determined child is aged 18 or over"),
        ("E16", "Child moved abroad"),
        ("E17", "Aged 18 (or over) and remained with current carers (inc. staying put)"),
    ),
)

REASON_PLACEMENT_CHANGE = CodeSet(
    "reason_placement_change", "SSDA903 reason for placement change",
    (
        ("CARPL", "Change to/implementation of care plan"),
        ("CLOSE", "Resignation/closure of provision"),
        ("ALLEG", "Allegation (s47)"),
        ("STAND", "Standards of care concern"),
        ("APPRR", "Approval removed"),
        ("CREQB", "Carer(s) requests placement end due to child's behaviour"),
        ("CREQO", "Carer(s) requests placement end other than due to child's behaviour"),
        ("CHILD", "Child requests placement end"),
        ("LAREQ", "Responsible/area authority requests placement end"),
        ("PLACE", "Change in the status of placement only"),
        ("CUSTOD", "Custody arrangement"),
        ("OTHER", "Other"),
    ),
    notes="Recorded against the episode that is ceasing; required when an X1 episode is "
    "followed by RNE P/B/T/U (validator rule 225).",
)

MISSING_TYPE = CodeSet(
    "missing_type", "SSDA903 missing or away",
    (("M", "Missing"), ("A", "Away from placement without authorisation")),
)

SW_CHANGE_REASON = CodeSet(
    "sw_change_reason", "Reason for change of social worker",
    (
        ("MANAGE", "Managing caseloads"),
        ("FCONTA", "First contact or re-referral"),
        ("LEFTRL", "Previous social worker left role"),
        ("ORGRST", "New social worker assigned following organisational restructure"),
        ("TSPROC", "New social worker assigned following child transfer due to standard process"),
        ("ABSENC", "Absence cover or return from absence"),
        ("CHCHAN", "Child requested change from previous social worker"),
        ("PCCHAN", "Parent/carer requested change from previous social worker"),
        ("SWDIED", "Previous social worker died"),
        ("OTHERS", "Other reason"),
    ),
)

ASSESSMENT_FACTOR = CodeSet(
    "assessment_factor", "CIN factors identified at assessment",
    (
        ("1A", "Alcohol misuse: the child"),
        ("1B", "Alcohol misuse: parent(s) or carer(s)"),
        ("1C", "Alcohol misuse: another person living in the household"),
        ("2A", "Drug misuse: the child"),
        ("2B", "Drug misuse: parent(s) or carer(s)"),
        ("2C", "Drug misuse: another person living in the household"),
        ("3A", "Domestic abuse: the child the subject of it"),
        ("3B", "Domestic abuse: parent(s) or carer(s) the subject of it"),
        ("3C", "Domestic abuse: another person living in the household the subject of it"),
        ("4A", "Mental health: the child"),
        ("4B", "Mental health: parent(s) or carer(s)"),
        ("4C", "Mental health: another person living in the household"),
        ("5A", "Learning disability: the child"),
        ("5B", "Learning disability: parent(s) or carer(s)"),
        ("5C", "Learning disability: another person living in the household"),
        ("6A", "Physical disability or illness: the child"),
        ("6B", "Physical disability or illness: parent(s) or carer(s)"),
        ("6C", "Physical disability or illness: another person living in the household"),
        ("7A", "Young carer: caring responsibilities may impair the child's health or development"),
        ("8B", "Privately fostered: overseas child who intends to return"),
        ("8C", "Privately fostered: overseas child who intends to stay"),
        ("8D", "Privately fostered: UK child in an educational placement"),
        ("8E", "Privately fostered: UK child making alternative family arrangements"),
        ("8F", "Privately fostered: other"),
        ("9A", "Unaccompanied asylum-seeking child"),
        ("10A", "Missing: at risk of harm from going or being missing"),
        ("11A", "Child sexual exploitation"),
        ("12A", "Trafficking"),
        ("13A", "Gangs: at risk of harm through involvement in or with gangs"),
        ("14A", "Socially unacceptable behaviour"),
        ("15A", "Self-harm"),
        ("16A", "Abuse or neglect: neglect"),
        ("17A", "Abuse or neglect: emotional abuse"),
        ("18A", "Abuse or neglect: physical abuse (confirm)"),
        ("18B", "Abuse or neglect: physical abuse, child on child"),
        ("18C", "Abuse or neglect: physical abuse, adult on child"),
        ("19A", "Abuse or neglect: sexual abuse (confirm)"),
        ("19B", "Abuse or neglect: sexual abuse, child on child"),
        ("19C", "Abuse or neglect: sexual abuse, adult on child"),
        ("20", "Other"),
        ("21", "No factors identified"),
        ("22A", "Female genital mutilation"),
        ("23A", "Abuse linked to faith or belief"),
        ("24A", "Child criminal exploitation"),
    ),
    notes="Codes per RETURNS.md; labels shortened from the SSD assessment factors guidance. "
    "21 (no factors) must be the only factor. 18A and 19A are accepted by the validator but "
    "absent from the SSD list: prefer 18B/18C and 19B/19C.",
)

REVIEW_PARTICIPATION = CodeSet(
    "review_participation", "Child's participation in a looked-after review",
    (
        ("PN0", "Child aged under 4 at the time of the review"),
        ("PN1", "Child attends and speaks for themselves"),
        ("PN2", "Child attends and an advocate or the IRO speaks for them"),
        ("PN3", "Child attends and conveys their view symbolically (non-verbally)"),
        ("PN4", "Child attends but does not speak, convey a view or ask an advocate to speak"),
        ("PN5", "Child does not attend but briefs an advocate or the IRO to speak for them"),
        ("PN6", "Child does not attend but conveys their feelings by a facilitative medium"),
        ("PN7", "Child does not attend and their views are not conveyed"),
    ),
    notes="PN0 only for a child under 4 on the day of the review (validator rules 440, 441).",
)

CARE_LEAVER_IN_TOUCH = CodeSet(
    "care_leaver_in_touch", "Care leaver: in touch with the council",
    (
        ("YES", "Yes, in touch"),
        ("NO", "No, not in touch"),
        ("DIED", "Died after leaving care"),
        ("REFU", "Young person refuses contact"),
        ("NREQ", "Young person no longer requires children's social care services"),
        ("RHOM", "Returned to live with parents or someone with parental responsibility for 6 "
         "months or more"),
    ),
)

CARE_LEAVER_ACTIVITY = CodeSet(
    "care_leaver_activity", "Care leaver: main activity",
    (
        ("F1", "Full time in higher education"),
        ("P1", "Part time in higher education"),
        ("F2", "Full time in education other than higher education"),
        ("P2", "Part time in education other than higher education"),
        ("F4", "Full time in an apprenticeship"),
        ("P4", "Part time in an apprenticeship"),
        ("F5", "Full time in training or employment (not an apprenticeship)"),
        ("P5", "Part time in training or employment (not an apprenticeship)"),
        ("G4", "Not in education, employment or training: illness or disability"),
        ("G5", "Not in education, employment or training: other circumstances"),
        ("G6", "Not in education, employment or training: pregnancy or parenting"),
        ("0", "Not known (the council is not in touch)"),
    ),
)

CARE_LEAVER_ACCOMMODATION = CodeSet(
    "care_leaver_accommodation", "Care leaver: type of accommodation",
    (
        ("B", "With parents or relatives"),
        ("C", "Community home or other residential care (such as an NHS establishment)"),
        ("D", "Semi-independent, transitional accommodation"),
        ("E", "Supported lodgings"),
        ("G", "Gone abroad"),
        ("H", "Deported"),
        ("K", "Ordinary lodgings, without formal support"),
        ("R", "Residence not known"),
        ("S", "No fixed abode or homeless"),
        ("T", "Foyer or similar supported accommodation with education, training or work"),
        ("U", "Independent living"),
        ("V", "Emergency accommodation"),
        ("W", "Bed and breakfast"),
        ("X", "In custody"),
        ("Y", "Other accommodation"),
        ("Z", "With former foster carers (staying put)"),
    ),
    notes="The SSDA903 OC3 ACCOM code is this letter followed by 1 (suitable) or 2 (unsuitable); "
    "0 when not known. Z is not used for 17-year-olds.",
)

ADOPTION_CEASED_REASON = CodeSet(
    "adoption_ceased_reason", "Reason the child should no longer be placed for adoption",
    (
        ("RD1", "The child's needs changed after the decision"),
        ("RD2", "The court did not make a placement order"),
        ("RD3", "Prospective adopters could not be found"),
        ("RD4", "Any other reason"),
    ),
    notes="SSDA903 PlacedAdoption REASON_PLACED_CEASED (validator rule 120). Labels (confirm).",
)

ADOPTER_SEX = CodeSet(
    "adopter_sex", "Sex of the adopters",
    (("M1", "Male adopter"), ("F1", "Female adopter"), ("MM", "Both adopters male"),
     ("FF", "Both adopters female"), ("MF", "One adopter male, one female")),
    notes="SSDA903 AD1 SEX_ADOPTR.",
)

ADOPTER_LEGAL_STATUS = CodeSet(
    "adopter_legal_status", "Legal status of the adopters",
    (
        ("L0", "Single adopter"),
        ("L11", "Married couple, opposite sex"),
        ("L12", "Married couple, same sex"),
        ("L2", "Civil partners"),
        ("L3", "Unmarried couple, opposite sex"),
        ("L4", "Unmarried couple, same sex"),
    ),
    notes="SSDA903 AD1 LS_ADOPTR (validator rules 177, 520-529 tie each to SEX_ADOPTR).",
)

CODESETS: dict[str, CodeSet] = {
    cs.name: cs
    for cs in (
        SEX, ETHNICITY, DISABILITY, REFERRAL_SOURCE, CP_CATEGORY, PRIMARY_NEED,
        CIN_CLOSURE_REASON, LEGAL_STATUS, PLACEMENT_TYPE, PLACEMENT_PROVIDER,
        REASON_NEW_EPISODE, REASON_EPISODE_CEASED, REASON_PLACEMENT_CHANGE, MISSING_TYPE,
        SW_CHANGE_REASON, ASSESSMENT_FACTOR, REVIEW_PARTICIPATION, CARE_LEAVER_IN_TOUCH,
        CARE_LEAVER_ACTIVITY, CARE_LEAVER_ACCOMMODATION, ADOPTION_CEASED_REASON, ADOPTER_SEX,
        ADOPTER_LEGAL_STATUS,
    )
}


def _codeset(codeset: CodeSet | str) -> CodeSet:
    if isinstance(codeset, CodeSet):
        return codeset
    try:
        return CODESETS[codeset]
    except KeyError:
        raise KeyError(f"no code set called {codeset!r}") from None


def is_professional_source(code: str) -> bool:
    """Whether a CIN referral source is a professional or agency (not an individual,
    anonymous or unknown): the referrers the front door owes feedback to."""
    return code in REFERRAL_SOURCE and not code.startswith("1") and code not in ("9", "10")


def label(codeset: CodeSet | str, code: str) -> str:
    """The display label of ``code`` (KeyError if it is not in the set)."""
    return _codeset(codeset).label(code)


def choices(codeset: CodeSet | str) -> tuple[tuple[str, str], ...]:
    """(code, label) pairs for a form field, in the DfE's order."""
    return _codeset(codeset).codes
