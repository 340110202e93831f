"""Synthetic conflict-news corpus for benchmarks: deterministic, fast, news-shaped, no real text.

Every sentence comes from templates written for this module and is filled with well-known town
names, generic actor descriptions, numbers (digits, words, hedges), dates and harm verbs, so the
extraction pipeline has realistic work to do per word. The documents are NOT a gold standard:
they exist to time the pipeline, not to score it.

    python -m benchmarks.corpus 10000 out.jsonl [--words 500] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Theatre:
    """A country with some of its towns (and their province) and the armed actors active there."""

    country: str
    towns: tuple[tuple[str, str], ...]
    attackers: tuple[str, ...]
    defenders: tuple[str, ...]
    dateline: tuple[str, ...]


THEATRES: tuple[Theatre, ...] = (
    Theatre(
        "Syria",
        (("Saraqib", "Idlib"), ("Ariha", "Idlib"), ("Maarat al-Numan", "Idlib"),
         ("Jisr al-Shughur", "Idlib"), ("Sarmin", "Idlib"), ("Khan Shaykhun", "Idlib"),
         ("Atarib", "Aleppo"), ("Azaz", "Aleppo"), ("Manbij", "Aleppo"), ("Al-Bab", "Aleppo"),
         ("Deir ez-Zor", "Deir ez-Zor"), ("Raqqa", "Raqqa"), ("Daraa", "Daraa"),
         ("Kafr Nabl", "Idlib")),
        ("Russian warplanes", "Syrian government forces", "regime helicopters",
         "pro-government militias", "Islamic State militants"),
        ("Hayat Tahrir al-Sham fighters", "rebel fighters", "Turkish-backed factions",
         "Syrian Democratic Forces"),
        ("IDLIB", "GAZIANTEP", "BEIRUT", "ALEPPO"),
    ),
    Theatre(
        "Yemen",
        (("Taiz", "Taiz"), ("Marib", "Marib"), ("Hodeidah", "Al Hudaydah"), ("Aden", "Aden"),
         ("Sanaa", "Amanat al Asimah"), ("Saada", "Saada"), ("Al Bayda", "Al Bayda"),
         ("Mukalla", "Hadramawt")),
        ("Houthi fighters", "Saudi-led coalition aircraft", "AQAP militants"),
        ("government forces", "tribal fighters", "Southern Transitional Council forces"),
        ("ADEN", "SANAA", "DUBAI"),
    ),
    Theatre(
        "Nigeria",
        (("Maiduguri", "Borno"), ("Monguno", "Borno"), ("Konduga", "Borno"), ("Bama", "Borno"),
         ("Damboa", "Borno"), ("Gwoza", "Borno"), ("Dikwa", "Borno"), ("Kaduna", "Kaduna"),
         ("Zaria", "Kaduna"), ("Gusau", "Zamfara"), ("Katsina", "Katsina"), ("Jos", "Plateau"),
         ("Makurdi", "Benue")),
        ("Boko Haram militants", "ISWAP fighters", "armed bandits", "gunmen on motorcycles"),
        ("Nigerian soldiers", "vigilantes of the Civilian Joint Task Force", "police officers"),
        ("MAIDUGURI", "KADUNA", "ABUJA", "LAGOS"),
    ),
    Theatre(
        "Ukraine",
        (("Kramatorsk", "Donetsk"), ("Sloviansk", "Donetsk"), ("Bakhmut", "Donetsk"),
         ("Avdiivka", "Donetsk"), ("Toretsk", "Donetsk"), ("Pokrovsk", "Donetsk"),
         ("Kostiantynivka", "Donetsk"), ("Kharkiv", "Kharkiv"), ("Zaporizhzhia", "Zaporizhzhia"),
         ("Kherson", "Kherson"), ("Nikopol", "Dnipropetrovsk"), ("Sumy", "Sumy")),
        ("Russian forces", "Russian artillery", "Russian drones"),
        ("Ukrainian troops", "Ukrainian air defences", "territorial defence units"),
        ("KYIV", "KRAMATORSK", "KHARKIV", "DNIPRO"),
    ),
    Theatre(
        "Afghanistan",
        (("Kandahar", "Kandahar"), ("Lashkar Gah", "Helmand"), ("Ghazni", "Ghazni"),
         ("Kunduz", "Kunduz"), ("Jalalabad", "Nangarhar"), ("Herat", "Herat"),
         ("Khost", "Khost"), ("Farah", "Farah"), ("Kabul", "Kabul"), ("Pul-e Khumri", "Baghlan")),
        ("Taliban fighters", "Islamic State militants", "unidentified gunmen"),
        ("Afghan security forces", "police officers", "pro-government militiamen"),
        ("KABUL", "KANDAHAR", "ISLAMABAD"),
    ),
    Theatre(
        "Somalia",
        (("Mogadishu", "Banaadir"), ("Afgooye", "Lower Shabelle"), ("Baidoa", "Bay"),
         ("Kismayo", "Lower Juba"), ("Beledweyne", "Hiiraan"), ("Jowhar", "Middle Shabelle"),
         ("Marka", "Lower Shabelle"), ("Galkayo", "Mudug")),
        ("al-Shabaab fighters", "al-Shabaab militants", "clan militiamen"),
        ("Somali troops", "African Union peacekeepers", "Danab special forces"),
        ("MOGADISHU", "NAIROBI"),
    ),
    Theatre(
        "Mali",
        (("Gao", "Gao"), ("Timbuktu", "Tombouctou"), ("Mopti", "Mopti"), ("Menaka", "Menaka"),
         ("Kidal", "Kidal"), ("Segou", "Segou"), ("Bandiagara", "Mopti"), ("Ansongo", "Gao")),
        ("JNIM fighters", "Islamic State in the Greater Sahara", "armed men on motorcycles",
         "Dozo hunters"),
        ("the Malian army", "UN peacekeepers", "Russian mercenaries"),
        ("BAMAKO", "DAKAR", "NIAMEY"),
    ),
    Theatre(
        "Burkina Faso",
        (("Djibo", "Sahel"), ("Dori", "Sahel"), ("Ouahigouya", "Nord"), ("Kaya", "Centre-Nord"),
         ("Arbinda", "Sahel"), ("Fada N'gourma", "Est")),
        ("jihadist fighters", "gunmen", "Ansarul Islam militants"),
        ("soldiers", "Volunteers for the Defence of the Homeland", "gendarmes"),
        ("OUAGADOUGOU", "ABIDJAN"),
    ),
    Theatre(
        "Iraq",
        (("Baghdad", "Baghdad"), ("Mosul", "Nineveh"), ("Kirkuk", "Kirkuk"), ("Basra", "Basra"),
         ("Nasiriyah", "Dhi Qar"), ("Karbala", "Karbala"), ("Tikrit", "Salahuddin"),
         ("Ramadi", "Anbar"), ("Fallujah", "Anbar"), ("Baqubah", "Diyala")),
        ("Islamic State militants", "an unidentified armed group", "rioters", "security forces"),
        ("Iraqi soldiers", "Popular Mobilisation Forces", "riot police", "protesters"),
        ("BAGHDAD", "ERBIL", "BASRA"),
    ),
    Theatre(
        "Democratic Republic of Congo",
        (("Beni", "North Kivu"), ("Butembo", "North Kivu"), ("Oicha", "North Kivu"),
         ("Goma", "North Kivu"), ("Rutshuru", "North Kivu"), ("Bunia", "Ituri"),
         ("Djugu", "Ituri"), ("Uvira", "South Kivu")),
        ("ADF rebels", "M23 rebels", "CODECO militiamen", "Mai-Mai fighters"),
        ("Congolese soldiers", "UN peacekeepers", "local self-defence groups"),
        ("GOMA", "KINSHASA", "BENI"),
    ),
)

OUTLETS = ("Conflict Monitor", "Field Wire", "Regional Desk", "Frontline Report", "Daily Brief",
           "Humanitarian Brief", "Evening Dispatch")
SOURCES = ("a local official", "residents", "a medical source", "the civil defence",
           "a security source", "a spokesman for the regional governor", "a hospital director",
           "a monitoring group", "aid workers in the area", "the interior ministry")
VICTIMS = ("civilians", "people", "villagers", "children", "farmers", "soldiers", "fighters",
           "police officers", "worshippers", "passengers", "market traders", "displaced people")
ATTACKS = ("an air strike on", "shelling of", "a drone strike on", "an attack on",
           "a rocket attack on", "a car bomb in", "a roadside bomb near", "an ambush near",
           "a raid on", "mortar fire on", "a suicide bombing in", "heavy clashes in")
TARGETS = ("a market", "a mosque", "a school", "a hospital", "a residential area",
           "a checkpoint", "a military base", "a bus station", "a camp for displaced families",
           "a wedding party", "a bakery", "a police station", "farmland")
KILL_VERBS = ("were killed", "died", "lost their lives", "were shot dead", "were left dead")
HURT_VERBS = ("were wounded", "were injured", "were hurt", "suffered injuries")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")

HEADLINES = (
    "{n} killed in {place} as {perp} step up attacks",
    "{n} dead after {attack} {target} in {place}, {source} says",
    "Violence in {region}: {n} killed near {place}",
    "{Perp} blamed for deadly attack in {place}",
    "Civilians flee {place} after days of fighting",
)
LEADS = (
    "{Num} {victims} {kill} and {num2} others {hurt} on {weekday} in {attack} {target} in "
    "{place}, in {country}'s {region} province, {source} said.",
    "{Perp} carried out {attack} {target} in {place} on {weekday}, killing {num} {victims} "
    "and wounding {num2}, according to {source}.",
    "At least {n} {victims} {kill} when {perp} struck {target} on the outskirts of {place} "
    "late on {weekday}, {source} told reporters.",
    "{Attack} {target} in the {region} town of {place} on {month} {day} left {num} {victims} "
    "dead, {source} said, blaming {perp}.",
)
FOLLOWS = (
    "In a separate incident the same day, {num} {victims} {hurt} when {perp} targeted "
    "{target} in {other}, about {km} km away.",
    "The death toll from the violence in {region} since {month} {day} has risen to {big}, "
    "according to {source}.",
    "{Source} said {num} {victims} were still missing and that the number of dead could rise.",
    "{Defender} said they had repelled {perp} near {other} and killed {num} attackers, a claim "
    "that could not be independently verified.",
    "No casualties were reported after {attack} {target} in {other} on {weekday} night.",
    "Security forces arrested {num} suspects in {other} on {weekday} in connection with the "
    "attack, {source} said.",
    "Gunmen abducted {num} {victims} on the road between {place} and {other} last week, and "
    "their families have received ransom demands.",
    "More than {big} people have fled {place} and surrounding villages since the start of "
    "{month}, {source} said.",
    "{Num} {victims} {kill} overnight in {attack} {target} on the edge of {other}, {source} "
    "reported on {weekday}.",
    "Earlier reports had put the number of dead at {n}, but {source} later revised the figure.",
    "The attack on {place} was the deadliest in {region} since {month} {day}, when {num} "
    "{victims} {kill} in {other}.",
    "{Perp} also shelled villages west of {other}, wounding {num2} {victims}, {source} said.",
    "{Num} houses and {num2} shops were damaged in {other}, but no one was hurt, {source} said.",
    "Police said {num} {victims} had been taken hostage in {other} and that talks for their "
    "release were under way.",
    "The bodies of {num} {victims} were found near {other} on {weekday}, {km} km from {place}.",
    "Hundreds of {victims} marched through {other} on {weekday} to protest against the "
    "killings, and riot police fired tear gas to disperse them.",
)
QUOTES = (
    '"We heard the first explosion and ran outside, and then the second one hit," said a '
    "resident of {place} who asked not to be named.",
    '"There is nowhere safe left for the families here," a teacher from {other} said by '
    "telephone.",
    '"The hospital is overwhelmed and we are running out of blood," said a doctor in {place}.',
    '"We buried {num} people from my street today," a man in {other} told reporters.',
    "A spokesman for {perp} denied responsibility and accused {defender} of staging the attack.",
)
CONTEXT = (
    "The fighting in {region} has intensified in recent weeks, with both sides accusing each "
    "other of breaking earlier agreements.",
    "{Place} has changed hands several times since the conflict began, and much of its "
    "infrastructure has been destroyed.",
    "Aid agencies say that access to the area is increasingly difficult because of insecurity "
    "on the main roads.",
    "The United Nations has repeatedly called on all parties in {country} to protect "
    "civilians and allow humanitarian access.",
    "Local authorities imposed a curfew on {place} and closed schools for the rest of the week.",
    "Prices of bread and fuel in {place} have doubled since {month}, residents say.",
    "Analysts say that the latest escalation is linked to a struggle for control of the roads "
    "around {place} and {other}.",
    "Most of the victims were women and children, {source} said, adding that several houses "
    "were destroyed.",
    "Talks between the warring parties have stalled, and diplomats say a new ceasefire is "
    "unlikely before the end of {month}.",
    "Figures for casualties in {country} are hard to confirm because journalists have limited "
    "access to the front lines.",
    "Electricity and water supplies to {place} were cut after the strikes, and repair crews "
    "could not reach the damaged lines.",
    "The road from {place} to {other} has been closed to civilian traffic for most of {month}.",
    "Farmers around {other} say they have been unable to reach their fields because of "
    "landmines and unexploded shells.",
    "Displaced families are sheltering in schools and mosques in {other}, where aid groups "
    "distribute food once a week.",
    "Human rights groups have called for an independent investigation into attacks on "
    "{target} in {region}.",
    "The government in {country} has promised to rebuild {place}, but residents say little "
    "has changed since {month}.",
    "Mobile phone networks in {region} have been unreliable for weeks, making it hard to "
    "confirm reports from remote villages.",
    "Doctors in {other} say they treat wounded {victims} almost every day.",
)
BODY = FOLLOWS + QUOTES + CONTEXT


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count_phrase(rng: random.Random, n: int) -> str:
    """A casualty count as news writes it: digits, a word, or a hedged figure."""
    style = rng.random()
    if style < 0.35:
        return str(n)
    if style < 0.55 and n <= len(NUMBER_WORDS):
        return NUMBER_WORDS[n - 1]
    if style < 0.75:
        return f"at least {n}"
    if style < 0.85:
        return f"more than {n}"
    if style < 0.92:
        return f"between {n} and {n + rng.randint(2, 6)}"
    return "dozens of" if n > 20 else f"up to {n}"


def _fresh(rng: random.Random, theatre: Theatre, place: str) -> dict[str, str]:
    """Slots that change from sentence to sentence: counts, second town, victims, target."""
    other = rng.choice([town for town, _ in theatre.towns if town != place])
    attack, source = rng.choice(ATTACKS), rng.choice(SOURCES)
    slots = {
        "other": other, "attack": attack, "source": source, "target": rng.choice(TARGETS),
        "victims": rng.choice(VICTIMS), "kill": rng.choice(KILL_VERBS),
        "hurt": rng.choice(HURT_VERBS), "n": str(rng.randint(2, 40)),
        "num": _count_phrase(rng, rng.randint(2, 30)),
        "num2": _count_phrase(rng, rng.randint(2, 30)), "big": f"{rng.randint(60, 90000):,}",
        "km": str(rng.randint(5, 60)),
    }
    for key in ("num", "source", "attack"):
        slots[_cap(key)] = _cap(slots[key])
    return slots


def _slots(rng: random.Random, published: date) -> tuple[Theatre, dict[str, str]]:
    """One document's cast: a theatre, its main town, actors and dates (plus first fresh slots)."""
    theatre = rng.choice(THEATRES)
    place, region = rng.choice(theatre.towns)
    past = published - timedelta(days=rng.randint(3, 60))
    slots = {
        "country": theatre.country, "place": place, "region": region,
        "perp": rng.choice(theatre.attackers), "defender": rng.choice(theatre.defenders),
        "weekday": WEEKDAYS[(published - timedelta(days=rng.randint(0, 2))).weekday()],
        "month": MONTHS[past.month - 1], "day": str(past.day),
        "dateline": rng.choice(theatre.dateline), "outlet": rng.choice(OUTLETS),
    }
    for key in ("perp", "place", "defender"):
        slots[_cap(key)] = _cap(slots[key])
    slots.update(_fresh(rng, theatre, place))
    return theatre, slots


def _paragraphs(
    rng: random.Random, theatre: Theatre, slots: dict[str, str], words: int
) -> list[str]:
    """Lead first, then follow-ups, quotes and context (no sentence twice in a row of the
    pool), each with fresh counts and towns, until about `words` words."""
    lead = rng.choice(LEADS).format(**slots)
    paragraphs, total = [lead], len(lead.split())
    pool: list[str] = []
    while total < words:
        sentences: list[str] = []
        for _ in range(rng.randint(1, 3)):
            if not pool:
                pool = list(BODY)
                rng.shuffle(pool)
            sentence = pool.pop().format(**{**slots, **_fresh(rng, theatre, slots["place"])})
            sentences.append(sentence)
            total += len(sentence.split())
            if total >= words:
                break
        paragraphs.append(" ".join(sentences))
    return paragraphs


def make_document(index: int, seed: int = 0, words: int = 500) -> dict[str, str]:
    """Document `index` of the corpus for `seed`: same inputs, same document."""
    rng = random.Random(seed * 1_000_003 + index)
    published = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650))
    theatre, slots = _slots(rng, published)
    dateline = (f"{slots['dateline']}, {published:%B} {published.day}, {published.year} "
                f"({slots['outlet']}) -")
    body = "\n\n".join(_paragraphs(rng, theatre, slots, max(words - 10, 1)))
    return {
        "id": f"synth-{seed}-{index}",
        "text": f"{dateline}\n\n{body}\n",
        "published": published.isoformat(),
        "title": _cap(rng.choice(HEADLINES).format(**slots)),
        "url": f"https://example.org/synthetic/{seed}/{index}",
    }


def generate(n: int, seed: int = 0, words: int = 500) -> Iterator[dict[str, str]]:
    """Yield `n` synthetic news documents of about `words` words, deterministic by `seed`."""
    for index in range(n):
        yield make_document(index, seed, words)


def write_jsonl(path: Path, n: int, seed: int = 0, words: int = 500) -> int:
    """Write the corpus as JSONL documents (the CLI's input format); return the byte count."""
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in generate(n, seed, words):
            size += out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("out", type=Path, help="output .jsonl file ('-' for stdout)")
    parser.add_argument("--words", type=int, default=500, help="about this many words each")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if str(args.out) == "-":
        for doc in generate(args.n, args.seed, args.words):
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    size = write_jsonl(args.out, args.n, args.seed, args.words)
    print(f"wrote {args.n} documents ({size / 1e6:.1f} MB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
