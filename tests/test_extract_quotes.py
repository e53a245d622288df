"""Quotes and speakers: every quotation found, attributed from its sentence, checked on gold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dossier.extract.actors import AliasMatcher, governments
from dossier.extract.quotes import ActorRef, find_quote_spans, find_quotes
from dossier.extract.text import chrome_spans

from .conftest import DATA

ACTORS = {
    1: ("Andriy Yusov", "person", ["Andriy Yusov", "Yusov"]),
    2: ("Abdoulaye Maiga", "person", ["Abdoulaye Maiga", "Maiga"]),
    3: ("Ukraine Ministry of Foreign Affairs", "organization", ["Ukraine’s Foreign Ministry"]),
    4: ("Ukrainian military intelligence (GUR)", "organization", ["Ukrainian military intelligence"]),
    5: ("Mali", "state", ["Mali"]),
    6: ("Government of Mali", "organization", ["Mali’s government"]),
    7: ("ECOWAS", "organization", ["ECOWAS"]),
}


def refs(text: str) -> list[ActorRef]:
    matcher = AliasMatcher((i, a) for i, (_, _, aliases) in ACTORS.items() for a in aliases)
    return [
        ActorRef(h.start, h.end, h.actor_ids[0], ACTORS[h.actor_ids[0]][0], ACTORS[h.actor_ids[0]][1])
        for h in matcher.find(text)
    ]


def quotes(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, ACTORS[q.speaker_id][0] if q.speaker_id else None) for q in find_quotes(text, refs(text))]


def test_curly_and_straight_double_quotes_are_found():
    text = 'He said “one thing” and "another thing".'
    assert [t for t, _ in quotes(text)] == ["one thing", "another thing"]


def test_single_quotes_are_found_but_apostrophes_are_not():
    text = "Ukraine’s envoy called it ‘a hasty move’ and 'regrettable'. The rebels' claims stand."
    assert [t for t, _ in quotes(text)] == ["a hasty move", "regrettable"]


def test_apostrophe_inside_a_quote_does_not_end_it():
    assert quotes("Maiga said it was “Ukraine’s involvement, plain and simple.”")[0][0] == (
        "Ukraine’s involvement, plain and simple."
    )


def test_quote_over_several_sentences_is_one_quote():
    text = "“We will not discuss it. There will be a continuation,” Yusov said."
    assert quotes(text) == [("We will not discuss it. There will be a continuation,", "Andriy Yusov")]


def test_speaker_named_after_the_quote():
    assert quotes("“With immediate effect,” Maiga said.") == [("With immediate effect,", "Abdoulaye Maiga")]
    assert quotes("“We have links,” said Yusov, a spokesman.") == [("We have links,", "Andriy Yusov")]


def test_speaker_named_before_the_quote():
    assert quotes("Yusov said that “the rebels received information.”")[0][1] == "Andriy Yusov"


def test_appositive_does_not_steal_the_subject():
    text = "Abdoulaye Maiga, spokesperson for Mali’s government, stated that the country was “deeply shocked”."
    assert quotes(text)[0][1] == "Abdoulaye Maiga"


def test_he_added_goes_back_to_the_last_speaker():
    text = "Yusov said that “the rebels got help.” “There will be a continuation,” he added."
    assert quotes(text)[1] == ("There will be a continuation,", "Andriy Yusov")


def test_pronoun_before_the_quote_goes_back_to_the_subject():
    text = "Maiga spoke on TV. He accused Ukraine of “violating sovereignty” in an action he described as “barbaric.”"
    assert [s for _, s in quotes(text)] == ["Abdoulaye Maiga", "Abdoulaye Maiga"]


def test_the_ministry_said_resolves_to_the_ministry_mentioned_before():
    text = "Ukraine’s Foreign Ministry objected. “Mali decided without evidence,” the ministry said in a statement."
    assert quotes(text)[0][1] == "Ukraine Ministry of Foreign Affairs"


def test_the_communique_reads_resolves_to_the_body_that_issued_it():
    text = "ECOWAS met on Friday. “We condemn the coup,” the communiqué reads."
    assert quotes(text)[0][1] == "ECOWAS"


def test_according_to_names_the_speaker():
    assert quotes("“Losses were heavy,” according to Yusov.")[0][1] == "Andriy Yusov"


def test_colon_names_the_speaker():
    assert quotes("Yusov: “We will not comment.”")[0][1] == "Andriy Yusov"


def test_described_speaker_links_to_the_organisation():
    text = "A representative from Ukrainian military intelligence disclosed that rebels had “necessary information”."
    assert quotes(text)[0][1] == "Ukrainian military intelligence (GUR)"


def test_scare_quotes_have_no_speaker():
    assert quotes("The so-called “peace plan” was never published.") == [("peace plan", None)]


def test_quote_opening_the_next_sentence_continues_the_speaker():
    text = "“We saw a pivot,” said Yusov, an analyst. “And the tactics are brutal.”"
    assert quotes(text)[1] == ("And the tactics are brutal.", "Andriy Yusov")


def test_abbreviations_do_not_end_the_sentence():
    text = "Maiga, a former U.S. envoy to the Sahel, said that “Russia cannot replace them.”"
    assert quotes(text)[0][1] == "Abdoulaye Maiga"


def test_a_state_speaks_through_its_government():
    govs = governments((i, kind, aliases) for i, (_, kind, aliases) in ACTORS.items())
    assert govs == {5: 6}


def test_quotes_in_page_chrome_are_skipped():
    text = "“Subscribe now”\n" + "Yusov said that “it worked.” " * 10
    found = find_quote_spans(text, skip=[(0, 15)])
    assert text[found[0][0] : found[0][1]] == "it worked."


@given(st.text(alphabet=st.sampled_from(list("ab .,“”\"'‘’\n:Yusov said")), max_size=120))
def test_quote_spans_are_exact_and_never_raise(text):
    for q in find_quotes(text, refs(text)):
        assert text[q.start : q.end] == q.text
        assert q.context_start <= q.start <= q.end <= q.context_end or q.context_end == 0


def _gold_run(gold):
    actors = gold["actors"]
    names = [a["name"] for a in actors]
    kinds = [a["kind"] for a in actors]
    aliases = [[a["name"], *a["aliases"]] for a in actors]
    matcher = AliasMatcher((i, al) for i, group in enumerate(aliases) for al in group)
    govs = governments((i, kinds[i], aliases[i]) for i in range(len(actors)))
    found = want = hit = speaker_ok = 0
    misses = []
    for art in gold["articles"]:
        text = (DATA / "sources" / art["file"]).read_text(encoding="utf-8")
        chrome = chrome_spans(text)
        mentions = [ActorRef(h.start, h.end, h.actor_ids[0], names[h.actor_ids[0]], kinds[h.actor_ids[0]])
                    for h in matcher.find(text)]
        got = find_quotes(text, mentions, chrome)
        expected = {q["text"]: q["speaker"] for q in art["quotes"]}
        found += len(got)
        want += len(expected)
        for q in got:
            if q.text in expected:
                hit += 1
                speaker = govs.get(q.speaker_id, q.speaker_id)
                name = names[speaker] if speaker is not None else None
                if name == expected[q.text]:
                    speaker_ok += 1
                else:
                    misses.append((art["file"][:3], q.text[:40], name, expected[q.text]))
    return found, want, hit, speaker_ok, misses


def test_quotes_reach_gold_precision_recall_and_speaker_accuracy(gold):
    found, want, hit, speaker_ok, misses = _gold_run(gold)
    precision, recall, accuracy = hit / found, hit / want, speaker_ok / hit
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    assert accuracy >= 0.85, (accuracy, misses)


def test_a_name_inside_a_quotation_is_never_its_speaker():
    text = "“ECOWAS has few options,” said Yusov, adding that the bloc had “no good choices”."
    assert [s for _, s in quotes(text)] == ["Andriy Yusov", "Andriy Yusov"]


def test_the_full_name_after_the_article_names_the_speaker():
    assert quotes("“We condemn it,” the ECOWAS said in a statement.")[0][1] == "ECOWAS"


@given(
    text=st.lists(
        st.sampled_from(["said", "SAID", "ſaid", "he", "Hé", "it", "that", "told", "toLD", "tolds", "_", "9", "é", " ", ",", "\n", "“"]),
        max_size=20,
    ).map("".join),
    start=st.integers(min_value=0, max_value=60),
    end=st.integers(min_value=0, max_value=60),
    before=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
)
def test_speech_verbs_read_a_word_at_a_time_match_the_verb_pattern(text, start, end, before):
    """`_listed_words` gives the spans the alternation's own finditer gives (whole words,
    any case, letters re.I folds: "ſaid", "KEEP"), from any start to any end."""
    from dossier.extract.quotes import _CLAUSE_MARK, _CLAUSE_WORDS, _VERB_RE, _VERB_WORDS, _listed_words

    for words, pattern in ((_VERB_WORDS, _VERB_RE), (_CLAUSE_WORDS, _CLAUSE_MARK)):
        expected = [m.span() for m in pattern.finditer(text, start, end) if before is None or m.start() < before]
        assert [m.span() for m in _listed_words(text, start, end, words, pattern, before)] == expected
