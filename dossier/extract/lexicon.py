"""The words the extraction rules read: speech verbs, titles and roles, months, weekdays,
number words, prepositions, event triggers, demonyms and short names of states, news
outlets, and the words of names and institutions.

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
    "underlined", "underscored", "replied", "responded",
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
# (actors.PERSON_TITLES, the name trimmer actors._TITLE_WORD, and the event rules'
# role words in events.py), but not to the check that lets a single capitalised word after
# a title be a name.
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
# Only the quote finder: nouns that stand for an organisation speaking ("the statement said",
# "the organization reaffirmed …"); they resolve to the last organisation, state or armed
# group named before.
BODY_NOUNS = (
    "statement", "communique", "communiqué", "release", "ministry", "government",
    "organization", "organisation", "institution", "bloc", "body",
)  # fmt: skip
# Of those, the ones that never stand for a state: "the institution, based in Abuja, stated"
# is the last organisation named, not the state named after it.
ORGANISATION_NOUNS = ("organization", "organisation", "institution", "bloc", "body")
# Only the quote finder: how a statement's author follows it ("the statement signed by Traoré",
# "a statement read out by Captain Sorgho").
STATEMENT_AUTHORSHIP = ("signed", "issued", "read", "read out", "released", "delivered")
# Only the quote finder: words that open a sentence before its subject, up to a comma
# ("Last Thursday, the bloc approved …", "However, the ministry said …").
SENTENCE_OPENERS = (
    "last", "earlier", "later", "meanwhile", "however", "but", "and", "also", "yet", "still",
    "then", "today", "yesterday", "separately", "similarly", "instead",
)  # fmt: skip
# Only the quote finder: verbs that attribute words right after a quote ("“…,” he
# continued") but say nothing of a quote before them ("the fighting continued").
ATTRIBUTION_VERBS_AFTER_QUOTES = ("continued", "concluded")
# Only the quote finder: speech verbs that may come before their subject ("…,' said X,
# adding"); the others take the one spoken to or about as object ("hailed X as", "told X").
INVERTED_SPEECH_VERBS = ("said", "says", "added", "adds", "stated", "wrote", "writes", "noted", "notes", "explained")
# Only the quote finder: words for whoever heads an organisation, one role to it ("the head
# of the group said" is its leader speaking, titled "group chief X" elsewhere).
LEADERS = ("leader", "head", "chief", "boss")
# Only the quote finder: what an organisation puts its words out in ("X issued a statement
# “…”"), and the words in an office's name that make it the author of its state's
# statements ("the Belarusian statement" is the presidency's when the text names it).
ISSUED_TEXTS = ("statement", "communique", "communiqué", "declaration", "release", "message")
ISSUING_VERBS = ("issued", "released", "published", "put out")
STATE_OFFICES = ("presidency", "embassy", "ministry", "government", "office")
# Only the quote finder: words that describe a person by trade or standing, not by an office
# the text titles them with ("the businessman ordered …"): the person the text names most.
PERSON_EPITHETS = ("businessman", "businesswoman", "tycoon", "magnate", "billionaire", "oligarch", "warlord", "strongman")
# Only the quote finder: words that make what a sentence says of its subject an allegation
# by someone unnamed ("X is allegedly releasing “terrorists”"): the subject is not the speaker.
HEDGES = ("allegedly", "reportedly", "purportedly", "supposedly")
# Only the quote finder: verbs that characterise someone "as" something: a title quoted after
# them ("described X as the “leader of …”") is the speaker's words, not an office's name.
CHARACTERISING_VERBS = (
    "described", "describes", "describing", "called", "calls", "calling", "branded", "brands", "branding",
    "labelled", "labeled", "dubbed", "hailed", "characterized", "characterised", "portrayed",
)  # fmt: skip
# Only the quote finder: forms of "to be" before a participle make a speech verb passive
# ("was described as “…”"): its subject is not its speaker.
BE_FORMS = ("is", "are", "was", "were", "be", "been", "being")
# People quoted for what they know ("analyst Ornella Moderan"): actors.PERSON_TITLES, and
# the roles quotes.py resolves to a speaker.
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

# -- states and their people -------------------------------------------------------------------

# Demonyms that no regular ending makes from the state's name (gazetteer._demonym_forms
# makes "Malian", "Russian", "Ukrainian", "Chadian"), each with the state's name as the
# gazetteer (GeoNames) spells it. Also the ones two states would share ("Nigerian").
DEMONYMS = {
    "French": "France", "British": "United Kingdom", "English": "United Kingdom",
    "American": "United States", "Chinese": "China", "Japanese": "Japan",
    "Burkinabe": "Burkina Faso", "Burkinabè": "Burkina Faso", "Nigerien": "Niger", "Nigerian": "Nigeria",
    "Senegalese": "Senegal", "Togolese": "Togo", "Beninese": "Benin", "Sudanese": "Sudan",
    "South Sudanese": "South Sudan", "Ivorian": "Ivory Coast", "Malagasy": "Madagascar",
    "Mozambican": "Mozambique", "Zimbabwean": "Zimbabwe", "Chilean": "Chile", "Greek": "Greece",
    "Turkish": "Turkey", "German": "Germany", "Dutch": "The Netherlands", "Swiss": "Switzerland",
    "Swedish": "Sweden", "Danish": "Denmark", "Finnish": "Finland", "Norwegian": "Norway",
    "Polish": "Poland", "Spanish": "Spain", "Portuguese": "Portugal", "Irish": "Ireland",
    "Israeli": "Israel", "Iraqi": "Iraq", "Pakistani": "Pakistan", "Afghan": "Afghanistan",
    "Yemeni": "Yemen", "Qatari": "Qatar", "Kuwaiti": "Kuwait", "Emirati": "United Arab Emirates",
    "Saudi": "Saudi Arabia", "Omani": "Oman", "Bahraini": "Bahrain", "Bangladeshi": "Bangladesh",
    "Thai": "Thailand", "Vietnamese": "Vietnam", "Filipino": "Philippines", "Lebanese": "Lebanon",
    "Ghanaian": "Ghana", "Cameroonian": "Cameroon", "Gabonese": "Gabon", "Somali": "Somalia",
    "Sierra Leonean": "Sierra Leone", "Kazakh": "Kazakhstan", "Uzbek": "Uzbekistan",
    "Tajik": "Tajikistan", "Kyrgyz": "Kyrgyzstan", "Turkmen": "Turkmenistan",
    "Azerbaijani": "Azerbaijan", "Mexican": "Mexico", "Canadian": "Canada", "Argentine": "Argentina",
    "Argentinian": "Argentina", "Peruvian": "Peru", "Belgian": "Belgium", "Czech": "Czechia",
    "Slovak": "Slovakia", "Bosnian": "Bosnia and Herzegovina", "Taiwanese": "Taiwan",
    "Singaporean": "Singapore", "Nepalese": "Nepal", "Palestinian": "Palestinian Territory",
    "Scottish": "United Kingdom", "Welsh": "United Kingdom", "Icelandic": "Iceland",
    "Luxembourgish": "Luxembourg", "Maltese": "Malta", "Cypriot": "Cyprus", "Guinean": "Guinea",
    "Congolese": "Democratic Republic of the Congo",
}  # fmt: skip

# Short names that copy uses for a state, with the gazetteer's name.
STATE_SHORT_NAMES = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "America": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "DR Congo": "Democratic Republic of the Congo",
    "DRC": "Democratic Republic of the Congo", "Côte d'Ivoire": "Ivory Coast", "Cote d'Ivoire": "Ivory Coast",
    "Burma": "Myanmar", "Czech Republic": "Czechia", "Cape Verde": "Cabo Verde", "Holland": "The Netherlands",
    "UAE": "United Arab Emirates", "Türkiye": "Turkey", "Turkiye": "Turkey",
}  # fmt: skip

# -- the words of names ------------------------------------------------------------------------

# Capitalised words that open a sentence or a phrase and are not part of the name after
# them ("The", "According", "Last"): the name finder drops them from the front of a name.
SENTENCE_STARTERS = (
    "The A An In On At But And When While After Before As If Since Although Though Meanwhile However "
    "This That These Those It Its He She They We Our His Her Their There Here Then Also Yet So Or Nor "
    "For Of To From By With Without Under Over Between During Despite Among Across Following Last Next "
    "Earlier Later Recently Historically Today Yesterday According Many Some Most Several Other Another "
    "Both Each Every No Not Only One Two Three Four Five Six Seven Eight Nine Ten Dozens Hundreds What "
    "Who Why How Where Which Once Mr Ms Mrs Dr Thousands Former Newly Ousted Deposed Detained Jailed "
    "Toppled Interim Acting Deputy Vice Sub New Then-President Outgoing Incoming"
).split()

# The labels of a web page's buttons and links, copied with its text ("✕ Close", "Share"):
# opening a sentence or a run after a symbol, they are no part of the name after them
# ("✕ Close Putin appeals …").
PAGE_CONTROLS = (
    "Close", "Share", "Menu", "Search", "Subscribe", "Skip", "Print", "Email", "Comment", "Comments",
    "Advertisement", "Expand", "Play", "Watch", "Listen",
)  # fmt: skip

# Words that make a name an organisation's ("Ministry of Defence", "Wagner Group").
ORG_WORDS = (
    "Ministry Agency Group Center Centre Council Army Forces Force Front Movement Party Union Company "
    "Institute University Committee Bank Organization Organisation Coalition Alliance Association "
    "Commission Court Parliament Assembly Service Services Department Office Foundation Fund Corporation "
    "Inc Ltd Brigade Battalion Network Mission Authority Authorities Community Bloc League Pact "
    "Secretariat Staff Guard Guards Directorate Command Police Gendarmerie Government Presidency "
    "Embassy Cabinet Senate Congress Operation Junta Board Federation Programme Program Initiative"
).split()
# The last word of a news outlet's name ("Nigerian Tribune Online", "Channels Television").
MEDIA_WORDS = "Times Post News Press Journal Herald Tribune Gazette Radio Television Broadcasting Online Daily".split()
# Words of a state's formal name ("Republic of Niger", "Niger Republic").
STATE_WORDS = ("Republic", "Kingdom", "Emirates", "States", "Federation")
# Words, in or before a name, that make it an armed group's ("PMC Wagner", "a militia").
ARMED_GROUP_WORDS = ("PMC", "Militia", "Militias", "Brigades", "Mujahideen")
ARMED_GROUP_CONTEXT = (
    "mercenary", "mercenaries", "militia", "armed group", "rebel", "rebels", "jihadist", "jihadists",
    "insurgent", "insurgents", "paramilitary", "private military company", "terrorist group",
)  # fmt: skip

# Words that make a hyphenated title of the title after them ("Sub-Lieutenant", "Vice-President").
TITLE_PREFIXES = ("Sub", "Vice", "Deputy", "Acting", "Ex", "Former", "Interim")

# Nouns in lower case after a capitalised word that make it a place's name ("the Sahel
# region", "the Kamboinsin military base"), or that make "of"/"at" before one a place's
# ("the base at Gao").
PLACE_NOUNS = ("region", "province", "district", "town", "village", "city", "base", "camp", "airport", "desert", "valley")

# Nouns in lower case after a capitalised word that make it an organisation's name, the
# noun included ("the Wagner group"); the ones of PLACE_NOUNS go before these.
ORG_NOUNS = ("group", "militia", "movement", "party")

# Titles that the name finder also drops, with the other titles, from before a person's
# name, and that make a name of their own no actor ("Head of State", "Chiefs of Staff").
ROLE_TITLES = ("Head", "Heads", "Chief", "Chiefs", "Secretary-General", "Spokesman", "Spokeswoman", "Envoy")

# News outlets and agencies, named in credits, datelines and attributions ("(Reuters)",
# "told the BBC"). Matched as written; names of five letters or more also in capitals
# ("FRANCE 24").
OUTLETS = (
    "Reuters", "AFP", "Agence France-Presse", "Agence France Presse", "AP", "Associated Press",
    "BBC", "CNN", "Al Jazeera", "TASS", "RIA Novosti", "Interfax", "Xinhua", "EFE", "ANSA", "DPA",
    "Kyodo", "Sputnik", "RT", "Anadolu", "Anadolu Agency", "MENAFN", "Bloomberg", "France 24",
    "RFI", "Radio France Internationale", "VOA", "Voice of America", "Deutsche Welle", "DW",
    "Le Monde", "Jeune Afrique", "Le Figaro", "Libération", "The Guardian", "The New York Times",
    "New York Times", "The Washington Post", "Washington Post", "The Wall Street Journal",
    "Wall Street Journal", "Financial Times", "The Economist", "The Telegraph", "The Independent",
    "Politico", "Axios", "NPR", "CBS News", "NBC News", "ABC News", "Fox News", "Sky News",
    "Euronews", "Radio Free Europe", "RFE/RL", "Meduza", "Kommersant", "Izvestia", "Vedomosti",
    "Ukrainska Pravda", "Kyiv Independent", "Kyiv Post", "Ukrinform", "UNIAN", "Haaretz",
    "Al Arabiya", "Times of India", "The Hindu", "South China Morning Post",
)  # fmt: skip

# Words that label a photo credit or a caption ("Photo: Reuters", "Image Credit: AFP"):
# a name that ends in one ("Getty Images", "Image Credit") is no actor.
CREDIT_LABELS = ("Photo", "Photos", "Photograph", "Image", "Images", "Picture", "Credit", "Credits", "Caption", "File")
# Line openings of bylines and reporting credits ("By Jane Doe", "Reporting by …"): the
# names on such a line are the writers', not actors of the story.
BYLINE_LEADS = ("By", "Reporting by", "Writing by", "Editing by", "Additional reporting by", "Compiled by", "Written by")

# -- institutions of a state -------------------------------------------------------------------

# What copy names a state's institutions by, in lower case, with the actor each phrase
# stands for: "state" is the state itself ("French authorities"); "government" is the
# state's government where the dossier has one ("Mali's government"), else the state; any
# other value names an institution of that state ("French troops" -> armed forces of
# France). The phrases go with a demonym ("French"), a state ("Niger", "France's") or
# "of <state>" after them ("the government of Niger").
STATE_INSTITUTIONS = {
    "government": "government", "authorities": "state",
    "military": "armed forces", "army": "armed forces", "armed forces": "armed forces",
    "forces": "armed forces", "troops": "armed forces",
    "junta": "junta", "military junta": "junta", "ruling junta": "junta", "putschists": "junta",
    "coup leaders": "junta", "coup plotters": "junta", "military rulers": "junta",
    "transitional council": "junta",
    "embassy": "embassy", "presidency": "presidency", "presidential guard": "presidential guard",
    "foreign ministry": "ministry of foreign affairs", "ministry of foreign affairs": "ministry of foreign affairs",
    "defence ministry": "ministry of defence", "defense ministry": "ministry of defence",
    "ministry of defence": "ministry of defence", "ministry of defense": "ministry of defence",
    "defense department": "ministry of defence", "general staff": "general staff",
}  # fmt: skip
# Of those, the ones that stand for the story's state without naming it ("the junta
# said"): the state an article mentions most. Not the ministries and forces, which every
# state has ("the defence ministry" of a story on two states).
STORY_INSTITUTIONS = (
    "junta", "military junta", "ruling junta", "putschists", "coup leaders", "coup plotters",
    "military rulers", "transitional council", "presidential guard",
)  # fmt: skip
# And the ones every state has, named alone after "the" or "the country's" ("the Defense
# Ministry", "the Armed Forces"): the state the article names with the same institution
# before, else the state it mentions most, where it leads clearly (twice any other).
STATE_BODIES = (
    "foreign ministry", "ministry of foreign affairs", "defence ministry", "defense ministry",
    "ministry of defence", "ministry of defense", "defense department", "armed forces",
)  # fmt: skip
# Not "the army" or "the general staff": an article on a mediator's state (Belarus) speaks
# of another's (Russia's) army, and names the state of neither.
# The word for a state's armed forces that names its junta where the story has one: the
# military rules ("an ultimatum to the Nigerien military"). Not "army", "troops", "forces".
RULING_WORDS = ("military",)
# What an article says to give the story's institution its own name: "the junta, which
# calls itself the National Council for …" (SELF_NAMING, between the description and the
# name), "the Patriotic Movement for … (MPSR), the name of the junta" (NAME_NOUNS, before
# "of the" and the description), and the same office over both: "president of the
# transitional council" … "president of the National Council for …" (OFFICES).
SELF_NAMING = ("calls itself", "call themselves", "calling itself", "known as", "goes by", "go by", "under the name")
NAME_NOUNS = ("name", "formal name", "official name", "new name")
# What a bracket after a name says to give another spelling of it ("Kamboincé (as that camp's
# name is also spelled)", "Tillabéri (also spelt Tillaberi)").
SPELLING_NOTES = ("also spelled", "also spelt", "also written", "also transliterated", "sometimes spelled", "sometimes spelt")
OFFICES = ("president", "head", "leader", "chairman", "chair", "vice-president", "spokesman", "spokesperson")
# Descriptions of a regional organisation ("the regional bloc", "the West African bloc"):
# the organisation of that kind an article mentions most.
BLOC_DESCRIPTIONS = ("regional bloc", "bloc", "regional body", "regional grouping")
# Words in an organisation's name that make it a bloc of states.
BLOC_WORDS = ("Community", "Union", "Organisation", "Organization", "Alliance", "League", "Confederation", "Bloc")

# -- quote comparison --------------------------------------------------------------------------

# Words of four letters or more that carry no content: two renderings sharing them share
# nothing (compare.content_words). Shorter words never count as content.
FUNCTION_WORDS = (
    "that", "this", "these", "those", "with", "have", "been", "were", "will", "would", "shall",
    "should", "could", "their", "them", "they", "there", "what", "which", "when", "where", "while",
    "from", "into", "about", "also", "than", "then", "such", "being", "your", "ours", "very",
    "just", "only", "some", "more", "most", "other", "does", "here", "after", "before", "over",
)  # fmt: skip
