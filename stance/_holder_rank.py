"""Candidate features for the learned holder ranker.

The rules in ``holders.py`` propose one holder; the ranker weighs every candidate actor of
a sentence (the actors it names, the actors of the preceding sentences, the speaker, the
Europeans as a group, the United States) by where it stands in the parse — subject of the
main verb, agent, complement of a preposition, inside the attribution, inside a quotation —
and by what the rules said. No word of the sentence is a feature of the ranker itself:
only syntax, the actor type and the label, so that it carries over to unseen topics and
wording. A model trained with ``--holder-prior`` lets the words in through one summary:
its holder-type head (a logistic regression over the label classifier's features,
``model.fit_type_head``) gives each sentence the probability that its holder is the United
States, the Europeans as a group, an organisation, a state, or Ukraine or Russia
(``add_type_prior``); in training the ranker sees the head's out-of-fold probabilities, as
it will on new text.
"""
from __future__ import annotations

import functools
import re

import numpy as np

from ._predicates import ASK_RANKER, LABEL_LEMMAS, SWAY, SWAYED_PARTICIPLES, WAIT_HEADS, WAIT_RANKER
from .features import _APOSTROPHES, compile_lexicon, load_lexicon

_GROUPS = ("EU", "NATO", "COALITION")
_PREP_CLASS = {"de": "de", "du": "de", "des": "de", "d'": "de", "à": "a", "au": "a", "aux": "a", "par": "par",
               "avec": "avec", "sans": "sans", "pour": "pour", "sur": "sur", "entre": "entre", "contre": "contre",
               "auprès": "aupres", "chez": "chez", "selon": "selon"}
_DEPS = ("nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "obl:agent", "obl:mod", "nmod", "conj", "appos", "ROOT",
         "iobj", "amod", "flat:name")

# the kinds of holder a sentence's words point to (see ``add_type_prior``)
TYPES = ("us", "europe", "group", "state", "ukr_rus")


def add_type_prior(candidates: list[tuple[str, dict]], proba) -> None:
    """Give every candidate of one sentence the probability, read from the sentence's
    words by the model's holder-type head, that the holder is of its kind (models trained
    with ``stance train --holder-prior``; see docs/evaluation.md for what it gains).

    The words tell a state from an organisation or from Ukraine and Russia; they do not
    tell the United States from the Europeans. Which of those two holds a ``pending_us``
    stance is a matter of structure (labels.md: the United States when their contribution
    itself is missing, the European actor when its own engagement is tied to it), and
    both readings use the same words (« attendent », « soutien américain »). So the two
    kinds share one probability, and the ranker's syntax features decide between them."""
    side = round(float(proba[0]) + float(proba[1]), 4)
    for code, f in candidates:
        kind = holder_type(code)
        f["p_type_c"] = side if kind in ("us", "europe") else round(float(proba[TYPES.index(kind)]), 4)


def holder_type(code: str) -> str:
    """The kind of an actor code, one of :data:`TYPES`."""
    if code == "USA":
        return "us"
    if code == "EUROPE":
        return "europe"
    if code in _GROUPS:
        return "group"
    if code in ("UKR", "RUS"):
        return "ukr_rus"
    return "state"


def _mention_root(doc, m):
    """The word of a mention highest in the parse (the fewest ancestors; the first of equals)."""
    return min(doc[m.start:m.end], key=lambda t: len(list(t.ancestors)))


def _quoted(doc, start: int, end: int, i: int) -> bool:
    depth = 0
    for t in doc[start:i]:
        if t.text in ("«", "“"):
            depth += 1
        elif t.text in ("»", "”"):
            depth = max(0, depth - 1)
    return depth > 0


def candidate_features(span, label: str, mentions, source: tuple, ctx, rule: str | None,
                       subject_idx: set[int], examples: set[int], path: str = "") -> list[tuple[str, dict]]:
    """(code, features) for every candidate holder of one sentence; ``examples``: the starts
    of the mentions that name examples of a group (:func:`_examples`); ``path``: how the
    rules found their holder ``rule`` (``holders._holder``)."""
    doc = span.doc
    speaker, _, src_where, kind, _ = source
    n = max(1, len(span))
    by_code: dict[str, list] = {}
    for m in mentions:
        by_code.setdefault(m.code, []).append(m)
    order = list(dict.fromkeys(m.code for m in mentions if not (set(range(m.start, m.end)) & src_where)))
    guess, main = ctx.speaker_guess(), ctx.main_actor()  # once per sentence, not per candidate
    if speaker is not None and speaker != guess:
        guess = None  # the sentence names its own source ("a-t-on expliqué", "selon X"): no speaker to carry over
    cands = list(dict.fromkeys([*by_code, rule, ctx.last_holder, ctx.last_actor, guess, main, speaker,
                                "EUROPE", "USA"]))
    lemmas = {t.lemma_.lower() for t in span}
    first_person = any(t.lower_ in ("nous", "-nous", "notre", "nos") for t in span)
    sent = {
        "lab=" + label: 1, "n_codes": min(len(by_code), 5), "src_kind=" + str(kind): 1, "first_person": int(first_person),
        "has_us": int("USA" in by_code), "wait": int(bool(lemmas & {"attendre", "attente", "dépendre", "suspendre"})),
        "ask": int(bool(lemmas & {"exhorter", "réclamer", "demander", "appeler", "presser", "inviter"})),
    }
    sent.update(_us_position(span, by_code.get("USA", []), src_where, subject_idx))
    objects, felt = acted_on(span, src_where)
    sent["sway"] = int(bool(objects))
    sent["swayed_subject"] = int(felt)
    sent["src=" + _source_type(speaker, source[1])] = 1
    sent["neg_quant"] = int(any(t.lower_ in _NEG_QUANT for t in span))
    sent["n_european"] = min(sum(1 for c in by_code if c not in ("USA", "UKR", "RUS")), 3)
    sent["has_examples"] = int(bool(examples))
    sent["own_contrib"] = int(_own_contribution(span))
    sent["defer"] = int(_deferral(span))
    clause_cue = {code: any(_clause_cue(span, m, label) for m in ms) for code, ms in by_code.items()}
    sent["n_cue_clauses"] = min(sum(clause_cue.values()), 3)
    out = []
    for code in cands:
        if not code or code in ("UNNAMED", "OTHER"):
            continue
        f = dict(sent)
        typ = holder_type(code)
        f["type=" + typ] = 1
        f[f"lab×type={label}|{typ}"] = 1
        f["rule"] = int(code == rule)
        f[f"rule×lab={label}"] = int(code == rule)
        f["rule×path=" + path] = int(code == rule)
        f["last_holder"] = int(code == ctx.last_holder)
        f["last_actor"] = int(code == ctx.last_actor)
        f["speaker_guess"] = int(code == guess)
        f["main_actor"] = int(code == main)
        f["is_speaker"] = int(code == speaker)
        f["seen_before"] = min(ctx.actor_counts.get(code, 0), 3)
        ms = by_code.get(code, [])
        f["mentioned"] = int(bool(ms))
        f["n_mentions"] = min(len(ms), 3)
        if code in order:
            f["rank"] = order.index(code) + 1
            f["is_first"] = int(order.index(code) == 0)
        f["clause_cue"] = int(clause_cue.get(code, False))
        if ms:
            out_src = [m for m in ms if not (set(range(m.start, m.end)) & src_where)]
            f["only_in_source"] = int(not out_src)
            m = (out_src or ms)[0]
            root = _mention_root(doc, m)
            f["pos_rel"] = round((m.start - span.start) / n, 2)
            f["dep=" + (root.dep_ if root.dep_ in _DEPS else "other")] = 1
            f["kind=" + m.kind] = 1
            f["in_subject"] = int(any(t in subject_idx for t in range(m.start, m.end)))
            f["quoted"] = int(_quoted(doc, span.start, span.end, m.start))
            f["prep=" + _prep_before(span, m)] = 1
            f["on_behalf"] = int(any(_on_behalf(span, x) for x in ms))
            f["example"] = int(all(x.start in examples for x in ms))
            head = root.head
            f["head_pos=" + head.pos_] = 1
            f["head_is_root"] = int(head.dep_ == "ROOT" or head == root)
            f["gov_subj_root"] = int(root.dep_.startswith("nsubj") and head.dep_ == "ROOT")
            chain = [root, *list(root.ancestors)[:4]]
            subj = root.dep_.startswith("nsubj") or root.dep_ == "obl:agent"
            wait_gov = next((a for a in chain[1:] if a.lemma_.lower() in WAIT_RANKER), None)
            f["subj_of_wait"] = int(subj and head.lemma_.lower() in WAIT_RANKER)
            # the actor named as the owner of a contribution: « l'engagement des Européens »,
            # « les troupes britanniques », « la contribution américaine »
            f["owns_contrib"] = int(root.dep_ in ("nmod", "amod") and head.lemma_.lower() in _CONTRIBUTION)
            f["arg_of_wait"] = int(wait_gov is not None and not (subj and head.i == wait_gov.i))
            # the part waited on itself (« en attendant la contribution américaine »), as against
            # the owner of the engagement that waits (« l'engagement des Européens »)
            awaited = _awaited(root, chain)
            f["awaited"] = int(awaited)
            f["owns_tied"] = int(f["owns_contrib"] and not awaited and sent["us_awaited"] == 1)
            f["waiter"] = int(_waiter(root))
            f["in_relcl"] = int(any(a.dep_ in ("acl:relcl", "acl") for a in chain))
            f["in_advcl"] = int(any(a.dep_ == "advcl" for a in chain))
            f["in_ccomp"] = int(any(a.dep_ in ("ccomp", "xcomp") for a in chain))
            moved = int(code != "USA" and (any(x.start in objects for x in ms) or (felt and f["in_subject"] == 1)))
            f["swayed"] = moved
            f[f"swayed×lab={label}"] = moved
        out.append((code, f))
    # another actor's own engagement tied to the awaited US part (« l'engagement des Européens
    # …, en attendant la contribution américaine »): that actor waits, the US part is what it
    # waits on (labels.md, "The pending_us holder")
    tied = any(f.get("owns_tied") for _, f in out)
    for _, f in out:
        f["other_tied"] = int(tied and not f.get("owns_tied"))
    return out


# the cue categories (the label lexicon's) that say a clause states the label's stance
_LABEL_CUES = {"committed": ("commit",), "conditional": ("hedge", "condition", "refusal", "hesitation"),
               "pending_us": ("waiting", "undefined", "ask", "expect", "condition")}
_OWN_CLAUSES = ("advcl", "acl", "acl:relcl", "ccomp", "parataxis", "conj", "csubj")
_CLAUSE_POS = ("VERB", "AUX", "ADJ")


def _clause_cue(span, m, label: str) -> bool:
    """Whether the clause a mention belongs to states the label's stance: the words of the
    predicate that governs it (the verb it is the subject of, or the verb above the noun it
    qualifies: « le refus de Budapest »), without the clauses below that have a subject of
    their own, hold a cue of the label (« Bruxelles subordonnant toutefois chaque
    livraison … » in a sentence whose main clause is a pledge)."""
    cats = _LABEL_CUES.get(label)
    if not cats:
        return False
    doc = span.doc
    root = _mention_root(doc, m)
    pred = root.head
    while pred.pos_ not in _CLAUSE_POS and pred.head.i != pred.i and span.start <= pred.head.i < span.end:
        pred = pred.head
    if not span.start <= pred.i < span.end:
        return False
    on_path = {root.i, *(a.i for a in root.ancestors)}  # the clauses that hold the mention itself
    cut: set[int] = set()
    toks = []
    for c in pred.subtree:  # the predicate's words, less the clauses below it with a subject of their own
        if c.i in cut:
            continue
        if c.i != pred.i and c.i not in on_path and not (c.dep_ == "acl:relcl" and c.head.i == root.i) \
                and c.dep_ in _OWN_CLAUSES and any(g.dep_.startswith("nsubj") for g in c.children):
            cut.update(t.i for t in c.subtree)  # a clause with a subject of its own
            continue
        if span.start <= c.i < span.end:
            toks.append(c)
    toks = [t for t in toks if t.i not in cut]  # words before a cut clause's head, in document order
    lemmas = {t.lemma_.lower() for t in toks}
    if label == "committed" and lemmas & LABEL_LEMMAS["conditional"]:
        return False  # « refuse d'en envoyer » is no pledge
    if lemmas & LABEL_LEMMAS[label]:
        return True
    text = "".join(t.text_with_ws for t in toks).lower().translate(_APOSTROPHES)
    return bool(_label_pattern(label).search(text))


@functools.lru_cache(maxsize=None)
def _label_pattern(label: str):
    """One regular expression for the label lexicon's categories of a label (``_LABEL_CUES``)."""
    pats = dict(compile_lexicon(load_lexicon()))
    return re.compile("|".join(f"(?:{pats[c].pattern})" for c in _LABEL_CUES[label] if c in pats))


# the actor's own contribution named as such (« leurs propres contingents », « sa quote-part »)
_POSSESSIVE = {"son", "sa", "ses", "leur", "leurs", "notre", "nos", "mon", "ma", "mes"}
_CONTRIBUTION = {"contribution", "contingent", "soldat", "troupe", "quote-part", "part", "engagement", "participation",
                 "versement", "livraison", "stock", "équipe", "renfort", "effectif", "force", "militaire",
                 "aide", "soutien", "promesse", "offre", "budget", "fonds", "argent", "matériel", "arme"}


def _own_contribution(span) -> bool:
    """Whether the sentence names a contribution as someone's own (« leurs propres
    contingents », « l'envoi de leurs équipes », « nos soldats »): in a ``pending_us``
    sentence, the sign that an actor ties its own engagement to the US part."""
    for t in span:
        low = t.lower_
        if low in ("propre", "propres") and t.head.pos_ == "NOUN":
            return True
        if low in _POSSESSIVE and t.head.lemma_.lower() in _CONTRIBUTION:
            return True
    return False


_DEFER_FIRST = {"avant", "tant", "une", "que", "qu'", "qu’"}  # the words whose next word ``_deferral`` reads


def _deferral(span) -> bool:
    """Whether the sentence defers an act until something is known or done: « avant de
    décider », « tant que le Congrès n'aura pas tranché », « ne … qu'une fois précisé »,
    « ne … que si », « conditionnent », « préalable », « faute de réponse », « tributaire »."""
    doc = span.doc
    for t in span:
        low, lem = t.lower_, t.lemma_.lower()
        nxt = doc[t.i + 1].lower_ if low in _DEFER_FIRST and t.i + 1 < span.end else ""
        if low == "avant" and nxt in ("de", "d'", "d’"):
            return True
        if low == "tant" and nxt == "que":
            return True
        if low == "une" and nxt == "fois" and t.i > span.start and doc[t.i - 1].lower_ in ("qu'", "qu’", "que"):
            return True
        if lem in ("conditionner", "subordonner", "préalable", "suspendre", "condition", "tributaire") or low == "faute":
            return True
        if low == "abord" and t.i > span.start and doc[t.i - 1].lower_ in ("d'", "d’"):
            return True  # « veulent d'abord savoir »
        if low in ("que", "qu'", "qu’") and nxt in ("si", "s'", "s’", "adossé", "adossée", "lorsque", "quand") \
                and any(x.lower_ in ("ne", "n'", "n’") for x in doc[max(span.start, t.i - 8):t.i]):
            return True  # « n'aurait de sens qu'adossé à », « ne partiront que si »
    return False


# words that make a commitment hang on something missing: "sans les Américains", "aucun
# gouvernement n'enverra", "personne ne viendra", "tant que Washington n'aura pas"
_NEG_QUANT = {"sans", "personne", "aucun", "aucune", "nul", "nulle", "tant"}


def _on_behalf(span, m) -> bool:
    """Whether a mention is what someone speaks or acts in the name of (« au nom de la
    coalition des volontaires », « au nom des Vingt-Sept »): that actor holds the stance
    the speaker states, not the speaker's own country."""
    doc = span.doc
    j = m.start - 1
    while j >= span.start and doc[j].pos_ == "DET" and doc[j].lower_ not in ("des", "du"):
        j -= 1
    return (j - 2 >= span.start and doc[j].lower_ in ("de", "d'", "du", "des")
            and doc[j - 1].lower_ == "nom" and doc[j - 2].lower_ == "au")


# what introduces examples of a group: « plusieurs pays, dont l'Allemagne », « à commencer par
# Londres », « notamment la Pologne », « y compris la France », « en particulier Rome »
_EXAMPLE_INTRO = (("dont",), ("notamment",), ("comme",), ("commencer", "par"), ("y", "compris"), ("en", "particulier"),
                  ("parmi", "lesquels"), ("parmi", "lesquelles"), ("tels", "que"), ("telles", "que"))
_EXAMPLE_SKIP = {"celle", "celles", "celui", "ceux", "de", "d'", "d’", "du", "des", "l'", "l’", "la", "le", "les"}
_EXAMPLE_LINK = _EXAMPLE_SKIP | {",", "et", "ou"}
_GROUP_KINDS = ("group", "counted", "partitive")


def _examples(span, mentions) -> set[int]:
    """The start of every mention that only names an example of a group named just before it
    (« plusieurs capitales, à commencer par Londres, … », « plusieurs pays, dont l'Allemagne
    et la Pologne, … »): the group, not its example, is what the sentence is about."""
    doc, out = span.doc, set()
    if not any(g.kind in _GROUP_KINDS or g.code == "EUROPE" for g in mentions):
        return out  # no group for a mention to be an example of
    prev = None
    for m in mentions:
        if m.kind in _GROUP_KINDS or m.code in ("EUROPE", "EU", "NATO", "COALITION"):
            prev = None
            continue
        j = m.start - 1
        while j >= span.start and (doc[j].pos_ == "DET" or doc[j].lower_ in _EXAMPLE_SKIP) and m.start - j <= 4:
            j -= 1
        if prev is not None and all(doc[k].lower_ in _EXAMPLE_LINK or doc[k].pos_ == "DET"
                                    for k in range(prev.end, m.start)):
            out.add(m.start)  # « dont l'Allemagne, la Pologne et la République tchèque »
            prev = m
            continue
        prev = None
        last = doc[j].lower_ if j >= span.start else None
        for intro in _EXAMPLE_INTRO:
            i0 = j - len(intro) + 1
            if intro[-1] != last or i0 < span.start or tuple(t.lower_ for t in doc[i0:j + 1]) != intro:
                continue
            before = i0  # back over the comma and the « à » of « , à commencer par »
            while before - 1 >= span.start and doc[before - 1].lower_ in (",", "à") and i0 - before < 2:
                before -= 1
            if any(g.end <= before and before - g.end <= 6 and (g.kind in _GROUP_KINDS or g.code == "EUROPE")
                   for g in mentions):
                out.add(m.start)
                prev = m
            break
    return out


def _prep_before(span, m) -> str:
    """The class of the preposition governing a mention ("sans les Américains" → sans),
    skipping its determiners; "none" when there is none."""
    doc = span.doc
    j = m.start - 1
    while j >= span.start and doc[j].pos_ == "DET":
        j -= 1
    if j < span.start:
        return "none"
    return _PREP_CLASS.get(doc[j].lower_, "other_prep" if doc[j].pos_ == "ADP" else "none")


def _us_position(span, us: list, src_where: set, subject_idx: set) -> dict:
    """Where the United States stand in the sentence, for every candidate to see: the
    subject of the stance, a complement ("sans les Américains", "le soutien de Washington"),
    an adjective ("un filet américain"), or absent. Decides between the two holders of a
    ``pending_us`` sentence."""
    us = [m for m in us if not (set(range(m.start, m.end)) & src_where)]
    if not us:
        return {"us_dep=absent": 1, "us_awaited": 0}
    m = us[0]
    doc = span.doc
    root = _mention_root(doc, m)
    chain = [root, *list(root.ancestors)[:4]]
    return {"us_dep=" + (root.dep_ if root.dep_ in _DEPS else "other"): 1,
            "us_prep=" + _prep_before(span, m): 1,
            "us_in_subject": int(any(t in subject_idx for t in range(m.start, m.end))),
            "us_under_wait": int(any(a.lemma_.lower() in WAIT_RANKER for a in chain[1:])),
            "us_awaited": int(_awaited(root, chain)),
            "us_under_ask": int(any(a.lemma_.lower() in ASK_RANKER for a in chain[1:])),
            "us_quoted": int(_quoted(doc, span.start, span.end, m.start))}


def _own_subject_clauses(verb) -> set[int]:
    """The words of the clauses below a verb that have a subject of their own."""
    return {x.i for c in verb.children if c.dep_ in _OWN_CLAUSES and any(g.dep_.startswith("nsubj") for g in c.children)
            for x in c.subtree}


_NOT = {"ne", "n'", "n’", "pas", "jamais", "plus", "sans", "guère"}
_REFLEXIVE = {"se", "s'", "s’"}
_EMBOLDENED = {"fort", "forte", "forts", "fortes"}


def acted_on(span, src_where: set) -> tuple[set[int], bool]:
    """Who a move acts on, whatever its subject (« ce flou retient la Finlande », « cette
    mise au point a levé les réserves de plusieurs délégations », « La Haye, que les
    assurances de Washington ont convaincue »): the words after a verb of :data:`SWAY` that
    depend on it (its subject, the attribution and clauses with a subject of their own left
    out), the antecedent of « que » when the verb is in a relative clause; and whether a
    participle of feeling (« rassurée par … », « échaudé par … ») qualifies an actor, which is
    then the clause's subject."""
    doc = span.doc
    out: set[int] = set()
    felt = False
    for t in span:
        if t.lower_ in _EMBOLDENED and t.i + 1 < span.end and doc[t.i + 1].lower_ in ("de", "du", "des", "d'", "d’"):
            felt = True  # « fort de la promesse obtenue à la Maison Blanche, le gouvernement polonais … »
            continue
        if t.lower_ in SWAYED_PARTICIPLES:
            if t.i in src_where:
                continue
            if not (t.i > span.start and doc[t.i - 1].lemma_ in ("avoir", "être")):
                felt = True  # no auxiliary before it: a participle of feeling, not a tense
                continue
        elif t.lemma_ not in SWAY or t.i in src_where:  # verbs' lemmas are lower case
            continue
        if t.dep_ == "acl:relcl" and any(c.lower_ in ("que", "qu'", "qu’") for c in t.children):
            inner = {x.i for x in t.subtree}
            # « La Haye, que les assurances de Washington ont convaincue »
            out |= {x.i for x in t.head.subtree if x.i < t.i and x.i not in inner and x.i not in src_where}
            continue
        if t.pos_ != "VERB" or any(c.lower_ in _NOT for c in t.children):
            continue  # « sans convaincre ses partenaires », « n'a pas fait bouger Rome »
        if any(c.lower_ in _REFLEXIVE for c in t.children):
            continue  # « s'inquiètent de l'implication américaine », « s'est ralliée »: the subject feels or acts
        if any(c.dep_.startswith("nsubj") and c.lower_ == "qui" and c.i > span.start and doc[c.i - 1].lower_ == "ce"
               for c in t.children):
            continue  # « …, ce qui inquiète les Européens »: what worries them is the missing US part
        skip = src_where | _own_subject_clauses(t) | {
            x.i for c in t.children if c.dep_.startswith("nsubj") or c.dep_ == "csubj" for x in c.subtree}
        out |= {x.i for x in t.subtree if x.i not in skip and x.i > t.i}  # French puts the object after the verb
    return out, felt


def _awaited(root, chain) -> bool:
    """Whether a mention is in what a waiting word waits on (« en attendant la contribution
    américaine », « dans l'attente des Etats-Unis », « dépend de Washington »): a waiting word
    above it in the parse, of which it (or the noun it owns) is not the subject."""
    gov = next((a for a in chain[1:] if a.lemma_.lower() in WAIT_HEADS), None)
    if gov is None:
        return False
    t = _owned_noun(root)
    return not ((t.dep_.startswith("nsubj") or t.dep_ == "obl:agent") and t.head.i == gov.i)


# nouns whose owner is the one that waits when they are the subject of a waiting word
# (« l'ampleur du contingent français dépendra de … »)
_OWNED = _CONTRIBUTION | {"ampleur", "taille", "envoi", "déploiement", "décision", "position", "feu", "vert"}


def _waiter(root) -> bool:
    """Whether a mention is who waits: the subject of a waiting word (« Varsovie attend »),
    of a verb whose complement or gerund waits (« préfèrent attendre de connaître »,
    « s'engagent en attendant »), or the owner of such a subject (« l'ampleur du contingent
    français dépendra de … »)."""
    t = _owned_noun(root)
    if not t.dep_.startswith("nsubj"):
        return False
    verb = t.head
    if verb.lemma_.lower() in WAIT_HEADS:
        return True
    return any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in WAIT_HEADS for c in verb.children)


def _owned_noun(root):
    """The noun a mention owns (« le contingent belge », « la participation de Berlin »),
    two levels up at most; the mention itself when it owns none."""
    t = root
    for _ in range(2):
        if t.dep_ in ("nmod", "amod") and t.head.lemma_.lower() in _OWNED:
            t = t.head
    return t


def _source_type(speaker: str | None, text: str | None) -> str:
    """The kind of the sentence's source: an unnamed European ("un diplomate européen")
    speaks for the Europeans more often than an unnamed official does."""
    if speaker is None:
        return "none"
    if speaker in ("UNNAMED", "OTHER"):
        low = (text or "").lower()
        return speaker.lower() + ("_european" if "europ" in low or "allié" in low else "")
    return holder_type(speaker)


class HolderRanker:
    """Chooses the holder among a sentence's candidates: a gradient-boosted classifier
    scores each (sentence, candidate) pair on the features above, the best score wins.

    When the rules' proposal scores within ``rule_margin`` of the best candidate, the
    rules' proposal is kept (a near tie is no evidence against the syntax; 0.02 was the
    best of 0–0.15 in grouped cross-validation, by a hair).

    scikit-learn's histogram gradient boosting, 100 trees (learning rate 0.3; 150 at 0.2 in the
    eighteenth session, which scored the same in grouped cross-validation on waves 1–58 —
    0.8823 against 0.8832 with gold labels, 0.8269 against 0.8280 end to end — and took 37 %
    longer to fit; 300 at 0.1 before that) of up to 31 leaves and depth 8,
    each split choosing among half the features: in grouped cross-validation with gold
    labels (9,839 sentences) 0.870, against 0.861 for the plain ``GradientBoostingClassifier``
    it replaced (150 trees of depth 5, half the rows and features each). Unbounded, the
    trees grew 21 levels deep and scoring them cost classify 8 s on 500 articles; depth 8
    scores 0.872 against 0.873 on 10,322 sentences (depth 6: 0.871). It is fitted with one
    thread (``stance train`` limits the thread pools, so the fit does not depend on the
    machine, and no forked worker inherits an OpenMP pool), without early stopping (which
    would hold out a random tenth of the candidates), and it predicts without scikit-learn
    (:class:`FrozenRanker`).

    Parameters are stored as given; fitted state: ``vectorizer_``, ``model_``."""

    def __init__(self, n_estimators: int = 100, max_leaf_nodes: int = 31, learning_rate: float = 0.3,
                 max_features: float = 0.5, min_samples_leaf: int = 20, max_depth: int | None = 8,
                 rule_margin: float = 0.02, seed: int = 13):
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.max_leaf_nodes = max_leaf_nodes
        self.learning_rate = learning_rate
        self.max_features = max_features
        self.min_samples_leaf = min_samples_leaf
        self.rule_margin = rule_margin
        self.seed = seed

    def fit(self, candidates: list[list[tuple[str, dict]]], gold: list[str]) -> "HolderRanker":
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.feature_extraction import DictVectorizer

        X = [f for cands in candidates for _, f in cands]
        y = [int(code == g) for cands, g in zip(candidates, gold) for code, _ in cands]
        if not X or len(set(y)) < 2:
            raise ValueError("the holder ranker needs sentences with a gold holder among their candidates")
        from threadpoolctl import threadpool_limits

        self.vectorizer_ = DictVectorizer(sparse=False)
        self.model_ = HistGradientBoostingClassifier(
            max_iter=self.n_estimators, max_leaf_nodes=self.max_leaf_nodes, learning_rate=self.learning_rate,
            max_features=self.max_features, min_samples_leaf=self.min_samples_leaf, max_depth=self.max_depth,
            early_stopping=False,
            random_state=self.seed)
        # one OpenMP thread, set here: the OpenMP runtime is loaded by the import above, after
        # any limit a caller set (in `stance train --jobs 2` two threads per fold worker
        # oversubscribed the cores and slowed the label folds beside it by half)
        with threadpool_limits(limits=1, user_api="openmp"):
            self.model_.fit(self.vectorizer_.fit_transform(X), y)
        return self

    def _matrix(self, X: list[dict]) -> np.ndarray:
        """What ``vectorizer_.transform(X)`` returns (a dense float matrix over the fitted
        features; a string value v of feature k counts as feature "k=v"), built directly:
        DictVectorizer's general path costs more than the ranker itself."""
        vec = self.vectorizer_
        return _dict_matrix(X, vec.vocabulary_, vec.separator, vec.dtype)

    def scores(self, X: list[dict]) -> np.ndarray:
        """The probability that each candidate (a feature dict) is the holder."""
        return self.model_.predict_proba(self._matrix(X))[:, 1]

    def choose(self, candidates: list[list[tuple[str, dict]]]) -> list[str | None]:
        """The best-scored candidate code of each sentence (None for a sentence without any)."""
        return _choose(self, candidates)

    def frozen(self) -> "FrozenRanker":
        """The fitted ranker as plain arrays, for prediction without scikit-learn."""
        return FrozenRanker.from_ranker(self)


def _dict_matrix(X: list[dict], vocab: dict, sep: str, dtype) -> np.ndarray:
    """A dense matrix of feature dicts over ``vocab``, as DictVectorizer makes it: a string
    value v of feature k counts as feature "k<sep>v" = 1; unknown features are dropped."""
    M = np.zeros((len(X), len(vocab)), dtype=dtype)
    for r, feats in enumerate(X):
        row = M[r]
        for k, v in feats.items():
            if isinstance(v, str):
                k, v = f"{k}{sep}{v}", 1
            j = vocab.get(k)
            if j is not None:
                row[j] += v
    return M


def _choose(ranker, candidates: list[list[tuple[str, dict]]]) -> list[str | None]:
    X = [f for cands in candidates for _, f in cands]
    if not X:
        return [None] * len(candidates)
    scores = ranker.scores(X)
    out, k = [], 0
    for cands in candidates:
        if not cands:
            out.append(None)
            continue
        seg = scores[k:k + len(cands)]
        best = int(seg.argmax())
        rule = next((j for j, (_, f) in enumerate(cands) if f.get("rule")), None)
        if rule is not None and seg[best] - seg[rule] <= ranker.rule_margin:
            best = rule
        out.append(cands[best][0])
        k += len(cands)
    return out


class FrozenRanker:
    """A fitted :class:`HolderRanker` as arrays: the feature vocabulary, and the boosted
    trees (per tree and node: feature, threshold, children, leaf value), evaluated the way
    scikit-learn's histogram gradient boosting does — ``x <= threshold`` goes left (the
    candidates' features are never missing), leaf values (the learning rate already in
    them) added tree after tree to the baseline log-odds, then the logistic function.
    ``tests/test_holder_ranker.py`` checks its scores against the fitted model's."""

    def __init__(self, vocabulary: dict, separator: str, rule_margin: float, learning_rate: float, init: float,
                 feature: np.ndarray, threshold: np.ndarray, left: np.ndarray, right: np.ndarray, value: np.ndarray,
                 depth: int):
        self.vocabulary_, self.separator, self.rule_margin = vocabulary, separator, rule_margin
        self.learning_rate, self.init = learning_rate, init
        self.feature, self.threshold, self.left, self.right, self.value = feature, threshold, left, right, value
        self.depth = depth

    @classmethod
    def from_ranker(cls, ranker: HolderRanker) -> "FrozenRanker":
        gb = ranker.model_
        if len(gb.classes_) != 2:
            raise ValueError("only a binary gradient-boosted ranker can be frozen")
        trees = [predictors[0].nodes for predictors in gb._predictors]
        width = max(len(t) for t in trees)

        def stack(get, fill, dtype):
            out = np.full((len(trees), width), fill, dtype=dtype)
            for i, t in enumerate(trees):
                out[i, :len(t)] = get(t)
            return out

        def left(t):
            return np.where(t["is_leaf"].astype(bool), -1, t["left"].astype(np.int64))

        return cls(dict(ranker.vectorizer_.vocabulary_), ranker.vectorizer_.separator, float(ranker.rule_margin),
                   1.0, float(np.ravel(gb._baseline_prediction)[0]), stack(lambda t: t["feature_idx"], 0, np.int64),
                   stack(lambda t: t["num_threshold"], 0.0, np.float64), stack(left, -1, np.int64),
                   stack(lambda t: t["right"], -1, np.int64), stack(lambda t: t["value"], 0.0, np.float64),
                   int(max(t["depth"].max() for t in trees)))

    def _matrix(self, X: list[dict]) -> np.ndarray:
        return _dict_matrix(X, self.vocabulary_, self.separator, np.float64)

    def scores(self, X: list[dict], chunk: int = 256) -> np.ndarray:
        M = self._matrix(X)
        n, (n_trees, width), n_features = len(M), self.feature.shape, M.shape[1]
        # every (candidate, tree) pair walks down its tree, all pairs a level at a time, on
        # flat arrays (``take`` on flat indices is about twice as fast as 2-D fancy indexing),
        # ``chunk`` candidates at a time so that the arrays stay in the cache (256: 0.41 →
        # 0.25 s on 6,338 candidates)
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right, value = self.left.ravel(), self.right.ravel(), self.value.ravel()
        first = np.arange(n_trees, dtype=np.int64) * width
        out = np.empty(n)
        for a in range(0, n, chunk):
            block = M[a:a + chunk]
            k, values = len(block), block.ravel()
            tree = np.tile(first, k)
            row = np.repeat(np.arange(k, dtype=np.int64) * n_features, n_trees)
            node = np.zeros(k * n_trees, dtype=np.int64)
            for _ in range(self.depth):
                at = tree + node
                go_left = values.take(row + feature.take(at)) <= threshold.take(at)
                child = left.take(at)
                node = np.where(child != -1, np.where(go_left, child, right.take(at)), node)
            # tree after tree, as scikit-learn adds them: a running sum (``cumsum`` adds in order)
            terms = np.empty((k, n_trees + 1))
            terms[:, 0] = self.init
            terms[:, 1:] = self.learning_rate * value.take(tree + node).reshape(k, n_trees)
            with np.errstate(over="ignore"):  # a very unlikely candidate: exp overflows, 1 / inf is 0
                out[a:a + k] = 1.0 / (1.0 + np.exp(-np.cumsum(terms, axis=1)[:, -1]))
        return out

    def choose(self, candidates: list[list[tuple[str, dict]]]) -> list[str | None]:
        return _choose(self, candidates)

    def to_arrays(self) -> tuple[dict, dict]:
        config = {"separator": self.separator, "rule_margin": self.rule_margin, "learning_rate": self.learning_rate,
                  "init": self.init, "depth": self.depth, "vocabulary": self.vocabulary_}
        arrays = {"feature": self.feature, "threshold": self.threshold, "left": self.left, "right": self.right,
                  "value": self.value}
        return config, arrays

    @classmethod
    def from_arrays(cls, config: dict, arrays) -> "FrozenRanker":
        return cls(dict(config["vocabulary"]), config["separator"], config["rule_margin"], config["learning_rate"],
                   config["init"], arrays["feature"], arrays["threshold"], arrays["left"], arrays["right"],
                   arrays["value"], config["depth"])
