"""Word lists for the synthetic corpus: news vocabulary and names with their spellings.

Lists are ordered roughly from common to rare; the generator draws from them with Zipf-like
weights, so the first words are frequent and the tail is rare, as in real news text.
Inflected forms (plurals, past tenses, -ing forms, adverbs) are derived in synth.py.
"""

from __future__ import annotations

FUNCTION_WORDS = """
the of and to in a that for on with by as at from its their is was were has have had
be been will would could said also after about against but more than over into while
this which who not it they he she its during before between since under up new other
some all many most two three several only last first year per under within without
""".split()

# Nouns. "word|plural" gives an irregular plural.
NOUNS = """
government minister official attack border country security force army soldier state
people city region week report statement ministry president troop relation war agreement
intelligence group leader operation spokesman village area government support claim
evidence decision response conflict investigation ambush fighter rebel mercenary alliance
partner embassy ambassador diplomat talk meeting council committee election vote party
law court judge prosecutor charge trial police officer protest crowd demonstration strike
drone missile shell artillery weapon tank vehicle convoy base camp town district province
capital road bridge airport port railway plant power energy gas oil price market economy
bank budget fund aid loan debt tax trade export import sanction deal contract company firm
worker union farmer crop harvest food water drought flood season weather climate village
school hospital doctor patient health disease vaccine outbreak child woman family
resident civilian refugee camp migrant route crossing journalist reporter media channel
broadcast video photo image message post account network platform internet service
source document letter decree order policy plan strategy reform programme project
mission peacekeeper observer monitor inspection review analyst expert researcher study
survey data figure number toll casualty death injury victim survivor witness account
history past future year month day morning evening night hour minute moment time
member chairman secretary director chief commander general colonel captain lieutenant
unit battalion brigade division regiment squad patrol checkpoint position front line
offensive counteroffensive advance retreat withdrawal deployment presence occupation
territory land ground mountain desert river lake coast sea island valley plain oasis
north south east west centre interior neighbour ally enemy opponent rival critic
supporter activist leader figure elite population community tribe clan ethnic militia
insurgent jihadist terrorist extremist hostage prisoner detainee exchange release
negotiation mediator ceasefire truce peace settlement accord treaty pact framework
summit visit trip tour delegation envoy representative spokesperson adviser aide
cabinet parliament assembly senate lawmaker deputy opposition coalition movement
campaign candidate voter ballot turnout result victory defeat loss gain margin
currency inflation growth recession crisis shortage supply demand production output
mine gold uranium lithium cotton livestock cattle camel fuel diesel electricity
grid pipeline refinery field well reserve stock shipment cargo ship aircraft helicopter
plane jet pilot crew passenger flight airspace radar satellite signal communication
telephone call interview comment remark warning threat demand ultimatum deadline
condition term proposal offer request appeal complaint accusation allegation denial
confirmation announcement declaration resolution motion bill measure step move action
effort attempt bid push drive initiative response reaction backlash criticism praise
concern fear worry tension pressure risk danger chance opportunity challenge problem
issue question answer matter case incident event episode clash fight battle skirmish
raid assault offensive bombardment strike explosion blast fire smoke damage destruction
ruin rubble building house home shelter tent school mosque church market shop street
square neighbourhood suburb outskirts quarter compound facility warehouse depot stockpile
ammunition explosive mine rifle gun launcher rocket shell grenade uniform equipment
logistics transport truck motorcycle pickup boat ferry train station terminal customs
passport visa permit licence identity register census record archive file dossier
article headline story coverage footage broadcaster newspaper agency outlet editor
correspondent columnist blogger influencer channel feed platform rumour
disinformation propaganda narrative version detail fact truth lie denial apology
mercenary contractor instructor trainer adviser specialist engineer technician
scientist teacher student pupil graduate professor university institute academy
foundation charity organisation association federation union league club team
fan match tournament championship player coach referee goal score medal
""".split()

IRREGULAR_PLURALS = {
    "child": "children", "woman": "women", "man": "men", "people": "people",
    "data": "data", "evidence": "evidence", "aid": "aid", "intelligence": "intelligence",
    "footage": "footage", "equipment": "equipment", "ammunition": "ammunition",
    "logistics": "logistics", "livestock": "livestock", "cattle": "cattle", "media": "media",
    "news": "news", "crisis": "crises", "analysis": "analyses", "chief": "chiefs", "spokesman": "spokesmen",
    "spokeswoman": "spokeswomen", "chairman": "chairmen",
}

# Verbs: "base" or "base|past|ing" for irregular forms.
VERBS = """
say|said|saying tell|told|telling announce accuse deny confirm report claim
kill|killed|killing attack launch|launched|launching sever cut|cut|cutting condemn reject
support provide|provided|providing receive carry|carried|carrying conduct describe
consider warn call|called|calling urge demand insist add|added|adding note suggest
agree|agreed|agreeing refuse allow prevent stop|stopped|stopping seize hold|held|holding
take|took|taking make|made|making give|gave|giving send|sent|sending bring|brought|bringing
meet|met|meeting lead|led|leading win|won|winning lose|lost|losing fight|fought|fighting
withdraw|withdrew|withdrawing deploy retreat advance capture destroy damage target strike|struck|striking
shoot|shot|shooting bomb shell raid ambush encircle recapture surround control patrol
arrest detain release free|freed|freeing kidnap|kidnapped|kidnapping abduct execute
sign negotiate mediate broker host visit travel|travelled|travelling arrive depart return
open|opened|opening close expel summon recall suspend resume restore cancel postpone
approve adopt pass|passed|passing vote elect appoint dismiss replace resign step|stepped|stepping
investigate examine review verify document publish|published|publishing broadcast|broadcast|broadcasting
post|posted|posting share circulate spread|spread|spreading delete remove block ban
criticise praise welcome|welcomed|welcoming thank blame threaten promise pledge vow
plan|planned|planning prepare expect hope fear|feared|fearing believe|believed|believing
know|knew|knowing think|thought|thinking see|saw|seeing show|showed|showing reveal disclose
indicate estimate count|counted|counting rise|rose|rising fall|fell|falling grow|grew|growing
increase decrease double|doubled|doubling reach|reached|reaching exceed remain|remained|remaining
continue|continued|continuing begin|began|beginning end|ended|ending start|started|starting
fund|funded|funding finance supply|supplied|supplying train|trained|training equip|equipped|equipping
arm|armed|arming recruit pay|paid|paying hire sell|sold|selling buy|bought|buying
export import produce|produced|producing mine|mined|mining extract|extracted|extracting
flee|fled|fleeing displace evacuate shelter rescue|rescued|rescuing treat|treated|treating
injure wound|wounded|wounding die|died|dying survive bury|buried|burying mourn
protest|protested|protesting march|marched|marching gather|gathered|gathering demonstrate
clash|clashed|clashing erupt|erupted|erupting escalate spill|spilled|spilling
respond|responded|responding react|reacted|reacting retaliate sanction|sanctioned|sanctioning
impose|imposed|imposing lift|lifted|lifting extend|extended|extending renew|renewed|renewing
""".split()

ADJECTIVES = """
military diplomatic foreign national local regional international northern southern
eastern western central armed separatist transitional interim former senior deadly
fierce heavy major minor new old recent previous early late immediate direct indirect
public private official unofficial independent joint political economic social
humanitarian legal illegal constitutional presidential parliamentary electoral
strategic tactical security intelligence defence civilian tribal ethnic religious
islamist jihadist rebel insurgent paramilitary russian ukrainian malian african european
american french algerian nigerien burkinabe senegalese ivorian mauritanian chinese
turkish western sahelian saharan desert rural urban remote isolated strategic key
critical serious severe growing rising falling stable unstable volatile tense fragile
difficult dangerous safe secure vulnerable exposed heavy light large small huge vast
massive significant considerable limited full partial total complete final initial
unconfirmed confirmed alleged reported suspected known unknown unnamed anonymous
hasty cowardly treacherous barbaric brutal violent peaceful calm quiet
angry furious shocked concerned worried hopeful optimistic cautious sceptical
clear unclear open secret covert classified sensitive controversial disputed contested
fresh further additional extra wider broader closer deeper longer shorter
""".split()

ADVERBS = """
reportedly allegedly immediately recently previously already still again later earlier
officially publicly directly firmly strongly sharply quickly swiftly slowly largely
mostly partly fully nearly almost roughly about only also even once twice
""".split()

PREPOSITIONS = ["in", "near", "outside", "across", "along", "around", "north of", "south of",
                "east of", "west of", "close to", "inside", "towards", "beyond"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# -- names ---------------------------------------------------------------------------------
# Each group is one name in its spellings, the usual one first.

FIRST_NAMES = [
    # Ukrainian / Russian transliterations
    ["Andriy", "Andrii", "Andrey", "Andrei"], ["Oleksandr", "Oleksander", "Aleksandr", "Alexander"],
    ["Volodymyr", "Vladimir", "Wolodymyr"], ["Mykhailo", "Mykhaylo", "Mikhail", "Michail"],
    ["Serhiy", "Serhii", "Sergey", "Sergei"], ["Dmytro", "Dmitry", "Dmitri", "Dmitriy"],
    ["Oleksiy", "Oleksii", "Alexey", "Aleksei"], ["Yuriy", "Yurii", "Yuri", "Iouri"],
    ["Vitaliy", "Vitalii", "Vitaly"], ["Kyrylo", "Kirill", "Kyrill"], ["Petro", "Pyotr", "Petr"],
    ["Mykola", "Nikolai", "Nikolay"], ["Yevhen", "Yevgeny", "Evgeniy", "Evgeny"], ["Ihor", "Igor"],
    ["Vasyl", "Vasily", "Vasiliy"], ["Hennadiy", "Hennadii", "Gennady"], ["Anatoliy", "Anatolii", "Anatoly"],
    ["Olena", "Elena", "Yelena"], ["Yuliia", "Yulia", "Julia", "Yuliya"], ["Iryna", "Irina"],
    ["Nataliya", "Natalia", "Natalya"], ["Tetiana", "Tatiana", "Tatyana"], ["Oksana"],
    ["Kateryna", "Ekaterina", "Yekaterina"], ["Maksym", "Maxim", "Maksim"], ["Taras"],
    ["Bohdan", "Bogdan"], ["Valeriy", "Valerii", "Valery"], ["Heorhiy", "Georgiy", "Georgy"],
    ["Ruslan"], ["Roman"], ["Artem", "Artyom", "Artiom"], ["Oleh", "Oleg"], ["Pavlo", "Pavel"],
    ["Hlib", "Gleb"], ["Yaroslav", "Iaroslav", "Jaroslaw"], ["Viktoriia", "Viktoria", "Victoria"],
    # West African / Arabic transliterations
    ["Mohamed", "Mohammed", "Muhammad", "Mohammad"], ["Abdoulaye", "Abdullahi", "Abdallah"],
    ["Oumar", "Omar", "Umar"], ["Moussa", "Musa"], ["Ousmane", "Usman", "Osman"],
    ["Ibrahim", "Ibrahima", "Brahim"], ["Youssouf", "Yusuf", "Youssef"], ["Amadou", "Ahmadou", "Hamadou"],
    ["Mamadou", "Mamadu"], ["Souleymane", "Sulaiman", "Suleiman"], ["Boubacar", "Aboubacar", "Abubakar"],
    ["Assimi"], ["Fatoumata", "Fatimata", "Fatima"], ["Aïssata", "Aissata", "Aisha"],
    ["Mariam", "Maryam", "Mariama"], ["Cheick", "Cheikh", "Sheikh"], ["Hamidou", "Hamid"], ["Sidi"],
    ["Alhassane", "Alhassan", "Al-Hassan"], ["Iyad"], ["Bilal"], ["Ismaël", "Ismael", "Ismail"],
    ["Salif"], ["Tiéman", "Tieman"], ["Sékou", "Sekou"], ["Modibo"], ["Choguel"], ["Aminata", "Aminatou"],
    ["Ahmed", "Ahmad"], ["Khalid", "Khaled"], ["Abdourahmane", "Abdourahamane", "Abdul Rahman"],
    ["Hama"], ["Ali"], ["Hassan", "Hasan"], ["Issa", "Isa"], ["Adama"], ["Seydou", "Seidou"],
    # European names with accents
    ["Hervé", "Herve"], ["Jean-Pierre", "Jean Pierre"], ["François", "Francois"], ["Gérard", "Gerard"],
    ["José", "Jose"], ["Jürgen", "Juergen", "Jurgen"], ["Søren", "Soren", "Soeren"],
    ["Zoltán", "Zoltan"], ["Łukasz", "Lukasz"], ["Anna"], ["Emmanuel"], ["Josep", "Josef", "Joseph"],
    ["Hakan"], ["Olaf"], ["Ursula"], ["Kaja", "Kaia"], ["Catherine", "Katherine"], ["Thomas", "Tomas"],
    ["Mehmet", "Mehmed"], ["Recep"], ["Agnès", "Agnes"], ["Benoît", "Benoit"], ["Chloé", "Chloe"],
]

SURNAMES = [
    ["Traoré", "Traore", "Traoure"], ["Keïta", "Keita", "Keyta"], ["Coulibaly", "Kulibali", "Coulibali"],
    ["Diallo", "Jallow", "Dialo"], ["Touré", "Toure", "Ture"], ["Maïga", "Maiga"], ["Goïta", "Goita"],
    ["Cissé", "Cisse", "Sissé"], ["Diarra", "Jarra"], ["Konaté", "Konate"], ["Sidibé", "Sidibe"],
    ["Sangaré", "Sangare"], ["Dembélé", "Dembele"], ["Doumbia", "Dumbia"], ["Kané", "Kane"],
    ["Camara", "Kamara"], ["Sylla", "Silla"], ["Ag Ghaly", "Ag Ghali", "Ag-Ghaly"],
    ["Ag Acharatoumane", "Ag Acharatoumani"], ["Wagué", "Wague"], ["Diop", "Dioup"],
    ["Ndiaye", "N'Diaye", "Njie"], ["Sow", "Sou"], ["Bâ", "Ba"], ["Dicko", "Diko"],
    ["Tembely", "Tembeli"], ["Dao", "Daou"], ["Bagayoko", "Bagayogo"], ["Sanogo"], ["Koné", "Kone"],
    ["Ouattara", "Wattara"], ["Ouédraogo", "Ouedraogo", "Wedraogo"], ["Kaboré", "Kabore"],
    ["Tchiani", "Tiani"], ["Ag Alhousseini", "Ag Alhousseyni"], ["Ould Mohamed", "Ould Mohamed"],
    ["Zelenskyy", "Zelensky", "Zelenskiy", "Selenskyj"], ["Shevchenko", "Schewtschenko", "Chevtchenko"],
    ["Kovalenko", "Kowalenko"], ["Bondarenko", "Bondarenco"], ["Tkachenko", "Tkatchenko"],
    ["Kravchenko", "Krawtschenko"], ["Oliynyk", "Oliinyk", "Oleynik"], ["Shevchuk", "Schewtschuk"],
    ["Koval", "Kowal"], ["Polishchuk", "Polischuk"], ["Boyko", "Boiko", "Bojko"],
    ["Tkachuk", "Tkatchuk"], ["Kovalchuk", "Kowaltschuk"], ["Melnyk", "Melnik"],
    ["Marchenko", "Martschenko"], ["Lysenko", "Lisenko"], ["Rudenko", "Rudenco"],
    ["Savchenko", "Sawtschenko"], ["Petrenko", "Petrenco"], ["Klymenko", "Klimenko"],
    ["Pavlenko", "Pawlenko"], ["Kuzmenko", "Kusmenko"], ["Ivanov", "Ivanoff", "Iwanow"],
    ["Smirnov", "Smirnoff", "Smirnow"], ["Kuznetsov", "Kuznetzov", "Kusnezow"], ["Popov", "Popoff"],
    ["Sokolov", "Sokoloff"], ["Lebedev", "Lebedew"], ["Kozlov", "Kozloff"], ["Novikov", "Nowikow"],
    ["Morozov", "Morosow"], ["Volkov", "Wolkow"], ["Solovyov", "Soloviev", "Solowjow"],
    ["Vasilyev", "Vasiliev", "Wassiljew"], ["Zaitsev", "Zaytsev", "Saizew"], ["Pavlov", "Pawlow"],
    ["Semenov", "Semyonov", "Semjonow"], ["Golubev", "Golubew"], ["Vinogradov", "Winogradow"],
    ["Bogdanov", "Bogdanow"], ["Vorobyov", "Vorobiev", "Worobjow"], ["Fedorov", "Fyodorov", "Fjodorow"],
    ["Mikhailov", "Mikhaylov", "Michailow"], ["Belyaev", "Beliaev", "Beljajew"], ["Tarasov", "Tarassow"],
    ["Müller", "Mueller", "Muller"], ["Schröder", "Schroeder", "Schroder"], ["Lefèvre", "Lefevre"],
    ["Dupré", "Dupre"], ["Gaël", "Gael"], ["Rodríguez", "Rodriguez"], ["García", "Garcia"],
    ["Yılmaz", "Yilmaz"], ["Öztürk", "Ozturk", "Oeztuerk"], ["Nowak", "Novak"],
    ["Wiśniewski", "Wisniewski"], ["Dvořák", "Dvorak"], ["Horváth", "Horvath"],
]

# Slavic surname stems and endings, for procedurally made surnames.
SLAVIC_STEMS = """
Yus Khom Krav Pyvovar Zelen Hrytsen Tymosh Poroshen Kulish Bilous Hnatyuk Zhuk Shcherb
Chorn Bil Syr Kozak Zakhar Fedor Mykhal Vasyl Hryhor Ostap Prokop Yakym Stepan Luk Oles
Danyl Tymur Nazar Kyryl Zhelez Kamen Lis Vovk Sokol Orel Holub Voron Lebed Medved Bobr
Kotl Kuzn Koval Shvets Kravts Melnyk Tkach Bondar Honchar Rybal Myslyv Pasich Kolod Kuchm
Yanuk Turch Avak Arakh Budan Kyrylen Skibit Reznik Podol Mazep Khmel Shukh Dovzh Yarem
Pidhir Zahor Bereh Dubrov Hai Lyakh Rusyn Bukov Polt Cherkas Sumsk Volyn Zakarp Kherson
""".split()
SLAVIC_ENDINGS = [
    ["enko"], ["chuk"], ["ov", "off", "ow"], ["ova"], ["yev", "iev", "ev"], ["skyi", "skyy", "sky", "skiy", "ski"],
    ["ovych", "ovich", "owicz"], ["yuk", "iuk", "juk"], ["ko"], ["ets", "etz"], ["iak", "yak", "jak"],
    ["in", "yn"], ["ovskyi", "ovsky", "ovski"], ["uk"], ["ak"],
]

# West African syllables for procedurally made surnames and places.
SAHEL_SYLLABLES = """
ba ko di sa tou ma ké dou ga yé ka la mo ni sé bou ta ra fa na so ki dja ou ga ha
gué ti bé lo ko mé ya ndi dio sy sou kan dem bé zan go ta wa
""".split()

# Place syllables (Sahel and Ukraine), procedural places take accented and plain spellings.
PLACE_PARTS_SAHEL = """
tin zaou atè ne ki dal ga o tom bouc tou mé na ka bou rem té ssa lit a né fis
aguel hok lé ré nio ro dji bo aga dez til la bé ri do uen tza ha om bo ri dou en
""".split()
PLACE_PARTS_SLAVIC = """
khar kiv myko laiv zapo rizh zhia dni pro bakh mut avdi ivka pokr ovsk kram ator
sum y cher ni hiv vin nyts ia zhyto myr polt ava kher son lu hansk done tsk odes a
""".split()

PLACES = [
    ["Tinzaouatène", "Tinzaouaten", "Tin Zaouatene", "Tinzawatene"], ["Kidal"], ["Gao"],
    ["Tombouctou", "Timbuktu", "Tombuctu"], ["Ménaka", "Menaka"], ["Bamako"], ["Niamey"],
    ["Ouagadougou", "Wagadugu"], ["Ségou", "Segou"], ["Mopti"], ["Tessalit"], ["Anéfis", "Anefis"],
    ["Aguelhok", "Aguelhoc"], ["Léré", "Lere"], ["Nioro du Sahel"], ["Djibo"], ["Agadez"],
    ["Tillabéri", "Tillaberi"], ["Dakar"], ["Abidjan"], ["Conakry"], ["Nouakchott"],
    ["Algiers", "Alger"], ["Tripoli"], ["Khartoum"], ["Moscow", "Moskva"],
    ["Saint Petersburg", "St. Petersburg", "Sankt-Peterburg"], ["Kyiv", "Kiev"],
    ["Kharkiv", "Kharkov"], ["Odesa", "Odessa"], ["Lviv", "Lvov", "Lwów"],
    ["Zaporizhzhia", "Zaporozhye", "Zaporizhia"], ["Mykolaiv", "Nikolaev", "Mykolayiv"],
    ["Dnipro", "Dnepr", "Dnipropetrovsk"], ["Bakhmut", "Artemivsk"], ["Donetsk"], ["Luhansk", "Lugansk"],
    ["Kherson"], ["Sumy"], ["Chernihiv", "Chernigov"], ["Vinnytsia", "Vinnitsa"], ["Zhytomyr", "Zhitomir"],
    ["Kramatorsk"], ["Avdiivka", "Avdeyevka"], ["Pokrovsk"], ["Kursk"], ["Belgorod"],
]

STATES = [
    ["Mali", "Republic of Mali"], ["Ukraine"], ["Russia", "Russian Federation", "Kremlin"], ["Niger"],
    ["Burkina Faso"], ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"], ["Türkiye", "Turkey", "Turkiye"],
    ["Senegal", "Sénégal"], ["Algeria", "Algérie"], ["Mauritania", "Mauritanie"], ["France"],
    ["United States", "U.S.", "USA"], ["United Kingdom", "U.K.", "Britain"], ["Germany"], ["China"],
    ["Guinea", "Guinée"], ["Chad", "Tchad"], ["Nigeria"], ["Ghana"], ["Benin", "Bénin"], ["Togo"],
    ["Libya", "Libye"], ["Sudan"], ["Morocco", "Maroc"], ["Egypt"], ["Iran"], ["Poland", "Polska"],
    ["Belarus", "Byelorussia"], ["Moldova"], ["Romania", "România"], ["Hungary"], ["Italy"], ["Spain"],
    ["Cameroon", "Cameroun"], ["Gambia", "The Gambia"], ["Guinea-Bissau", "Guinée-Bissau"],
    ["Sierra Leone"], ["Liberia"], ["Central African Republic", "CAR", "Centrafrique"],
    ["Democratic Republic of the Congo", "DR Congo", "DRC"], ["Ethiopia"], ["Somalia"], ["Kenya"],
    ["South Africa"], ["Japan"], ["India"], ["Brazil"], ["Israel"], ["Qatar"], ["Saudi Arabia"],
]

NATIONALITY = {
    "Mali": "Malian", "Ukraine": "Ukrainian", "Russia": "Russian", "Niger": "Nigerien",
    "Burkina Faso": "Burkinabe", "Senegal": "Senegalese", "Algeria": "Algerian", "France": "French",
    "United States": "American", "Mauritania": "Mauritanian", "Côte d'Ivoire": "Ivorian",
}

ORG_PREFIXES = """
National Islamic Popular Democratic United Patriotic Strategic Independent Central Federal
Permanent African Sahel Coastal Northern Southern Eastern Western Revolutionary Republican
Transitional Supreme Joint Special Regional International Humanitarian Civic Free
""".split()
ORG_CORES = """
Front Movement Council Coalition Guard Agency Alliance Committee Union Service Command
Directorate Bureau Brigade Battalion Company Bank Corporation Mission Office Party Assembly
Forum Network Institute Foundation Authority Commission Legion Corps Militia Army
""".split()
ORG_CAUSES = """
Liberation Defence Salvation Unity Reconstruction Development Security Justice Sovereignty
Peace Reconciliation Independence Renewal Progress Resistance Dignity Solidarity Democracy
""".split()

MEDIA_SUFFIXES = ["Times", "Post", "Herald", "Tribune", "Observer", "Monitor", "Daily", "Radio",
                  "TV", "Express", "Gazette", "Journal", "Today", "Voice", "Echo"]

OUTLETS = [
    "Reuters", "Agence France-Presse", "Associated Press", "Al Jazeera", "BBC News", "Le Monde",
    "Jeune Afrique", "RFI", "The Kyiv Independent", "Ukrainska Pravda", "The Guardian",
    "The New York Times", "The Washington Post", "Meduza", "Novaya Gazeta Europe", "TASS",
    "RIA Novosti", "Maliweb", "Studio Tamani", "Africanews", "Deutsche Welle", "Euronews",
    "Radio Free Europe/Radio Liberty", "Financial Times", "The Economist", "Bloomberg",
    "Le Figaro", "Libération", "El País", "Der Spiegel", "Anadolu Agency", "Xinhua", "APA News",
    "The Africa Report", "Hromadske", "Suspilne", "Sahel Intelligence", "Le Point", "Mondafrique",
    "The Moscow Times",
]

PERSON_ROLES = [
    "spokesman for the {org}", "spokeswoman for the {org}", "head of the {org}", "commander of the {org}",
    "minister of foreign affairs of {state}", "defence minister of {state}", "president of {state}",
    "prime minister of {state}", "{nat} military intelligence representative", "{nat} opposition leader",
    "analyst at the {org}", "researcher who studies the {place} region", "mayor of {place}",
    "governor of the {place} region", "{nat} ambassador to {state}", "senior official of the {org}",
    "leader of the {org}", "journalist based in {place}", "lawmaker from {place}", "army colonel",
]

TITLES = ["Colonel", "General", "President", "Minister", "Captain", "Dr", "Sheikh", "Commander"]
