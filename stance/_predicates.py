"""French predicates by what they do — ask, wait, pledge, refuse, hedge — as lemma sets, in
one place for the three readers that use them: the holder rules (``holders``), the holder
ranker's features (``_holder_rank``) and the label classifier's actor tags (``features``).

Each reader's set was measured as it is, so where two readers differ the difference is
spelled out here, on a shared core, rather than kept as a second copy. The cue lexicon
(``resources/cues_fr.tsv``) is the other word resource: it matches surface patterns over
a sentence, these sets match the lemma of one predicate in the parse.
"""
from __future__ import annotations

# verbs by which an actor asks another for its part (« presse les Américains de renforcer »,
# « a demandé à Washington un engagement »)
ASK = frozenset({"exhorter", "réclamer", "demander", "appeler", "presser", "inviter", "plaider", "solliciter"})
# the rules also take « insiste pour que », « urge Washington de » as a demand, not reported speech
ASK_RULES = ASK | {"insister", "urger"}
# the ranker's « the US part is asked for »: demands and pleas too (measured without the rules' two)
ASK_RANKER = ASK | {"exiger", "implorer", "prier"}

# verbs and nouns by which an actor ties its own engagement to another's part (« attendent »,
# « conditionnent », « dépend de », « dans l'attente de »)
WAIT = frozenset({"attendre", "attente", "dépendre", "suspendre", "conditionner", "subordonner", "lier", "compter"})
# heads whose complement says what a commitment waits on (the label features' actor tags)
WAIT_HEADS = WAIT | {"suspendu", "tributaire", "tabler", "miser", "faute", "absence", "préalable", "espérer"}
# words above the United States in the parse that make it the awaited part (the ranker): the
# waiting verbs, the demands made of it, and the nouns of the part itself (« la garantie
# américaine », « le feu vert de Washington », « la promesse de Washington »)
WAIT_RANKER = WAIT | {"réclamer", "exiger", "exhorter", "demander", "appeler", "presser", "savoir", "voir", "préciser",
                      "garantie", "soutien", "contribution", "engagement", "participation", "feu", "filet", "appui",
                      "promesse", "assurance", "couverture", "protection", "aide"}

# verbs by which one actor's move acts on another's will — persuades, reassures, unlocks,
# deters, worries (« cette promesse a rallié certains pays », « le feu vert de Washington a
# convaincu Varsovie », « la volte-face du Pentagone a refroidi Stockholm »): the actor acted
# on is the one whose engagement the move decides
SWAY = frozenset({"convaincre", "persuader", "rassurer", "rallier", "décider", "pousser", "inciter", "encourager",
                  "permettre", "faciliter", "lever", "débloquer", "conforter", "apaiser", "amener", "dissuader",
                  "refroidir", "inquiéter", "freiner", "décourager", "changer", "ébranler", "alarmer", "calmer",
                  "désarmer", "retenir", "bloquer", "paralyser", "ouvrir", "emporter", "entraîner", "motiver",
                  "échauder"})
# the past participles of those that say how an actor feels about the move (« rassurée par
# l'engagement américain, la Norvège … », « Copenhague, échaudé par la pause, … »): the
# actor they qualify is the one acted on
SWAYED_PARTICIPLES = frozenset(
    f"{stem}{end}" for stem in ("rassur", "persuad", "confort", "encourag", "échaud", "inquiét", "alarm", "décourag",
                                "apais", "calm", "ralli", "ébranl", "motiv", "dissuad", "frein", "tranquillis")
    for end in ("é", "ée", "és", "ées")) | frozenset(
    f"{stem}{end}" for stem in ("convaincu", "refroidi") for end in ("", "e", "s", "es"))

# predicates of a pledge, a refusal or a limit, a hedge
COMMIT = frozenset({"promettre", "engager", "livrer", "fournir", "envoyer", "déployer", "financer", "débloquer",
                    "accorder", "verser", "octroyer", "offrir", "garantir", "contribuer", "prêt", "décider",
                    "réaffirmer"})
REFUSE = frozenset({"refuser", "exclure", "écarter", "rejeter", "opposer", "bloquer", "geler", "suspendre", "limiter",
                    "plafonner", "freiner", "rechigner", "réticent", "hostile"})
HEDGE = frozenset({"envisager", "étudier", "examiner", "réfléchir", "hésiter", "douter", "prudent", "sceptique",
                   "divisé", "interroger", "conditionner", "subordonner"})

# predicates that state a label's stance whatever their form (the ranker: does the clause
# of a candidate state the sentence's label?)
LABEL_LEMMAS = {
    "committed": COMMIT | {"céder"},
    "conditional": REFUSE | HEDGE | {"temporiser", "opposé", "tenté", "ouvert"},
    "pending_us": (WAIT - {"attente"}) | {"réclamer", "exiger", "demander", "savoir", "préciser", "tributaire",
                                          "suspendu"},
}

# what the predicate of an actor's clause does, by its lemma or its object's (« maintient son
# refus », « a pris l'engagement »): the label features' « subj:eur>refuse » tags. The nouns
# and inflected adjectives are here because the object, not the verb, carries them.
PREDICATE_KINDS = (
    ("refuse", REFUSE | {"refus", "opposition", "réticence"}),
    ("hedge", HEDGE | {"pouvoir"}),
    ("wait", frozenset({"attendre", "dépendre", "réclamer", "exiger", "demander", "compter", "espérer", "tabler",
                        "miser"})),
    ("commit", COMMIT | {"engagement", "prête", "prêts", "prêtes", "annoncer", "confirmer", "assurer"}),
)
