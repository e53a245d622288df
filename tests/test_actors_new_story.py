"""Actors on a story nobody curated: every state, place, organisation, outlet and person an
article names, one actor per entity, no junk, and why each was proposed.

Each test pins one construction of news copy with sentences written for it, ingested into an
empty dossier as a journalist starting a new story would."""

from __future__ import annotations

import json

import pytest

from dossier import ingest, store
from dossier.extract import gazetteer, lexicon
from dossier.extract.actors import acronym_fits, core_name, find_names, person_key
from dossier.extract.linking import ActorIndex


def story(tmp_path, *texts: str, outlet: str | None = None):
    """Ingest texts (one file each, in order) into a new dossier; return it opened."""
    paths = []
    for n, text in enumerate(texts):
        path = tmp_path / f"{n:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    db_path = tmp_path / "story.db"
    for path in paths:  # one run per file, as a user adding articles one by one
        report = ingest.ingest(db_path, [path], {"outlet": outlet} if outlet else None)
        assert [f.status for f in report.files] == ["added"], report.files
    return store.open_db(db_path)


def actors(db) -> dict[str, dict]:
    """name -> {kind, aliases, surfaces (of its mentions)}."""
    out = {r["name"]: {"kind": r["kind"], "aliases": r["aliases"], "surfaces": []} for r in store.actor_rows(db)}
    for r in store.query(db, "SELECT a.name, m.surface FROM mention m JOIN actor a ON a.id = m.actor_id ORDER BY m.id"):
        out[r["name"]]["surfaces"].append(r["surface"])
    return out


def names_found(text: str) -> list[tuple[str, str]]:
    return [(n.surface, n.kind) for n in find_names(text, [])]


# -- single-word states and places ----------------------------------------------------------------


def test_single_word_states_are_proposed_as_states(tmp_path):
    db = story(tmp_path, "Mali cut diplomatic ties with Ukraine on Sunday, and Russia welcomed the decision.\n")
    found = actors(db)
    for state in ("Mali", "Ukraine", "Russia"):
        assert found[state]["kind"] == "state", found


def test_a_dateline_in_capitals_is_the_place_it_names(tmp_path):
    db = story(tmp_path, "DAKAR, Aug. 12 (Reuters) — Senegal recalled its ambassador on Monday after talks failed.\n")
    found = actors(db)
    assert found["Dakar"]["kind"] == "place" and found["Dakar"]["surfaces"] == ["DAKAR"]
    assert found["Senegal"]["kind"] == "state"
    assert found["Reuters"]["kind"] == "media"


def test_a_small_city_is_a_place_only_where_the_words_before_say_so():
    assert ("Kidal", "place") in names_found("Fighting resumed in Kidal on Tuesday, officials said.")
    assert names_found("Kidal was quiet, officials said.") == []
    # A sentence-opening word that is also a city's name is no place.
    assert names_found("Reading from a statement, the officer said the border was closed.") == []


def test_republic_of_and_possessive_forms_name_the_state(tmp_path):
    db = story(tmp_path, "Troops in the Republic of Niger moved north. Niger’s President spoke later, and Niger Republic closed its border.\n")
    found = actors(db)
    assert set(found["Niger"]["surfaces"]) == {"Republic of Niger", "Niger", "Niger Republic"}
    assert "Niger’s President" not in found


# -- demonyms and institutions ---------------------------------------------------------------------


def test_a_demonym_with_authorities_or_government_is_the_state(tmp_path):
    db = story(tmp_path, "Malian authorities expelled the envoy. The French government said it regretted the move.\n")
    found = actors(db)
    assert "Malian authorities" in found["Mali"]["surfaces"]
    assert "French government" in found["France"]["surfaces"]


def test_a_states_armed_forces_are_one_actor_however_written(tmp_path):
    db = story(
        tmp_path,
        "French troops left the base on Monday. France’s army said the French military would return.\n",
        "The French forces were redeployed to Chad, Paris said.\n",
    )
    found = actors(db)
    assert set(found["Armed forces of France"]["surfaces"]) == {"French troops", "France’s army", "French military", "French forces"}
    assert found["Armed forces of France"]["kind"] == "organization"


def test_the_junta_is_the_junta_of_the_state_the_article_is_about(tmp_path):
    db = story(
        tmp_path,
        "Niger’s borders were closed. The junta in Niger said the putschists would not yield, and Niger would resist.\n",
        "In Burkina Faso, the military junta dissolved the government. Burkina Faso’s new rulers were sworn in.\n",
    )
    found = actors(db)
    assert found["Junta of Niger"]["surfaces"] == ["junta", "putschists"]
    assert found["Junta of Burkina Faso"]["surfaces"] == ["military junta"]
    # "junta" is a word every coup story uses: it is no alias of either.
    assert "junta" not in found["Junta of Niger"]["aliases"]


def test_a_regional_bloc_is_the_bloc_the_article_names(tmp_path):
    db = story(
        tmp_path,
        "The Economic Community of West African States (ECOWAS) met in Abuja. The regional bloc threatened force.\n",
    )
    found = actors(db)
    ecowas = next(a for a in found.values() if "ECOWAS" in a["aliases"])
    assert "regional bloc" in ecowas["surfaces"]


# -- one actor per entity ---------------------------------------------------------------------------


def test_transliterations_of_a_name_are_one_actor(tmp_path):
    db = story(
        tmp_path,
        "Intelligence spokesman Andrey Yusov said the strike hit its target.\n",
        "Andriy Yusov, the agency's spokesman, said the drones came from the north. Yusov declined to say more.\n",
        "Andrii Yusov told reporters the operation had ended.\n",
    )
    people = [a for a in actors(db).values() if a["kind"] == "person"]
    assert len(people) == 1, people
    assert set(people[0]["surfaces"]) == {"Andrey Yusov", "Andriy Yusov", "Yusov", "Andrii Yusov"}


def test_transliteration_keys_take_out_spelling_differences():
    assert person_key("Prigozhin") == person_key("Prigojine") == person_key("Prigoyine")
    assert person_key("Andrey") == person_key("Andriy") == person_key("Andrii") == person_key("Andrei")
    assert person_key("Pyvovarov") == person_key("Pivovarov")
    assert person_key("Bazoum") != person_key("Tinubu")


def test_surname_alone_in_a_later_article_joins_the_person(tmp_path):
    db = story(
        tmp_path,
        "Ousted president Mohamed Bazoum was held in the palace.\n",
        "Mr Bazoum refused to resign. Supporters of Bazoum gathered outside.\n",
    )
    found = actors(db)
    assert set(found["Mohamed Bazoum"]["surfaces"]) == {"Mohamed Bazoum", "Bazoum"}
    assert "Bazoum" not in found


def test_a_name_with_and_without_a_middle_name_is_one_person(tmp_path):
    db = story(tmp_path, "Lt Col Paul-Henri Sandaogo Damiba was ousted. Paul-Henri Damiba later resigned.\n")
    people = [name for name, a in actors(db).items() if a["kind"] == "person"]
    assert people == ["Paul-Henri Sandaogo Damiba"]


def test_an_organisation_under_its_core_name_is_one_actor(tmp_path):
    db = story(
        tmp_path,
        "Fighters of the mercenary Wagner Group crossed the border.\n",
        "PMC Wagner said its men would turn back. Wagner later left the city.\n",
    )
    found = actors(db)
    assert set(found["Wagner Group"]["surfaces"]) == {"Wagner Group", "PMC Wagner", "Wagner"}
    assert found["Wagner Group"]["kind"] == "armed_group"
    assert core_name("Wagner PMC") == core_name("PMC Wagner") == "wagner"


def test_an_acronym_defined_in_the_text_is_its_long_form(tmp_path):
    db = story(
        tmp_path,
        "Despite warnings from the African Union Commission (AUC), the soldiers stayed.\n",
        "The AUC repeated its call on Friday.\n",
    )
    found = actors(db)
    union = [a for a in found.values() if "AUC" in a["aliases"]]
    assert len(union) == 1 and "African Union Commission" in union[0]["aliases"]
    assert union[0]["surfaces"] == ["African Union Commission", "AUC", "AUC"]


def test_an_acronym_links_to_a_known_long_name_whose_initials_it_fits(tmp_path):
    db = story(
        tmp_path,
        "The Voice of America interviewed the captain.\n",
        "He told VOA that elections would wait.\n",
    )
    found = actors(db)
    assert set(found["Voice of America"]["surfaces"]) == {"Voice of America", "VOA"}
    assert acronym_fits("ecowas", "economic community of west african states".split())
    assert not acronym_fits("mpsr", "patriotic movement for safeguarding and restoration".split())


def test_a_name_two_known_actors_fit_is_proposed_with_both_as_candidates(tmp_path):
    db = story(
        tmp_path,
        "Ali Traore, a farmer, spoke first. Later Awa Traore, a teacher, spoke.\n",
        "President Traore said nothing.\n",
    )
    rows = store.query(db, "SELECT a.name, p.candidates FROM proposal p JOIN actor a ON a.id = p.actor_id WHERE a.name = 'Traore'")
    assert len(rows) == 1
    candidates = json.loads(rows[0]["candidates"])
    names = {store.query(db, "SELECT name FROM actor WHERE id = ?", (i,))[0]["name"] for i in candidates}
    assert names == {"Ali Traore", "Awa Traore"}


def test_a_place_named_short_joins_its_full_name(tmp_path):
    db = story(
        tmp_path,
        "The fighters took Rostov-on-Don overnight.\n",
        "Residents of Rostov said the fighters left at dawn. Troops moved in Rostov later.\n",
    )
    found = actors(db)
    assert set(found["Rostov-on-Don"]["surfaces"]) == {"Rostov-on-Don", "Rostov"}


def test_a_long_name_links_to_a_known_acronym_its_initials_fit(tmp_path):
    db = story(tmp_path, "A reporter for AFP saw the convoy.\n", "Agence France-Presse said the convoy left.\n")
    found = actors(db)
    assert set(found["AFP"]["surfaces"]) == {"AFP", "Agence France-Presse"}


def test_a_known_outlet_takes_the_state_inside_its_name(tmp_path):
    db = story(tmp_path, "France recalled its envoy.\n", "The captain told FRANCE 24 that France must leave.\n")
    found = actors(db)
    assert found["FRANCE 24"]["surfaces"] == ["FRANCE 24"]
    assert found["France"]["surfaces"] == ["France", "France"]


def test_institutions_of_two_states_stay_two_actors(tmp_path):
    db = story(
        tmp_path,
        "Niger's foreign ministry summoned the envoy.\n",
        "France's foreign ministry denied the claim.\n",
    )
    found = actors(db)
    assert found["Ministry of foreign affairs of Niger"]["surfaces"] == ["Niger's foreign ministry"]
    assert found["Ministry of foreign affairs of France"]["surfaces"] == ["France's foreign ministry"]


def test_the_story_state_is_the_one_named_most_not_the_demonym_most_used(tmp_path):
    db = story(
        tmp_path,
        "In Burkina Faso, the junta accused the French embassy of hiding the ousted leader. "
        "French forces denied it, French officials said, and Burkina Faso's capital stayed calm.\n",
    )
    assert "junta" in actors(db)["Junta of Burkina Faso"]["surfaces"]


def test_a_word_before_a_place_noun_or_after_a_place_preposition_is_a_place(tmp_path):
    assert ("Sahel", "place") in names_found("Much of the Sahel region is at war.")
    assert ("Kamboinsin", "place") in names_found("He took refuge in the French base at Kamboinsin on Friday.")
    assert ("Kamboinsin", "place") in names_found("He went to the Kamboinsin French military base.")
    assert names_found("Much of the region is at war.") == []


def test_a_capitalised_word_before_group_names_an_organisation():
    assert ("Wagner group", "organization") in names_found("The leader of the Wagner group spoke.")
    assert names_found("The leader of the Islamist group spoke.") == []


def test_first_names_written_with_or_without_a_hyphen_are_one_person(tmp_path):
    db = story(
        tmp_path,
        "Sub-Lieutenant Jean-Baptiste Kabré read the statement.\n",
        "The statement was read by Lt Jean Baptiste Kabre on Sunday.\n",
    )
    people = {name: a["surfaces"] for name, a in actors(db).items() if a["kind"] == "person"}
    assert people == {"Jean-Baptiste Kabré": ["Jean-Baptiste Kabré", "Jean Baptiste Kabre"]}


# -- no junk ----------------------------------------------------------------------------------------


def test_photo_credits_name_their_agencies_not_actors_of_their_labels(tmp_path):
    db = story(
        tmp_path,
        "Soldiers on the streets of the capital. Photo: Getty Images\n"
        "The general spoke on television. Image Credit: ORTN/AFP\n",
    )
    found = actors(db)
    assert not [name for name in found if "Getty" in name or "Image" in name or "Photo" in name]
    assert found["AFP"]["kind"] == "media"


def test_bylines_name_no_actors(tmp_path):
    db = story(tmp_path, "By Jane Mbeki and Tom Okafor\nThe talks in Abuja ended without a deal.\n")
    assert set(actors(db)) == {"Abuja"}


def test_sentence_initial_words_and_fragments_are_no_part_of_a_name(tmp_path):
    db = story(
        tmp_path,
        "President Mohamed Bazoum was detained on Wednesday.\n"
        "Acknowledging Bazoum’s arrest, the soldiers read a statement. Members of the Russian delegation left.\n",
    )
    found = actors(db)
    assert not [name for name in found if name.startswith(("Acknowledging", "Members", "of "))], found
    assert "Russian" not in found


def test_a_kicker_in_capitals_is_no_name():
    assert names_found("EN DIRECT\nThe soldiers announced the end of the regime.") == []


# -- titles and kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, person",
    [
        ("The statement was read by Col. Amadou Abdramane on television.", "Amadou Abdramane"),
        ("Army Captain Ibrahim Traoré took power.", "Ibrahim Traoré"),
        ("UN Secretary General Antonio Guterres condemned the coup.", "Antonio Guterres"),
        ("Kenyan President William Ruto called it a setback.", "William Ruto"),
        ("He met Chief of the General Staff Valery Gerasimov.", "Valery Gerasimov"),
        ("The talks were led by Lt Jean Baptiste Kabre on Sunday.", "Jean Baptiste Kabre"),
    ],
)
def test_a_title_is_no_part_of_a_persons_name(text, person):
    assert (person, "person") in names_found(text)


def test_what_a_title_follows_or_leads_to_is_named_on_its_own():
    assert ("UN", "organization") in names_found("UN Secretary General Antonio Guterres condemned the coup.")
    assert ("General Staff", "organization") in names_found("He met Chief of the General Staff Valery Gerasimov.")
    assert ("National Council for the Safeguard of the Homeland", "organization") in names_found(
        "He read a statement as President of the National Council for the Safeguard of the Homeland on Friday."
    )
    assert names_found("The Heads of State met in Abuja.") == [("Abuja", "place")]


def test_outlets_are_media_whether_known_or_the_articles_own(tmp_path):
    db = story(
        tmp_path,
        "The captain told FRANCE 24 and the BBC that he was in control. Published in Daily Lantern, October 2nd.\n",
        outlet="Daily Lantern (AFP copy)",
    )
    found = actors(db)
    assert {found[n]["kind"] for n in ("FRANCE 24", "BBC", "Daily Lantern")} == {"media"}
    assert "France" not in found  # FRANCE 24 is an outlet, not the state


def test_each_proposal_records_its_rule_surface_evidence_and_kind_confidence(tmp_path):
    db = story(tmp_path, "OUAGADOUGOU: Captain Ibrahim Traoré said French troops must leave.\n")
    rows = {
        r["name"]: r
        for r in store.query(
            db,
            'SELECT a.name, p.rule, p.surface, p.start, p."end", p.kind_confidence, s.text FROM proposal p '
            "JOIN actor a ON a.id = p.actor_id JOIN source s ON s.id = p.source_id",
        )
    }
    assert rows["Ouagadougou"]["rule"] == "gazetteer" and rows["Ouagadougou"]["surface"] == "OUAGADOUGOU"
    assert rows["Ibrahim Traoré"]["rule"] == "title + name"
    assert rows["Armed forces of France"]["rule"] == "state + institution"
    for r in rows.values():
        assert r["text"][r["start"] : r["end"]] == r["surface"]
        assert 0 < r["kind_confidence"] <= 1


def test_an_older_dossier_gets_the_proposal_table_when_written_to(tmp_path, db_copy):
    with store.write_transaction(store.open_for_writing(db_copy)) as db:
        db.execute("DROP TABLE proposal")
    path = tmp_path / "a.txt"
    path.write_text("Captain Seydou Kone arrived in Bamako.\n", encoding="utf-8")
    assert [f.status for f in ingest.ingest(db_copy, [path]).files] == ["added"]
    db = store.open_db(db_copy)
    assert store.query(db, "SELECT count(*) AS n FROM proposal")[0]["n"] >= 1


# -- the run's index ---------------------------------------------------------------------------------


def test_the_runs_index_is_the_one_a_rebuild_from_the_database_gives(tmp_path):
    texts = [
        "Captain Ibrahim Traoré said the Economic Community of West African States (ECOWAS) must act.\n",
        "PMC Wagner and its chief Yevgeny Prigozhin left Rostov-on-Don. Malian authorities said nothing.\n",
        "Ibrahim Traore met ECOWAS envoys in Ouagadougou.\n",
        "In Chad, the junta closed the border, and Chad recalled its envoys.\n",
        "Chad backs the Union for Renewal and Order (URO), the name of the junta that seized power.\n",
    ]
    paths = []
    for n, text in enumerate(texts):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    db_path = tmp_path / "story.db"
    store.create(db_path)
    db = store.open_for_writing(db_path)
    state = ingest.RunState.load(db)
    for path in paths:
        from dossier.readers import read_article

        ingest.ingest_article(db, read_article(path, {}), state, "2024-01-01T00:00:00+00:00")
    rebuilt = ingest.actor_index(db)
    for field in ("names", "kinds", "governments", "aliases", "people", "cores", "long_names", "positions", "blocks", "by_name"):
        assert getattr(state.index, field) == getattr(rebuilt, field), field
    assert state.index.owners == rebuilt.owners
    (junta,) = [i for i, name in rebuilt.names.items() if name == "Junta of Chad"]
    assert {"Union for Renewal and Order", "URO"} <= set(rebuilt.aliases[junta])


# -- the gazetteer ---------------------------------------------------------------------------------


def test_every_irregular_demonym_and_short_name_names_a_gazetteer_state():
    for demonym, name in lexicon.DEMONYMS.items():
        assert gazetteer.state_of_demonym(demonym) == name, demonym
        assert gazetteer.place(name).kind == "state", name
    for short, name in lexicon.STATE_SHORT_NAMES.items():
        assert gazetteer.place(short).name == name, short


def test_regular_demonyms_come_from_the_state_names():
    assert {w: gazetteer.state_of_demonym(w) for w in ("Malian", "Russian", "Ukrainian", "Chadian", "Kenyan")} == {
        "Malian": "Mali", "Russian": "Russia", "Ukrainian": "Ukraine", "Chadian": "Chad", "Kenyan": "Kenya",
    }  # fmt: skip
    assert gazetteer.state_of_demonym("Nigerian") == "Nigeria" and gazetteer.state_of_demonym("Nigerien") == "Niger"


def test_the_gazetteer_knows_cities_with_their_accents_and_states_in_capitals():
    assert gazetteer.place("LOMÉ").kind == "place"
    assert gazetteer.place("Bobo-Dioulasso").country == "BF"
    assert gazetteer.place("BURKINA FASO").name == "Burkina Faso"
    assert gazetteer.place("Kidal") is None and gazetteer.place("Kidal", minor=True).country == "ML"
    assert gazetteer.place("Kamboinsin") is None


def test_an_index_built_from_no_rows_knows_nothing():
    index = ActorIndex.from_rows([], [])
    assert index.person(["bazoum"]) == set() and index.acronym("UN") == set()


# -- one actor per entity: what a new story still split -------------------------------------------


def test_a_page_buttons_label_is_no_part_of_the_name_after_it(tmp_path):
    db = story(
        tmp_path,
        "Belarusian leader Alexander Lukashenko said he had spoken to the rebels.\n",
        "✕ Close Lukashenko says the deal holds\nShare Lukashenko thanked the army on Sunday.\n",
    )
    found = actors(db)
    assert not [name for name in found if name.startswith(("Close", "Share"))], found
    assert found["Alexander Lukashenko"]["surfaces"].count("Lukashenko") == 2


def test_a_body_every_state_has_named_alone_is_the_story_states(tmp_path):
    db = story(
        tmp_path,
        "Chad's armed forces moved north. Chad closed the border, and Chad said the Defence Ministry would explain. "
        "The commander of the Armed Forces spoke later.\n",
        "Sudan's foreign ministry protested to Chad. Chad replied, but the foreign ministry in Khartoum said "
        "nothing more. In Chad, the country's defence ministry was silent.\n",
    )
    found = actors(db)
    assert set(found["Ministry of defence of Chad"]["surfaces"]) == {"Defence Ministry", "defence ministry"}
    assert set(found["Armed forces of Chad"]["surfaces"]) == {"Chad's armed forces", "Armed Forces"}
    # Named with Sudan before, the foreign ministry is Sudan's though the article names Chad more.
    assert set(found["Ministry of foreign affairs of Sudan"]["surfaces"]) == {"Sudan's foreign ministry", "foreign ministry"}
    # As a generic phrase it is no alias: "the Defence Ministry" of another story is another state's.
    assert "Defence Ministry" not in found["Ministry of defence of Chad"]["aliases"]


def test_a_body_every_state_has_goes_to_no_state_where_none_leads_clearly(tmp_path):
    db = story(
        tmp_path,
        "Chad and Sudan traded accusations; Sudan and Chad met later, and Chad hosted the talks. "
        "The defence ministry said nothing.\n",
    )
    assert not [name for name in actors(db) if name.startswith("Ministry")]


def test_a_junta_named_in_the_text_is_one_actor_with_its_name(tmp_path):
    db = story(
        tmp_path,
        "In Chad, the junta closed the border on Monday, and Chad recalled its envoys.\n",
        "Soldiers in Chad said they backed the Union for Renewal and Order (URO), the name of the junta "
        "that seized power. Chad stayed calm.\n",
        "The Union for Renewal and Order said Chad would hold no vote this year.\n",
    )
    found = actors(db)
    junta = found["Junta of Chad"]
    assert {"Union for Renewal and Order", "URO"} <= set(junta["aliases"])
    assert {"junta", "Union for Renewal and Order", "URO"} <= set(junta["surfaces"])
    assert "Union for Renewal and Order" not in found


def test_a_junta_that_calls_itself_by_a_name_takes_that_name(tmp_path):
    db = story(
        tmp_path,
        "Gabon's borders stayed shut. The junta, which calls itself the Committee for the Transition "
        "and Restoration of Institutions, said Gabon would vote in two years.\n",
    )
    found = actors(db)
    council = found["Committee for the Transition and Restoration of Institutions"]
    assert set(council["surfaces"]) == {"junta", "Committee for the Transition and Restoration of Institutions"}
    assert "Junta of Gabon" in council["aliases"] and "junta" not in council["aliases"]
    assert "Junta of Gabon" not in found


def test_one_office_over_a_description_and_a_name_makes_them_one(tmp_path):
    db = story(
        tmp_path,
        "General Brice Nguema, the president of the transitional council that took power in Gabon, "
        "spoke on Wednesday. Nguema read a statement as president of the Committee for the Transition "
        "and Restoration of Institutions.\n",
    )
    found = actors(db)
    council = found["Committee for the Transition and Restoration of Institutions"]
    assert set(council["surfaces"]) == {"transitional council", "Committee for the Transition and Restoration of Institutions"}


def test_a_list_after_the_junta_names_no_junta(tmp_path):
    db = story(
        tmp_path,
        "In Gabon, the junta, the Economic Community of Central African States and the African Union met. "
        "The junta said Gabon would talk to the Economic Community of Central African States again.\n",
    )
    found = actors(db)
    assert set(found["Junta of Gabon"]["surfaces"]) == {"junta"}


def test_a_name_the_text_says_is_spelled_another_way_is_one_actor(tmp_path):
    db = story(
        tmp_path,
        "Fighters attacked the Tesawa military camp on Monday, officials in Niamey said.\n"
        "The commander denied hiding at the base of Tessaoua (as the name of that camp is also spelled).\n",
        "Villagers sheltered in Zandukoro (also spelt Zandoukro) after the attack.\n",
    )
    found = actors(db)
    assert set(found["Tesawa"]["surfaces"]) == {"Tesawa", "Tessaoua"}
    assert "Tessaoua" not in found and "Tessaoua" not in found["Niamey"]["surfaces"]
    assert set(found["Zandukoro"]["surfaces"]) == {"Zandukoro", "Zandoukro"}
    assert "Zandoukro" in found["Zandukoro"]["aliases"]


def test_a_spelling_note_with_nothing_like_the_name_before_joins_nothing(tmp_path):
    db = story(
        tmp_path,
        "Officials in Niamey said the convoy was attacked near the town of Bilma "
        "(as the name is also spelled in French maps).\n",
    )
    found = actors(db)
    assert found["Bilma"]["surfaces"] == ["Bilma"] and found["Niamey"]["surfaces"] == ["Niamey"]


def test_a_states_military_is_its_junta_where_the_story_has_one(tmp_path):
    db = story(
        tmp_path,
        "In Guinea, the junta dissolved parliament, and Guinea closed its borders.\n",
        "The regional bloc gave Guinea's military a week to restore order. Guinea's army stayed in barracks, "
        "and French military advisers left Guinea.\n",
    )
    found = actors(db)
    assert set(found["Junta of Guinea"]["surfaces"]) == {"junta", "Guinea's military"}
    assert found["Armed forces of Guinea"]["surfaces"] == ["Guinea's army"]
    assert found["Armed forces of France"]["surfaces"] == ["French military"]


def test_a_demonym_slip_for_the_story_state_is_the_story_states(tmp_path):
    db = story(
        tmp_path,
        "Niger closed its airspace. The junta in Niger said Niger would not yield, and the Nigerian junta "
        "named a new cabinet.\n",
        "Nigeria and Niger share a border. Nigerian officials said the Nigerian army was ready.\n",
    )
    found = actors(db)
    assert set(found["Junta of Niger"]["surfaces"]) == {"junta", "Nigerian junta"}
    assert "Junta of Nigeria" not in found
    # Where the article names Nigeria, "Nigerian" is Nigeria's.
    assert found["Armed forces of Nigeria"]["surfaces"] == ["Nigerian army"]


def test_demonym_slips_are_a_letter_from_the_states_own():
    assert gazetteer.demonym_slip("Nigerian", "Niger")
    assert not gazetteer.demonym_slip("Nigerien", "Niger")  # its own
    assert not gazetteer.demonym_slip("Malian", "Niger")


def test_two_people_in_one_office_of_two_bodies_make_them_no_one(tmp_path):
    db = story(
        tmp_path,
        "In Guinea, Colonel Awa Diallo, the president of the transitional council, met Omar Keita, "
        "president of the Coastal Trade Commission, on Monday. Guinea said the talks went well.\n",
    )
    found = actors(db)
    assert found["Junta of Guinea"]["surfaces"] == ["transitional council"]
    assert found["Coastal Trade Commission"]["surfaces"] == ["Coastal Trade Commission"]


def test_two_junta_names_and_two_spelling_notes_in_one_article_never_lose_an_actor(tmp_path):
    db = story(
        tmp_path,
        "In Gabon, the junta, known as the Committee for the Transition, met. Later the junta, which calls "
        "itself the Transition Committee, said the camps at Tesawa (as the name is also spelled) and at "
        "Tessaoua (also spelt Tesaoua) were closed.\n",
    )
    found = actors(db)
    (junta,) = [a for a in found.values() if "junta" in a["surfaces"]]
    assert set(junta["surfaces"]) == {"junta", "Committee for the Transition", "Transition Committee"}
    assert set(found["Tessaoua"]["surfaces"]) == {"Tessaoua", "Tesaoua"}
