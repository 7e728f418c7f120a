"""Sentence segmentation for French (and English) wire copy.

The rules follow the language rather than a list of examples:

* a paragraph break (a blank line) always ends a sentence;
* a sentence ends at ``.``, ``!``, ``?`` or an ellipsis, with any closing quotes or
  brackets that follow, when white space and a plausible sentence start come next
  (an upper-case letter, a digit, an opening quote or bracket, a list marker);
* nothing inside a quotation (« … », “ … ”, " … ") or a parenthesis that closes in the
  same paragraph is a boundary, so a quotation and its attribution stay together
  (« A. B. », a-t-il ajouté.), and so does a quotation introduced by a colon;
* a period after a title (M., Mme, Dr, Mr.), an initial (J. D. Vance), a number prefix
  (art. 5, p. 12, No. 10) never ends a sentence; after other abbreviations (etc., U.S.,
  J.-C.) it does only when a closed-class sentence opener follows (Le, Il, The, …);
* decimals, thousands, URLs, e-mail addresses and inner dots never end a sentence,
  because a boundary needs white space after the punctuation;
* dashes, colons and semicolons never end a sentence; a line break ends one only before a
  list marker.

:func:`segment_spans` returns ``(start, end)`` character offsets, so every sentence is
``text[start:end]`` exactly. :func:`stance_segmenter` registers the same rules as a spaCy
pipeline component that decides every token's ``is_sent_start`` before the parser.
"""
from __future__ import annotations

import re
from typing import Iterator

__all__ = ["segment_spans", "segment_text", "dateline_end", "SENTENCE_COMPONENT"]

SENTENCE_COMPONENT = "stance_segmenter"

# Titles and name parts: a period after them never ends a sentence.
_TITLES = {
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Drs", "Pr", "Me", "Mgr", "St", "Ste",
    "Gén", "Gal", "Col", "Cdt", "Cne", "Lt", "Adm", "Amiral", "Sgt", "Capt", "Cpt",
    "Mr", "Mrs", "Ms", "Messrs", "Prof", "Gen", "Sen", "Rep", "Gov", "Pres", "Rev",
    "Hon", "Sgt", "Maj", "Brig", "Cmdr", "Fr", "Sr", "Jr", "Mt", "Ft", "Vve",
}
# Abbreviations that are normally followed by a number: never a boundary before a digit.
_NUMBER_PREFIXES = {
    "art", "arts", "p", "pp", "vol", "chap", "fig", "no", "No", "n", "nos", "Nos", "N",
    "al", "éd", "t", "tél", "Tel", "tel", "ch", "env", "ca", "cf", "Art", "Vol", "Fig",
    "sect", "Sect", "op", "ibid",
}
# Other abbreviations: the period ends a sentence only before a closed-class opener.
_ABBREVIATIONS = {
    "etc", "cf", "env", "av", "apr", "hab", "min", "max", "approx", "vs", "resp",
    "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Inc", "Ltd", "Co", "Corp", "Bros", "dept", "Dept", "Univ", "Ave", "Blvd", "Rd",
    "cie", "Cie", "ex", "Ex", "éds", "coll", "trad", "dir", "sq", "sqq", "ss", "suiv",
    "e.g", "i.e", "a.m", "p.m", "J.-C", "av. J.-C", "c.-à-d", "c-à-d", "N.B", "P.S", "p.ex",
    # ranks written in lower case before a name (« le gén. Burkhard », « le lt-col. Martin »)
    "gén", "gal", "col", "lt", "lt-col", "cdt", "cne", "sgt", "adj",
    # English plural titles (« Sens. Jeanne Shaheen and Thom Tillis »); not titles, because
    # « Sens » is also a French town that may end a sentence
    "Sens", "Reps", "Gens", "Govs",
}

_EN_DATES = set("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Eastern Central Pacific Mountain Moscow Kyiv Paris London Brussels Washington Greenwich""".split())

# Words that plausibly open a sentence after an ambiguous abbreviation.
_OPENERS = set(
    """Le La Les L' Un Une Des Du De Ce Cet Cette Ces Il Elle Ils Elles On Nous Vous Je
    Mais Et Or Donc Car Puis Ensuite Enfin Selon Pour Par Dans En Au Aux À A Lors Après
    Avant Depuis Pendant Cependant Toutefois Néanmoins Pourtant Ainsi Alors Si Sans Son Sa Ses
    Leur Leurs Mon Ma Notre Cela Ceci Ça Certains Plusieurs D'autres Aucun Chaque Tous
    Outre Face Parmi Quant Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche
    The A An He She It They We I You This That These Those There But And Or So Yet In On At
    For From With Without After Before During Since While When If As His Her Their Its Our
    Some Many Most All Each Other However Meanwhile Still Then Also""".split()
)

_TERMINAL = ".!?…"
_CLOSERS = "»”\"’')]"
_OPENERS_CHARS = "«“\"‘'([¿¡"
_BULLETS = "-–—•*·▪►"

_PARAGRAPH_BREAK = re.compile(r"[ \t\u00a0\u202f\u2009\f\v]*(?:\r?\n|\r)(?:[ \t\u00a0\u202f\u2009\f\v]*(?:\r?\n|\r))+")
_WORD_BEFORE = re.compile(r"([\w.'’-]*\w)\.$")
# an initial: a lone capital after a space or an opener, or after "X.-" ("J.-P."), but not
# the last letter of a hyphenated designation ("IRIS-T.")
_INITIAL = re.compile(r"(?:^|[\s(«“\"']|\.-)([A-ZÀ-ÖØ-Þ])\.$")
# lower-case words after which a lone « X. » is still a name's initial (« selon X. Dupont »)
_BEFORE_NAME = {"selon", "par", "de", "à", "avec", "and", "by", "with", "from", "to", "for", "et"}
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-zÀ-ÿ]\.-?){2,}$")
_NEXT_WORD = re.compile(r"[\w'’-]+")
_LEAD_MARKER = re.compile(r"(?:\d{1,3}|[A-Za-z]|[IVXLC]{1,5}|N\.B|P\.S|NB|PS)\.\Z")
_LIST_MARKER = re.compile(r"(?:[" + re.escape(_BULLETS) + r"]\s|\d{1,2}[.)]\s|[a-z][)]\s)")


def segment_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the sentences of ``text``.

    Offsets index ``text`` itself; sentences carry no leading or trailing white space,
    never overlap and come in order. White space alone yields no sentence.
    """
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraphs(text):
        spans.extend(_segment_paragraph(text, p_start, p_end))
    return spans


def _tag(text: str, start: int, open_: int, close: int) -> bool:
    """Whether a parenthesis that opens a paragraph only tags the sentence after it, as a
    dateline does (« (Mise à jour) Le ministère a … », « (Actualisé) … »): a few words, no
    punctuation of a sentence or a quotation of its own (« (Lire aussi : « … ») » stands alone)."""
    inner = text[open_ + 1:close]
    return open_ == start and len(inner.split()) <= 3 and not re.search(r"[.:;!?«»\"“”]", inner)


def segment_text(text: str) -> list[str]:
    """Return the sentences of ``text`` as strings (see :func:`segment_spans`)."""
    return [text[s:e] for s, e in segment_spans(text)]


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Intervals of quotations and parentheses that open and close in the paragraph."""
    intervals: list[tuple[int, int]] = []
    pairs = {"«": "»", "“": "”", "(": ")", "[": "]"}
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch in pairs:
            stack.append((pairs[ch], i))
        elif ch in "»”)]":
            # close the innermost matching opener, dropping unmatched inner ones
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == ch:
                    intervals.append((stack[k][1], i))
                    del stack[k:]
                    break
        elif ch == '"':
            prev = text[i - 1] if i > start else " "
            nxt = text[i + 1] if i + 1 < end else " "
            if straight_open is None and (prev.isspace() or prev in "([:—–-") and not nxt.isspace():
                straight_open = i
            elif straight_open is not None and not prev.isspace():
                intervals.append((straight_open, i))
                straight_open = None
    return intervals


def _inside(pos: int, intervals: list[tuple[int, int]]) -> bool:
    return any(a < pos <= b for a, b in intervals)


def _segment_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # trim the paragraph
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    protected = _protected(text, start, end)
    # A paragraph whose line breaks never run on into a lower-case word is not hard-wrapped
    # prose: its lines are units of their own (a heading, a "Lire aussi" line, paragraphs
    # separated by single line breaks), so a line break before a sentence start ends one.
    lines_are_units = "\n" in text[start:end] or "\r" in text[start:end]
    if lines_are_units:
        lines_are_units = not _WRAPPED.search(text, start, end)
    cuts: list[int] = []  # offsets where a new sentence starts
    i = start
    while i < end:
        ch = text[i]
        if ch in _TERMINAL:
            j = i
            while j < end and text[j] in _TERMINAL:
                j += 1
            # closing quotes / brackets, possibly after a (non-breaking) space: « … fin. »
            k = j
            while True:
                m = k
                while m < end and text[m] in " \u00a0\u202f\u2009":
                    m += 1
                if m < end and text[m] in _CLOSERS and _closes(text, m, end):
                    k = m + 1
                else:
                    break
            if k < end and text[k].isspace():
                nxt = k
                while nxt < end and text[nxt].isspace():
                    nxt += 1
                sent_start = cuts[-1] if cuts else start
                if nxt < end and not _inside(nxt - 1, protected) and _is_boundary(text, sent_start, i, j, nxt, end):
                    cuts.append(nxt)
            i = max(k, i + 1)
            continue
        if ch == ")" and i + 1 < end and text[i + 1].isspace():
            sent_start = cuts[-1] if cuts else start
            if text[sent_start] == "(" and (sent_start, i) in protected and not _tag(text, start, sent_start, i):
                nxt = i + 1
                while nxt < end and text[nxt].isspace():
                    nxt += 1
                if nxt < end and _starts_sentence(text, nxt, end):
                    cuts.append(nxt)
            i += 1
            continue
        if ch in "\r\n":
            nxt = i
            while nxt < end and text[nxt].isspace():
                nxt += 1
            if nxt < end and _LIST_MARKER.match(text, nxt) and not _inside(nxt - 1, protected):
                cuts.append(nxt)
            elif lines_are_units and nxt < end and not _inside(nxt - 1, protected) and \
                    _line_ends_unit(text, start, i) and _starts_sentence(text, nxt, end) and \
                    (not cuts or cuts[-1] != nxt):
                cuts.append(nxt)
            i = nxt if nxt > i else i + 1
            continue
        i += 1
    spans = []
    s = start
    for c in cuts:
        e = c
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        s = c
    spans.append((s, end))
    return spans


_AGENCIES = r"AFP|Reuters|AP|Belga|ATS|DPA|ANSA|EFE|Xinhua"
_DATELINE_END = re.compile(r"\((?:" + _AGENCIES + r")\)$")
# a dateline opening a sentence: "PARIS (AFP) –", "Rome, 28 août –", "KIEV, 3 mars (Reuters) -",
# "Bruxelles (Belga)" followed by a line break; the place, a date, the agency, then a dash or a line break
_DATELINE = re.compile(
    r"[ \t]*(?P<place>[^\W\d_][\w'’.]*(?:[ -][\w'’.]+){0,3}?)"
    r"(?P<region>[ \t]*\((?!" + _AGENCIES + r"\))[^\W\d_][\w'’. -]{1,30}\))?"
    r"(?P<date>[ \t]*,[ \t]*(?:le[ \t]+)?\d{1,2}(?:er)?[ \t]+[^\W\d_]+\.?(?:[ \t]+\d{4})?)?"
    r"(?P<agency>[ \t]*\((?:" + _AGENCIES + r")\))?"
    r"[ \t\u00a0]*(?:[-–—][ \t\u00a0]|\r?\n)")
_PLACE_LINKS = {"de", "du", "des", "d'", "sur", "la", "le", "les", "l'", "am", "upon"}
# a live page's time stamp: « 17h30 – », « 8 h 15 - », « 15:40 BST – », « 9:30 a.m. ET — »
_TIMESTAMP = re.compile(
    r"[ \t]*\d{1,2}[ \t]?[hH:][ \t]?\d{2}(?:[ \t]?[ap]\.?m\.?)?(?:[ \t](?:[A-Z]{2,4}|heure de Paris))?"
    r"[ \t\u00a0]*[-–—][ \t\u00a0]")


def _place_name(text: str) -> bool:
    """Whether every word of a dateline's place or region is capitalised or links a name
    (« Saint-Pierre-et-Miquelon », « La Haye », « Haute-Marne »)."""
    return all(w[:1].isupper() or w.lower() in _PLACE_LINKS for w in re.split(r"[ -]", text))


def dateline_end(text: str) -> int:
    """Where a dateline that opens ``text`` ends (0 if there is none): a place written in
    capitals or followed by its region, a date or a news agency (« FASANO (Italie) – »,
    « Saint-Dizier (Haute-Marne) – »), then a dash or a line break; or the
    time stamp of a live page's entry. The place of a dateline is where the story was
    filed, not an actor, and neither is the subject of the sentence."""
    stamp = _TIMESTAMP.match(text)
    if stamp:
        return stamp.end()
    m = _DATELINE.match(text)
    if not m:
        return 0
    place, region = m.group("place"), m.group("region")
    if not _place_name(place) or region and not _place_name(region.strip(" \t()")):
        return 0
    if m.group("date") or m.group("agency") or region or (place.isupper() and len(place) >= 3):
        return m.end()
    return 0
_WRAPPED = re.compile(r"[^\s.!?…»”:][ \t\u00a0]*(?:\r?\n|\r)[ \t\u00a0]*[a-zà-öø-ÿ(]")


def _line_ends_unit(text: str, start: int, i: int) -> bool:
    """Whether the line that ends at ``i`` can end a sentence: not after a colon, comma,
    semicolon, dash or opening quote, which carry the sentence on to the next line."""
    j = i
    while j > start and text[j - 1] in " \t\u00a0\u202f\u2009":
        j -= 1
    if _DATELINE_END.search(text, max(start, j - 12), j):
        return False  # "PARIS, 3 mars (AFP)" on a line of its own opens the first sentence
    return j > start and text[j - 1] not in ":,;-–—«“(["


def _closes(text: str, m: int, end: int) -> bool:
    """Whether the quote or bracket at ``m`` (after terminal punctuation) closes: typed
    closers always do; a straight quote does when no word follows it."""
    if text[m] in "»”)]":
        return True
    return m + 1 >= end or not text[m + 1].isalnum()


def _starts_sentence(text: str, nxt: int, end: int) -> bool:
    """Whether a sentence can start at ``nxt``: a capital, a digit, an opening quote or
    bracket, a list marker, or a lower-case brand name written in camel case (iPhone)."""
    first = text[nxt]
    if first.islower():
        m = _NEXT_WORD.match(text, nxt)
        return bool(m) and any(c.isupper() for c in m.group(0)[1:]) and not any(c in m.group(0) for c in "'’-")
    return first.isupper() or first.isdigit() or first in _OPENERS_CHARS or first in _BULLETS or not first.isalnum()


# one to four words in capitals and a full stop: the label of a piece before its headline
# (« EN DIRECT. », « ANALYSE. », « INFO LE PARISIEN. »), not a sentence of its own
_KICKER = re.compile(r"[A-ZÀÂÇÉÈÊËÎÏÔÛÙÜ][A-ZÀÂÇÉÈÊËÎÏÔÛÙÜ'’-]{1,}(?: [A-ZÀÂÇÉÈÊËÎÏÔÛÙÜ'’-]+){0,3}\.")


# a credit in brackets that ends a paragraph after a sentence (« (AFP) », « (Photo Reuters) »,
# « (AFP/Ludovic Marin) »): names and the words of a credit, no sentence, part of the sentence before
_CREDIT = re.compile(r"\([ \t]*([^\W\d][^()\n.!?«»\d]{0,40}(?<![ \t]))\)[ \t]*")
_CREDIT_WORDS = {"photo", "photos", "archives", "d'archives", "illustration", "crédit", "crédits", "via", "de", "et",
                 "image", "images", "vidéo", "capture", "file", "pool"}


def _is_credit(text: str, start: int, end: int) -> bool:
    m = _CREDIT.fullmatch(text, start, end)
    if not m:
        return False
    words = m.group(1).replace("/", " ").split()
    return len(words) <= 5 and all(w[:1].isupper() or w.lower() in _CREDIT_WORDS for w in words)


def _is_boundary(text: str, sent_start: int, i: int, j: int, nxt: int, end: int) -> bool:
    """Decide a candidate: terminal punctuation ``text[i:j]`` in the sentence that began
    at ``sent_start``; the next sentence would start at ``nxt``."""
    if not _starts_sentence(text, nxt, end):
        return False
    if text[nxt] in "—–" and nxt + 2 < end and text[nxt + 1] == " " and text[nxt + 2].islower():
        return False  # a question closing an incise between dashes: « — Washington viendrait-il ? — n'a pas … »
    if _is_credit(text, nxt, end):
        return False  # a photo's credit closing its caption: « … le 3 mars 2025. (AFP) »
    punct = text[i:j]
    if punct != ".":
        return True  # ! ? … ?! ... and the like
    before = text[sent_start:i + 1]
    if _KICKER.fullmatch(before) and (sent_start == 0 or text[sent_start - 1] == "\n"):
        return False  # a kicker in capitals that opens a headline or a paragraph: « ANALYSE. Sans Washington, … »
    token = before.rsplit(None, 1)[-1].lstrip(_OPENERS_CHARS)
    if "/" in token or "@" in token:
        return True  # a URL or an e-mail address at the end of a sentence
    if token == before.lstrip(_OPENERS_CHARS) and _LEAD_MARKER.match(token):
        return False  # a list number or a lead-in ("1.", "b.", "IV.", "N.B.") opens a sentence
    next_word_m = _NEXT_WORD.match(text, nxt)
    next_word = next_word_m.group(0) if next_word_m else ""
    next_is_initial = bool(next_word_m) and next_word_m.end() < end and text[next_word_m.end()] == "." and len(next_word) == 1
    opener = (not next_is_initial and (
        next_word in _OPENERS or next_word.split("'")[0].split("’")[0] + "'" in _OPENERS)
    ) or (next_word in _TITLES and next_word_m.end() < end and text[next_word_m.end()] in ". \u00a0")
    word = token[:-1]
    for elision in ("'", "’"):
        if elision in word and not word.endswith(elision):
            word = word.rsplit(elision, 1)[1]
    if word in _TITLES:
        return False
    if word in _NUMBER_PREFIXES and text[nxt].isdigit():
        return False
    if word in ("a.m", "p.m"):
        # an English time ends the sentence before a capitalised word, unless a day, a month
        # or a time zone follows (« shortly before 3 a.m. Ukraine will … », « at 9 a.m. Monday »)
        return opener or (next_word[:1].isupper() and not next_word.isupper() and next_word not in _EN_DATES)
    if word == "etc" and next_word[:1].isupper():
        return True  # « … les drones, etc. Paris a confirmé »: nothing capitalised continues a list after « etc. »
    if word in _ABBREVIATIONS or word.rsplit(".", 1)[-1] in _ABBREVIATIONS and "." in word and not _DOTTED_ACRONYM.search(token):
        return opener
    if _DOTTED_ACRONYM.search(token):
        # O.N.U., U.S., S.A.: the dot ends the sentence before an opener, and, for
        # acronyms of three letters or more, before any capitalised word
        letters = sum(c.isalpha() for c in token)
        return opener or (letters >= 3 and text[nxt].isupper())
    if _INITIAL.search(before):
        # "J. D. Vance", "Donald J. Trump": an initial, unless a clear opener follows
        # after a lower-case word ("le plan B. Le lendemain"), or a Roman numeral ends
        # or a quotation opens ("publié sur X. « Nous … »": no name starts with a quote)
        prev_word = before[:-2].rstrip().rsplit(None, 1)[-1] if len(before) > 2 else ""
        if before[-2] == "X" and prev_word[:1].islower() and prev_word not in _BEFORE_NAME:
            return text[nxt].isupper() or text[nxt] in "«“\"" or opener  # the social network: « a-t-il écrit sur X. Le ministre … »
        return (opener or text[nxt] in "«“") and (prev_word[:1].islower() or prev_word[-1:] in ",;:")
    return True


# --------------------------------------------------------------------------- spaCy
def _register_component() -> None:
    from spacy.language import Language

    if Language.has_factory(SENTENCE_COMPONENT):
        return

    @Language.component(SENTENCE_COMPONENT)
    def stance_segmenter(doc):  # type: ignore[no-untyped-def]
        """Decide every token's ``is_sent_start`` (True or False, never None) from
        :func:`segment_spans`; leading white space joins the first sentence."""
        import numpy
        from spacy.attrs import SENT_START

        spans = segment_spans(doc.text)
        doc.user_data["stance_spans"] = spans
        if not len(doc):
            return doc
        starts = {s for s, _ in spans}
        values = []
        seen_text = False
        for token in doc:
            if token.i == 0:
                values.append(1)
            elif token.is_space or not seen_text:
                values.append(-1)
            else:
                values.append(1 if token.idx in starts else -1)
            seen_text = seen_text or not token.is_space
        # one array write (setting token.is_sent_start one by one re-scans the doc each time)
        doc.from_array([SENT_START], numpy.array(values, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc
