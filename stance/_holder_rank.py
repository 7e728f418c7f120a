"""Candidate features for the learned holder ranker.

The rules in ``holders.py`` propose one holder; the ranker weighs every candidate actor of
a sentence (the actors it names, the actors of the preceding sentences, the speaker, the
Europeans as a group, the United States) by where it stands in the parse — subject of the
main verb, agent, complement of a preposition, inside the attribution, inside a quotation —
and by what the rules said. No word of the sentence is a feature: only syntax, the actor
type and the label, so that the ranker carries over to unseen topics and wording.
"""
from __future__ import annotations

import numpy as np

_GROUPS = ("EU", "NATO", "COALITION")
_PREP_CLASS = {"de": "de", "du": "de", "des": "de", "d'": "de", "à": "a", "au": "a", "aux": "a", "par": "par",
               "avec": "avec", "sans": "sans", "pour": "pour", "sur": "sur", "entre": "entre", "contre": "contre",
               "auprès": "aupres", "chez": "chez", "selon": "selon"}
_DEPS = ("nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "obl:agent", "obl:mod", "nmod", "conj", "appos", "ROOT",
         "iobj", "amod", "flat:name")
_WAIT = {"attendre", "attente", "dépendre", "suspendre", "conditionner", "lier", "subordonner", "compter", "réclamer",
         "exiger", "exhorter", "demander", "appeler", "presser", "garantie", "soutien", "contribution", "engagement",
         "participation", "feu", "filet", "appui", "savoir", "voir", "préciser",
         # more nouns of the contribution waited on ("la promesse de Washington", "l'assurance américaine")
         "promesse", "assurance", "couverture", "protection", "aide"}


def _type(code: str) -> str:
    if code == "USA":
        return "us"
    if code == "EUROPE":
        return "europe"
    if code in _GROUPS:
        return "group"
    if code in ("UKR", "RUS"):
        return "ukr_rus"
    return "state"


def _quoted(doc, start: int, end: int, i: int) -> bool:
    depth = 0
    for t in doc[start:i]:
        if t.text in ("«", "“"):
            depth += 1
        elif t.text in ("»", "”"):
            depth = max(0, depth - 1)
    return depth > 0


def candidate_features(span, label: str, mentions, source: tuple, ctx, rule: str | None,
                       subject_idx: set[int]) -> list[tuple[str, dict]]:
    """(code, features) for every candidate holder of one sentence."""
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
    out = []
    for code in cands:
        if not code or code in ("UNNAMED", "OTHER"):
            continue
        f = dict(sent)
        typ = _type(code)
        f["type=" + typ] = 1
        f[f"lab×type={label}|{typ}"] = 1
        f["rule"] = int(code == rule)
        f[f"rule×lab={label}"] = int(code == rule)
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
        if ms:
            out_src = [m for m in ms if not (set(range(m.start, m.end)) & src_where)]
            f["only_in_source"] = int(not out_src)
            m = (out_src or ms)[0]
            root = min(doc[m.start:m.end], key=lambda t: len(list(t.ancestors)))
            f["pos_rel"] = round((m.start - span.start) / n, 2)
            f["dep=" + (root.dep_ if root.dep_ in _DEPS else "other")] = 1
            f["kind=" + m.kind] = 1
            f["in_subject"] = int(any(t in subject_idx for t in range(m.start, m.end)))
            f["quoted"] = int(_quoted(doc, span.start, span.end, m.start))
            j = m.start - 1
            while j >= span.start and doc[j].pos_ == "DET":
                j -= 1
            prep = _PREP_CLASS.get(doc[j].lower_, "other_prep" if doc[j].pos_ == "ADP" else "none") if j >= span.start else "none"
            f["prep=" + prep] = 1
            head = root.head
            f["head_pos=" + head.pos_] = 1
            f["head_is_root"] = int(head.dep_ == "ROOT" or head == root)
            f["gov_subj_root"] = int(root.dep_.startswith("nsubj") and head.dep_ == "ROOT")
            chain = [root, *list(root.ancestors)[:4]]
            subj = root.dep_.startswith("nsubj") or root.dep_ == "obl:agent"
            wait_gov = next((a for a in chain[1:] if a.lemma_.lower() in _WAIT), None)
            f["subj_of_wait"] = int(subj and head.lemma_.lower() in _WAIT)
            f["arg_of_wait"] = int(wait_gov is not None and not (subj and head is wait_gov))
            f["in_relcl"] = int(any(a.dep_ in ("acl:relcl", "acl") for a in chain))
            f["in_advcl"] = int(any(a.dep_ == "advcl" for a in chain))
            f["in_ccomp"] = int(any(a.dep_ in ("ccomp", "xcomp") for a in chain))
        out.append((code, f))
    return out


class HolderRanker:
    """Chooses the holder among a sentence's candidates: a gradient-boosted classifier
    scores each (sentence, candidate) pair on the features above, the best score wins.
    (scikit-learn's plain ``GradientBoostingClassifier``: no OpenMP threads, so that the
    ``--jobs`` worker processes forked after a prediction never inherit a thread pool.)

    When the rules' proposal scores within ``rule_margin`` of the best candidate, the
    rules' proposal is kept (a near tie is no evidence against the syntax; 0.02 was the
    best of 0–0.15 in grouped cross-validation, by a hair).

    Parameters are stored as given; fitted state: ``vectorizer_``, ``model_``."""

    def __init__(self, n_estimators: int = 150, max_depth: int = 5, learning_rate: float = 0.1,
                 rule_margin: float = 0.02, seed: int = 13):
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.learning_rate = learning_rate
        self.rule_margin = rule_margin
        self.seed = seed

    def fit(self, candidates: list[list[tuple[str, dict]]], gold: list[str]) -> "HolderRanker":
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.feature_extraction import DictVectorizer

        X = [f for cands in candidates for _, f in cands]
        y = [int(code == g) for cands, g in zip(candidates, gold) for code, _ in cands]
        if not X or len(set(y)) < 2:
            raise ValueError("the holder ranker needs sentences with a gold holder among their candidates")
        self.vectorizer_ = DictVectorizer(sparse=False)
        self.model_ = GradientBoostingClassifier(
            n_estimators=self.n_estimators, max_depth=self.max_depth, learning_rate=self.learning_rate,
            random_state=self.seed)
        self.model_.fit(self.vectorizer_.fit_transform(X), y)
        return self

    def _matrix(self, X: list[dict]) -> np.ndarray:
        """What ``vectorizer_.transform(X)`` returns (a dense float matrix over the fitted
        features; a string value v of feature k counts as feature "k=v"), built directly:
        DictVectorizer's general path costs more than the ranker itself."""
        vec = self.vectorizer_
        vocab, sep = vec.vocabulary_, vec.separator
        M = np.zeros((len(X), len(vocab)), dtype=vec.dtype)
        for r, feats in enumerate(X):
            row = M[r]
            for k, v in feats.items():
                if isinstance(v, str):
                    k, v = f"{k}{sep}{v}", 1
                j = vocab.get(k)
                if j is not None:
                    row[j] += v
        return M

    def choose(self, candidates: list[list[tuple[str, dict]]]) -> list[str | None]:
        """The best-scored candidate code of each sentence (None for a sentence without any)."""
        X = [f for cands in candidates for _, f in cands]
        if not X:
            return [None] * len(candidates)
        scores = self.model_.predict_proba(self._matrix(X))[:, 1]
        out, k = [], 0
        for cands in candidates:
            if not cands:
                out.append(None)
                continue
            seg = scores[k:k + len(cands)]
            best = int(seg.argmax())
            rule = next((j for j, (_, f) in enumerate(cands) if f.get("rule")), None)
            if rule is not None and seg[best] - seg[rule] <= self.rule_margin:
                best = rule
            out.append(cands[best][0])
            k += len(cands)
        return out
