"""Harm figures: who suffered what, how many, and whether a figure is new or a running total.

`find_harm(text, published)` returns `HarmMention`s. It runs `find_quantities` once, masks every
quantity in a same-length copy of the text with "#" (so a count is one token and spans stay
valid), and matches a few compiled patterns built from lexicons/harm.yaml:

- negation and zero: "no casualties", "no one was hurt", "neither fatalities nor injuries"
  -> min 0, max 0, negated=True ("hurt"/"harmed"/"casualties" give a killed and an injured zero);
- lead-ins: "the death toll rose to 12", "the bodies of 4 men" -> killed;
- a body found: "the body of a man was found", "a female body was found" -> killed 1;
- active: "the strike killed 5 people", "killing three children and their mother" (a list gives
  one mention per item: children 3 and women 1), "killed 12 and wounded 42";
- passive/intransitive: "16 civilians were killed", "a man was found dead", "five people died",
  "12 soldiers and 3 civilians were killed";
- harm nouns: "3 fatalities", "12 dead and 42 injured", "5 bodies", "many casualties";
- running totals: "..., bringing the total since Monday to more than 50" -> a mention with the
  type and group of the figure before it, new=False, period = the "since" date; without a
  period ("raising the toll to 14 dead") it is the incident's updated toll (new=True);
- one named person: "Judge X was last night killed", "killed Emeka Nworie, the chairman";
  pronouns back to a figure: "seized eight fighters ... and killed them" -> killed 8;
  "were abducted and killed" -> both types; ACLED's own "Fatalities coded as 10".

Every mention carries `stated`, the figure as written ("more than 50" -> 50; min is 51), which
is what ACLED and PITF coders record. `total_new(text, mentions, type)` reconciles a document's
new figures into one count (restatements and details are not added twice).

"casualties" means killed OR injured with the split unknown: it yields a killed and an injured
mention, each with min None and max = the figure (so ACLED's lowest-figure rule counts 0 deaths).
An article meaning one ("a child was killed") counts 1. A figure is a running total (new=False)
when its clause carries a cue ("so far", "to date", "since ...", "this year", "in the war") or a
campaign subject in the perfect ("The offensive has killed ..."), unless a new-marker
("another", "a further") stands right before it. Population figures ("3 million people in the
area") never match: a harm verb or noun must govern the figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any

from conflictwatch.extract.dates import find_dates
from conflictwatch.extract.lexicon_files import FoldedPattern, MatchLike, folded_text
from conflictwatch.extract.numbers import (
    alternation,
    clone,
    find_quantities,
    first_words,
    index_words,
    load_lexicon,
    positions,
)
from conflictwatch.records import DateMention, HarmMention, HarmType, Quantity

_HARM_TYPES: tuple[HarmType, ...] = (
    "killed", "injured", "displaced", "abducted", "arrested", "missing"
)


def _alt(phrases: Any) -> str:
    return alternation(phrases)


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


_LEX = load_lexicon("harm.yaml")
_LEX_MONTHS_WEEKDAYS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
]
_GROUP_OF: dict[str, str] = {}
for _grp, _nouns in _LEX["victims"].items():
    for _noun in _nouns:
        _GROUP_OF.setdefault(_norm(str(_noun)), str(_grp))

_VERB_TYPE: dict[str, dict[str, HarmType]] = {"passive": {}, "intransitive": {}, "active": {}}
for _t, _forms in _LEX["verbs"].items():
    for _form, _words in _forms.items():
        for _w in _words or []:
            _VERB_TYPE[_form].setdefault(_norm(str(_w)), _t)

_NOUN_TYPE: dict[str, str] = {}
for _t, _words in _LEX["nouns"].items():
    for _w in _words:
        _NOUN_TYPE.setdefault(_norm(str(_w)), str(_t))

_VICTIM = _alt(_GROUP_OF)
_ALL_VERBS = {w for forms in _VERB_TYPE.values() for w in forms}
_STOP = _alt(
    ["were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "and", "or", "but",
     "in", "on", "at", "by", "for", "from", "with", "to", "into", "during", "after", "before",
     "when", "while", "as", "that", "which", "who", "whom", "whose", "where", "the", "their",
     "his", "her", "its", "of", "were", "since", "not", "no", "if", "than", "also", "all", "both",
     "reportedly", "after", "near", "including", "among"]
    + [w for w in _ALL_VERBS if " " not in w]
)
# Up to three modifiers before the head noun ("other Syrian", "unarmed young"), none of them a
# function word or a harm verb.
_MODS = rf"(?:(?!(?:{_STOP})\b)[\w'’-]+\s+){{0,3}}"
_NP = (
    rf"(?:of\s+(?:(?:the|those|these|his|her|their|its)\s+)?)?{_MODS}(?P<{{n}}>{_VICTIM})(?![\w'’-])"
    rf"(?:\s+of\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?{_MODS}(?P<{{o}}>{_VICTIM})(?![\w'’-]))?"
)
# Any noun phrase head when no victim noun is there ("26 suspected cultists"): group "people".
_GENERIC = (
    rf"(?P<{{g}}>(?:(?!(?:{_STOP})(?![\w'’-]))[\w'’-]+\s+){{0,3}}"
    rf"(?!(?:{_STOP}|{_alt(_LEX['not_victims'])})(?![\w'’-]))[A-Za-z][\w'’-]*)(?![\w'’-])"
)


# A figure of things, not people ("six houses burnt"): no victims whatever verb follows. Not
# a modifier of a victim noun ("five bus drivers").
_NOT_VICTIM_NEXT = (rf"\s+(?:{_alt(_LEX['not_victims'])})(?![\w'’-])"
                    rf"(?!\s+(?:{_VICTIM})(?![\w'’-]))")


def _np(n: str, o: str, g: str | None = None) -> str:
    victim = _NP.replace("{n}", n).replace("{o}", o)
    if g is None:
        return victim
    return rf"(?:{victim}|{_GENERIC.replace('{g}', g)})"


_Q = r"#+"
_ART = r"(?:a|an)"
_DEF = r"(?:the|his|her|their|its)"
_POSS = r"(?:their|his|her|its|a|an|the)"
_AUXW = _alt(
    ["were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "got", "get",
     "reportedly", "reported", "allegedly", "also", "all", "both", "later", "subsequently",
     "then", "now", "just", "believed", "thought", "feared", "said", "to", "confirmed",
     "seriously", "critically", "badly", "severely", "slightly", "lightly", "fatally",
     "mortally", "instantly", "either", "initially", "eventually", "apparently", "likely",
     "presumably", "since", "already", "so far", "found"]
)
_PASSIVE = _alt(_VERB_TYPE["passive"])
_INTRANS = _alt(_VERB_TYPE["intransitive"])
_ACTIVE = _alt(_VERB_TYPE["active"])
_HNOUN = _alt(_NOUN_TYPE)



def _coord_item(n: str, o: str, p: str, g: str) -> str:
    """One more listed victim: ", 2 policemen", "and their mother", "along with his driver"."""
    return (
        rf"(?:\s*,\s*(?:and\s+)?(?:{_Q}|{_ART}|{_POSS})\s+{_np(n + 'x', o + 'x')}"
        rf"|(?:\s*,\s*and\s+|\s+and\s+|\s+(?:along|together)\s+with\s+|\s+alongside\s+"
        rf"|\s+as\s+well\s+as\s+)"
        rf"(?:(?:(?:his|her|their)\s+)?(?:{_Q}|{_ART}|{_POSS})\s+{_np(n, o)}"
        rf"|(?P<{p}>his|her|their)\s+{_GENERIC.replace('{g}', g)}))"
    )


_PASSIVE_RE = re.compile(
    # Atomic groups (?>...) keep the engine from re-parsing the subject for every gap length.
    rf"(?<![\w#])(?P<subj>(?>(?:(?P<q>{_Q})(?!{_NOT_VICTIM_NEXT})(?:\s+{_np('n', 'o', 'g')})?)"
    rf"|(?:(?P<art>{_ART}|{_DEF})\s+{_np('an', 'ao', 'ag')})|(?P<another>another|one\s+other)))"
    rf"(?P<coord>(?:{_coord_item('c1', 'c2', 'c3', 'c4')}){{0,4}})"
    rf"(?P<gap>\s*,[^.;!?]{{1,160}}?,|\s*\([^)]{{1,100}}\)|\s*\[[^\]]{{1,100}}\]"
    rf"|\s*[-–—][^.;!?]{{1,100}}?[-–—]|(?:\s*,)?(?:\s+[^\s.;!?]++){{1,16}}?)??"
    rf"\s+(?P<aux>(?:(?:{_AUXW})\s+){{0,5}}+)(?P<verb>{_PASSIVE}|{_INTRANS})(?![\w-])",
    re.I,
)
_PASSIVE_SCAN = FoldedPattern(_PASSIVE_RE)
# A passive verb phrase begins here (no end check: a window may cut the word short). Many
# first words of the verbs ("is", "were", "have", "with") mostly begin no verb at all.
_VERB_START_RE = re.compile(rf"(?:{_PASSIVE}|{_INTRANS})", re.I)
# Between the subject and the verb a sentence end can only sit inside a "(...)" or "[...]" gap.
_CLAUSE_STOP_RE = re.compile(r"[.;!?(\[]")
_SHOT_AT_RE = re.compile(r"\s+at\s+(?:a|an|the|his|her|their|them|him|people|police|\w+ers?)\b",
                         re.I)
_COORD_RE = re.compile(_coord_item("cn", "co", "cp", "cg"), re.I)
_TO_DEATH_RE = re.compile(
    rf"(?<![\w-])(?:{_alt(_LEX['to_death_verbs'])})\s+(?:(?P<q>{_Q})|(?P<art>{_ART}|{_DEF}))"
    rf"\s+{_np('n', 'o')}\s+to\s+death\b",
    re.I,
)
_TO_DEATH_WORDS = re.compile(r"\bto\s+death\b", re.I)
_TO_DEATH_LOW = re.compile(r"to\s+death\b")  # the literal first: the engine skips to each "to"


def _says_to_death(low: str) -> bool:
    """`_TO_DEATH_WORDS.search` over the lower-cased text (`folded_text`), faster: a leading
    `\\b` makes the engine try the pattern at every position, so the boundary before "to" is
    checked here, for each "to ... death" found."""
    for m in _TO_DEATH_LOW.finditer(low):
        s = m.start()
        if s == 0 or not (low[s - 1].isalnum() or low[s - 1] == "_"):  # not \w
            return True
    return False


_NP_AT_RE = re.compile(rf"\s+{_np('n', 'o')}", re.I)
_CAP_STOP = _alt(
    [w.capitalize() for w in list(_LEX_MONTHS_WEEKDAYS)]
    + ["The", "A", "An", "His", "Her", "Their", "Its", "Some", "Many", "Several", "At", "In", "On"]
)
_ACTIVE_RE = re.compile(
    rf"(?<![\w-])(?P<verb>{_ACTIVE})\s+(?:(?:another|a\s+further|an\s+additional|further)\s+)?"
    rf"(?:(?:(?P<q>{_Q})|(?P<art>{_ART}|his|her|their|the)(?=\s))"
    rf"(?:\s+{_np('n', 'o', 'g')})?|(?P<pron>him|her|another)(?=\s*(?:[,.;]|and\b|in\b|on\b|at\b|"
    rf"with\b|while\b|as\b|after\b|before\b|when\b|\Z))"
    # a named person: "killed Emeka Nworie, the chairman"
    rf"|(?-i:(?P<name>(?!(?:{_CAP_STOP})\b)[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,3}}))"
    rf"(?=\s*(?:[,.;]|\s(?:in|on|at|and|near|while|after|who|from|during|last|this|as)\b|\Z))"
    # a bare singular victim: "killed Somali member of parliament"
    rf"|(?P<bare>{_MODS}(?P<bn>{_VICTIM}))(?![\w-]))",
    re.I,
)
_NOUN_RE = re.compile(
    rf"(?<![\w#])(?P<q>{_Q})\s+(?:(?!(?:{_STOP}|{_VICTIM})\b)[\w'’-]+\s+){{0,2}}?"
    rf"(?P<hn>{_HNOUN})(?![\w-])",
    re.I,
)
_LEADIN_RE = re.compile(
    rf"(?<![\w-])(?:(?P<lead>{_alt(_LEX['killed_lead_ins'])})|(?P<ilead>{_alt(_LEX['injured_lead_ins'])}))"
    rf"\s+(?P<q>{_Q})(?:\s+{_np('n', 'o')})?",
    re.I,
)
_BODY_OF_RE = re.compile(
    rf"(?<![\w-])(?:the\s+)?(?:dead\s+)?(?:body|corpse|remains)\s+of\s+(?:a|an)\s+{_np('n', 'o')}",
    re.I,
)
_A_BODY_RE = re.compile(
    r"(?<![\w-])(?:a|one)\s+(?:(?:dead|female|male|decomposed|burned|burnt|mutilated|headless|"
    r"dismembered|lifeless|charred|bullet-riddled)\s+)?(?:body|corpse)\s+(?:was|has\s+been|"
    r"had\s+been)\s+(?:found|discovered|recovered|dumped|retrieved)(?![\w-])",
    re.I,
)
# ACLED notes state their own coding: "Fatalities coded as 0", "Unknown fatalities coded as 10".
_CODED_RE = re.compile(
    r"(?<![\w-])(?:unknown\s+(?:number\s+of\s+)?)?fatalities\s+(?:were\s+|are\s+)?coded\s+as\s+"
    r"(?P<q>#+)",
    re.I,
)
# "The death toll from a week of clashes ... has risen to 13".
_TOLL_RISE_RE = re.compile(
    rf"(?<![\w-])(?:(?:death\s+)?toll\b|number\s+of\s+(?:[\w'’-]+\s+){{0,2}}?(?P<hn>{_HNOUN})\b)"
    r"[^.;!?#]{0,120}?\b(?:rose|risen|climbed|reached|jumped|increased|soared|stands|stood|hit|"
    r"grew|mounted|is|was|has\s+risen|remained\s+at|remains\s+at)\s+(?:to\s+|at\s+)?"
    r"(?:(?:at\s+least|about|around|some|over|more\s+than)\s+)?(?P<q>#+)",
    re.I,
)
# "Judge Hassan Mohamed was last night killed": one named person, no article or figure.
_KI_WORDS = [w for w, t in _VERB_TYPE["passive"].items() if t in ("killed", "injured")]
_KI_PASSIVE = _alt(_KI_WORDS)
_NAMED_PASSIVE_RE = re.compile(
    rf"(?P<subj>(?!(?:it|there|this|that|they|he|she|we)\b)[A-Z\"“][^.;!?#]{{0,140}}?)\s+"
    rf"(?P<aux>was|has\s+been|had\s+been)\s+"
    rf"(?:(?!(?:by|who|which|that|and|but|after|when|to)\b)[\w'’\"“”-]+\s+){{0,4}}?"
    rf"(?P<verb>{_KI_PASSIVE})(?![\w-])",
    re.I,
)
# "... and shot them dead", "killed them": the figure named earlier in the sentence.
_PRON_KILL_RE = re.compile(
    rf"(?<![\w-])(?:(?:shot|shooting|stabbed|stabbing|hacked|hacking|beat|beating|stoned|gunned)\s+"
    rf"(?P<p1>him|her|them)\s+(?:dead|to\s+death|down)|(?:{_ACTIVE})\s+(?P<p2>them))(?![\w-])",
    re.I,
)
_NEG = _LEX["negation"]
_NEG_HEAD = (
    rf"(?<![\w-])(?P<neg>{_alt(_NEG['words'])})"
    rf"(?:\s+(?:{_alt(_NEG['fillers'])}))*?\s+"
)
_NEG_RE = re.compile(
    rf"{_NEG_HEAD}(?:(?P<hn>{_HNOUN}|hurt|harmed|harm|loss\s+of\s+life)"
    rf"|(?:(?:{_alt(_NEG['pronouns'])}|of\s+(?:them|the\s+[\w-]+))\s+)?(?:(?:{_AUXW})\s+){{0,4}}"
    rf"(?P<verb>{_PASSIVE}|{_INTRANS}|hurt|harmed))(?![\w-])",
    re.I,
)
_NEG_MORE_RE = re.compile(
    rf"\A(?:\s*,)?\s+(?:or|nor|and)\s+(?:(?:{_alt(_NEG['fillers'])})\s+)?(?P<hn>{_HNOUN})(?![\w-])",
    re.I,
)
_NOBODY_RE = re.compile(r"(?<![\w-])(?:nobody|no\s+one|none)\b", re.I)
_HNOUN_RE = re.compile(rf"(?<![\w-])(?:{_HNOUN})(?![\w-])", re.I)
_CUM = _LEX["cumulative"]
_BRING_RE = re.compile(
    rf"(?<![\w-])(?P<bring>{_alt(_CUM['bringers'])})\b(?P<mid>[^.;!?#]{{0,160}}?)\bto\s+(?P<q>{_Q})",
    re.I,
)
_TOTAL_NOUN_RE = re.compile(rf"\s+(?:{_MODS})?(?P<hn>{_HNOUN})(?![\w-])", re.I)
_TOTAL_ITEM_RE = re.compile(
    rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<q>{_Q})\s+(?P<hn>{_HNOUN})(?![\w-])", re.I
)
# "over the past 24 hours", "in the last two days": the window of the event being reported,
# not a running total
_CUE_RE = re.compile(
    rf"(?<![\w-])(?:{_alt(_CUM['cues'])})(?![\w-])"
    r"(?!\s+(?:(?:#+|\w+)\s+hours|(?:day|night|weekend|hours)\b|(?:two|2|#+)\s+days\b))",
    re.I)
_CAMPAIGN = _alt(_CUM["campaigns"])
_CAMPAIGN_PERFECT_RE = re.compile(
    rf"(?<![\w-])(?P<camp>{_CAMPAIGN})\s+(?:(?:that|which)\s+)?(?:{_alt(_CUM['perfect'])})\s+"
    rf"(?:(?:now|already|so\s+far)\s+)?(?:{_ACTIVE}|left|claimed|caused|displaced)(?![\w-])",
    re.I,
)
_IN_CAMPAIGN_RE = re.compile(
    rf"(?<![\w-])(?:in|during|throughout|since)\s+(?:the|this|its|their)\s+"
    rf"(?:[\w'’-]+\s+){{0,3}}?(?P<camp>{_CAMPAIGN})(?![\w-])",
    re.I,
)
_PERFECT_RE = re.compile(r"\b(?:have|has)\s+(?:\w+\s+)?(?:been\s+)?\w+", re.I)
_NEW_BEFORE_RE = re.compile(rf"(?<![\w-])(?:{_alt(_CUM['new_markers'])})\s+\Z", re.I)
_MORE_AFTER_RE = re.compile(r"\A\s+(?:more|additional|further|other)\b", re.I)
# ".!?;" before a capital, "word.Next" run together, a blank line, the final stop. One
# leading class, which each branch then looks back at, lets the regex engine skip ahead to
# those characters instead of trying every position.
_SENTENCE_END_RE = re.compile(
    r"[.!?;\n](?:(?<=[.!?;])(?=\s+[\"“'(A-Z0-9])|(?<=[a-z\])]\.)(?=\d|[A-Z][a-z])"
    r"|(?<=\n)\s*\n|(?<=[.!?])\Z)"
)
_SINCE_BEFORE_RE = re.compile(r"\bsince\b", re.I)
_AUX_PRESENT_RE = re.compile(r"\b(?:were|was|are|is|been|being|got|get)\b", re.I)
_OBJECT_AFTER_RE = re.compile(
    rf"\A\s+(?:(?:on\s+[A-Z]\w+|yesterday|today|last\s+\w+|early\s+\w+|late\s+\w+)\s+)?"
    rf"(?:#|(?:a|an|the|his|her|their|its|two|three|several)\s|(?:him|her|himself|herself|"
    rf"themselves|them|another|{_VICTIM})\b)",
    re.I,
)
_SPAN_CUE_RE = re.compile(
    r"\b(?:in|over|during|within)\s+(?:the\s+(?:past|last)\s+)?(?:[\w#-]+\s+)?"
    r"(?:days|weeks|months|years)\b",
    re.I,
)
_BY_BEFORE_RE = re.compile(r"\bby\s+\Z", re.I)
_REL_IN_GAP_RE = re.compile(rf"(?<![\w-])(?:{_VICTIM})\s+(?:who|whom|that|which)\b", re.I)
_Q_BEFORE_RE = re.compile(r"#\s+\Z")
_APPOSITION_RE = re.compile(
    r"\s*,\s*(?:(?:his|her|their|the|a|an)\s+[^,.;#]{1,40}?(?=,)"
    r"|(?-i:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})(?=,|\s+and\b))"
    # a name after a title: "killed district chief Mohammad Anwar Khan and his guard"
    r"|\s+(?-i:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})(?=\s+and\s+(?:his|her|their)\b)",
    re.I,
)
# a short prepositional phrase of the victim before the next listed victim ("the district
# head of Soro, ..., and his brother"), up to "and"/"along with" or a name in apposition (no
# figure, no clause end; ", a local resident said" is a source)
_PP_BEFORE_COORD_RE = re.compile(
    r"\s+(?:of|in|from|for)\s+[^,.;:#()]{1,60}?"
    r"(?=\s*,?\s+(?:and|along\s+with|together\s+with|as\s+well\s+as)\s|\s*,\s*(?-i:[A-Z]))",
    re.I,
)
_TRAILING_Q_RE = re.compile(r"#+\s*\Z")
_SUBSET_ITEM_RE = re.compile(r"#\s+of\s+(?:them|whom|those)\b|\bincluding\b", re.I)
_POSS_START_RE = re.compile(r"\s*,\s*(?:and\s+)?(?:his|her|their)\s", re.I)
_Q_START_RE = re.compile(r"\s*,\s*(?:and\s+)?#")
_SAID_AFTER_RE = re.compile(
    r"\s+(?:said|says|told|reported|reports|added|stated|confirmed|explained|noted)\b", re.I
)
_AND_BEFORE_RE = re.compile(r"(?:,\s*)?\band\s+\Z", re.I)
# a word between a verb and "along with": none that starts another clause
_GAP_WORD = (
    r"(?:\s+(?!(?:along|and|but|while|was|were|is|are|who|after|when|as|he|she)\b)[\w'’-]+)"
)
_ALONG_WITH_RE = re.compile(
    rf"(?:{_GAP_WORD}{{0,5}}?\s+(?P<w>(?:along|together)\s+with|alongside)"
    rf"|\s+(?P<w2>with)(?=\s+(?:his|her|their)\s+(?:wife|husband|son|daughter|child|brother|"
    rf"sister|father|mother|driver|bodyguard|guard|aide|nephew|niece|cousin)\b"
    rf"(?!\s+(?:watching|looking|at\s+(?:his|her)\s+side|by\s+(?:his|her)\s+side))))"
    rf"\s+(?:his|her|their)\s+{_np('an', 'ao')}",
    re.I,
)
_OWN_VERB_RE = re.compile(r"\s+(?:was|were|is|are|has|have|had)\b", re.I)
# a listed item followed by a verb of its own is the subject of the next clause
_CLAUSE_VERB_RE = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|sustained|suffered|received|died|perished)\b", re.I)
_AND_HIS_RE = re.compile(rf"\s+and\s+(?:his|her)\s+(?:{_VICTIM})(?![\w'’-])", re.I)
_ALONG_WITH_OTHERS_RE = re.compile(
    rf"{_GAP_WORD}{{0,5}}?\s+(?P<w>(?:(?:along|together)\s+with|alongside)\s+"
    r"(?P<q>#+)\s+other(?:s\b|\s+(?:people|persons|civilians|passengers|victims)\b))"
    rf"(?!\s*,?\s*(?:who|that|which)\s+(?:(?:were|was|had|have|been|later)\s+)*"
    rf"(?:wounded|injured|hurt|arrested|detained|rescued|survived|escaped)\b)",
    re.I,
)
_THEN_VERB_RE = re.compile(
    rf"\s+and\s+(?:then\s+|later\s+|subsequently\s+|also\s+)?(?P<v2>{_PASSIVE})(?![\w-])", re.I
)
_FATALLY_RE = re.compile(r"\b(?:fatally|mortally)\b", re.I)
_KILLED_OR_BEFORE_RE = re.compile(r"\b(?:killed|killing|kill)\s*(?:or|and/or|/)\s*\Z", re.I)
_OR_HURT_RE = re.compile(
    r"\s*(?:,\s*(?:injured|wounded)\s*,?)?\s*(?:or|and/or|/)\s*(?:injured|wounded|hurt|captured)\b",
    re.I)
_LONG_GAP_RE = re.compile(r"\s+\S")
_ANOTHER_NOUN_RE = re.compile(rf"\s+({_VICTIM})", re.I)
_VICTIM_WORD_RE = re.compile(rf"(?<![\w-])(?:{_VICTIM})(?![\w-])", re.I)
_NOMINAL_BEFORE_RE = re.compile(r"\b(?:the|for|of)\s+(?:[a-z]+ly\s+)?\Z", re.I)
_OF_Q_GAP_RE = re.compile(r"\s+of\s+#+\s+[^#]*\Z", re.I)
_REPORT_IN_GAP_RE = re.compile(
    r"\b(?:said|says|told|reported|added|stated|confirmed|according\s+to)\b", re.I
)
_SINGULAR_AUX_RE = re.compile(r"\b(?:was|is|has)\b", re.I)
_COMMA_AND_RE = re.compile(r",\s*and\s+$", re.I)
_NAMES_ONLY_RE = re.compile(r"(?:\s+[A-Z][\w'’.-]*)*\s*")
_RELATIVE_RE = re.compile(r"\b(?:who|which|that)\b", re.I)
_PARTITIVE_RE = re.compile(r"\s+of\s+(?:those|these|them)\b", re.I)
_SUBSET_GAP_RE = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\b",
                            re.I)
_GENERIC_TYPES = {"killed", "injured", "missing"}
_PLURAL_IRREGULAR = {"people", "children", "men", "women", "police", "personnel", "staff", "crew"}


def _is_plural(noun: str) -> bool:
    last = noun.split()[-1]
    return last in _PLURAL_IRREGULAR or (last.endswith("s") and not last.endswith("ss"))


_SINGULAR_TAKES_OF = {"member", "members", "other", "others", "one", "family", "families"}


def _firsts(phrases: Any) -> frozenset[str]:
    return first_words(phrases)


_WORD_END_RE = re.compile(r"[\w'’-]*")
_NEG_FIRST = _firsts(_NEG["words"])
_TOLL_FIRST = frozenset({"death", "toll", "number"})
_CODED_FIRST = frozenset({"unknown", "fatalities"})
_LEADIN_FIRST = _firsts(_LEX["killed_lead_ins"] + _LEX["injured_lead_ins"])
_ACTIVE_FIRST = _firsts(_VERB_TYPE["active"])
_PASSIVE_FIRST = _firsts(list(_VERB_TYPE["passive"]) + list(_VERB_TYPE["intransitive"]))
_KI_FIRST = _firsts(_KI_WORDS)
_BRING_FIRST = _firsts(_CUM["bringers"])
_PRON_FIRST = _ACTIVE_FIRST | {"shot", "shooting", "stabbed", "stabbing", "hacked", "hacking",
                               "beat", "beating", "stoned", "gunned"}
_SUBJECT_FIRST = frozenset({"a", "an", "the", "his", "her", "their", "its", "another", "one"})
_CAMP_FIRST = _firsts(_CUM["campaigns"]) | first_words(
    w.split("-")[-1] for w in _CUM["campaigns"] if "-" in w
)
_CUE_FIRST = _firsts(_CUM["cues"])
_SPAN_UNITS = frozenset({"days", "weeks", "months", "years"})
index_words(_CAMP_FIRST | _CUE_FIRST | _SPAN_UNITS)
index_words(
    _NEG_FIRST | _TOLL_FIRST | _CODED_FIRST | _LEADIN_FIRST | _ACTIVE_FIRST | _PASSIVE_FIRST
    | _BRING_FIRST | _SUBJECT_FIRST | _PRON_FIRST
)


# Every match of _BODY_OF_RE / _A_BODY_RE holds one of these words: a text (folded like the
# regex folds case) without any of them is not scanned (most texts have no body found).
_BODY_NOUNS = ("body", "corpse", "remains")
_A_BODY_NOUNS = ("body", "corpse")


def _may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when no case-insensitive regex could find any of the lower-case `words` in
    `text` (when the text does not fold like `re.I`, always True)."""
    low = folded_text(text)
    return low is None or any(w in low for w in words)


@dataclass
class _Raw:
    """A harm figure before running-total analysis."""

    start: int
    end: int
    qstart: int  # where the figure itself starts (for "another"/cue checks)
    type: HarmType
    group: str
    min: int | None
    max: int | None
    negated: bool = False
    total: bool = False  # introduced by "bringing/raising ... to"
    period: DateMention | None = None
    unsplit: bool = False  # "casualties": killed or injured, split unknown


def _ends_before(text: str, start: int, verb: int) -> bool:
    """Whether a sentence ends between a passive subject at `start` and the next verb at `verb`,
    with no bracket before it: then no passive clause starts at `start`."""
    stop = _CLAUSE_STOP_RE.search(text, start, verb)
    return stop is not None and stop[0] not in "(["


def _figure_owns_verb(gap: str, quantified: bool) -> bool:
    """Whether another figure sits between subject and verb and owns the verb ("the police
    chief said at least # civilians, including # women, were killed")."""
    subset = _SUBSET_GAP_RE.search(gap)
    pre = _TRAILING_Q_RE.sub("", gap[: subset.start()]) if subset else gap
    return "#" in pre and not _OF_Q_GAP_RE.match(pre) and (
        not subset or not quantified or _REPORT_IN_GAP_RE.search(pre) is not None
    )


def _group(m: MatchLike, head: str, of: str) -> str:
    """Victim group of a noun phrase; "members of the security forces" takes the of-noun."""
    noun = m.group(head)
    of_noun = m.group(of)
    if noun is None:
        return "people"
    n = _norm(noun)
    if of_noun and (n in _SINGULAR_TAKES_OF or _GROUP_OF.get(n) == "people"):
        return _GROUP_OF.get(_norm(of_noun), "people")
    return _GROUP_OF.get(n, "people")


def _lists_his(gap: str, aux: str) -> bool:
    """"a member of X and his wife were killed": the subject lists two victims. With "was",
    only right after the head ("The lawyer Tatyana Akimtseva and her driver was shot"), not
    after a clause ("a policeman guarding the home of a politician and his family was shot")."""
    and_his = _AND_HIS_RE.search(gap)
    if and_his is None or _RELATIVE_RE.search(gap):
        return False
    return not _SINGULAR_AUX_RE.search(aux) or bool(
        _NAMES_ONLY_RE.fullmatch(gap[: and_his.start()]))


def _mask(text: str, quantities: list[Quantity]) -> str:
    """Same-length copy with every quantity turned into '#'s and stray '#' neutralised.

    Quantities come in order without overlaps, so the copy is joined from slices (a list of
    every character only when they do not)."""
    clean = text.replace("#", "_")
    pieces: list[str] = []
    last = 0
    for q in quantities:
        if q.start < last:
            return _mask_by_chars(clean, quantities)
        pieces += (clean[last : q.start], "#" * (q.end - q.start))
        last = q.end
    pieces.append(clean[last:])
    return "".join(pieces)


def _mask_by_chars(clean: str, quantities: list[Quantity]) -> str:
    chars = list(clean)
    for q in quantities:
        chars[q.start : q.end] = "#" * (q.end - q.start)
    return "".join(chars)


@lru_cache(maxsize=16)  # total_new and the clause scans ask for the same text's bounds often
def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; callers must not mutate the (cached) list."""
    bounds, start = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


_END = itemgetter(1)


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The first sentence ending after `pos` (else the last): bisect in C, no Python loop."""
    return bounds[min(bisect_right(bounds, pos, key=_END), len(bounds) - 1)]


def _index_is_exact(text: str, quantities: list[Quantity]) -> bool:
    """Whether every harm word a masked-text pattern can start with is in the text's word index.

    The index splits the lower-cased text into letter runs; a pattern word can be missing from
    it only where case-insensitive matching differs from lower-casing (`folded_text` is None)
    or where a figure masked with '#' starts inside a word ("...from 5 to 7" glued to a verb),
    so the masked text ends a word that the text continues. Then the index must not rule a
    pattern out.
    """
    low = folded_text(text)
    return low is not None and not any(
        q.start and low[q.start - 1 : q.start + 1].isalpha() for q in quantities
    )


class _Finder:
    """One document's harm analysis; holds the masked text and the quantities by position."""

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.quantities = find_quantities(text)
        self.masked = _mask(text, self.quantities)
        self.q_at = {q.start: q for q in self.quantities}
        self.used: set[int] = set()  # quantity starts already turned into harm
        self.raw: list[_Raw] = []
        self.covered: list[tuple[int, int]] = []  # spans of negations and matches
        self._dates: list[DateMention] | None = None
        self._index_exact: bool | None = None
        self._bring_cache: dict[int, list[int]] = {}
        self._positions_cache: dict[frozenset[str], list[int]] = {}
        self._cue_cache: dict[
            tuple[int, int], tuple[re.Match[str] | None, re.Match[str] | None, bool]
        ] = {}

    @property
    def index_exact(self) -> bool:
        """`_index_is_exact` for this document (computed once, on first use)."""
        if self._index_exact is None:
            self._index_exact = _index_is_exact(self.text, self.quantities)
        return self._index_exact

    @property
    def dates(self) -> list[DateMention]:
        if self._dates is None:
            self._dates = find_dates(self.text, self.published)
        return self._dates

    # -- helpers -----------------------------------------------------------------------------
    def _positions(self, firsts: frozenset[str]) -> list[int]:
        """Starts of the words that can begin a pattern (the shared word index; kept per word
        set, as the running-total checks ask for the same sets once per mention)."""
        found = self._positions_cache.get(firsts)
        if found is None:
            found = self._positions_cache[firsts] = positions(self.text, firsts)
        return found

    def _anchored(
        self, pattern: re.Pattern[str], text: str, firsts: frozenset[str]
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches of `pattern` tried only where one of its first words is."""
        last = 0
        for pos in self._positions(firsts):
            if pos < last:
                continue
            m = pattern.match(text, pos)
            if m:
                last = m.end()
                yield m

    def _at_quantities(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        last = 0
        for q in self.quantities:
            if q.start < last:
                continue
            m = pattern.match(self.masked, q.start)
            if m:
                last = m.end()
                yield m

    def _windows(self, firsts: frozenset[str], before: int) -> list[tuple[int, int]]:
        """Merged stretches ending after each anchor word, for the clause patterns."""
        out: list[tuple[int, int]] = []
        masked, bounds = self.masked, self.bounds
        size, last = len(masked), len(bounds) - 1
        word_end = _WORD_END_RE.match  # `[\w'’-]*` always matches at `pos` (possibly empty)
        i = 0  # the anchor's sentence (`_sentence_of`): anchors come in order, i only moves on
        for pos in self._positions(firsts):
            while i < last and bounds[i][1] <= pos:
                i += 1
            end = word_end(masked, pos)
            b = min(size, (end.end() if end else pos) + 40)  # multiword verbs ("shot and killed")
            a = max(0, pos - before, bounds[i][0])
            if out and a <= out[-1][1]:
                if b > out[-1][1]:
                    out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def _quantity(self, start: int) -> Quantity | None:
        return self.q_at.get(start)

    def _overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.covered)

    def _add(self, raw: _Raw) -> None:
        self.raw.append(raw)

    def _figure(self, m: MatchLike, qg: str, artg: str) -> tuple[int | None, int | None, int]:
        """min, max and start of the figure in group `qg` (a quantity) or `artg` (an article)."""
        if m.group(qg):
            q = self._quantity(m.start(qg))
            if q is None:
                return None, None, m.start(qg)
            self.used.add(q.start)
            return q.min, q.max, q.start
        return 1, 1, m.start(artg)

    # -- patterns ----------------------------------------------------------------------------
    def negations(self) -> None:
        for m in self._anchored(_NEG_RE, self.text, _NEG_FIRST):
            types = self._neg_types(m.group("hn") or m.group("verb") or "")
            end = m.end()
            for t in types:
                self._add(_Raw(m.start(), end, m.start(), t, "people", 0, 0, negated=True))
            more = _NEG_MORE_RE.match(self.text[end : end + 60])
            if more:
                for t in self._neg_types(more.group("hn")):
                    self._add(_Raw(m.start(), end + more.end(), m.start(), t, "people", 0, 0,
                                   negated=True))
                end += more.end()
            self.covered.append((m.start(), end))
            for q in self.quantities:
                if m.start() <= q.start < end:
                    self.used.add(q.start)

    @staticmethod
    def _neg_types(word: str) -> list[HarmType]:
        w = _norm(word)
        if w in ("hurt", "harmed", "harm") or w.startswith("loss"):
            return ["killed", "injured"]
        t = _NOUN_TYPE.get(w) or _VERB_TYPE["passive"].get(w) or _VERB_TYPE["intransitive"].get(w)
        if t == "casualties":
            return ["killed", "injured"]
        return [h for h in _HARM_TYPES if h == t]

    def lead_ins(self) -> None:
        for m in self._anchored(_TOLL_RISE_RE, self.masked, _TOLL_FIRST):
            q = self._quantity(m.start("q"))
            if q is None or q.start in self.used:
                continue
            kind = _NOUN_TYPE.get(_norm(m.group("hn"))) if m.group("hn") else "killed"
            t = next((h for h in _HARM_TYPES if h == kind), None)
            if t is None:
                continue
            self.used.add(q.start)
            self._add(_Raw(m.start(), m.end(), q.start, t, "people", q.min, q.max))
            self.covered.append((m.start(), m.end()))
        for m in self._anchored(_CODED_RE, self.masked, _CODED_FIRST):
            q = self._quantity(m.start("q"))
            if q is not None:
                self.used.add(q.start)
                self._add(_Raw(m.start(), m.end(), q.start, "killed", "people", q.min, q.max))
                self.covered.append((m.start(), m.end()))
        for m in self._anchored(_LEADIN_RE, self.masked, _LEADIN_FIRST):
            if m.start("q") in self.used or self._overlaps(m.start(), m.end()):
                continue
            lo, hi, qs = self._figure(m, "q", "q")
            lead_type: HarmType = "injured" if m.group("ilead") else "killed"
            self._add(_Raw(m.start(), m.end(), qs, lead_type, _group(m, "n", "o"), lo, hi))

    def found_bodies(self) -> None:
        """One body found is one person killed: "the body of a man was found", "a female body
        was found" (a figure, "the bodies of 4 men", is a lead-in)."""
        for rx, nouns in ((_BODY_OF_RE, _BODY_NOUNS), (_A_BODY_RE, _A_BODY_NOUNS)):
            if not _may_contain(self.masked, nouns):
                continue
            for m in rx.finditer(self.masked):
                if self._overlaps(m.start(), m.end()):
                    continue
                group = _group(m, "n", "o") if m.groupdict().get("n") else "people"
                self._add(_Raw(m.start(), m.end(), m.start(), "killed", group, 1, 1))
                self.covered.append((m.start(), m.end()))

    def active(self) -> None:
        for m in self._anchored(_ACTIVE_RE, self.masked, _ACTIVE_FIRST):
            if m.group("q") and m.start("q") in self.used:
                continue
            t = _VERB_TYPE["active"][_norm(m.group("verb"))]
            if _Q_BEFORE_RE.search(self.masked, max(0, m.start() - 4), m.start()):
                continue  # "1 killed 3 injured": the verb closes the figure before it
            art = _norm(m.group("art") or "")
            if art and not m.group("n") and not (
                m.group("g") and t in _GENERIC_TYPES and not _is_plural(_norm(m.group("g")))
            ):
                continue
            if m.group("pron") and t not in _GENERIC_TYPES:
                continue
            if (m.group("name") or m.group("bare")) and (
                t == "displaced" or (m.group("bare") and _is_plural(_norm(m.group("bn"))))
            ):
                continue
            if m.group("g") and not m.group("n") and t not in _GENERIC_TYPES:
                continue  # "seized 47500 pills"
            if art == "the" and (
                t not in _GENERIC_TYPES
                or _is_plural(_norm(m.group("n") or m.group("g") or "x"))
            ):
                continue  # "killed the soldiers" restates; "killed the mayor" is one
            if self._overlaps(m.start(), m.end()):
                continue
            lo: int | None
            hi: int | None
            if m.group("pron") or m.group("name") or m.group("bare"):
                lo, hi, qs = 1, 1, m.end("verb") + 1
            else:
                lo, hi, qs = self._figure(m, "q", "art")
            if art in ("his", "her", "their") and m.group("n") and _is_plural(_norm(m.group("n"))):
                hi = None
            group = _group(m, "n", "o") if not m.group("bare") else _group(m, "bn", "bn")
            if not m.group("n") and not m.group("bare"):
                group = self._inherited_group(m.start(), group)
            either = _KILLED_OR_BEFORE_RE.search(self.masked, max(0, m.start() - 24), m.start())
            if t == "injured" and either is not None:
                # "killed or wounded 12 soldiers": one figure, the split unknown
                for typ in ("killed", "injured"):
                    self._add(_Raw(either.start(), m.end(), qs, typ, group, None, hi,
                                   unsplit=True))
                continue
            self._add(_Raw(m.start(), m.end(), qs, t, group, lo, hi))
            self._coordinated(m.end(), m.start(), t, bool(m.group("q")), objects=True)

    def named_singular(self) -> None:
        """A sentence whose subject is one named person: "Judge X was last night killed"."""
        verbs = self._positions(_KI_FIRST) if self.index_exact else None
        if verbs == []:
            return  # no killed/injured verb anywhere in the text
        for s0, s1 in self._sentences_with(verbs):
            while s0 < s1 and self.text[s0].isspace():
                s0 += 1
            m = _NAMED_PASSIVE_RE.match(self.masked, s0, s1)
            if m is None or self._overlaps(m.start(), m.end()):
                continue
            if any(r.start < m.end() and m.start() < r.end for r in self.raw):
                continue
            victim = _VICTIM_WORD_RE.findall(m.group("subj"))
            if victim and _is_plural(_norm(victim[-1])):
                continue
            t = _VERB_TYPE["passive"][_norm(m.group("verb"))]
            group = _GROUP_OF.get(_norm(victim[-1]), "people") if victim else "people"
            self._add(_Raw(m.start(), m.end(), m.start(), t, group, 1, 1))
            self.covered.append((m.start(), m.end()))
            self._along_with(m.end(), t)

    def _sentences_with(self, words: list[int] | None) -> list[tuple[int, int]]:
        """The sentences in which one of the word starts stands (all sentences for None): a
        pattern that must end at such a word has no match in the others."""
        bounds = self.bounds
        if words is None:
            return bounds
        last = len(bounds) - 1
        found = sorted({min(bisect_right(bounds, p, key=_END), last) for p in words})
        return [bounds[i] for i in found]

    def to_death(self) -> None:
        """ "hacked a secular blogger to death", "beat two men to death": the victims named
        between the verb and "to death" were killed."""
        low = folded_text(self.masked)
        if low is None:
            if not _TO_DEATH_WORDS.search(self.masked):
                return
        elif "death" not in low or not _says_to_death(low):
            return
        for m in _TO_DEATH_RE.finditer(self.masked):
            if (m.group("q") and m.start("q") in self.used) or self._overlaps(m.start(), m.end()):
                continue
            lo, hi, qs = self._figure(m, "q", "art")
            self._add(_Raw(m.start(), m.end(), qs, "killed", _group(m, "n", "o"), lo, hi))

    def pronoun_objects(self) -> None:
        """ "kidnapped eight fighters ... and killed them": the figure the pronoun refers to."""
        for m in self._anchored(_PRON_KILL_RE, self.masked, _PRON_FIRST):
            if self._overlaps(m.start(), m.end()):
                continue
            if m.group("p1") and m.group("p1").lower() in ("him", "her"):
                self._add(_Raw(m.start(), m.end(), m.start("p1"), "killed", "people", 1, 1))
                continue
            s0, _ = _sentence_of(self.bounds, m.start())
            earlier = [q for q in self.quantities if s0 <= q.start < m.start()
                       and _NP_AT_RE.match(self.masked, q.end)]
            if not earlier:
                continue
            q = earlier[-1]
            t = _VERB_TYPE["active"].get(_norm(m.group(0).split()[0]), "killed")
            if m.group("p1"):
                t = "killed"
            if any(r.qstart == q.start and r.type == t for r in self.raw):
                continue
            np = _NP_AT_RE.match(self.masked, q.end)
            group = _group(np, "n", "o") if np else "people"
            self._add(_Raw(m.start(), m.end(), q.start, t, group, q.min, q.max))

    def _inherited_group(self, start: int, default: str) -> str:
        """ "killed 12 civilians and wounded 42": the second figure shares the first's group."""
        for r in reversed(self.raw):
            gap = self.text[r.end : start]
            if 0 <= len(gap) <= 25 and re.fullmatch(r"[\s,]*(?:and|while|as well as)?\s*", gap):
                return r.group
        return default

    def _coordinated(self, pos: int, start: int, t: HarmType, listed_q: bool = False,
                     objects: bool = False) -> int:
        """Items listed after a figure: ", 2 policemen and a civilian", "and their mother"
        (`objects`: the figure is a verb's object, so an item with a verb of its own is not)."""
        while True:
            c = _COORD_RE.match(self.masked, pos)
            if not c:
                skip = _APPOSITION_RE.match(self.masked, pos)
                c = _COORD_RE.match(self.masked, skip.end()) if skip else None
            if not c:  # "a director of a university along with his driver"
                pp = _PP_BEFORE_COORD_RE.match(self.masked, pos)
                if pp and _VICTIM_WORD_RE.search(pp.group(0)):
                    pp = None  # "killed a man in front of his wife and his two children"
                skip = _APPOSITION_RE.match(self.masked, pp.end()) if pp else None
                c = _COORD_RE.match(self.masked, (skip or pp).end()) if pp else None
                if c and c.group("cp"):
                    return pos  # past a phrase, only a victim noun: not "and his unit left"
                if c and _OWN_VERB_RE.match(self.masked, c.end()):
                    return pos  # "killed a trader from Kano, and his wife was injured"
            if not c or _SAID_AFTER_RE.match(self.masked, c.end()):
                return pos  # ", a doctor said" is an attribution, not a victim
            if objects and _CLAUSE_VERB_RE.match(self.masked, c.end()):
                return pos  # "killed nine people and six people sustained injuries"
            if _SUBSET_ITEM_RE.search(self.masked, c.start(), c.end()):
                return pos  # "Six people, two of them children": a part, not another item
            comma_q = _Q_START_RE.match(self.masked, c.start())
            comma_poss = _POSS_START_RE.match(self.masked, c.start())
            if c.group("cnx") and not comma_q and not comma_poss and not listed_q:
                return pos  # "killed Alaa Idwar, a cameraman": an apposition
            listed_q = listed_q or bool(comma_q)
            if c.group("cp"):
                if _is_plural(_norm(c.group("cg"))):
                    return pos
                self._add(_Raw(c.start(), c.end(), c.start(), t, "people", 1, 1))
                pos = c.end()
                continue
            head_name = "cn" if c.group("cn") else "cnx"
            head = self.masked[c.start() : c.start(head_name)]
            qm = re.search(_Q, head)
            if qm:
                q = self._quantity(c.start() + qm.start())
                if q is None or q.start in self.used:
                    return pos
                self.used.add(q.start)
                lo, hi = q.min, q.max
            else:
                noun = _norm(c.group(head_name))
                plural = noun.endswith("s") or noun in ("people", "children", "men", "women")
                lo, hi = (1, None) if plural else (1, 1)
            group = _group(c, head_name, "co" if head_name == "cn" else "cox")
            self._add(_Raw(c.start(), c.end(), c.start(), t, group, lo, hi))
            pos = c.end()

    def passive(self) -> None:
        """Subject-verb figures, tried only at subjects (a figure or an article) in windows that
        end at a passive verb."""
        spans = self._windows(_PASSIVE_FIRST, 220)
        if not spans:
            return
        starts = sorted({q.start for q in self.quantities} | set(self._positions(_SUBJECT_FIRST)))
        # The verb starts after the subject and inside the window: a subject after the window's
        # last verb cannot match (only trusted when the index sees every verb).
        verbs = self._verb_starts() if self.index_exact else None
        v = 0
        pos = 0
        w = 0
        for c in starts:
            while w < len(spans) and spans[w][1] <= c:
                w += 1
            if w == len(spans):
                return
            if c < spans[w][0] or c < pos:
                continue
            if verbs is not None:
                while v < len(verbs) and verbs[v] <= c:
                    v += 1
                if v == len(verbs) or verbs[v] >= spans[w][1]:
                    continue
                if _ends_before(self.masked, c, verbs[v]):
                    continue
            m = _PASSIVE_SCAN.match(self.masked, c, spans[w][1])
            if m is None:
                continue
            pos = m.end() if self._passive_match(m) else m.end("subj")

    def _verb_starts(self) -> list[int]:
        """Starts of the verb words that begin a whole passive or intransitive verb."""
        masked, verb_start = self.masked, _VERB_START_RE.match
        return [p for p in self._positions(_PASSIVE_FIRST) if verb_start(masked, p)]

    def _passive_match(self, m: MatchLike) -> bool:
        """Record one passive/intransitive figure; False when the match must be re-tried later."""
        # The checks that only return False come cheapest and most often failing first.
        if m.group("q") and m.start("q") in self.used:
            return False
        gap = m.group("gap") or ""
        if "#" in gap and _figure_owns_verb(gap, bool(m.group("q"))):
            return False
        if self._overlaps(m.start(), m.end()):
            return False
        if _BY_BEFORE_RE.search(self.masked, max(0, m.start() - 6), m.start()):
            return False  # "abducted by four men": the agent, not the victim
        if _REL_IN_GAP_RE.search(gap):
            return False  # "... the body of a man who was killed": another noun's clause
        verb = _norm(m.group("verb"))
        aux = m.group("aux") or ""
        if not aux and _NOMINAL_BEFORE_RE.search(self.masked, max(0, m.start("verb") - 20),
                                                  m.start("verb")):
            return False  # "the internally displaced": a noun, not a verb
        intrans = verb in _VERB_TYPE["intransitive"]
        if (
            not intrans
            and not verb.endswith(" by")
            and not _AUX_PRESENT_RE.search(aux)
            and _OBJECT_AFTER_RE.match(self.masked[m.end() : m.end() + 40])
        ):
            return False  # "5 gunmen killed 3 villagers": active, the object is the victim
        if not aux and verb == "shot" and _SHOT_AT_RE.match(self.masked, m.end()):
            return False  # "three armed men shot at a car wash": they fired, no one was hit
        t = _VERB_TYPE["intransitive"].get(verb) or _VERB_TYPE["passive"][verb]
        if t == "injured" and _FATALLY_RE.search(aux):
            t = "killed"  # "was fatally shot"
        if m.group("q") and _PARTITIVE_RE.match(self.text, m.end("q")) and any(
            r.type == t and not r.negated and r.end <= m.start() for r in self.raw
        ):
            return False  # "some of those killed were shot": part of a figure told before
        then = _THEN_VERB_RE.match(self.masked, m.end())
        t2 = _VERB_TYPE["passive"].get(_norm(then.group("v2"))) if then else None
        if t2 == t:
            t2 = None
        end = m.end()
        if t2 in _GENERIC_TYPES and t not in _GENERIC_TYPES and (m.group("g") or m.group("ag")):
            t, t2 = t2, None  # "the consul has been kidnapped and killed": killed counts
            end = then.end() if then else end
        if m.group("g") and t not in _GENERIC_TYPES:
            return False  # "3 weapons were seized" is not harm to people
        if t == "displaced" and not m.group("q"):
            return False  # displacement is counted in people, not "the gunman fled"
        another_noun = _ANOTHER_NOUN_RE.fullmatch(gap) if m.group("another") else None
        if m.group("another") and m.group("gap") and not another_noun:
            return False
        if (m.group("g") or m.group("ag")) and m.group("coord").lstrip().startswith(","):
            return False
        if m.group("ag") and _LONG_GAP_RE.match(gap) and _VICTIM_WORD_RE.search(gap):
            return False  # a vague subject ("the day", "a vehicle") only binds a verb nearby
        if m.group("art"):
            noun = _norm(m.group("an") or m.group("ag"))
            if _norm(m.group("art")) not in ("a", "an") and _is_plural(noun):
                return False  # "the civilians were killed" restates an earlier figure
            if m.group("ag") and (_is_plural(noun) or t not in _GENERIC_TYPES):
                return False
            definite = _norm(m.group("art")) not in ("a", "an")
            elided = _AND_BEFORE_RE.search(self.masked, max(0, m.start() - 8), m.start())
            if definite and not intrans and not _AUX_PRESENT_RE.search(aux) and not elided:
                return False  # "the second member of the group killed": no clause of its own
        lo: int | None
        hi: int | None
        if another_noun:  # "another person was injured"
            lo, hi, qs, group = 1, 1, m.start(), _GROUP_OF.get(_norm(another_noun.group(1)),
                                                               "people")
        elif m.group("another"):
            lo, hi, qs, group = 1, 1, m.start(), self._inherited_group(m.start(), "people")
        else:
            lo, hi, qs = self._figure(m, "q", "art")
            group = _group(m, "n", "o") if m.group("q") else _group(m, "an", "ao")
        if (m.group("art") or "").lower() in ("his", "her", "their") and lo == 1 and hi == 1 and (
            _AND_BEFORE_RE.search(self.masked, max(0, m.start() - 8), m.start())
        ) and not (_SINGULAR_AUX_RE.search(aux) and _COMMA_AND_RE.search(
                self.masked, max(0, m.start() - 8), m.start())):
            # "The district head, Mohammad Daud, and his driver were killed"; not "..., and
            # his wife was injured", a clause of its own
            lo = hi = 2
        elif lo == 1 and hi == 1 and m.group("art") and _lists_his(gap, aux):
            lo = hi = 1 + len(_AND_HIS_RE.findall(gap))  # "a member of X and his wife were"
        either = _OR_HURT_RE.match(self.masked, m.end()) if t == "killed" else None
        if either is not None or (t == "killed" and t2 == "injured"):
            # "were killed or injured", "killed and wounded": one figure, the split unknown
            split_end = (either or then or m).end()
            for typ in ("killed", "injured"):
                self._add(_Raw(m.start(), split_end, qs, typ, group, None, hi, unsplit=True))
            t2 = None
        else:
            self._add(_Raw(m.start(), end, qs, t, group, lo, hi))
        if m.group("coord"):
            self._coordinated(m.end("subj"), m.start(), t, bool(m.group("q")))
        if then is not None and t2 is not None:
            # "Five people were abducted and killed": the same figure suffered both.
            self._add(_Raw(m.start(), then.end(), qs, t2, group, lo, hi))
        self._along_with(m.end(), t)
        for q in self.quantities:  # figures inside "including ..." are parts of this one
            if m.start("subj") < q.start < m.end() and q.start not in self.used:
                self.used.add(q.start)
        self.covered.append((m.start(), m.end()))
        return True

    def _along_with(self, pos: int, t: HarmType) -> None:
        """Victims added after the verb: "was killed along with his driver", "... along with
        13 other people", "shot dead with his wife and child"."""
        along = _ALONG_WITH_RE.match(self.masked, pos)
        if along and not _is_plural(_norm(along.group("an"))):
            w = along.start("w") if along.group("w") else along.start("w2")
            self._add(_Raw(w, along.end(), w, t, _group(along, "an", "ao"), 1, 1))
            end = self._coordinated(along.end(), along.start(), t)
            self.covered.append((along.start(), end))  # not again as "his wife, who was ..."
            return
        others = _ALONG_WITH_OTHERS_RE.match(self.masked, pos)
        q = self._quantity(others.start("q")) if others else None
        if others and q is not None and q.start not in self.used:
            self.used.add(q.start)
            self._add(_Raw(others.start("w"), others.end(), q.start, t, "people", q.min, q.max))
            self.covered.append((others.start("w"), others.end()))

    def nouns(self) -> None:
        for m in self._at_quantities(_NOUN_RE):
            if m.start("q") in self.used or self._overlaps(m.start(), m.end()):
                continue
            q = self._quantity(m.start("q"))
            if q is None or _OBJECT_AFTER_RE.match(self.masked[m.end() : m.end() + 40]):
                continue  # "Two car bombs killed 15 people": the figure is the agent
            self.used.add(q.start)
            kind = _NOUN_TYPE[_norm(m.group("hn"))]
            if kind == "casualties":
                hi = q.max
                for t in ("killed", "injured"):
                    self._add(_Raw(m.start(), m.end(), q.start, t, "people", None, hi,
                                   unsplit=True))
                continue
            self._add(_Raw(m.start(), m.end(), q.start, kind, "people", q.min, q.max))  # type: ignore[arg-type]

    def totals(self) -> None:
        """ "..., bringing the total since Monday to more than 50": a running total.

        Without a period ("raising the toll to 14 dead, 26 wounded") the figure is the updated
        toll of the incident itself; with one it is a running total (new=False).
        """
        for m in self._anchored(_BRING_RE, self.masked, _BRING_FIRST):
            q = self._quantity(m.start("q"))
            if q is None or q.start in self.used:
                continue
            s0, _ = _sentence_of(self.bounds, m.start())
            prior = [r for r in self.raw if s0 <= r.start and r.end <= m.start() and not r.negated]
            after = _TOTAL_NOUN_RE.match(self.masked, q.end)
            if after:
                t, group = self._total_kind(_norm(after.group("hn")), prior)
            else:
                t, group = self._total_kind(_norm(m.group("mid")), prior)
            if t is None:
                continue
            self.used.add(q.start)
            period = self._period_in(m.start(), q.end)
            end = after.end() if after else q.end
            self._add(_Raw(m.start(), end, q.start, t, group, q.min, q.max,
                           total=period is not None, period=period))
            self._total_items(m.start(), end, period)

    def _total_items(self, start: int, pos: int, period: DateMention | None) -> None:
        """ "to 14 dead, 26 wounded": further figures of the same total."""
        while True:
            c = _TOTAL_ITEM_RE.match(self.masked, pos)
            if not c:
                return
            q = self._quantity(c.start("q"))
            kind = _NOUN_TYPE.get(_norm(c.group("hn")))
            t = next((h for h in _HARM_TYPES if h == kind), None)
            if q is None or t is None or q.start in self.used:
                return
            self.used.add(q.start)
            self._add(_Raw(start, c.end(), q.start, t, "people", q.min, q.max,
                           total=period is not None, period=period))
            pos = c.end()

    @staticmethod
    def _total_kind(mid: str, prior: list[_Raw]) -> tuple[HarmType | None, str]:
        """What a "bringing the X to N" total counts: the noun in X, else the figure before it."""
        noun = _HNOUN_RE.search(mid)
        kind = _NOUN_TYPE.get(_norm(noun.group(0))) if noun else None
        t = next((h for h in _HARM_TYPES if h == kind), None)
        if t is None and "death" in mid:
            t = "killed"
        if t is not None:
            return t, prior[-1].group if prior and prior[-1].type == t else "people"
        if prior:
            return prior[-1].type, prior[-1].group
        return None, "people"

    # -- running totals ----------------------------------------------------------------------
    @property
    def bounds(self) -> list[tuple[int, int]]:
        if not hasattr(self, "_bounds"):
            self._bounds = _sentence_bounds(self.text)
        return self._bounds

    def _period_in(self, start: int, end: int) -> DateMention | None:
        """The period of a running total: a date in [start, sentence end], as a since-period."""
        _, s_end = _sentence_of(self.bounds, start)
        for d in self.dates:
            if start <= d.start < max(end, s_end):
                return self._as_since(d, start)
        return None

    def _as_since(self, d: DateMention, floor: int) -> DateMention:
        """ "since the offensive in late April": the date starts a period ending at publication."""
        if d.kind == "since":
            return d
        lead = self.text[max(floor, d.start - 80) : d.start]
        if _SINCE_BEFORE_RE.search(lead):
            return replace(d, kind="since", end_date=self.published)
        return d

    def _campaign_period(self, camp: str, before: int) -> DateMention | None:
        """The period of "the offensive" from where the text dated it earlier."""
        best = None
        for m in re.finditer(rf"\b{re.escape(camp)}\b", self.text[:before], re.I):
            for d in self.dates:
                if m.start() - 80 <= d.start <= m.end() + 40 and d.start < before:
                    best = self._as_since(d, m.start() - 80)
        return best

    def classify(self) -> list[HarmMention]:
        out = []
        for r in sorted(self.raw, key=lambda r: (r.start, r.qstart)):
            new, period = True, r.period
            if r.total:
                new = False
            elif not r.negated and not self._marked_new(r):
                new, period = self._running_total(r)
            out.append(
                HarmMention(start=r.start, end=r.end, text=self.text[r.start : r.end], type=r.type,
                            group=r.group, min=r.min, max=r.max, new=new, negated=r.negated,
                            period=period, stated=self._stated(r))
            )
        return out

    def _stated(self, r: _Raw) -> int | None:
        """The figure as written ("more than 50" -> 50); None when unquantified or unsplit."""
        if r.unsplit:
            return None
        q = self._quantity(r.qstart)
        if q is not None:
            return q.stated
        return r.min if r.min is not None and r.min == r.max else None

    def _marked_new(self, r: _Raw) -> bool:
        q = self._quantity(r.qstart)
        before = self.text[max(0, r.qstart - 20) : r.qstart]
        after = self.text[q.end : q.end + 15] if q else ""
        return bool(_NEW_BEFORE_RE.search(before) or _MORE_AFTER_RE.match(after))

    def _bringers(self, s0: int, s1: int) -> list[int]:
        """Starts of "bringing/raising ... to N" in one sentence (cached per sentence)."""
        found = self._bring_cache.get(s0)
        if found is None:
            found = [b.start() for b in self._bring_matches(s0, s1)]
            self._bring_cache[s0] = found
        return found

    def _bring_matches(self, s0: int, s1: int) -> Iterator[re.Match[str]]:
        """`_BRING_RE.finditer(self.masked, s0, s1)`, tried only where one of its first words
        starts (when the word index sees every such word) instead of at every position."""
        if not self.index_exact:
            yield from _BRING_RE.finditer(self.masked, s0, s1)
            return
        words = self._positions(_BRING_FIRST)
        last = s0
        for pos in words[bisect_left(words, s0) :]:
            if pos >= s1:
                return
            if pos < last:
                continue
            m = _BRING_RE.match(self.masked, pos, s1)
            if m:
                last = m.end()
                yield m

    def _clause_cues(
        self, s0: int, clause_end: int
    ) -> tuple[re.Match[str] | None, re.Match[str] | None, bool]:
        """Campaign-in-perfect, "in the war", and other running-total cues of one clause."""
        key = (s0, clause_end)
        cached = self._cue_cache.get(key)
        if cached is None:
            clause = self.text[s0:clause_end]
            has_camp = self._has_word(_CAMP_FIRST, s0, clause_end)
            cached = (
                _CAMPAIGN_PERFECT_RE.search(clause) if has_camp else None,
                _IN_CAMPAIGN_RE.search(clause) if has_camp else None,
                bool(
                    (self._has_word(_CUE_FIRST, s0, clause_end) and _CUE_RE.search(clause))
                    or (
                        self._has_word(_SPAN_UNITS, s0, clause_end)
                        and _SPAN_CUE_RE.search(clause)
                    )
                ),
            )
            self._cue_cache[key] = cached
        return cached

    def _has_word(self, words: frozenset[str], start: int, end: int) -> bool:
        """Whether one of `words` starts in [start, end) (word index + bisect)."""
        found = self._positions(words)
        i = bisect_left(found, start)
        return i < len(found) and found[i] < end

    def _running_total(self, r: _Raw) -> tuple[bool, DateMention | None]:
        s0, s1 = _sentence_of(self.bounds, r.start)
        clause_end = s1
        for b in self._bringers(s0, s1):
            if b >= r.end:
                clause_end = b
                break
        perfect_camp, in_camp, cue = self._clause_cues(s0, clause_end)
        if perfect_camp is not None and s0 + perfect_camp.start() >= r.end:
            # "clashes killed seven people, the latest flare-up in a conflict that has left 66
            # dead in three weeks": the campaign's clause, and its cues, are not the figure's
            clause_end = s0 + perfect_camp.start()
            perfect_camp, in_camp, cue = self._clause_cues(s0, clause_end)
        camp = perfect_camp
        if camp is None and in_camp is not None and _PERFECT_RE.search(self.text, r.start, r.end):
            camp = in_camp
        if not camp and not cue:
            return True, None
        period = self._period_in(s0, clause_end)
        if period is not None and not (s0 <= period.start < clause_end):
            period = None
        if period is None and camp:
            period = self._campaign_period(_norm(camp.group("camp")), s0)
        return False, period


def _span_mention_prefix(text: str, m: HarmMention) -> HarmMention:
    """Start a mention's span at "Another" when it is marked new ("Another 16 civilians ...")."""
    before = text[max(0, m.start - 20) : m.start]
    nb = _NEW_BEFORE_RE.search(before)
    if nb and m.new and not m.negated:
        start = m.start - (len(before) - nb.start())
        return replace(m, start=start, text=text[start : m.end])
    return m


@lru_cache(maxsize=1024)
def _find_cached(text: str, published: date | None) -> tuple[HarmMention, ...]:
    f = _Finder(text, published)
    f.negations()
    f.lead_ins()
    f.found_bodies()
    f.active()
    f.to_death()
    f.passive()
    f.totals()
    f.nouns()
    f.pronoun_objects()
    f.named_singular()
    return tuple(_span_mention_prefix(text, m) for m in f.classify())


def find_harm(text: str, published: date | None = None) -> list[HarmMention]:
    """Every harm figure in `text` (see the module docstring for the rules)."""
    if not text:
        return []
    return [clone(m) for m in _find_cached(text, published)]


_TOLL_RE = re.compile(r"\b(?:toll|total)\b", re.I)


def total_new(text: str, mentions: list[HarmMention], harm_type: str = "killed") -> int:
    """Reconciled count of one harm type in a document, as a coder would record it.

    Uses each figure as written (`stated`: "more than 50" counts 50; ACLED and PITF code the
    stated figure), else its min. Figures in one sentence add up ("killed 4 ..., while another
    killed 3"), except the same words repeated (a quote repeating the lead).
    News leads with the total and then gives details, so a later sentence whose figures sum to
    no more than what is already counted is detail, not addition ("Ten civilians died ...
    'Four people died ...'"), unless it says the figure comes on top ("2 more", "another");
    a later figure equal to one already counted is a restatement. A "death toll", a "total" or
    a sentence that is only the figure ("3 fatalities.") replaces a smaller sum.
    Negations and unquantified figures add nothing. When a document gives only running totals
    of this type, the smallest of them is the best available figure.
    """
    of_type = [m for m in mentions if m.type == harm_type and not m.negated]
    chosen = [m for m in of_type if m.new and _value(m) is not None]
    # Figures as written outrank vague ones ("at least 19 ... many victims burnt"); figures in
    # square brackets are editors' alternative reports, used only when nothing else is stated.
    for keep in (lambda m: m.stated is not None, lambda m: not _in_brackets(text, m)):
        preferred = [m for m in chosen if keep(m)]
        chosen = preferred or chosen
    if not chosen:
        totals = [v for m in of_type if (v := _value(m)) is not None]
        return min(totals) if totals else 0
    coded = [v for m in chosen if _CODED_TEXT_RE.search(m.text) and (v := _value(m)) is not None]
    if coded:
        return coded[-1]
    bounds = _sentence_bounds(text)
    by_sentence: dict[int, list[HarmMention]] = {}
    for m in chosen:
        by_sentence.setdefault(_sentence_of(bounds, m.start)[0], []).append(m)
    total, counted = 0, list[int]()
    for _, ms in sorted(by_sentence.items()):
        values = [v for m in ms if (v := _value(m)) is not None]
        if counted and not any(_adds_on(text, m) for m in ms) and sum(values) <= total:
            continue
        earlier = list(counted)
        seen: set[tuple[str, int, str]] = set()
        for m, v in zip(ms, values, strict=True):
            key = (m.group, v, _norm(m.text.lstrip(" ,;")))
            if key in seen:
                continue  # a quote repeating the same words ("They killed seven fishermen")
            seen.add(key)
            if _TOLL_RE.search(m.text) or _is_summary(text, bounds, m):
                total = max(total, v)
            elif v not in earlier or _adds_on(text, m, strict=True):
                total += v
            counted.append(v)
    return total


_SUMMARY_RE = re.compile(
    r"\b\d[\d,]*\s+(?:fatalit(?:y|ies)|deaths?|dead|killed|injur(?:ed|y|ies)|wounded)\b|\band\b",
    re.I,
)
_CODED_TEXT_RE = re.compile(r"\bcoded\s+as\b", re.I)


def _is_summary(text: str, bounds: list[tuple[int, int]], m: HarmMention) -> bool:
    """A sentence that is nothing but the figure ("3 fatalities.") sums up the report."""
    s0, s1 = _sentence_of(bounds, m.start)
    sentence = text[s0:s1]
    return m.text.strip() in sentence and _only_figures(sentence)


@lru_cache(maxsize=512)  # total_new runs again for every trial of the restatement check
def _only_figures(sentence: str) -> bool:
    """Whether the sentence holds nothing but figures of harm ("3 fatalities.")."""
    return not _SUMMARY_RE.sub(" ", sentence).strip(" .;,\n\t")


_ADDS_ON_WORDS = r"another|more|further|additional|also|as\s+well(?!\s+as)"
_ADDS_ON_STRICT_RE = re.compile(rf"\b(?:{_ADDS_ON_WORDS})\b", re.I)
_ADDS_ON_RE = re.compile(rf"\b(?:{_ADDS_ON_WORDS}|separately|separate)\b", re.I)
_ADDS_ON_AFTER_RE = re.compile(r"\s*,?\s*(?:as\s+well|too)\b(?!\s+as)", re.I)


def _adds_on(text: str, m: HarmMention, strict: bool = False) -> bool:
    """ "killed 2 more people", "another attack killed 3", "one aide was killed as well": a
    figure on top of the earlier ones. `strict`: a figure equal to one already counted needs
    a plain add-on word ("separate" reports may restate it) in a wider lead-in."""
    before = _ADDS_ON_STRICT_RE if strict else _ADDS_ON_RE
    s0 = max(0, m.start - (30 if strict else 15))
    return bool(before.search(text, s0, m.end) or _ADDS_ON_AFTER_RE.match(text, m.end))


def _in_brackets(text: str, m: HarmMention) -> bool:
    opening = text.rfind("[", 0, m.start)
    return (
        opening != -1 and text.rfind("]", opening, m.start) == -1 and text.find("]", m.end) != -1
    )  # (find, not a slice: total_new asks for every figure in every restatement trial)


def _value(m: HarmMention) -> int | None:
    return m.stated if m.stated is not None else m.min
