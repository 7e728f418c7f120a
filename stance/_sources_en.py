"""Sources of sentences in English articles.

The French pipeline parses English poorly, but English attribution is written in a few
fixed shapes that tokens alone show:

- after the quote or the clause: « "…," he said. », « …, Defence Minister Boris Pistorius
  said on Tuesday. », « …, said a senior French officer. »;
- before it: « Mr Healey said the US had confirmed … », « The MoD said … », « Trump, for his
  part, has repeated that … »;
- credited: « according to two diplomats », « according to the MoD ».

The speaker's words then give the code as for French: a named actor (« Romania's defence
ministry », « Mette Frederiksen ») is that actor; a pronoun is the last speaker named; an
anonymous official, diplomat or source is ``UNNAMED``; an analyst, a newspaper or a company
is ``OTHER``. :func:`english_source` returns the same tuple as ``holders._source``.
"""
from __future__ import annotations

import re

# words that report speech; acts (« announced », « pledged », « confirmed ») report speech only
# before « that », or closing the sentence after a comma (« …, the Office confirmed on Friday. »)
_SPEECH = {"said", "says", "say", "told", "tells", "tell", "added", "adds", "stressed", "stresses", "warned",
           "warns", "noted", "notes", "insisted", "insists", "argued", "argues", "acknowledged", "acknowledges",
           "admitted", "admits", "conceded", "concedes", "explained", "explains", "wrote", "writes", "replied",
           "replies", "reiterated", "reiterates", "cautioned", "claimed", "claims",
           "maintained", "maintains", "recalled", "emphasised", "emphasized", "underlined", "observed",
           "remarked", "predicted", "asserted", "countered", "quipped", "recalls", "declined"}
# reactions and appeals report speech as « a salué », « a exhorté », « a qualifié » do in French
# (« Mr Stoltenberg welcomed the decision », « The Kremlin calls any … a threat »), but only
# from a speaker opening a clause of a finished sentence, never in « so-called », « what he
# called », « was described », and only where no verb of saying credits someone else
_REACTIONS = {"welcomed", "welcomes", "urged", "urges", "called", "calls", "criticised", "criticized", "criticises",
           "criticizes", "condemned", "condemns", "praised", "praises", "hailed", "hails", "dismissed",
           "dismisses", "described", "describes", "accused", "accuses", "estimated", "estimates", "restated",
           "restates", "reaffirmed", "reaffirms", "lamented", "regretted", "deplored", "complained",
           "contended", "contends", "denied", "denies", "tweeted", "posted"}
_ANNOUNCING = {"announced", "announces", "confirmed", "confirms", "declared", "declares", "unveiled", "unveils"}
# before a reaction verb, over adverbs: a form of « be » makes it a passive (« was described »,
# « is widely described »), « so » makes it « so called »
_NOT_ACTIVE = {"was", "were", "been", "be", "being", "is", "are", "so"}
_ADVERBS = {"widely", "sometimes", "generally", "usually"}
_DETERMINERS = {"the", "a", "an", "some", "these", "those", "his", "her", "its", "their", "our", "of", "such"}
_BEFORE_THAT = {"announced", "announces", "confirmed", "confirms", "signalled", "signaled", "indicated",
                "indicates", "suggested", "suggests", "believes", "believe", "thinks", "think", "expects",
                "hinted", "repeated", "repeats", "declared", "declares", "promised", "pledged", "vowed", "agreed"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_AUX = {"has", "have", "had", "also", "later", "then", "again", "previously", "already", "repeatedly",
        "publicly", "privately", "recently", "earlier", "often", "once", "would", "will", "is", "was"}
_UNNAMED = {"official", "officials", "diplomat", "diplomats", "source", "sources", "aide", "aides", "people",
            "person", "insider", "insiders", "adviser", "advisers", "advisor", "advisors", "lawmaker",
            "lawmakers", "commander", "commanders", "officer", "officers", "planner", "planners", "envoy",
            "envoys", "negotiator", "negotiators", "mps", "senators", "members",
            "member", "delegate", "delegates", "participants", "colleagues", "counterparts", "veterans",
            "residents"}
_OTHER = {"analyst", "analysts", "expert", "experts", "researcher", "researchers", "professor", "economist",
          "economists", "fellow", "think", "think-tank", "institute", "newspaper", "paper", "poll", "survey",
          "report", "study", "executive", "executives", "company", "firm", "manufacturer", "consultancy",
          "historian", "scholar", "commentator", "journalist", "correspondent", "reporters", "broadcaster",
          "magazine", "agency", "bank", "group", "centre", "center", "foundation", "lecturer"}
# titles of the United States' own legislators (« Sen. Roger Wicker », « Rep. Mike Turner »)
_US_TITLES = {"sen.", "senator", "rep.", "representative", "congressman", "congresswoman", "speaker"}
_INDEFINITE = {"a", "an", "some", "several", "two", "three", "four", "many", "other", "one", "senior",
               "unnamed", "anonymous"}
_BOUNDARY = {",", ";", ":", "—", "–", "-", "(", ")", '"', "“", "”", "«", "»", "'", "‘", "’"}
_ENGLISH = frozenset("the of and to in is that said would for with was it has have will not its their by be "
                     "are from which this but were had also could been than".split())
_FRENCH = frozenset("le la les de des du et un une est que qui dans pour pas sur au aux ont sont il elle ne se "
                    "ses son sa leur cette mais été avait à l d qu t en avec par nous vous".split())  # not « a »: English too


_CONJUNCTIONS = {"and", "but", "though", "although", "while", "as", "so", "yet", "whereas", "or", "where", "when"}
_INSERT_STARTS = {"also", "for", "himself", "herself", "itself", "themselves", "too",
                  "however", "meanwhile", "in", "speaking", "asked", "writing", "now", "once", "like"}
_SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "readout", "statement"}
_RELATIVES = {"who", "which", "whose", "whom", "where"}
_NOT_IN_SPEAKER = _RELATIVES | {"what", "that", "either", "neither", "not"}  # words of a clause, not of a name
_SUBORDINATORS = {"because", "since", "if", "that", "although", "though", "whereas", "unless", "until", "and", "but"}
_OFFICES = {"office", "ministry", "government", "spokesman", "spokeswoman", "spokesperson", "presidency",
            "embassy", "chancellery", "department", "cabinet", "administration", "statement", "command",
            "headquarters"}
_PARTICIPLES = {"saying", "arguing", "adding", "insisting", "warning", "noting", "stressing", "telling",
                "explaining", "acknowledging", "admitting", "writing", "calling"}
_UNNAMED_DOCS = {"draft", "document", "documents", "memo", "copy", "cable"}
_EN_STAMP = re.compile(r"\s*(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\s*)?[-–—|•:]\s*")
# an office named without its country (« the prime minister said »): the article's own actor
_TITLES = {"minister", "president", "chancellor", "secretary", "premier", "ministers", "government"}


def looks_english(text: str) -> bool:
    """Whether ``text`` (an article, or a few of its sentences) is written in English rather
    than French, by its commonest function words."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    en = sum(w in _ENGLISH for w in words)
    fr = sum(w in _FRENCH for w in words)
    return en > fr


def _code(tokens, mentions, ctx, before=(), strict: bool = False):
    """The code of a speaker written as ``tokens``; ``before``: the mentions earlier in the
    sentence (for « his office »). With ``strict``, None unless the words name the speaker
    (an actor, a pronoun, an anonymous or expert noun)."""
    from .holders import OTHER, UNNAMED, _known_person

    if not tokens:
        return None
    words = [t.lower_ for t in tokens]
    lo, hi = tokens[0].i, tokens[-1].i + 1
    inside = [m for m in mentions if lo <= m.start and m.end <= hi]
    persons = [m for m in inside if m.kind in ("people", "offices")]
    doc = tokens[0].doc
    owner = next((m for m in inside if m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s")), None)
    if words[0] in _INDEFINITE:
        # « a Downing Street spokeswoman » speaks for her institution; « an aide to the French
        # president », « a senior French officer », « several Senate Democrats » are anonymous
        if any(w in _SPOKESPEOPLE for w in words):
            return inside[0].code if inside else before[0].code if before else ctx.main_actor()
        return OTHER if any(w in _OTHER for w in words) else UNNAMED
    if persons:
        return persons[0].code
    if len(tokens) <= 2 and words[-1] in _PRONOUNS:
        return ctx.speaker_guess()
    if words[0] in ("his", "her", "their", "its"):  # « his office said »: the person named before
        people = [m for m in before if m.kind in ("people", "offices")]
        return people[-1].code if people else ctx.speaker_guess()
    if any(w in _OTHER for w in words) and not any(m.kind in ("institutions", "seats") for m in inside):
        return _known_person(tokens, ctx) or OTHER
    if any(w in _UNNAMED or w in _UNNAMED_DOCS for w in words):
        # « Ukraine's chief negotiator » is its state; « an aide to the French president »,
        # « officials in Riga », « several Senate Democrats » are anonymous people
        if owner is not None:
            return owner.code
        return UNNAMED
    if inside:
        return inside[0].code
    if any(w in _US_TITLES or w + "." in _US_TITLES and nxt == "." for w, nxt in zip(words, words[1:] + [""])):
        return "USA"  # « Sen. » comes as « Sen » « . » from the French tokenizer
    known = _known_person(tokens, ctx)
    if known or strict:
        return known
    if any(w in _OFFICES or w in _TITLES for w in words):
        # « the speaker's office », « the prime minister »: of the actor the sentence names
        # first, or the article's own
        return before[0].code if before else ctx.main_actor()
    if any(t.text[:1].isupper() for t in tokens if t.lower_ != "the"):
        # a person or a party outside the actor list (« Bezan said », « The NDP said »): most
        # are the article's own politicians; experts are named as such above
        return ctx.main_actor() or OTHER
    return None


def _speaker(words, apposition, mentions, ctx, before=()):
    """The code of the speaker ``words``, or of its apposition where the words alone do not
    name it (« Karoline Leavitt, the White House press secretary »)."""
    return (_code(words, mentions, ctx, before, strict=True) or _code(apposition, mentions, ctx, before, strict=True)
            or _code(words, mentions, ctx, before))


def _boundary(tok) -> bool:
    """Punctuation between phrases; a hyphen inside a word (« Secretary-General ») is not."""
    if tok.text not in _BOUNDARY:
        return False
    if tok.text in ("-", "–", "'", "’"):
        return bool(tok.whitespace_) or tok.i == 0 or bool(tok.doc[tok.i - 1].whitespace_)
    return True


def _segment(doc, k: int, lo: int) -> int:
    """The start of the segment that ends at ``k`` (back to the previous boundary)."""
    while k > lo and not _boundary(doc[k - 1]):
        k -= 1
    return k


def _strip(words: list) -> list:
    while words and (words[0].lower_ in _CONJUNCTIONS or words[0].is_punct):
        words = words[1:]
    return words


def _left_phrase(doc, verb_i: int, lo: int) -> tuple[list, list]:
    """(speaker, apposition) before ``verb_i``: back over auxiliaries and adverbs, then to
    the previous boundary. A relative clause or an inserted phrase between commas (« Trump,
    for his part, has repeated », « Karoline Leavitt, the White House press secretary, told »)
    is passed over to the name before it; an apposition is kept to read the code from."""
    j = verb_i
    while j > lo and doc[j - 1].lower_ in _AUX:
        j -= 1
    k = _segment(doc, j, lo)
    cut = next((t.i + 1 for t in reversed(doc[k:j]) if t.lower_ in _SUBORDINATORS), None)
    if cut is not None and doc[cut - 1].lower_ == "and" and _names_only(doc[k:cut - 1]) and _names_only(doc[cut:j]):
        cut = None  # « Italy and Poland have said », « London and Paris say »: one subject
    if cut is not None:  # « The distinction matters because several governments have said »
        return _strip(list(doc[cut:j])), []
    phrase = _strip(list(doc[k:j]))
    apposition: list = []
    for _ in range(3):
        first = phrase[0].lower_ if phrase else None
        if k <= lo or doc[k - 1].text != ",":
            break
        m = _segment(doc, k - 1, lo)
        before = _strip(list(doc[m:k - 1]))
        # « Sen. Lindsey Graham, a Trump ally who …, said »: a noun phrase after a name is its
        # apposition
        named = len(before) >= 2 and before[0].text[:1].isupper() and before[-1].text[:1].isupper() \
            and first in ("a", "an", "the")
        if phrase and first not in _RELATIVES and first not in _INSERT_STARTS and not named:
            break  # a subject
        if not phrase:  # the verb right after a comma: what stands before it
            phrase, k = before, m
            continue
        if not before or len(before) > 8 or before[0].lower_ in ("in", "at", "on", "after", "from", "asked", "for"):
            break
        if not any(t.text[:1].isupper() for t in before):
            break
        if first not in _RELATIVES:
            apposition = phrase + apposition
        phrase, k = before, m
    return phrase, apposition


def _names_only(tokens) -> bool:
    """A short run of capitalised names (« Italy », « Prime Minister Keir Starmer »)."""
    words = [t for t in tokens if not t.is_punct and t.lower_ not in ("the", "'s", "’s")]
    return 0 < len(words) <= 4 and all(t.text[:1].isupper() for t in words)


def _right_phrase(doc, verb_i: int, hi: int) -> list:
    """The speaker after an inverted verb (« …, said a senior French officer visiting … »):
    up to a comma, a relative pronoun or the end."""
    out = []
    for t in doc[verb_i + 1:hi]:
        if _boundary(t) or t.lower_ in ("who", "which", "that", "when", "as", "after", "before", "while"):
            break
        if t.is_punct:
            break
        out.append(t)
    return out


def _clause_final(doc, v: int, hi: int) -> bool:
    """Whether only a few words (« on Friday », « in a statement ») follow a verb."""
    rest = [t for t in doc[v + 1:hi] if not t.is_punct]
    return len(rest) <= 7 and not any(t.lower_ == "that" for t in rest)


def english_source(span, mentions, ctx) -> tuple:
    """(code, surface text, token indices, kind, verb index) of an English sentence's source,
    as ``holders._source`` gives for French."""
    from .holders import _answer_source, _prefix

    doc = span.doc
    hi = span.end
    while hi > span.start and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    lo = _skip_opening(span)
    if span.text.rstrip().endswith("?") and not any(t.text in ('"', "“", "”", "«") for t in span):
        return None, None, set(), None, None  # « What has Canada promised? »: the newsroom asks
    answer = _answer_source(span, mentions, _prefix(span), ctx, marks=("A:", "A :"))
    if answer is not None:  # an interview's answer (« Häkkänen: … », « A: … »)
        return answer
    found = []  # (priority, result): after a quote; closing the sentence; opening it; the rest
    for v in doc[lo:hi]:
        low = v.lower_
        if low == "according" and v.i + 1 < hi and doc[v.i + 1].lower_ == "to":
            words = _right_phrase(doc, v.i + 1, hi)
            code = _code(words, mentions, ctx, [m for m in mentions if m.end <= v.i]) if words else None
            if code:
                stop = words[-1].i + 1
                found.append((1 if _clause_final(doc, stop - 1, hi) else 2,
                              (code, doc[v.i:stop].text, set(range(v.i, stop)), "credited", None)))
            continue
        if low in _PARTICIPLES and v.i > lo and doc[v.i - 1].text != ",":
            # « …, with officials warning that … », « with Paris arguing that … »: the noun
            # phrase between « with » and the participle speaks
            w = next((t.i for t in reversed(doc[max(lo, v.i - 7):v.i]) if t.lower_ == "with"), None)
            words = list(doc[w + 1:v.i]) if w is not None else []
            if words and not any(t.is_punct for t in words):
                code = _code(words, mentions, ctx, [m for m in mentions if m.end <= w], strict=True)
                if code:
                    found.append((2, (code, doc[w:v.i + 1].text, set(range(w, v.i + 1)), "credited", v.i)))
            continue
        if low in _PARTICIPLES and v.i > lo and doc[v.i - 1].text == ",":
            # « Trump narrowed the answer …, saying … »: the main clause's subject speaks
            first = next((m for m in mentions if lo <= m.start < v.i and m.kind not in ("group",)), None)
            if first is not None:
                found.append((3, (first.code, doc[v.i:v.i + 1].text, {v.i}, "preposed", v.i)))
            continue
        if low in _REACTIONS:
            reaction = _reaction(doc, v.i, lo, mentions, ctx)
            if reaction:
                found.append((4, reaction))
            continue
        speech = low in _SPEECH or low == "made" and v.i + 1 < hi and doc[v.i + 1].lower_ == "clear"
        before_that = v.i + 1 < len(doc) and doc[v.i + 1].lower_ == "that"
        # « …, the Prime Minister's Office confirmed on Friday. »: an act closing the sentence
        # after a comma reports speech; « Britain pledged £1.5bn » does not
        act_final = not speech and not before_that and low in _BEFORE_THAT and _clause_final(doc, v.i, hi)
        if low in _ANNOUNCING and not before_that:
            # « Trudeau also announced $500 million … », « The ministry has confirmed the
            # recording is genuine »: an announcement credits its speaker, as « a annoncé »
            # does in French, from a speaker opening the clause
            reaction = _reaction(doc, v.i, lo, mentions, ctx)
            if reaction:
                found.append((4, reaction))
        if not (speech or act_final or low in _BEFORE_THAT and before_that):
            continue
        j = v.i
        while j > lo and doc[j - 1].lower_ in _AUX:
            j -= 1
        after_quote = j > lo and doc[j - 1].text in ("”", '"', "»", "’")
        if j > lo and doc[j - 1].text in (",", "”", '"', "’", "»") and low not in ("told", "tells", "tell"):
            # « …," said X » / « …, said X » (after « told » come those told)
            words = _right_phrase(doc, v.i, hi)
            closes = words and (words[-1].i + 1 >= hi or doc[words[-1].i + 1].text == ","
                                or doc[words[-1].i + 1].lower_ in _RELATIVES)
            if closes and len(words) <= 10 and words[0].lower_ not in ("that", "it", "in", "on", "at", "to", "by",
                                                                        "the", "this"):
                stop = words[-1].i + 1
                # « …, said Karl Lindqvist, an analyst at a Stockholm institute »
                apposition = _right_phrase(doc, stop, hi) if stop < hi and doc[stop].text == "," else []
                code = _speaker(words, apposition, mentions, ctx)
                if code:
                    found.append((0 if after_quote or doc[j - 2].text in ("”", '"', "»") else 2,
                                  (code, doc[j:stop].text, set(range(j, stop)), "inverted", v.i)))
                    continue
        words, apposition = _left_phrase(doc, v.i, lo)
        if not words:
            continue
        first = words[0].i
        quoted = first > lo and (doc[first - 1].text in ("”", '"', "»") or (
            doc[first - 1].text == "," and first - 1 > lo and doc[first - 2].text in ("”", '"', "»")))
        at_start = first == lo
        if not (quoted or at_start or doc[first - 1].text == "," or first > lo and doc[first - 1].lower_ in _CONJUNCTIONS):
            continue
        if act_final and (at_start or doc[first - 1].text != ","):
            continue
        code = _speaker(words, apposition, mentions, ctx, [m for m in mentions if m.end <= first])
        if code:
            # after a quote; then closing the sentence (« …, officials said. »); then opening it
            prio = 0 if quoted else 1 if not at_start and _clause_final(doc, v.i, hi) else 2 if at_start else 3
            found.append((prio, (code, doc[first:v.i + 1].text, set(range(first, v.i + 1)),
                                 "inverted" if not at_start else "preposed", v.i)))
    if found:
        return min(found, key=lambda f: f[0])[1]
    return None, None, set(), None, None


def _reaction(doc, v: int, lo: int, mentions, ctx):
    """The source of a reaction verb (``_REACTIONS``) at ``v``, or None: its subject must open
    the sentence or a clause, name a speaker, and the sentence must end as a sentence does
    (a headline « Kyiv welcomes … » credits no one)."""
    if v == lo or doc[v - 1].lower_ in _DETERMINERS or not doc[v - 1].whitespace_ and doc[v - 1].is_punct:
        return None  # « so-called », « the calls »
    j = v
    while j > lo and doc[j - 1].lower_ in _AUX | _ADVERBS | _NOT_ACTIVE:
        if doc[j - 1].lower_ in _NOT_ACTIVE:
            return None  # « was described », « has been called », « is often described »
        j -= 1
    end = doc[lo:].text.rstrip()
    if not end or end[-1] not in '.!?"”’»':
        return None
    words, apposition = _left_phrase(doc, v, lo)
    if not words or words[0].lower_.endswith(("ed", "ing")) or any(
            w.lower_ in _NOT_IN_SPEAKER or w.lower_ in _AUX for w in words):
        return None  # a clause, not a speaker: « what the Commission estimates », « have … or called »
    first = words[0].i
    if not (first == lo or doc[first - 1].text == "," or doc[first - 1].lower_ in _CONJUNCTIONS):
        return None
    if any(t.lower_ in _NOT_IN_SPEAKER for t in doc[_segment(doc, first, lo):first]):
        return None  # « the mechanism, which Mr Trump and Mark Rutte unveiled »: a relative clause
    code = _speaker(words, apposition, mentions, ctx, [m for m in mentions if m.end <= first])
    if code is None or not _code(words, mentions, ctx, strict=True) and not _code(apposition, mentions, ctx, strict=True):
        return None  # « The sum covers what the Commission estimates »: no speaker opens it
    return code, doc[first:v + 1].text, set(range(first, v + 1)), "preposed" if first == lo else "inverted", v


def _skip_opening(span) -> int:
    """The first token after a dateline or a time stamp (``holders._opening``: « KYIV, March 3
    (Reuters) - »), or after an English live page's stamp or a bullet, which the French reader
    does not know (« 11:30 a.m. EST - », « – »)."""
    from .holders import _opening, _prefix

    i = _opening(span, _prefix(span))
    if i >= span.end:
        i = span.start
    stamp = _EN_STAMP.match(span.text)
    if stamp:
        end = span.start_char + stamp.end()
        i = max(i, next((t.i for t in span if t.idx >= end), span.start))
    return i
