"""Find date expressions in article text and resolve them against the publication date.

`find_dates` returns one `DateMention` per expression: "Aug 4, 2024", "late July",
"last week", "two months later", "Recently" … Each is resolved to an ISO date at the
precision the words carry ("2024-08-04" day, "2024-07" month, "2023" year), or to None
when the words name no particular time ("recent weeks") or there is nothing to count from.

How it works: every rule below is a named regex plus a resolver. All rules propose
candidate spans; the longest non-overlapping spans win ("late last year" beats "last
year"), and the winners are resolved in text order, so that "two months later" can count
from the mention before it.

Conventions (checked against the hand-labelled seed articles):
- A week runs Sunday..Saturday and is dated by its Monday: "last week" on Sun 2024-08-04
  or Mon 2024-08-05 is 2024-07-29.
- A bare weekday ("Monday", "late Sunday") is the most recent such day on or before the
  reference; news reports past events. In the future tense ("will meet Sunday") it is the
  next one on or after it; against an estimated reference (another source's date, not the
  article's) the nearest one, before or after.
- "Later this week" never lands before the reference: it is the month of the days to come.
  A weekend is dated by its month.
- A weekday with a month and day and no year ("Friday September 30") takes the year near
  the reference in which that day is that weekday.
- A month without a year ("in July", "late July") is the most recent such month on or
  before the reference month.
- A month and day without a year ("July 25") takes the reference's year, or the previous
  year if that would put it more than about two months after the reference ("Aug. 8" in an
  article of Aug. 4 is an announced date; "Dec. 20" in one of Jan. 5 is last December).
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dossier.extract.lexicon import (
    COUNT_PHRASES,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_TENS,
    NUMBER_UNITS,
    VAGUE_COUNTS,
    WEEKDAYS,
)
from dossier.extract.opcount import OPS
from dossier.extract.spans import DisjointSpans, SpanIndex

__all__ = ["DateMention", "find_dates", "reference_in_text"]


@dataclass(frozen=True)
class DateMention:
    """One date expression: text[start:end] == surface; date is ISO at `precision`, or None."""

    start: int  # character offsets into `text`; text[start:end] == surface
    end: int
    surface: str
    date: str | None  # ISO: "2024-08-04" (day), "2024-08" (month), "2024" (year); None if unresolved
    precision: str | None  # "day" | "month" | "year" | None


# --------------------------------------------------------------------------------------
# Internal representation of a resolved time: the first day of the period it names and
# the precision. Arithmetic ("two months later") is done on the day, then the result is
# reported no finer than the coarsest precision involved.

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}  # finer first


@dataclass(frozen=True)
class _When:
    day: datetime.date
    precision: str

    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.day.year:04d}"
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


def _year(y: int) -> _When:
    return _When(datetime.date(y, 1, 1), "year")


def _month(y: int, m: int) -> _When:
    return _When(datetime.date(y, m, 1), "month")


def _day(d: datetime.date) -> _When:
    return _When(d, "day")


def _coarser(a: str, b: str) -> str:
    return a if PRECISION_RANK[a] >= PRECISION_RANK[b] else b


def _add_months(d: datetime.date, n: int) -> datetime.date:
    """d moved by n calendar months, the day clamped to the target month's length."""
    y, m = divmod(d.year * 12 + (d.month - 1) + n, 12)
    return datetime.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(base: _When, amount: int, unit: str) -> _When:
    """base moved by amount units (day/week/month/year), at the coarser of the two precisions."""
    if unit == "day":
        day, unit_precision = base.day + datetime.timedelta(days=amount), "day"
    elif unit == "week":
        day, unit_precision = base.day + datetime.timedelta(weeks=amount), "day"
    elif unit == "month":
        day, unit_precision = _add_months(base.day, amount), "month"
    else:  # year, decade (already converted to years by the caller)
        day, unit_precision = _add_months(base.day, 12 * amount), "year"
    return _When(day, _coarser(base.precision, unit_precision))


def _week_monday(d: datetime.date, weeks: int = 0) -> datetime.date:
    """Monday of the Sunday-started week containing d, moved by `weeks` weeks."""
    sunday = d - datetime.timedelta(days=(d.weekday() + 1) % 7)
    return sunday + datetime.timedelta(days=1, weeks=weeks)


# --------------------------------------------------------------------------------------
# Vocabulary

# Lookup tables for matched words, keyed by _key (casefolded): month and weekday numbers.
_MONTHS = {name.lower(): i for i, name in enumerate(MONTHS, 1)} | {
    a.lower(): next(i for i, name in enumerate(MONTHS, 1) if name.startswith(a)) for a in MONTH_ABBREVIATIONS
}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(WEEKDAYS)}  # date.weekday() numbering

# Counts in words: "a week ago", "two months later", "a couple of days"; number words as far
# as fifty, as the rules have always had them.
_NUMBER_WORDS = (
    COUNT_PHRASES
    | {w: v for w, v in NUMBER_UNITS.items() if v}
    | {w: v for w, v in NUMBER_TENS.items() if v <= 50}
)


def _key(s: str) -> str:
    """Lookup key for matched words: casefolded, whitespace collapsed, trailing dot dropped."""
    return " ".join(s.casefold().split()).rstrip(".")


def _capitalised(words: Sequence[str]) -> str:
    """Regex alternation of words in Title or UPPER case only, longest first.

    Month and weekday names are matched case-sensitively: "may", "march" and "sun" in
    lower case are ordinary words. The group turns IGNORECASE off locally.
    """
    forms = sorted({f for w in words for f in (w.title(), w.upper())}, key=lambda f: (-len(f), f))
    return "(?-i:" + "|".join(forms) + ")"


# Month names stop at a word boundary, so "Mayor" is not May and "Augusta" not August.
_MONTH_FULL = _capitalised(MONTHS) + r"(?![A-Za-z])"
_MONTH_ANY = (
    "(?:" + _capitalised(MONTHS + MONTH_ABBREVIATIONS) + r"(?![A-Za-z])\.?)"
)
_WEEKDAY = _capitalised(WEEKDAYS) + r"(?![A-Za-z])"

_DAY_NUMBER = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9A-Za-z])"
_YEAR_NUMBER = r"(?P<year>[0-9]{4})(?![0-9])"
# Words that put a period's early, middle or late part in front of it.
_MODIFIER = r"(?P<mod>early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of)"
_NUMBER = (
    r"(?P<num>[0-9]{1,4}|"
    + "|".join(w.replace(" ", r"\s+") for w in _NUMBER_WORDS if " " in w)
    + "|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if " " not in w), key=len, reverse=True))
    + "|"
    + "|".join(w.replace(" ", r"\s+") for w in VAGUE_COUNTS)
    + ")"
)
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night)"


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a rule: case-insensitive, whole words only."""
    return re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w])", re.IGNORECASE)


# Absolute dates -----------------------------------------------------------------------
ISO_DATE = re.compile(r"(?<![0-9])(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9])")
# "Aug 4, 2024", "July 25", "Sunday, Aug. 4", "July 25th 2024"
MONTH_DAY_YEAR = _rx(
    rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?(?P<month>{_MONTH_ANY})\s+{_DAY_NUMBER}(?:,?\s+(?:of\s+)?{_YEAR_NUMBER})?"
)
# "4 August 2024", "4th of August", "Sunday 4 Aug."
DAY_MONTH_YEAR = _rx(
    rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?(?<![0-9.,]){_DAY_NUMBER}\s+(?:of\s+)?(?P<month>{_MONTH_ANY})(?:,?\s+{_YEAR_NUMBER})?"
)
# "August 2024", "July of 2023"
MONTH_YEAR = _rx(rf"(?P<month>{_MONTH_ANY}),?\s+(?:of\s+)?{_YEAR_NUMBER}")
# "January this year", "in March last year"
MONTH_RELATIVE_YEAR = _rx(rf"(?P<month>{_MONTH_FULL})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year")
# "July", "in July" (surface "July"); accepted only in a date-like context, see _month_context_ok
MONTH_ONLY = _rx(rf"(?P<month>{_MONTH_FULL})")
# "2020", only where it reads as a year (see _year_context_ok), and never as part of a
# longer number ("12,2020", "2020.5"), an amount ("$2020", "2020%") or a word ("2020s").
BARE_YEAR = re.compile(
    r"(?<![\w$€£#])(?<![0-9][.,])(?P<year>1[89][0-9]{2}|20[0-9]{2})(?![\w%]|[.,][0-9])"
)

# Vague parts of periods ----------------------------------------------------------------
# "late July", "the end of July", "mid-July 2023"
MODIFIED_MONTH = _rx(rf"{_MODIFIER}[\s-]+(?P<month>{_MONTH_FULL})(?:,?\s+{_YEAR_NUMBER})?")
# "late 2023", "early 2024", "mid-2023", "the end of 2023"
MODIFIED_YEAR = _rx(rf"{_MODIFIER}[\s-]+{_YEAR_NUMBER}")
# "late last year", "early this month", "the end of next week"
MODIFIED_RELATIVE = _rx(rf"{_MODIFIER}[\s-]+(?P<rel>last|this|next)\s+(?P<unit>week|month|year)")

# Weekdays -------------------------------------------------------------------------------
# "Monday", "late Sunday", "Sunday evening", "last Friday", "early on Tuesday morning"
WEEKDAY = _rx(
    rf"(?:(?:early|late)(?:\s+on)?\s+)?(?:(?P<rel>last|this|next)\s+)?(?P<weekday>{_WEEKDAY})(?:\s+{_PART_OF_DAY})?"
)

# Relative to the reference ---------------------------------------------------------------
# "last week", "this year", "earlier this month", "later this year"
RELATIVE_PERIOD = _rx(r"(?:(?P<part>earlier|later)\s+)?(?P<rel>last|this|next)\s+(?P<unit>week|month|year)")
# "two years ago", "3 days ago", "a week ago"
COUNTED_AGO = _rx(rf"{_NUMBER}\s+{_UNIT}\s+ago")
# "yesterday", "today", "late yesterday", "earlier today", "last night", "this morning"
DAY_WORD = _rx(
    rf"(?:(?:early|late|earlier|later)\s+)?(?P<word>yesterday|today|tonight|tomorrow)(?:\s+{_PART_OF_DAY})?"
    rf"|(?P<last_night>last\s+night)|this\s+{_PART_OF_DAY}"
)

# "over the weekend", "last weekend", "this weekend"
WEEKEND = _rx(r"(?P<rel>the|last|this|next)\s+weekend")

# Relative to the previously mentioned date -------------------------------------------------
# "two months later", "a year earlier"
COUNTED_LATER = _rx(rf"{_NUMBER}\s+{_UNIT}\s+(?P<dir>later|earlier)")
# "the next day", "the following year", "the previous week", "the day before"
NEXT_PERIOD = _rx(
    r"the\s+(?P<dir>next|following|previous|prior|preceding)\s+(?P<unit>day|week|month|year)"
    r"|the\s+(?P<unit2>day|week|month|year)\s+(?P<dir2>before|after)(?!\s+(?:the|a|an|his|her|its|their)\b)"
)

# "earlier in the day", "later that day": the day of the previous mention, else the reference
SAME_DAY = _rx(r"(?:earlier|later)\s+(?:in\s+the|that)\s+day")

# No particular date -----------------------------------------------------------------------
# "Recently", "recent weeks", "the past few days", "the last two years", "lately"
VAGUE = _rx(
    r"recently|lately|recent\s+(?:days|weeks|months|years)"
    r"|the\s+(?:past|last)\s+(?:(?:few|several|couple\s+of|[0-9]+|"
    + "|".join(w for w in _NUMBER_WORDS if " " not in w and w not in ("a", "an"))
    + r")\s+)?(?:days?|weeks?|months?|years?|decades?)"
)


# --------------------------------------------------------------------------------------
# Context checks: is this number / name really a date here?

# Words after which a capitalised month name or four-digit number reads as a time.
_TIME_CUES = {
    "in", "since", "until", "till", "by", "during", "from", "before", "after", "between",
    "early", "mid", "late", "circa", "year", "last", "this", "next", "on", "of",
    "spring", "summer", "autumn", "fall", "winter",
}
# "of" signals a month ("the 9th of May") but not a year ("a force of 2020 fighters").
_YEAR_CUES = _TIME_CUES - {"of", "on", "last", "this", "next"}
# Words that may follow a year without making it a count of something ("2020 and 2021",
# "in 2020 when", "2021 saw"); any other lower-case word ("2020 fighters") means a count.
_AFTER_YEAR_OK = {
    "and", "or", "to", "when", "as", "but", "while", "after", "before", "with", "until",
    "amid", "for", "in", "on", "at", "through", "was", "were", "is", "saw", "had", "has",
    "onward", "onwards", "that", "which", "where", "alone",
}
# Month names that are also ordinary words or names at the start of a sentence.
_AMBIGUOUS_MONTHS = {"may", "march"}

_SENTENCE_BREAK = set(".!?:;\"“”‘’'()[]—–-•|")
_WINDOW = 40  # characters looked at around a candidate; context words are short


def _previous_word(text: str, start: int) -> tuple[str, int] | None:
    """The word right before `start` (separated by spaces only) and its start offset."""
    window_start = max(0, start - _WINDOW)
    m = re.search(r"([A-Za-z]+)[ \t\u00a0]+$", text[window_start:start])
    if not m:
        return None
    return m.group(1), window_start + m.start(1)


def _next_word(text: str, end: int) -> str | None:
    """The word right after `end` (separated by spaces only)."""
    m = re.match(r"[ \t\u00a0]+([A-Za-z’']+)", text[end : end + _WINDOW])
    return m.group(1) if m else None


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence, line or quotation."""
    before = text[max(0, start - _WINDOW) : start]
    stripped = before.rstrip()
    if not stripped:
        return True
    return "\n" in before[len(stripped) :] or stripped[-1] in _SENTENCE_BREAK


def _inside_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits inside a capitalised name ("Bloody Sunday", "Sunday Times").

    A capitalised word right after, or a capitalised non-cue word right before that does
    not start a sentence, makes the span part of a proper name rather than a date.
    """
    following = _next_word(text, end)
    if following and following[0].isupper() and _key(following) not in _MONTHS:
        return True
    previous = _previous_word(text, start)
    if previous is None:
        return False
    word, word_start = previous
    return word[0].isupper() and _key(word) not in _TIME_CUES and not _starts_sentence(text, word_start)


# Text ending in a year and a range/list word, so that the next number is a year too.
_YEAR_RANGE_END = re.compile(r"(?<![0-9])(?:1[89]|20)[0-9]{2}(?:\s*[-–—/]\s*|\s+(?:and|or|to|through|until|till)\s+)$")


def _year_context_ok(text: str, m: re.Match[str]) -> bool:
    """A bare four-digit number is a year after a cue ("in 2020") or when nothing counted follows.

    Rejected: counts ("2020 fighters", "the 2020 coup" is lost with them) and labels
    ("Agenda 2063", "Resolution 2020").
    """
    previous = _previous_word(text, m.start())
    if previous and _key(previous[0]) in _YEAR_CUES:
        return True
    if _YEAR_RANGE_END.search(text[max(0, m.start() - _WINDOW) : m.start()]):
        return True  # the second year of "2019 and 2021", "2019-2021"
    if previous and previous[0][0].isupper() and not _starts_sentence(text, previous[1]):
        return False  # a label: "Agenda 2063"
    after = text[m.end() : m.end() + 3]
    if not after or not after[0].isspace() or after[:2] in ("’s", "'s"):
        return True  # end of text, punctuation, possessive
    following = _next_word(text, m.end())
    return following is None or _key(following) in _AFTER_YEAR_OK


def _month_context_ok(text: str, m: re.Match[str]) -> bool:
    """A lone month name is a date unless it is part of a name; "May"/"March" need a cue."""
    previous = _previous_word(text, m.start())
    cued = previous is not None and _key(previous[0]) in _TIME_CUES
    if _key(m.group("month")) in _AMBIGUOUS_MONTHS:
        return cued
    return cued or not _inside_name(text, m.start(), m.end())


def _weekday_context_ok(text: str, m: re.Match[str]) -> bool:
    """A weekday is a date unless it is part of a name ("Sunday Times", "Good Friday"). One
    opened by a lower-case word ("late Sunday", "last Friday") starts no name, whatever
    precedes it ("relations with Kestan late Sunday")."""
    if m.group()[0].islower():
        following = _next_word(text, m.end())
        return not (following and following[0].isupper() and _key(following) not in _MONTHS)
    return not _inside_name(text, m.start(), m.end())


# --------------------------------------------------------------------------------------
# Resolvers: (match, context) -> _When | None


@dataclass
class _Context:
    reference: datetime.date | None
    anchor: _When | None = None  # the previous mention's resolution, for "later"/"earlier"
    estimated: bool = False  # the reference is a guess (another source's date), not the article's


def _month_day(
    month: int, day: int, year: str | None, reference: datetime.date | None, weekday: int | None = None
) -> _When | None:
    """A month and day, with the year given or inferred from the reference (and the weekday)."""
    if year:
        return _day(datetime.date(int(year), month, day))
    if reference is None:
        return None
    candidate = datetime.date(reference.year, month, day)
    if (candidate - reference).days > 62:
        # More than ~2 months ahead of publication: the writer means the past occurrence;
        # closer than that it is an announced date ("will visit from Aug. 4 to Aug. 8").
        candidate = datetime.date(reference.year - 1, month, day)
    if weekday is not None and candidate.weekday() != weekday:
        # "Friday September 30" names its year: the nearest one in which that day is a
        # Friday, when the reference is only a guess from another story.
        for step in (-1, 1, -2, 2, -3, 3):
            try:
                other = candidate.replace(year=candidate.year + step)
            except ValueError:  # 29 February
                continue
            if other.weekday() == weekday:
                return _day(other)
    return _day(candidate)


def _recent_month(month: int, year: str | None, reference: datetime.date | None) -> _When | None:
    """A month with its year given, or the most recent such month on or before the reference."""
    if year:
        return _month(int(year), month)
    if reference is None:
        return None
    return _month(reference.year if month <= reference.month else reference.year - 1, month)


def _resolve_month_relative_year(m: re.Match[str], ctx: _Context) -> _When | None:
    year = _resolve_relative_period(m["rel"], "year", ctx.reference)
    return None if year is None else _month(year.day.year, _MONTHS[_key(m["month"])])


def _resolve_iso(m: re.Match[str], ctx: _Context) -> _When | None:
    return _day(datetime.date(int(m["year"]), int(m["month"]), int(m["day"])))


def _resolve_month_day(m: re.Match[str], ctx: _Context) -> _When | None:
    weekday = _WEEKDAYS[_key(m["weekday"])] if m["weekday"] else None
    return _month_day(_MONTHS[_key(m["month"])], int(m["day"]), m["year"], ctx.reference, weekday)


def _resolve_month(m: re.Match[str], ctx: _Context) -> _When | None:
    year = m["year"] if "year" in m.re.groupindex else None
    return _recent_month(_MONTHS[_key(m["month"])], year, ctx.reference)


def _resolve_year(m: re.Match[str], ctx: _Context) -> _When | None:
    return _year(int(m["year"]))


def _resolve_relative_period(rel: str, unit: str, reference: datetime.date | None) -> _When | None:
    """last/this/next week|month|year, counted from the reference."""
    if reference is None:
        return None
    step = {"last": -1, "this": 0, "next": 1}[_key(rel)]
    if unit == "week":
        return _day(_week_monday(reference, step))
    if unit == "month":
        return _When(_add_months(reference.replace(day=1), step), "month")
    return _year(reference.year + step)


def _resolve_relative(m: re.Match[str], ctx: _Context) -> _When | None:
    return _resolve_relative_period(m["rel"], _key(m["unit"]), ctx.reference)


# The future tense a few words before a weekday, in the same clause: "leaders will meet
# Sunday", "the vote is due to take place on Friday". Such a weekday is the next one.
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were)\s+(?:due|set|scheduled|expected|slated|to)"
    r"|plans?\s+to|planned\s+for|scheduled\s+for)\b(?:[^\S\n]+[\w’'-]+){0,5}[^\S\n]+$",
    re.IGNORECASE,
)


def _announced(text: str, start: int) -> bool:
    """Whether the words before `start` put what follows in the future ("will meet Sunday")."""
    return bool(_FUTURE_BEFORE.search(text[max(0, start - 80) : start]))


def _resolve_relative_part(m: re.Match[str], ctx: _Context) -> _When | None:
    """"this week", "later this week": the latter never before the reference, so it is the
    month of the days still to come (the week's Monday may be behind the writer)."""
    later_this_week = (_key(m["part"] or ""), _key(m["rel"]), _key(m["unit"])) == ("later", "this", "week")
    if later_this_week and ctx.reference is not None:
        tomorrow = ctx.reference + datetime.timedelta(days=1)
        return _month(tomorrow.year, tomorrow.month)
    return _resolve_relative(m, ctx)


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> _When | None:
    """A weekday: the most recent one on or before the reference unless last/this/next or the
    future tense ("will meet Sunday": the next one on or after it) says otherwise."""
    ref = ctx.reference
    if ref is None:
        return None
    wd = _WEEKDAYS[_key(m["weekday"])]
    rel = _key(m["rel"] or "")
    if rel == "next":
        return _day(ref + datetime.timedelta(days=(wd - ref.weekday()) % 7 or 7))
    if rel == "this":
        # The named day of the reference's Sunday-started week.
        sunday = _week_monday(ref) - datetime.timedelta(days=1)
        return _day(sunday + datetime.timedelta(days=(wd + 1) % 7))
    if not rel and _announced(m.string, m.start()):
        return _day(ref + datetime.timedelta(days=(wd - ref.weekday()) % 7))
    back = (ref.weekday() - wd) % 7
    if not rel and ctx.estimated and back > 3:
        # The article's own date is unknown and the reference only near it: the nearest
        # such day is the better guess, after it as well as before.
        return _day(ref + datetime.timedelta(days=7 - back))
    if rel == "last" and back == 0:
        back = 7  # "last Sunday" said on a Sunday means a week ago
    return _day(ref - datetime.timedelta(days=back))


def _resolve_day_word(m: re.Match[str], ctx: _Context) -> _When | None:
    if ctx.reference is None:
        return None
    if m["last_night"]:
        offset = -1
    else:
        offset = {"yesterday": -1, "tomorrow": 1}.get(_key(m["word"] or ""), 0)
    return _day(ctx.reference + datetime.timedelta(days=offset))


def _count(m: re.Match[str]) -> tuple[int, str] | None:
    """(amount, unit) of "two months", decades as years; None for "a few days"."""
    key = _key(m["num"])
    amount = int(key) if key.isdigit() else _NUMBER_WORDS.get(key)
    if amount is None:
        return None
    unit = _key(m["unit"])
    return (amount * 10, "year") if unit == "decade" else (amount, unit)


def _resolve_ago(m: re.Match[str], ctx: _Context) -> _When | None:
    counted = _count(m)
    if counted is None or ctx.reference is None:
        return None
    amount, unit = counted
    return _shift(_day(ctx.reference), -amount, unit)


def _resolve_later(m: re.Match[str], ctx: _Context) -> _When | None:
    """"two months later" / "a year earlier": counted from the previous mention."""
    counted = _count(m)
    if counted is None or ctx.anchor is None:
        return None  # no resolved date just before: better unknown than guessed
    amount, unit = counted
    sign = 1 if _key(m["dir"]) == "later" else -1
    return _shift(ctx.anchor, sign * amount, unit)


def _resolve_next_period(m: re.Match[str], ctx: _Context) -> _When | None:
    if ctx.anchor is None:
        return None
    direction = _key(m["dir"] or m["dir2"])
    unit = _key(m["unit"] or m["unit2"])
    sign = 1 if direction in ("next", "following", "after") else -1
    return _shift(ctx.anchor, sign, unit)


def _resolve_same_day(m: re.Match[str], ctx: _Context) -> _When | None:
    if ctx.anchor is not None and ctx.anchor.precision == "day":
        return ctx.anchor
    return _day(ctx.reference) if ctx.reference else None


def _resolve_weekend(m: re.Match[str], ctx: _Context) -> _When | None:
    """A weekend is dated by its month (its Saturday's): "the weekend" and "last weekend" are
    the latest one before the reference (a week earlier for "last" said during one), "this
    weekend" the one it is in or the coming one, "next weekend" the one after."""
    ref = ctx.reference
    if ref is None:
        return None
    rel = _key(m["rel"])
    saturday = ref - datetime.timedelta(days=(ref.weekday() - 5) % 7)  # on or before ref
    during = ref.weekday() >= 5
    if rel == "last" and during:
        saturday -= datetime.timedelta(weeks=1)
    elif rel == "next" or (rel == "this" and not during):
        saturday += datetime.timedelta(weeks=1)
    return _month(saturday.year, saturday.month)


def _unresolved(m: re.Match[str], ctx: _Context) -> _When | None:
    return None


# --------------------------------------------------------------------------------------
# Rules and matching


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], _Context], _When | None]
    accept: Callable[[str, re.Match[str]], bool] | None = None
    # The words a match can open with, lower case, DIGIT for a number: where `_candidates`
    # tries the rule (test_extract_dates checks that the rule finds nothing elsewhere).
    opens: frozenset[str] = frozenset()


DIGIT = "0"
_MONTH_WORDS = frozenset(w.lower() for w in (*MONTHS, *MONTH_ABBREVIATIONS))
_WEEKDAY_WORDS = frozenset(w.lower() for w in WEEKDAYS)
_MODIFIER_WORDS = frozenset("early mid late the end beginning start middle".split())
_NUMBER_OPENS = frozenset({DIGIT, *(w.split()[0] for w in (*_NUMBER_WORDS, *VAGUE_COUNTS))})


# Order breaks ties between equally long candidates at the same place: earlier wins.
_RULES = [
    _Rule("iso", ISO_DATE, _resolve_iso, opens=frozenset({DIGIT})),
    _Rule("month_day_year", MONTH_DAY_YEAR, _resolve_month_day, opens=_WEEKDAY_WORDS | _MONTH_WORDS),
    _Rule("day_month_year", DAY_MONTH_YEAR, _resolve_month_day, opens=_WEEKDAY_WORDS | {DIGIT}),
    _Rule("month_year", MONTH_YEAR, _resolve_month, opens=_MONTH_WORDS),
    _Rule("month_relative_year", MONTH_RELATIVE_YEAR, _resolve_month_relative_year, opens=_MONTH_WORDS),
    _Rule("modified_month", MODIFIED_MONTH, _resolve_month, opens=_MODIFIER_WORDS),
    _Rule("modified_year", MODIFIED_YEAR, _resolve_year, opens=_MODIFIER_WORDS),
    _Rule("modified_relative", MODIFIED_RELATIVE, _resolve_relative, opens=_MODIFIER_WORDS),
    _Rule("relative_period", RELATIVE_PERIOD, _resolve_relative_part, opens=frozenset("earlier later last this next".split())),
    _Rule("counted_ago", COUNTED_AGO, _resolve_ago, opens=_NUMBER_OPENS),
    _Rule("counted_later", COUNTED_LATER, _resolve_later, opens=_NUMBER_OPENS),
    _Rule("next_period", NEXT_PERIOD, _resolve_next_period, opens=frozenset({"the"})),
    _Rule("day_word", DAY_WORD, _resolve_day_word,
          opens=frozenset("early late earlier later yesterday today tonight tomorrow last this".split())),
    _Rule("same_day", SAME_DAY, _resolve_same_day, opens=frozenset({"earlier", "later"})),
    _Rule("weekend", WEEKEND, _resolve_weekend, opens=frozenset("the last this next".split())),
    _Rule("weekday", WEEKDAY, _resolve_weekday, _weekday_context_ok,
          opens=_WEEKDAY_WORDS | frozenset("early late last this next".split())),
    _Rule("vague", VAGUE, _unresolved, opens=frozenset("recently lately recent the".split())),
    _Rule("month_only", MONTH_ONLY, _resolve_month, _month_context_ok, opens=_MONTH_WORDS),
    _Rule("bare_year", BARE_YEAR, _resolve_year, _year_context_ok, opens=frozenset({DIGIT})),
]  # fmt: skip

# Where a rule can match: every rule opens with a word after no word character, or (a date
# "2024-08-04") with a digit after no digit. The letters of a word say which rules to try.
_OPENING = re.compile(r"(?<![0-9])[0-9]|(?<!\w)[^\W\d_]+")
_BY_OPENING: dict[str, tuple[int, ...]] = {}
for _n, _r in enumerate(_RULES):
    for _word in _r.opens:
        _BY_OPENING[_word] = (*_BY_OPENING.get(_word, ()), _n)
# A word in other letters may still match a rule's word without regard to case ("ſ" is
# "s"): it tries every rule that opens with a word.
_ANY_WORD = tuple(n for n, r in enumerate(_RULES) if r.opens - {DIGIT})


def _candidates(text: str, skip: Sequence[tuple[int, int]]) -> tuple[tuple[int, int, int, re.Match[str]], ...]:
    """(start, end, rule index, match) for every rule match that passes its context check."""
    return _candidates_in(text, tuple(skip))


@functools.lru_cache(maxsize=4)
def _candidates_in(text: str, skip: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int, int, re.Match[str]], ...]:
    """The matches each rule's own `finditer` would give, read in one pass over the text's
    words: each rule is tried only where a word it can open with stands, and after its last
    match. Kept for the last few texts: the reference date and each dating of an article
    (a second one from its story's date) read the same candidates."""
    found = []
    skipped = SpanIndex(skip)
    free_from = [0] * len(_RULES)  # a rule's matches never overlap one another
    for opening in _OPENING.finditer(text):
        word = opening.group()
        at = opening.start()
        if word[0] in "0123456789":
            rules = _BY_OPENING[DIGIT]
        else:
            word = word.lower()
            rules = _BY_OPENING.get(word, ()) if word.isascii() else _ANY_WORD
        for index in rules:
            if at < free_from[index]:
                continue
            rule = _RULES[index]
            m = rule.pattern.match(text, at)
            if m is None:
                continue
            free_from[index] = m.end()
            if m.end() == m.start() or skipped.overlaps(m.start(), m.end()):
                continue
            if rule.accept is not None and not rule.accept(text, m):
                continue
            found.append((m.start(), m.end(), index, m))
    return tuple(found)


def _longest_first(candidates: Sequence[tuple[int, int, int, re.Match[str]]]) -> list[tuple[int, int, int, re.Match[str]]]:
    """Non-overlapping candidates, longest kept first, returned in text order.

    Longest first makes "late last year" win over "last year" and "Aug 4, 2024" over
    "2024"; equal lengths go to the earlier position, then to the earlier rule.
    """
    chosen: list[tuple[int, int, int, re.Match[str]]] = []
    taken = DisjointSpans()
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        OPS["date overlap checks"] += 1
        if not taken.overlaps(cand[0], cand[1]):
            chosen.append(cand)
            taken.add(cand[0], cand[1])
    return sorted(chosen, key=lambda c: c[0])


def find_dates(
    text: str, reference: datetime.date | None, skip: Sequence[tuple[int, int]] = (), estimated: bool = False
) -> list[DateMention]:
    """Every date expression in text, resolved against reference (the publication date).

    skip: (start, end) ranges of page chrome; no mention overlaps them. Mentions come in
    text order and never overlap; of overlapping expressions the longest wins. With
    reference None, expressions are still found, and only those carrying their own year
    are resolved. An `estimated` reference (the story's date, not the article's) puts a
    bare weekday on the nearest such day, before or after it.
    """
    ctx = _Context(reference, estimated=estimated)
    mentions = []
    for start, end, index, m in _longest_first(_candidates(text, skip)):
        try:
            when = _RULES[index].resolve(m, ctx)
        except (ValueError, OverflowError, KeyError):
            # Impossible dates ("Feb. 30"), arithmetic beyond the calendar ("9999 years
            # later") or an odd Unicode spelling the vocabulary lacks: the expression is
            # still a date mention, just not a resolvable one.
            when = None
        # "Two days later" counts from the previous mention, even one that could not be
        # resolved: skipping back to an older date would resolve it confidently but wrongly.
        ctx.anchor = when
        mentions.append(
            DateMention(start, end, text[start:end], when.iso() if when else None, when.precision if when else None)
        )
    return mentions


# Words right before a date that make it a deadline, not a day already reported: "no later
# than July 1, 2024", "by March 2025", "until Aug. 8, 2024".
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till|before|later\s+than|deadline\s+(?:of|for|on))\s+$", re.IGNORECASE)
_FULL_DATE_RULES = ("iso", "month_day_year", "day_month_year")


def reference_in_text(
    text: str, skip: Sequence[tuple[int, int]] = (), near: datetime.date | None = None
) -> datetime.date | None:
    """The latest day the text itself dates, to count its relative dates from when it has no
    publication date: a full date with its year ("Aug 4, 2024", "2023-07-30"), or a weekday
    with a month and day ("Friday September 30"), whose weekday fixes the year near `near`.
    Deadlines ("no later than July 1, 2024") and announced dates ("will meet on …") are not
    the time of writing and are left out."""
    latest = None
    ctx = _Context(near)
    for start, _end, index, m in _longest_first(_candidates(text, skip)):
        rule = _RULES[index]
        if rule.name not in _FULL_DATE_RULES:
            continue
        own_year = rule.name == "iso" or m["year"] is not None
        if not own_year and (m["weekday"] is None or near is None):
            continue
        before = text[max(0, start - 40) : start]
        if _DEADLINE_BEFORE.search(before) or _announced(text, start):
            continue
        try:
            when = rule.resolve(m, ctx)
        except (ValueError, OverflowError, KeyError):
            continue
        if when is not None and (latest is None or when.day > latest):
            latest = when.day
    return latest
