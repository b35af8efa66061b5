"""The made-up words a demo vault is written from: names, places, and what happened.

Texts are put together from parts, so that a large demo does not repeat one sentence a
hundred thousand times: full-text search then finds common words in many records and rare
ones in few, as it would in a real school's records. Every name here is invented.
"""

from __future__ import annotations

import random

from safeguard_desktop.domain.categories import ConcernCategory, Impact

FAMILY_NAMES = [
    "O'Brien", "Smith-Okafor", "Nowak", "Begum", "MacLeod", "D'Souza", "Núñez-Whitfield", "Kowalczyk",
    "Hughes", "Ahmed", "Fitzgerald-Lowe", "Nguyễn", "Mensah", "Clarke", "Wiśniewski", "Doyle",
    "Ó Súilleabháin", "Patel", "Evans-Pryce", "Hussain", "Müller", "Adeyemi", "Lloyd", "Çelik",
    "Ashworth", "Brennan", "Chowdhury", "Dunmore", "Eze", "Farrow", "Gallagher", "Haddad", "Iqbal",
    "Jankowski", "Kavanagh", "Lindqvist", "McAllister", "Nakamura-Hart", "Osei", "Pemberton", "Quinlan",
    "Rahman", "Szabó", "Thistlewood", "Uddin", "Vasquez", "Whitlock", "Yilmaz", "Zielińska", "Abernethy",
    "Bellamy-Cole", "Crowther", "Dimitrov", "Elphick", "Ferreira", "Greenhalgh", "Hollis", "Ingram",
    "Jadeja", "Kilbride", "Lomax", "Mbeki-Tanner", "Nicholls", "Okonjo", "Pryor", "Radcliffe",
]  # fmt: skip
GIRLS = [
    "Siobhán", "Zoë", "Amelia", "Chloé", "Aoife", "Maja", "Fatima", "Isla", "Renée", "Ffion", "Amara",
    "Léa", "Grace", "Niamh", "Hania", "Ruby-Mae", "Imogen", "Keira", "Poppy", "Aaliyah", "Mia", "Orla",
]  # fmt: skip
BOYS = [
    "Ciarán", "Tomasz", "Oliver", "Mohammed", "Rhys", "Kwame", "Noël", "Jack", "Dáire", "Leo", "Yusuf",
    "Alfie-James", "Eoin", "Mateusz", "Kai", "Jayden", "Harvey", "Ibrahim", "Reuben", "Tyler", "Bartek",
]  # fmt: skip
WOMEN = ["Róisín", "Agnieszka", "Shabana", "Claire", "Chidinma", "Sinéad", "Joanne", "Anh", "Megan", "Leanne"]
MEN = ["Seán", "Piotr", "Imran", "Darren", "Emeka", "Gareth", "Tuấn", "Liam", "Kofi", "Łukasz", "Craig"]
STREETS = [
    "Blackbird Lane", "Cowley Road", "Meadow View", "Sandy Close", "Foxglove Way", "Church Row",
    "Orchard Rise", "Mill Street", "Larkhill Gardens", "Kestrel Court", "Badger Walk", "Ferry Hinksey Road",
]  # fmt: skip
TOWNS = [("Oxford", "OX4"), ("Banbury", "OX16"), ("Bicester", "OX26"), ("Witney", "OX28"), ("Abingdon", "OX14")]

STAFF = [
    "Mr Hale (Year 5 teacher)", "Ms Adebayo (teaching assistant)", "Mrs Pennington (office manager)",
    "Mr Dubois (PE teacher)", "Miss Achterberg (Year 2 teacher)", "Mr Oduya (site manager)",
    "Ms Lavelle (learning mentor)", "Mrs Strand (lunchtime supervisor)", "Dr Ferris (head of Year 9)",
    "Mr Kaczmarek (form tutor)", "Ms Whitcombe (SENCo)", "Mrs Tal (school nurse)",
]  # fmt: skip
PLACES = [
    "in the playground", "at breakfast club", "in the lunch hall", "on the school minibus", "at the school gate",
    "in the library", "during the swimming lesson", "in the changing rooms", "at the allotment club",
    "in the art room", "during registration", "on the field at lunchtime", "at the after-school club",
]  # fmt: skip
WHEN = ["this morning", "at lunchtime", "after school", "during period 3", "at drop-off", "at pick-up", "on Friday"]

# (category, what was seen or heard, what the child said; either may hold {place}/{when}).
CONCERNS: list[tuple[ConcernCategory, list[str], list[str]]] = [
    (ConcernCategory.NEGLECT, [
        "Arrived hungry {when} for the third day this week; no coat despite frost.",
        "Uniform unwashed and too small; head lice again. Asked {place} for extra toast.",
        "Collected late again {when}; nobody answered the contact numbers for forty minutes.",
        "Dental pain for weeks; parent has not registered the family with a dentist.",
    ], ["There wasn't any food at home, mum said wait till Friday.", "My tooth hurts when I eat.", ""]),
    (ConcernCategory.PHYSICAL_ABUSE, [
        "Bruise about 3 cm across on the left upper arm, noticed {place}. Said it happened at home.",
        "Fingertip bruising on the back of the neck seen {when}; child flinched when touched.",
        "Red mark across the cheek seen {place}; explanations changed twice.",
    ], ["Dad grabbed me when I dropped the plate.", "I fell off my scooter.", "Don't tell mum I said."]),
    (ConcernCategory.DOMESTIC_ABUSE, [
        "Told staff {place} that there was shouting at home last night and the police came.",
        "Said the new partner threw a mug at mum; child was in the kitchen at the time.",
    ], ["I hid under the bed with my sister.", "He shouts when he's been drinking.", ""]),
    (ConcernCategory.OPERATION_ENCOMPASS, [
        "Operation Encompass notification before school: police attended a domestic incident overnight; "
        "the child was present.",
        "Operation Encompass call: officers attended the home at 02:10; children asleep upstairs.",
    ], [""]),
    (ConcernCategory.EMOTIONAL_ABUSE, [
        "Very withdrawn for two weeks; flinches when a parent's name is mentioned.",
        "Said {when} that she is 'always the bad one' at home and is made to eat alone.",
    ], ["Mum says I ruin everything.", "They said they wish I was never born."]),
    (ConcernCategory.MENTAL_HEALTH, [
        "Form tutor saw recent cuts on the forearm {when}; the pupil agreed to see the school nurse.",
        "Found crying {place}; said they cannot sleep and feel panicky every morning.",
    ], ["I just need it to stop for a bit.", "My head won't switch off."]),
    (ConcernCategory.ATTENDANCE, [
        "Attendance has fallen to {pct}% this term; several absences unexplained.",
        "Seen in town during school hours by a member of staff; parent believed the child was in school.",
    ], [""]),
    (ConcernCategory.CHILD_CRIMINAL_EXPLOITATION, [
        "New expensive trainers and two phones; missing from home twice. Older youths waiting at the gate.",
        "Large amount of cash in the pupil's bag found {place}; refused to say where it came from.",
    ], ["They're my mates, they look after me.", "I owe them."]),
    (ConcernCategory.BULLYING, [
        "Group messages mocking the pupil shared widely; distressed and asking to leave lessons.",
        "Pushed and called names {place} by a group of older pupils.",
    ], ["Everyone has seen it. I can't come in tomorrow.", "They do it every day."]),
    (ConcernCategory.CHILD_ON_CHILD_ABUSE, [
        "Pupil reported being kicked repeatedly {place}; another pupil admitted it.",
        "Pupil held down and had their phone taken {place}.",
    ], ["He does it when the teachers aren't looking.", ""]),
    (ConcernCategory.ONLINE_SAFETY, [
        "Pupil disclosed talking to an adult online who asked for photos and to keep it secret.",
        "Pupil playing an 18-rated game with strangers late at night; falling asleep in lessons.",
    ], ["He said I was mature for my age.", "Everyone plays it."]),
    (ConcernCategory.MISSING_FROM_HOME_OR_CARE, [
        "Parent phoned: child did not come home last night; returned {when} and would not say where.",
    ], ["", "I was at a friend's."]),
    (ConcernCategory.FAMILY_MEMBER_IN_PRISON, [
        "Parent told the office that the child's father has been sentenced; the child has not been told why.",
    ], [""]),
    (ConcernCategory.HOMELESSNESS, [
        "Family evicted; staying in a bed and breakfast in {town}, two bus rides from school.",
    ], ["We all sleep in one room.", ""]),
]  # fmt: skip
ACTIONS = [
    "Spoke with the child; DSL informed the same day.",
    "Consulted LCSS; agreed to monitor and review in two weeks.",
    "Referred to the MASH by phone; referral confirmed in writing.",
    "Phoned the parent to discuss; parent engaged and agreed to a meeting.",
    "Shared with the allocated social worker by secure email.",
    "Added to the pastoral team's watch list; form tutor to check in daily.",
]

# (what happened, source, impact, chronology category)
EVENTS: list[tuple[str, str, Impact, str]] = [
    ("Family moved house within the county; new address recorded.", "Parent", Impact.NEUTRAL, "Housing"),
    ("Mother's new partner moved into the home.", "Child", Impact.NEGATIVE, "Family"),
    ("Was not brought to the development review.", "Health visitor", Impact.NEGATIVE, "Health"),
    ("Fixed-term suspension of two days for fighting {place}.", "School", Impact.NEGATIVE, "Education"),
    ("Grandparent died; child close to her.", "Parent", Impact.NEGATIVE, "Family"),
    ("Joined the after-school football club; attends every week.", "School", Impact.POSITIVE, "Education"),
    ("Attendance improved to {pct}% this half term.", "School", Impact.POSITIVE, "Education"),
    ("Parents separated; father moved out and sees the children at weekends.", "Parent", Impact.NEGATIVE, "Family"),
    ("Early Help assessment started with the family's agreement.", "LCSS", Impact.POSITIVE, "Social care"),
    ("Went missing overnight; returned by police.", "Police", Impact.NEGATIVE, "Police"),
    ("Referred to CAMHS by the GP.", "GP", Impact.NEUTRAL, "Health"),
    ("Father lost his job; family reports money worries.", "Parent", Impact.NEGATIVE, "Family"),
    ("Attended A&E with a burn to the hand; explanation consistent.", "Hospital", Impact.NEUTRAL, "Health"),
    ("Family placed in temporary accommodation in {town}.", "Housing officer", Impact.NEGATIVE, "Housing"),
    ("Won the Year group reading award.", "School", Impact.POSITIVE, "Education"),
    ("Food bank voucher given by the school office.", "School", Impact.NEUTRAL, "Family"),
]

STRATEGY_WORDS = [
    "Threshold for a section 47 enquiry met; social worker to visit within 24 hours.",
    "Agreed a single-agency response; school to monitor and share concerns weekly.",
    "Child to stay with grandmother while enquiries continue.",
]
DECISIONS = [
    "Plan to continue; risks reduced but not yet removed.",
    "Father to be invited to every meeting and sent the minutes.",
    "Step down to a Child in Need plan agreed by all agencies.",
    "Parenting course place offered at the family centre.",
    "Housing to prioritise the family's transfer; school to fund breakfast club.",
]
MEETING_ACTIONS = [
    ("Send the attendance record to the social worker", "DSL"),
    ("Home visit, seeing the children alone", "Social worker"),
    ("Arrange the developmental check", "Health visitor"),
    ("Offer the parents a place on the parenting course", "Family support worker"),
    ("Check the bedroom conditions", "Social worker"),
]
PROFESSIONALS = [
    ("Maud Enright", "Social worker"),
    ("Joel Abimbola", "Health visitor"),
    ("PC Rhiannon Tate", "Police officer"),
    ("Gethin Morcombe", "Family support worker"),
    ("Dr Ines Vautrin", "GP"),
]


def fill(text: str, rng: random.Random) -> str:
    """Put a made-up place, time, town or percentage into a text's slots."""
    if "{" not in text:
        return text
    return text.format(
        place=rng.choice(PLACES),
        when=rng.choice(WHEN),
        town=rng.choice(TOWNS)[0],
        pct=rng.randrange(58, 99),
    )


def concern_text(rng: random.Random, category: ConcernCategory | None = None) -> tuple[ConcernCategory, str, str]:
    """A category, an account and the child's words (sometimes with a second detail)."""
    choices = [c for c in CONCERNS if category is None or c[0] is category] or CONCERNS
    cat, accounts, words = rng.choice(choices)
    account = fill(rng.choice(accounts), rng)
    if rng.random() < 0.35:
        account += f" Reported {fill('{place}', rng)} to {rng.choice(STAFF)}."
    return cat, account, rng.choice(words)
