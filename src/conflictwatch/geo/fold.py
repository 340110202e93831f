"""Name folding: one key for every common transliteration of a place name.

Two levels:
- *light* fold (length-preserving, so spans map back to the text): lowercase, strip diacritics,
  apostrophes/hamza/ayn marks become a placeholder, punctuation becomes a separator; Arabic letters
  are normalised (alef forms, ta marbuta, alef maqsura).
- *strong* fold of one light token: drop Arabic/French articles (al-, el-, ash-, an-, ...),
  canonical forms of generic words (Kfar -> kafr, Jebel -> jabal, Cheikh -> shaykh), digraphs
  (kh -> k, q -> k, ch -> sh, ou -> u, ...), every vowel to "a", doubled letters collapsed, a final
  "h" after a vowel dropped. "Ma'arat al-Num'an", "Maarrat al-Nu'man", "Maaret al-Numan" and
  "Ma‘arrat an Nu‘mān" all fold to "marat naman"; "Saraqeb" and "Saraqib" to "sarakab".

Strong keys are deliberately loose; the scorer rewards candidates whose light fold matches too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

GAP = "\x01"  # placeholder for removed marks (apostrophes, ayn/hamza signs)
SEP = " "
_APOSTROPHES = "'’‘ʿʾ`´ʻʼ′ʹ"
# Latin letters with no ASCII base letter in Unicode decomposition ("ə": the Azerbaijani schwa,
# romanised "a": Gəncə -> Ganja)
_SPECIAL = {"ß": "s", "æ": "a", "œ": "o", "ø": "o", "ł": "l", "ı": "i", "đ": "d", "ð": "d",
            "þ": "t", "ħ": "h", "ŧ": "t", "ə": "a", "ǝ": "a", "ŋ": "n"}
_ARABIC = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
           "ـ": GAP, "ء": GAP}

ARTICLES = frozenset({
    "al", "el", "ul", "il", "ad", "ed", "at", "et", "ath", "adh", "ar", "er", "as", "es",
    "ash", "esh", "ech", "ach", "az", "ez", "an", "en",
})
# Generic words with several spellings -> one canonical spelling (applied before phonetics).
CANONICAL = {
    "kfar": "kafr", "kefr": "kafr", "kafar": "kafr", "kufr": "kafr",
    "jbel": "jabal", "djebel": "jabal", "jebel": "jabal", "gebel": "jabal", "jabel": "jabal",
    "cheikh": "shaykh", "sheikh": "shaykh", "sheik": "shaykh", "shaikh": "shaykh",
    "chaikh": "shaykh", "sheykh": "shaykh", "cheik": "shaykh",
    "deir": "dayr", "dair": "dayr", "der": "dayr", "dier": "dayr",
    "tal": "tall", "tell": "tall", "tel": "tall",
    "abu": "abu", "abou": "abu", "bou": "abu",
    "ain": "ayn", "ein": "ayn", "aïn": "ayn",
    "beit": "bayt", "bait": "bayt", "beyt": "bayt",
    "khirbet": "khirbat", "kherbet": "khirbat", "khirbit": "khirbat",
    "nord": "north", "sud": "south", "norte": "north", "sur": "south",
    "northern": "north", "southern": "south", "eastern": "east", "western": "west",
    "saint": "st", "sankt": "st", "san": "san", "mount": "mt",
}
_DIGRAPHS = [("sch", "sh"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"),
             ("ch", "sh"), ("dj", "j"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("ou", "u"),
             ("ei", "ay"), ("ai", "ay"), ("ey", "ay"), ("ee", "i"), ("oo", "u")]
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLE = re.compile(r"(.)\1+")
_ARABIC_RANGE = re.compile(r"[\u0600-\u06ff]")
TOKEN = re.compile(r"[0-9a-z\u0621-\u064a" + GAP + r"]+")


def _light_char(ch: str) -> str:
    """One character of the light fold (always exactly one character)."""
    if ch in _APOSTROPHES:
        return GAP
    if ch in _ARABIC:
        return _ARABIC[ch]
    low = ch.lower()
    if len(low) != 1:
        low = low[0]
    if low in _SPECIAL:
        return _SPECIAL[low]
    if "a" <= low <= "z" or "0" <= low <= "9":
        return low
    if "\u0621" <= low <= "\u064a":
        return low
    base = unicodedata.normalize("NFKD", low)
    if unicodedata.category(low) == "Mn" or (base and unicodedata.category(base[0]) == "Mn"):
        return GAP
    if base and ("a" <= base[0] <= "z"):
        return base[0]
    if base and base[0] in _SPECIAL:
        return _SPECIAL[base[0]]
    return SEP


class _LightTable(dict[int, str]):
    """str.translate table filled lazily, one code point at a time."""

    def __missing__(self, key: int) -> str:
        value = _light_char(chr(key))
        self[key] = value
        return value


_TABLE = _LightTable()


def light(text: str) -> str:
    """Length-preserving light fold of `text` (offsets into it are offsets into the original)."""
    return text.translate(_TABLE)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, light token) for every word of `text`, marks removed from the token."""
    folded = light(text)
    out = []
    for m in TOKEN.finditer(folded):
        tok, end = m.group(), m.end()
        if tok.endswith(_POSSESSIVE) and len(tok) > 3:  # "China's", "Russia’s"
            tok, end = tok[:-2], end - 2
        out.append((m.start(), end, tok.replace(GAP, "") if GAP in tok else tok))
    return out


_POSSESSIVE = GAP + "s"


@lru_cache(maxsize=400_000)
def strong_token(tok: str) -> str:
    """Strong fold of one light token; "" for articles (they never count in a key)."""
    if not tok:
        return ""
    if _ARABIC_RANGE.match(tok):
        if tok.startswith("ال") and len(tok) > 3:
            tok = tok[2:]
        return tok
    if tok in ARTICLES:
        return ""
    light = tok
    tok = CANONICAL.get(tok, tok)
    for a, b in _DIGRAPHS:
        if a in tok:
            tok = tok.replace(a, b)
    tok = _VOWELS.sub("a", tok)
    tok = _DOUBLE.sub(r"\1", tok)
    if len(tok) > 2 and tok.endswith("ah"):
        tok = tok[:-1]
    # all vowels ("UAE", "EU") would fold to one letter, too short to index: keep the spelling
    return tok if len(tok) > 1 or len(light) < 2 else light


@lru_cache(maxsize=65_536)
def light_key(name: str) -> str:
    """Light fold of a whole name: tokens joined by one space (articles kept)."""
    return " ".join(t for _, _, t in tokens(name) if t)


def strong_key(name: str) -> str:
    """Strong fold of a whole name: the key the name index is built on."""
    parts = (strong_token(t) for _, _, t in tokens(name))
    return " ".join(p for p in parts if p)


def is_arabic(text: str) -> bool:
    """Whether `text` contains Arabic script (no capitalisation rule applies to it)."""
    return bool(_ARABIC_RANGE.search(text))


def is_latin_or_arabic(name: str) -> bool:
    """Keep only names the folding understands (Latin or Arabic script): every letter folds to
    an ASCII one, or is Arabic, or is one of the marks and special letters the light fold maps
    (Turkish "Ağrı", Polish "Łódź", Norwegian "Trøndelag", "Smithʼs")."""
    for ch in name:
        if ch.isalpha():
            if ch.isascii() or _ARABIC_RANGE.match(ch) or ch in _APOSTROPHES or \
                    ch.lower() in _SPECIAL:
                continue
            base = unicodedata.normalize("NFKD", ch)[0]
            if not base.isascii():
                return False
    return True


def keys(name: str) -> tuple[str, str]:
    """(strong key, light key) of a name in one tokenisation pass."""
    toks = [t for _, _, t in tokens(name) if t]
    strong = " ".join(p for p in (strong_token(t) for t in toks) if p)
    return strong, " ".join(toks)
