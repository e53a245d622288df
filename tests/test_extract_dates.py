"""Date expressions: finding them, resolving them against the publication date, and gold."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.extract.dates import DateMention, find_dates, reference_in_text

SUN = datetime.date(2024, 8, 4)  # a Sunday
MON = datetime.date(2024, 8, 5)  # the Monday after
FALLBACK_REFERENCE = datetime.date(2024, 8, 4)  # median publication date of the seed sources

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"
GOLD_PATH = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "gold.json"
if not GOLD_PATH.exists():
    GOLD_PATH = Path(__file__).parent / "gold.json"


def found(text: str, reference: datetime.date | None = SUN, **kw) -> list[tuple[str, str | None]]:
    return [(m.surface, m.date) for m in find_dates(text, reference, **kw)]


def only(text: str, reference: datetime.date | None = SUN) -> DateMention:
    mentions = find_dates(text, reference)
    assert len(mentions) == 1, mentions
    return mentions[0]


# Absolute dates --------------------------------------------------------------------------


def test_month_day_with_year_is_a_day():
    m = only("published Aug 4, 2024 in Bamako")
    assert (m.surface, m.date, m.precision) == ("Aug 4, 2024", "2024-08-04", "day")


def test_abbreviated_month_with_dot_and_no_year_takes_reference_year():
    assert found("announced on Aug. 4.") == [("Aug. 4", "2024-08-04")]


def test_month_day_without_year_takes_reference_year():
    assert found("stopped by rebels on July 25, Nasr said") == [("July 25", "2024-07-25")]


def test_month_day_shortly_after_reference_stays_in_reference_year():
    assert found("a tour from Aug. 4 to Aug. 8") == [("Aug. 4", "2024-08-04"), ("Aug. 8", "2024-08-08")]


def test_month_day_far_after_reference_falls_back_to_previous_year():
    assert found("on Dec. 20 the convoy left", datetime.date(2024, 1, 5)) == [("Dec. 20", "2023-12-20")]


def test_day_month_year_order():
    assert found("signed on 4 August 2024 and 25th of July") == [
        ("4 August 2024", "2024-08-04"),
        ("25th of July", "2024-07-25"),
    ]


def test_month_of_this_or_last_year_is_one_mention():
    assert found("who seized power in January this year, fled") == [("January this year", "2024-01")]
    assert found("in March last year") == [("March last year", "2023-03")]


def test_month_day_of_year():
    assert found("no later than July 1 of 2024") == [("July 1 of 2024", "2024-07-01")]


def test_iso_date():
    assert found("updated 2024-08-04T10:00") == [("2024-08-04", "2024-08-04")]


def test_month_and_year_is_a_month():
    m = only("since August 2023")
    assert (m.surface, m.date, m.precision) == ("August 2023", "2023-08", "month")


def test_weekday_before_a_full_date_is_one_mention():
    assert found("Sunday, Aug. 4, 2024") == [("Sunday, Aug. 4, 2024", "2024-08-04")]


def test_impossible_date_is_found_but_unresolved():
    assert found("on Feb. 30, 2024") == [("Feb. 30, 2024", None)]


# Bare years ----------------------------------------------------------------------------


def test_bare_year_after_a_cue_word_is_a_year():
    m = only("seized power in a coup in 2020.")
    assert (m.surface, m.date, m.precision) == ("2020", "2020", "year")


def test_second_year_of_a_pair_or_range_is_a_year():
    assert found("coups in 2020 and 2021.") == [("2020", "2020"), ("2021", "2021")]
    assert found("between 2019 and 2021 they ruled") == [("2019", "2019"), ("2021", "2021")]


def test_counts_and_thousands_are_not_years():
    assert found("approximately 2,000 fighters and 2020 fighters, a 2020% rise") == []


def test_numbered_labels_are_not_years():
    assert found("the goals of the African Union's Agenda 2063 plan") == []


def test_decades_are_not_years():
    assert found("the 1990s") == []


# Weekdays ---------------------------------------------------------------------------------


def test_weekday_is_most_recent_such_day_on_or_before_reference():
    assert found("said in a statement Monday.", MON) == [("Monday", "2024-08-05")]
    assert found("On Monday, the United States withdrew", SUN) == [("Monday", "2024-07-29")]


def test_late_weekday_is_one_mention():
    assert found("the announcement came late Sunday after", MON) == [("late Sunday", "2024-08-04")]


def test_weekday_with_part_of_day_is_one_mention_without_the_preposition():
    assert found("announced on Sunday evening, marks", SUN) == [("Sunday evening", "2024-08-04")]


def test_last_and_next_weekday():
    assert found("last Sunday and next Friday", SUN) == [("last Sunday", "2024-07-28"), ("next Friday", "2024-08-09")]


def test_weekday_in_the_future_tense_is_the_next_one():
    sat = datetime.date(2023, 7, 29)
    assert found("West African leaders will meet Sunday in Abuja", sat) == [("Sunday", "2023-07-30")]
    assert found("The vote is due to take place on Friday.", MON) == [("Friday", "2024-08-09")]
    # A clause break ends the future: what comes after it is reported as usual.
    assert found("They will meet, officials said on Friday.", MON) == [("Friday", "2024-08-02")]


def test_weekday_with_a_month_day_fixes_a_missing_year():
    # 30 September is a Friday in 2022, not in 2023: the weekday names the year.
    assert found("on Friday September 30, announced", datetime.date(2024, 8, 4)) == [
        ("Friday September 30", "2022-09-30")
    ]


def test_a_weekday_opened_by_a_lower_case_word_is_a_date_after_a_name():
    assert found("severed relations with Kestan late Sunday, accusing it", MON) == [("late Sunday", "2024-08-04")]


def test_weekday_inside_a_name_is_not_a_date():
    assert found("according to the Sunday Times, a Good Friday deal") == []


# Relative to the reference ------------------------------------------------------------


def test_last_week_is_monday_of_previous_sunday_started_week():
    # On a Sunday and on the Monday after, the previous week is the one starting Sun 07-28.
    assert found("in a broadcast last week", SUN) == [("last week", "2024-07-29")]
    assert found("in a broadcast last week", MON) == [("last week", "2024-07-29")]


def test_this_week_is_monday_of_current_week():
    assert found("this week", datetime.date(2024, 8, 7)) == [("this week", "2024-08-05")]


def test_later_this_week_never_lands_before_the_reference():
    wed = datetime.date(2024, 8, 7)
    m = only("Kuleba will travel to Zambia later this week", wed)
    assert (m.date, m.precision) == ("2024-08", "month")
    assert only("later this week", datetime.date(2024, 8, 31)).date == "2024-09"  # a Saturday


def test_weekends_are_dated_by_their_month():
    wed = datetime.date(2022, 10, 5)
    assert found("in turmoil again over the weekend when", wed) == [("the weekend", "2022-10")]
    assert found("fighting last weekend", datetime.date(2024, 8, 3)) == [("last weekend", "2024-07")]
    assert found("talks this weekend", datetime.date(2024, 7, 31)) == [("this weekend", "2024-08")]


def test_earlier_in_the_day_is_the_previous_day_mentioned_else_the_reference():
    assert found("On July 25 troops left. Later that day rebels attacked.") == [
        ("July 25", "2024-07-25"),
        ("Later that day", "2024-07-25"),
    ]
    assert found("its embassy earlier in the day also denied it") == [("earlier in the day", "2024-08-04")]


def test_last_month_and_last_year():
    assert found("clashes last month and last year") == [("last month", "2024-07"), ("last year", "2023")]


def test_last_month_in_january_is_previous_december():
    assert found("last month", datetime.date(2024, 1, 15)) == [("last month", "2023-12")]


def test_counted_ago_is_relative_to_reference():
    assert found("began two years ago") == [("two years ago", "2022")]
    assert found("three weeks ago") == [("three weeks ago", "2024-07-14")]
    assert found("6 months ago") == [("6 months ago", "2024-02")]


def test_earlier_this_year():
    m = only("Earlier this year, the junta")
    assert (m.surface, m.date, m.precision) == ("Earlier this year", "2024", "year")


def test_yesterday_and_today():
    assert found("yesterday and today") == [("yesterday", "2024-08-03"), ("today", "2024-08-04")]


# Relative to the previous mention -----------------------------------------------------------


def test_months_later_counts_from_previous_year_mention_at_year_precision():
    text = "seizing Bakhmut last year. Shortly after, he marched. He was killed two months later."
    assert found(text, MON) == [("last year", "2023"), ("two months later", "2023")]


def test_days_later_counts_from_previous_day():
    assert found("on July 25 they met; two days later they fought") == [
        ("July 25", "2024-07-25"),
        ("two days later", "2024-07-27"),
    ]


def test_number_words_and_digits_both_count():
    text = "In 2020 it began; ten years later, and 3 years earlier"
    assert found(text) == [("2020", "2020"), ("ten years later", "2030"), ("3 years earlier", "2027")]


def test_the_next_day_counts_from_previous_mention():
    assert found("on Aug. 1, and the next day") == [("Aug. 1", "2024-08-01"), ("the next day", "2024-08-02")]


def test_later_without_a_previous_date_is_unresolved():
    assert found("Two months later, it ended.") == [("Two months later", None)]


def test_later_after_an_unresolved_mention_is_unresolved():
    assert found("Recently the talks failed; two days later they resumed") == [
        ("Recently", None),
        ("two days later", None),
    ]


# Vague expressions -----------------------------------------------------------------------


def test_late_month_is_that_month():
    m = only("attacks in late July.", MON)
    assert (m.surface, m.date, m.precision) == ("late July", "2024-07", "month")


def test_end_of_month_is_one_mention_including_the_article():
    assert found("an attack at the end of July, which") == [("the end of July", "2024-07")]


def test_early_and_late_year():
    assert found("in late 2023 and early 2024, Nasr said") == [("late 2023", "2023"), ("early 2024", "2024")]


def test_late_last_year_is_one_mention():
    m = only("In a rare video appearance late last year, JNIM", MON)
    assert (m.surface, m.date, m.precision) == ("late last year", "2023", "year")


def test_mid_month_with_hyphen():
    assert found("until mid-July") == [("mid-July", "2024-07")]


def test_recently_and_recent_weeks_are_found_without_a_date():
    assert found("Recently, Senegal acted; in recent weeks, the past few days") == [
        ("Recently", None),
        ("recent weeks", None),
        ("the past few days", None),
    ]


def test_late_before_a_name_is_not_a_date():
    assert found("founded by the late Yevgeny Prigozhin") == []


# Month only -----------------------------------------------------------------------------


def test_month_only_is_most_recent_such_month_on_or_before_reference():
    assert found("in July") == [("July", "2024-07")]
    assert found("in September") == [("September", "2023-09")]


def test_ambiguous_month_names_need_a_cue():
    assert found("They may March on the capital. May Jones spoke.") == []
    assert found("troops left in May.") == [("May", "2024-05")]


# Without a reference, with skipped ranges, ordering ------------------------------------------


def test_without_reference_only_dates_with_a_year_resolve():
    assert found("Aug 4, 2024, late July, Monday, last week, late 2023, in 2021", None) == [
        ("Aug 4, 2024", "2024-08-04"),
        ("late July", None),
        ("Monday", None),
        ("last week", None),
        ("late 2023", "2023"),
        ("2021", "2021"),
    ]


def test_skipped_ranges_hide_mentions_that_overlap_them():
    text = "Posted Aug 4, 2024. Clashes on July 25."
    start = text.index("2024")
    assert found(text, skip=[(start, start + 1)]) == [("July 25", "2024-07-25")]


def test_mentions_are_in_text_order_and_do_not_overlap():
    text = "late last year, July 25, Aug 4, 2024, two months later, Sunday evening"
    mentions = find_dates(text, SUN)
    assert [m.surface for m in mentions] == [
        "late last year",
        "July 25",
        "Aug 4, 2024",
        "two months later",
        "Sunday evening",
    ]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_empty_text_finds_nothing():
    assert find_dates("", SUN) == []


# Robustness ----------------------------------------------------------------------------------

_ALPHABET = list("0123456789 ,.-–’'\nSundayMoJulyAugMaytwlaeobkrgsnhrfmpvcid") + [
    "July ",
    "Aug. ",
    "2024",
    " later",
    " ago",
    "last ",
    "late ",
    "two ",
    "years",
    "İ",
    "ſ",
    "K",
    "\u00a0",
]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join)),
    reference=st.one_of(st.none(), st.dates()),
    skip=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), max_size=3),
)
def test_never_raises_and_every_mention_is_an_exact_ordered_span(text, reference, skip):
    mentions = find_dates(text, reference, skip)
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert m.surface
        assert not any(m.start < e and s < m.end for s, e in skip)
        assert (m.date is None) == (m.precision is None)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


# Gold --------------------------------------------------------------------------------------


def _gold_articles() -> list[dict]:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))["articles"]


def test_gold_dates_are_found_and_resolved():
    correct = total = found_total = found_in_gold = 0
    misses = []
    for article in _gold_articles():
        text = (SOURCES / article["file"]).read_text(encoding="utf-8")
        published = article["published"]
        reference = datetime.date.fromisoformat(published) if published else FALLBACK_REFERENCE
        mentions = find_dates(text, reference)
        gold = {(d["surface"], d["date"]) for d in article["dates"]}
        found_total += len(mentions)
        found_in_gold += sum((m.surface, m.date) in gold for m in mentions)
        for d in article["dates"]:
            total += 1
            if any(m.surface == d["surface"] and m.date == d["date"] for m in mentions):
                correct += 1
            else:
                misses.append((article["file"], d["surface"], d["date"]))
    assert total == 28
    accuracy = correct / total
    precision = found_in_gold / found_total if found_total else 0.0
    print(f"dates: accuracy {correct}/{total}, precision {found_in_gold}/{found_total}")
    assert accuracy >= 0.85, (
        f"accuracy {correct}/{total} = {accuracy:.2f}, precision {found_in_gold}/{found_total} = {precision:.2f}; "
        f"missed {misses}"
    )


@pytest.mark.parametrize("surface", ["Aug 4, 2024", "late Sunday", "late last year", "Sunday evening"])
def test_longest_expression_wins(surface):
    assert found(f"it was {surface}, they said") == [(surface, found(surface)[0][1])]


# The text's own date ------------------------------------------------------------------------


def test_reference_in_text_is_the_latest_full_date_reported():
    text = "On July 25, 2024 rebels attacked. Mali cut ties on Aug. 4, 2024, and met on Sunday."
    assert reference_in_text(text) == datetime.date(2024, 8, 4)


def test_reference_in_text_leaves_out_deadlines_and_announced_dates():
    text = (
        "ECOWAS condemned the coup of Friday, September 30, 2022, and asked for a return to "
        "constitutional order no later than July 1, 2024. Elections will be held on March 3, 2025."
    )
    assert reference_in_text(text) == datetime.date(2022, 9, 30)


def test_reference_in_text_needs_a_year_or_a_weekday_that_fixes_it():
    assert reference_in_text("the coup on July 26 and a meeting on Friday") is None
    assert reference_in_text("A captain on Friday September 30 announced") is None
    near = datetime.date(2024, 8, 4)
    assert reference_in_text("A captain on Friday September 30 announced", near=near) == datetime.date(2022, 9, 30)


# -- one pass for every rule ------------------------------------------------------------------

# Sentences written to open every rule in every way: numbers, number words, vague counts,
# months and weekdays in each case, modifiers, a date glued to a letter, odd Unicode letters.
EVERY_OPENING = """\
On Sunday, Aug. 4, 2024 the council met; on 4th of August 2024 it met again (2024-08-04).
Sometime in July of 2023, or January this year, or in mid-July 2023 and late 2023 and at the
end of last year. Late on Tuesday morning, last Friday, this Wednesday and next Monday. MAY 3
and May 3rd. Two years ago, 3 days ago, a week ago, a couple of days later, a few weeks later,
several months earlier, some days ago, fifty years later. The next day, the following year,
the week before the vote, the day after. Earlier in the day and later that day. Over the
weekend and last weekend. Recently, lately, in recent weeks, the past few days, the last two
years. Since 2019 and 2021, Agenda 2063, 2020 fighters. Yesterday, late yesterday, last night,
this morning, tonight, tomorrow evening. Later this week and earlier this month. Ref A2024-01-02.
Laſt week and the ſame day; ſeveral days ago. mid-2023, the beginning of March, the middle of
next week. SUNDAY 4 AUG. Fri. and Sept. 30 and sept 30; June, Junes and Mayor May.
"""


def _each_rule_alone(text: str, skip=()) -> list:
    """What the rules found when each read the whole text with its own finditer."""
    from dossier.extract.dates import _RULES
    from dossier.extract.spans import SpanIndex

    skipped, out = SpanIndex(list(skip)), []
    for index, rule in enumerate(_RULES):
        for m in rule.pattern.finditer(text):
            if m.end() > m.start() and not skipped.overlaps(m.start(), m.end()):
                if rule.accept is None or rule.accept(text, m):
                    out.append((m.start(), m.end(), index))
    return sorted(out)


def test_one_pass_over_the_words_finds_what_every_rule_finds_alone():
    from dossier.extract.dates import _candidates

    texts = [EVERY_OPENING, EVERY_OPENING.upper(), EVERY_OPENING.lower()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))]
    for text in texts:
        assert sorted(c[:3] for c in _candidates(text, [])) == _each_rule_alone(text)
    chrome = [(0, 90), (400, 420)]
    assert sorted(c[:3] for c in _candidates(EVERY_OPENING, chrome)) == _each_rule_alone(EVERY_OPENING, chrome)
    assert len(_each_rule_alone(EVERY_OPENING)) > 60  # the sentences do open the rules


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["May", "4", "2024", "-", "08", " ", "\n", "last", "Laſt", "week", "the",
                                 "ago", "a", "few", "days", "later", ",", ".", "Sunday", "late", "x"]), max_size=30))
def test_one_pass_matches_each_rule_alone_on_any_mix_of_date_words(words):
    from dossier.extract.dates import _candidates

    text = "".join(words)
    assert sorted(c[:3] for c in _candidates(text, [])) == _each_rule_alone(text)
