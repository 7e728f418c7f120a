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
  ``pending_us``, the United States when what is missing is their own contribution.
"""
from __future__ import annotations

import functools
import re
from typing import Sequence

from .actors import load_actors

__all__ = ["attribute", "actor_mentions", "UNNAMED", "OTHER"]

UNNAMED = "UNNAMED"
OTHER = "OTHER"

_PLACE_PREPS = {"à", "en", "depuis", "vers", "dans", "sur", "au", "aux", "in", "at", "from", "near", "près"}
_REPORTING = {
    "affirmer", "déclarer", "annoncer", "indiquer", "assurer", "souligner", "ajouter", "expliquer", "estimer",
    "rappeler", "préciser", "insister", "dire", "confier", "répéter", "prévenir", "avertir", "marteler",
    "lancer", "juger", "regretter", "reconnaître", "écrire", "noter", "observer", "relever", "poursuivre",
    "conclure", "commenter", "déplorer", "plaider", "promettre", "confirmer", "martèler", "résumer", "glisser",
    "admettre", "avancer", "rapporter", "affirmer", "tweeter", "nuancer", "renchérir", "démentir", "fustiger",
    "say", "tell", "add", "state", "announce",
}
_UNNAMED_NOUNS = {"source", "sources", "responsable", "responsables", "diplomate", "diplomates", "fonctionnaire",
                  "officiel", "officiels", "conseiller", "proche", "entourage", "membre", "participant", "négociateur"}
_PRONOUNS = {"il", "elle", "ils", "elles", "celui-ci", "celle-ci", "ceux-ci", "celles-ci", "lui", "eux", "on",
             "certains", "certaines", "plusieurs", "la plupart", "tous", "ce dernier", "cette dernière"}
_FIRST_PERSON = {"nous", "je", "j'", "on"}
_ASK = {"exhorter", "réclamer", "demander", "appeler", "presser", "inviter", "plaider", "insister", "urger", "solliciter"}
_WAIT = {"attendre", "dépendre", "conditionner", "lier", "suspendre", "compter", "subordonner", "espérer", "tabler"}
_US = "USA"
_EUROPEAN_GROUP_MIN = 3

_CUE_LEMMAS = {
    "committed": {"engager", "promettre", "fournir", "livrer", "envoyer", "déployer", "décider", "débloquer", "financer",
                  "annoncer", "signer", "confirmer", "réaffirmer", "garantir", "acter", "apporter", "contribuer",
                  "participer", "soutenir", "approuver", "valider", "adopter", "mettre", "consacrer", "allouer",
                  "verser", "octroyer", "accorder", "former", "prêt", "prêter", "porter", "augmenter", "pledge", "provide"},
    "conditional": {"pouvoir", "envisager", "étudier", "examiner", "exclure", "refuser", "hésiter", "conditionner",
                    "opposer", "bloquer", "rejeter", "freiner", "réfléchir", "interroger", "diviser", "réticent",
                    "hésitant", "divisé", "ouvrir", "douter", "rechigner", "résister", "vouloir", "subordonner"},
    "pending_us": _WAIT | _ASK | {"hésiter", "hésitant", "préciser", "définir", "rester", "manquer", "conditionner"},
}


# ----------------------------------------------------------------------- actors
@functools.lru_cache(maxsize=1)
def _surface_forms() -> tuple[tuple[str, str, str], ...]:
    """(surface form, code, kind) for every way the actor list names an actor."""
    forms: dict[str, tuple[str, str]] = {}
    for code, entry in load_actors().items():
        for kind in ("names", "demonyms", "capitals", "seats", "institutions", "offices"):
            for form in entry.get(kind, []) or []:
                forms.setdefault(form.lower(), (code, kind))
        for person in entry.get("people", []) or []:
            for form in [person.get("name", "")] + list(person.get("aliases", []) or []):
                if form:
                    forms.setdefault(form.lower(), (code, "people"))
    return tuple((f, c, k) for f, (c, k) in forms.items())


_MATCHERS: dict[int, object] = {}


def _matcher(vocab):
    key = id(vocab)
    if key not in _MATCHERS:
        from spacy.matcher import PhraseMatcher
        from spacy.lang.fr import French

        tokenizer = French().tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        by_key: dict[str, list] = {}
        for form, code, kind in _surface_forms():
            by_key.setdefault(f"{code}|{kind}", []).append(tokenizer(form))
        for k, docs in by_key.items():
            matcher.add(k, docs)
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


class Mention:
    __slots__ = ("code", "kind", "start", "end", "text")

    def __init__(self, code: str, kind: str, start: int, end: int, text: str):
        self.code, self.kind, self.start, self.end, self.text = code, kind, start, end, text

    def __repr__(self) -> str:
        return f"Mention({self.code}, {self.text!r})"


def actor_mentions(span) -> list[Mention]:
    """Actor mentions in a sentence (token offsets within the doc), longest first at
    each position, places after a preposition left out."""
    doc = span.doc
    matcher = _matcher(doc.vocab)
    found = []
    for match_id, s, e in matcher(doc[span.start:span.end]):
        code, kind = doc.vocab.strings[match_id].split("|")
        found.append((span.start + s, span.start + e, code, kind))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[Mention] = []
    last_end = -1
    for s, e, code, kind in found:
        if s < last_end:
            continue
        if kind in ("capitals", "names") and s > 0 and doc[s - 1].lower_ in _PLACE_PREPS:
            continue  # "à Bruxelles", "en France": a place
        if kind == "names" and s > 1 and doc[s - 1].lower_ in ("l'", "la", "le") and doc[s - 2].lower_ in _PLACE_PREPS:
            continue
        out.append(Mention(code, kind, s, e, doc[s:e].text))
        last_end = e
    return out


# ---------------------------------------------------------------------- helpers
def _in_quote(tok) -> bool:
    """Whether a token sits inside « … » (or “ … ”) within its sentence."""
    depth = 0
    for t in tok.sent if tok.doc.has_annotation("SENT_START") else tok.doc:
        if t.i >= tok.i:
            break
        if t.text in ("«", "“"):
            depth += 1
        elif t.text in ("»", "”") and depth:
            depth -= 1
    return depth > 0


def _subjects(verb) -> list:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")]
    if not subs and verb.dep_ in ("xcomp", "conj", "acl", "advcl", "ccomp") and verb.head is not verb:
        # "prêts à apporter", "a promis de livrer", coordinated verbs share the subject
        return _subjects(verb.head) if verb.dep_ in ("xcomp", "conj") else []
    agents = [c for c in verb.children if c.dep_ in ("obl:agent",)]
    return subs + agents


def _code_in(tokens_idx: set[int], mentions: list[Mention]) -> Mention | None:
    inside = [m for m in mentions if m.start in tokens_idx]
    if not inside:
        return None
    european = {m.code for m in inside if m.code not in (_US, "UKR", "RUS", "EU", "NATO", "COALITION", "EUROPE")}
    if len(european) >= _EUROPEAN_GROUP_MIN and all(m.kind in ("names", "capitals", "demonyms") for m in inside):
        return Mention("EUROPE", "group", inside[0].start, inside[-1].end, "")
    # prefer names, people, offices over demonyms used as adjectives
    rank = {"people": 0, "offices": 0, "institutions": 1, "names": 1, "seats": 1, "capitals": 1, "demonyms": 2, "group": 0}
    return sorted(inside, key=lambda m: (rank.get(m.kind, 3), m.start))[0]


def _subtree_idx(tok) -> set[int]:
    return {t.i for t in tok.subtree}


class _Context:
    """What earlier sentences of the article tell later ones."""

    def __init__(self):
        self.last_speaker: tuple[str, str] | None = None
        self.last_actor: str | None = None
        self.last_holder: str | None = None


# ----------------------------------------------------------------------- sources
_SELON = re.compile(r"\bselon\b|\baccording to\b", re.I)
_DE_SOURCE = re.compile(r"\bde sources?\b|\bsous couvert d'anonymat\b|\bsources? (?:diplomatiques?|proches?|gouvernementales?|européennes?|militaires?)\b", re.I)


def _source(span, mentions: list[Mention], ctx: _Context) -> tuple[str | None, str | None, int | None]:
    """(code, surface text, speaker token index) of the sentence's source, if any."""
    doc = span.doc
    # 1. a reporting verb with its speaker (postposed or preposed)
    for tok in span:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in _REPORTING:
            continue
        if tok.lemma_.lower() == "promettre" or tok.lemma_.lower() == "confirmer":
            if not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children) and tok.i < span.end - 1 and doc[tok.i - 1].text != ",":
                continue
        subs = [c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if not subs:
            continue
        sub = subs[0]
        first = min(min(t.i for t in sub.subtree), tok.i)
        last = max(max(t.i for t in sub.subtree), tok.i)
        # the attribution must not be inside the quotation itself
        if _in_quote(tok) and not (first > span.start and doc[first - 1].text in (",", "»")):
            continue
        text = doc[first:last + 1].text
        if sub.lower_ in ("il", "elle", "ils", "elles", "-il", "-elle", "-ils", "-elles"):
            if ctx.last_speaker:
                return ctx.last_speaker[0], text, sub.i
            return None, text, sub.i
        if sub.lower_ in ("on", "-on"):
            return UNNAMED, doc[first:span.end].text.rstrip(" ."), sub.i
        m = _code_in(_subtree_idx(sub), mentions)
        if m:
            return m.code, text, sub.i
        words = {t.lower_ for t in sub.subtree}
        if words & _UNNAMED_NOUNS or any(t.lower_ in ("un", "une", "des") for t in sub.subtree if t.dep_ == "det"):
            return UNNAMED, text, sub.i
        return OTHER, text, sub.i
    # 2. "selon X"
    m_selon = _SELON.search(span.text)
    if m_selon:
        start_char = span.start_char + m_selon.start()
        after = [m for m in mentions if doc[m.start].idx >= start_char]
        tail = span.text[m_selon.start():].split(",")[0].rstrip(" .")
        if _DE_SOURCE.search(tail):
            return UNNAMED, tail, None
        if after:
            return after[0].code, tail, after[0].start
        return OTHER, tail, None
    if _DE_SOURCE.search(span.text):
        m = _DE_SOURCE.search(span.text)
        return UNNAMED, m.group(0), None
    return None, None, None


# ----------------------------------------------------------------------- holders
def _stance_verbs(span, label: str) -> list:
    lemmas = _CUE_LEMMAS.get(label, set())
    cues = [t for t in span if t.lemma_.lower() in lemmas and t.pos_ in ("VERB", "AUX", "ADJ", "NOUN")]
    root = [t for t in span if t.dep_ == "ROOT"]
    return cues + root


def _holder(span, label: str, mentions: list[Mention], source: tuple, ctx: _Context) -> tuple[str | None, str | None]:
    if label == "none":
        return None, None
    doc = span.doc
    src_code, _, src_tok = source
    src_idx: set[int] = set()
    if src_tok is not None:
        src_idx = _subtree_idx(doc[src_tok]) if doc[src_tok].dep_ else {src_tok}
    us_mentioned = any(m.code == _US for m in mentions)

    # pending_us: the missing piece is the US contribution itself
    if label == "pending_us":
        for t in span:
            lemma = t.lemma_.lower()
            if lemma in _ASK and us_mentioned:
                return _US, "ask"
        subj_codes = []
        for v in _stance_verbs(span, label):
            for s in _subjects(v):
                m = _code_in(_subtree_idx(s), [mm for mm in mentions if mm.start not in src_idx])
                if m:
                    subj_codes.append(m)
        if subj_codes:
            code = subj_codes[0].code
            if code == "UKR":
                return _US, "ukraine asks"
            return code, subj_codes[0].text
        if us_mentioned and not any(m.code not in (_US, "UKR") and m.start not in src_idx for m in mentions):
            return _US, "us"

    # the subject of the stance predicate
    for v in _stance_verbs(span, label):
        for s in _subjects(v):
            if s.lower_ in _FIRST_PERSON or s.lower_ in ("-nous",):
                if _in_quote(s) or src_code:
                    nxt = [t for t in s.subtree if t.lower_ in ("européens", "alliés")]
                    if nxt:
                        return "EUROPE", "nous, Européens"
                    if src_code and src_code not in (UNNAMED, OTHER):
                        return src_code, "nous"
                    if ctx.last_speaker:
                        return ctx.last_speaker[0], "nous"
                continue
            idx = _subtree_idx(s) - src_idx
            m = _code_in(idx, mentions)
            if m:
                if m.code == "UKR" and label == "pending_us":
                    return _US, m.text
                return m.code, m.text
            if s.lower_ in _PRONOUNS or (s.pos_ == "PRON") or s.lower_ in ("président", "ministre", "gouvernement", "pays", "capitales"):
                if ctx.last_holder:
                    return ctx.last_holder, s.text
                if ctx.last_actor:
                    return ctx.last_actor, s.text

    # no actor in a subject: the first actor of the sentence that is not the source
    others = [m for m in mentions if m.start not in src_idx]
    if label == "pending_us" and us_mentioned:
        non_us = [m for m in others if m.code not in (_US, "UKR")]
        if non_us:
            return non_us[0].code, non_us[0].text
        return _US, "us"
    if others:
        m = _code_in({m.start for m in others}, others)
        return m.code, m.text
    if src_code and src_code not in (UNNAMED, OTHER):
        return src_code, "source"
    if ctx.last_holder:
        return ctx.last_holder, "context"
    if ctx.last_actor:
        return ctx.last_actor, "context"
    return "EUROPE", "default"


def attribute(spans: Sequence, labels: Sequence[str]) -> list[dict]:
    """Holder and source of each sentence of one article, in order."""
    ctx = _Context()
    out = []
    for span, label in zip(spans, labels):
        mentions = actor_mentions(span)
        src = _source(span, mentions, ctx)
        holder, holder_text = _holder(span, label, mentions, src, ctx)
        out.append({"holder": holder, "source": src[0], "source_text": src[1]})
        if src[0] and src[0] not in (UNNAMED, OTHER):
            ctx.last_speaker = (src[0], src[1] or "")
        if holder:
            ctx.last_holder = holder
        real = [m for m in mentions if m.code not in ("EUROPE",)] or mentions
        if real:
            ctx.last_actor = real[0].code
    return out
