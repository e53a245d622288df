"""The words the extraction rules read: speech verbs, titles and roles, months, weekdays,
number words, prepositions, and event triggers.

Plain data only; each module builds its regexes from these lists. Where rules have long
known different words, the lexicon holds a shared base and extensions named for the rule
that uses them, so that a new word goes in one place and the rules read as they did.
Words are written as they appear in copy: titles capitalised, other words in lower case.
"""

from __future__ import annotations

# -- speech verbs ------------------------------------------------------------------------------

# Verbs that report what someone said, with the inflections the rules match. Both the quote
# finder (quotes.py: "X said that “…”", "“…,” said X") and the claimant finder (claims.py:
# "X said 50 died") read them. A new speech verb goes here.
SPEECH_VERBS = (
    "said", "says", "say", "saying",
    "told", "tells",
    "added", "adds",
    "stated",
    "wrote", "writes",
    "noted", "notes",
    "claimed", "claims", "claiming",
    "reported", "reports", "reporting",
    "confirmed", "confirms",
    "announced", "announces",
    "declared", "declares",
    "alleged", "alleges",
    "acknowledged", "acknowledges",
    "insisted", "insists",
    "suggested", "suggests",
    "indicated",
    "admitted",
    "posted", "tweeted",
)  # fmt: skip

# The commonest of them: a capitalised name right before one is a person's ("Maiga said").
COMMON_SPEECH_VERBS = ("said", "told", "says", "added")

# Only the quote finder: verbs that characterise, accuse or ask ("described as “…”",
# "condemned the “…”", "urged"), and inflections of shared verbs it alone matches.
SPEECH_VERBS_FOR_QUOTES = (
    "adding", "noting", "stating", "telling", "insisting",
    "accused", "accuses", "accusing",
    "described", "describes", "describing",
    "characterized", "characterised", "characterizes",
    "called", "calls", "calling",
    "condemned", "condemns",
    "decried", "decries",
    "disclosed", "discloses",
    "warned", "warns", "warning",
    "denied", "denies",
    "argued", "argues", "arguing",
    "explained", "explains", "explaining",
    "predicted", "predicts",
    "urged", "vowed",
    "reads", "read",
    "criticized", "criticised",
    "labelled", "labeled", "dubbed", "branded", "termed", "deemed",
    "asserted", "asserts", "affirmed", "maintained",
    "emphasized", "emphasised", "stressed", "stresses",
    "slammed", "hailed", "recalled",
    "requested", "requesting", "requests",
    "demanded", "demanding", "demands",
    "asked", "asking",
)  # fmt: skip

# Only the claimant finder: verbs that put a figure on record ("estimated", "counted"),
# and inflections of shared verbs it alone matches.
SPEECH_VERBS_FOR_FIGURES = (
    "claim", "states", "announcing", "confirming", "acknowledging", "alleging", "admits",
    "indicates", "indicate",
    "estimated", "estimates", "estimating",
    "counted", "recorded",
)  # fmt: skip

# -- titles and roles --------------------------------------------------------------------------

# Forms of address before a name, with or without a full stop: "Mr. Traoré", "Dr Ali".
HONORIFICS = ("Mr", "Ms", "Mrs", "Dr")

# Titles before a person's name that every title rule knows: "President Goïta",
# "Col. Maiga". Abbreviations are written with a full stop. A new title goes here.
TITLES = ("President", "Minister", "Senator", "Ambassador", "Colonel", "General")
TITLE_ABBREVIATIONS = ("Col", "Gen")

# Who speaks for an organisation; a title before a name too ("spokesman John Kirby").
SPOKESPERSONS = ("spokesman", "spokeswoman", "spokesperson")

# More ranks and offices, known to the rules that read the words before a name
# (actors.PERSON_TITLES and the name trimmer actors._TITLE_WORD), but not to the check that
# lets a single capitalised word after a title be a name.
MORE_TITLES = (
    "Lieutenant", "Captain", "Major",
    "Secretary", "Chancellor", "King", "Queen", "Prince", "Pope", "Imam", "Sheikh",
)  # fmt: skip
MORE_TITLE_ABBREVIATIONS = ("Sen",)  # "Sen. Risch"
# Only actors.PERSON_TITLES: "Rep. Omar".
PERSON_TITLE_ABBREVIATIONS = ("Rep",)

# Only the name trimmer, which drops titles from the front of a name ("Foreign Minister
# Sylvain Itte" -> "Sylvain Itte"): more ranks, the words of compound offices, and heads.
TRIMMED_TITLES = (
    "Brigadier", "Prime", "Foreign", "Defence", "Defense", "State", "Leader", "Commander", "Chief",
)  # fmt: skip
TRIMMED_TITLE_ABBREVIATIONS = ("Lt", "Capt", "Maj", "Brig")

# The titles the name trimmer also finds joined to the next one by a hyphen: the ranks and
# the words of a minister's title ("Lieutenant-Colonel", "Prime-Minister"). Not
# "Secretary", so that "Secretary-General" stays part of a name.
HYPHENATED_TITLES = (
    "President", "Minister", "Prime", "Foreign", "Defence", "Defense",
    "Colonel", "General", "Lieutenant", "Captain", "Major", "Brigadier",
)  # fmt: skip

# Roles in lower case that every role rule knows: "the envoy", "a spokesman for JNIM".
ROLES = (*SPOKESPERSONS, "official", "ambassador", "envoy", "leader", "chief", "commander")

# Roles held in an organisation, named with it ("a representative of", "a source at"): the
# quote finder's described speaker and the claimant finder's role before an organisation.
MEMBER_ROLES = ("representative", "officer", "member", "minister", "source", "head")
# Only the quote finder: "an adviser to", "an aide of".
ADVISER_ROLES = ("adviser", "advisor", "aide")
# Only the claimant finder: bodies that speak ("a statement from", "the ministry of").
SPEAKING_BODIES = ("ministry", "statement")
# Only actors.PERSON_TITLES: people quoted for what they know ("analyst Ornella Moderan").
EXPERT_ROLES = ("analyst", "researcher", "fellow", "director", "journalist", "reporter")

# Abbreviations that no title rule reads but after which a full stop ends no sentence.
OTHER_ABBREVIATIONS = ("Sgt", "Cpl", "Prof", "Gov", "Rev", "St", "No", "Jr", "Sr", "vs", "etc")

# -- calendar ----------------------------------------------------------------------------------

# Month names in calendar order (index + 1 is the month's number).
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Their abbreviations, usually written with a full stop ("Aug. 4"); each is the start of
# its month's name.
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")

# Weekday names in the order of datetime.date.weekday() (Monday is 0).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# -- numbers -----------------------------------------------------------------------------------

# Number words and their values: the ones a figure is written with ("forty-seven", "two
# hundred", "1.5 million").
NUMBER_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
NUMBER_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
NUMBER_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Counts written as phrases: "a week ago", "a couple of days later".
COUNT_PHRASES = {"a": 1, "an": 1, "a couple of": 2}
# Counted but not countable: "a few days later" names no date.
VAGUE_COUNTS = ("a few", "few", "several", "some")

# -- prepositions ------------------------------------------------------------------------------

# A name right after one of these is an object ("spokesperson for Mali's government",
# "officials in Mali said"), not the subject of a verb.
PREPOSITIONS = (
    "for", "of", "from", "to", "at", "in", "on", "by", "against", "about", "over", "into",
    "toward", "towards", "than", "between", "among", "under", "after", "before",
)  # fmt: skip
# Only the claimant finder: "with", "near".
MORE_PREPOSITIONS_FOR_FIGURES = ("with", "near")

# -- events ------------------------------------------------------------------------------------

# Words that say something happened, by the kind of happening they report (extract/events.py).
# A trigger is a phrase: words are separated by spaces, "a/b" lets one word be either, and
# "…" stands for up to six words of the same clause ("cut … ties": "cut diplomatic ties").
# Verbs are written in the forms news copy uses (past, present, participles). Kinds are
# generic: which event a mention reports is decided by its date and actors, not by the kind.
EVENT_TRIGGERS = {
    "coup": (
        "seized/seizes/seize/seizing … power", "seized/seizes/seize/seizing control",  # not "… control of": seize
        "took/takes/take/taking/taken … power", "seizure of power", "power grab",
        "staged/stage/stages/staging … coup/putsch", "ousted/ousts/oust/ousting",
        "toppled/topples/topple/toppling", "overthrew/overthrows/overthrow/overthrown/overthrowing",
        "deposed/deposes/depose", "mutinied", "rebelled", "coup/coups/putsch/takeover",
    ),
    "break ties": (
        "cut/cuts/cutting/severed/severs/sever/severing/broke/breaks/break/breaking/ended/ends/end/ending … ties/relations",
        "termination/rupture/severance/severing/break/breaking … ties/relations",
    ),
    "expel": (
        "expelled/expels/expel/expelling/expulsion", "ordered/orders/order/ordering … to leave/depart",
        "gave/given/gives/give/giving … to leave/depart", "asked/asks/ask … to leave/depart",
        "withdraw/withdrew/withdrawn/withdrawing … approval/accreditation", "persona non grata",
    ),
    "summon": ("summoned/summons/summon/summoning",),
    "launch": (
        "launched/launches/launch/launching", "embarked/embarks/embark on",
        "marched/marches/march on", "advanced/advances/advancing on",
    ),
    "attack": (
        "attacked/attacks/attack/attacking", "ambushed/ambushes/ambush/ambushing",
        "stormed/storms/storm/storming", "raided/raids/raid", "bombed/bombs/bombing", "shelled/shelling",
        "opened fire", "killed/kills/kill/killing", "assassinated", "massacred",
        "clashes/fighting/gunfire/violence … erupted/broke/rang",
        "conducted/conducts/conduct/carried/carries/carry … airstrikes/strikes/raids/attacks/operation",
        "airstrike/airstrikes/air strike/air strikes/drone strike/drone strikes",
    ),
    "seize": (
        "seized/seizes/seize/seizing", "captured/captures/capture/capturing",
        "recaptured/recaptures/recapture/retook/retakes/retake/retaken", "regained/regains control of",
        "occupied/occupies/occupy", "took/takes/taken … control of", "took over",
        "seized/seizes/seize/seizing control of",
    ),
    "detain": (
        "detained/detains/detain/detaining", "arrested/arrests/arrest/arresting",
        "kidnapped/abducted", "held captive", "house arrest", "imprisoned",
    ),
    "sanction": (
        "imposed/imposes/impose/imposing … sanctions/embargo", "sanctioned",
        "froze/freezes/freeze/frozen … assets", "closed/closes/close/closing/closure … borders/border/airspace",
        "no-fly zone",
    ),
    "suspend": (
        "suspended/suspends/suspend/suspending", "dissolved/dissolves/dissolve/dissolving",
        "banned/bans/ban",
    ),
    "ultimatum": ("ultimatum", "deadline"),
    "threaten": ("threatened/threatens/threaten/threatening",),
    "deploy": ("deployed/deploys/deploy/deploying/deployment", "standby force"),
    "withdraw": (
        "withdrew/withdrawn/withdraws/withdraw/withdrawing/withdrawal", "pulled/pulls/pull … out",
        "evacuated/evacuates/evacuate/evacuating/evacuation", "retreated/retreats/retreat",
        "turned/turns/turn/turning … back", "called/calls/call/calling off",
        "halted/halts/halt/stopped/stops/stop … advance",
    ),
    "resign": (
        "resigned/resigns/resign/resignation", "stepped/steps/step/stepping down",
        "fled/flees/flee/fleeing", "left the country",
    ),
    "appoint": (
        "appointed/appoints/appoint", "sworn in", "inaugurated",
        "declared/declares/proclaimed/proclaims/named/names … himself/herself",
        "named/names … president/leader/head/minister",
    ),
    "meet": (
        "met/meets/meet", "held/hold/holds … talks/summit/meeting", "summit", "visited/visits/visit",
        "spoke/speaks/talked/talks … with/to", "phone call",
    ),
    "condemn": ("condemned/condemns/condemn/condemning/condemnation", "denounced/denounces/denounce"),
    "reject": (
        "rejected/rejects/reject/rejecting", "dismissed/dismisses", "denied/denies/deny",
        "refused/refuses/refuse",
    ),
    "agree": (
        "agreed/agrees/agree/agreement", "deal", "brokered/brokers/broker", "signed/signs/sign",
        "truce", "ceasefire", "accord",
    ),
    "prosecute": (
        "prosecute/prosecuted/prosecutes/prosecution", "charged/charges", "indicted",
        "criminal case", "treason",
    ),
    "accuse": ("accused/accuses/accuse/accusing/accusation",),
    "demand": (
        "urged/urges/urge", "demanded/demands/demand", "called/calls … for/on", "asked/asks/ask … to",
    ),
    "release": ("released/releases/release", "freed/frees"),
    "vote": ("elected", "voted/votes/vote", "election", "referendum"),
}  # fmt: skip

# Triggers that are nouns: they often name an event reported elsewhere ("since the coup"),
# so a verb in the same sentence is preferred to them.
EVENT_NOUNS = (
    "coup", "coups", "putsch", "takeover", "airstrike", "airstrikes", "air strike", "drone strike", "power grab", "seizure of power", "expulsion", "ultimatum", "deadline", "deployment", "standby force",
    "withdrawal", "evacuation", "resignation", "summit", "phone call", "condemnation", "agreement",
    "deal", "truce", "ceasefire", "accord", "prosecution", "criminal case", "treason", "accusation",
    "election", "referendum", "no-fly zone", "house arrest", "termination", "rupture", "severance",
)  # fmt: skip

# Statements: a speech verb (SPEECH_VERBS) or one of these nouns reports an event only with
# its own date ("said in a statement Friday"); next to another trigger, it is that one's date.
STATEMENT_NOUNS = ("statement", "address", "speech", "broadcast", "interview", "message", "communique")

# Nouns by which a sentence points back at the act the sentence before reported: "Mali cut
# ties with Ukraine. The decision was announced on Sunday."
EVENT_ANAPHORS = ("decision", "move", "step", "measure")

# Kinds of events whose figures count casualties: "47 soldiers were killed" belongs to one.
VIOLENT_EVENT_KINDS = ("attack", "coup", "seize")
