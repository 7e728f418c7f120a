"""Sentence segmentation: golden rules (one line a case), the team's tricky paragraphs,
the seed article, offsets, and agreement with spaCy's parser."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, SEED
from segmentation_eval import boundary_prf, load_gold
from stance.articles import read_article
from stance.segment import dateline_end, segment_spans, segment_text

# (text, expected sentences): each line one rule of French / English wire copy
GOLDEN_RULES = [
    ("ANALYSE. Sans Washington, la force peut-elle tenir ?", ["ANALYSE. Sans Washington, la force peut-elle tenir ?"]),
    ("EN DIRECT. Sommet de Paris : la journée heure par heure", ["EN DIRECT. Sommet de Paris : la journée heure par heure"]),
    ("Il a dit non. FIN. Puis il est parti.", ["Il a dit non.", "FIN.", "Puis il est parti."]),
    ("La question — Washington viendrait-il ? — reste ouverte. Rien n'est signé.",
     ["La question — Washington viendrait-il ? — reste ouverte.", "Rien n'est signé."]),
    ("Viendra-t-il ? — Personne ne le sait.", ["Viendra-t-il ?", "— Personne ne le sait."]),
    ("Il est parti. Elle est restée.", ["Il est parti.", "Elle est restée."]),
    ("« Nous sommes prêts. Nous irons », a-t-il ajouté. Puis il est parti.", ["« Nous sommes prêts. Nous irons », a-t-il ajouté.", "Puis il est parti."]),
    ("« Nous irons. », selon un diplomate. Fin de la réunion.", ["« Nous irons. », selon un diplomate.", "Fin de la réunion."]),
    ("« C'est non » pour garantir la paix, a-t-il déclaré.", ["« C'est non » pour garantir la paix, a-t-il déclaré."]),
    ("Il a déclaré : « Nous serons là. » Les autres ont suivi.", ["Il a déclaré : « Nous serons là. »", "Les autres ont suivi."]),
    ("Il a parlé de « trahison ». Le ministre a démenti.", ["Il a parlé de « trahison ».", "Le ministre a démenti."]),
    ("Le soutien - renseignement, logistique - reste flou. Rien n'est acté.", ["Le soutien - renseignement, logistique - reste flou.", "Rien n'est acté."]),
    ("Trois options : des troupes ; des armes ; de l'argent. Aucune n'est retenue.", ["Trois options : des troupes ; des armes ; de l'argent.", "Aucune n'est retenue."]),
    ("PARIS (AFP) - Le président a parlé. Il repart.", ["PARIS (AFP) - Le président a parlé.", "Il repart."]),
    ("Rome, 28 août – La présidente du Conseil a tranché. Rien ne change.", ["Rome, 28 août – La présidente du Conseil a tranché.", "Rien ne change."]),
    ("M. Rutte est arrivé. Mme Kallas aussi.", ["M. Rutte est arrivé.", "Mme Kallas aussi."]),
    ("MM. Macron et Starmer coprésident. Le Dr Martin et le Pr Dubois assistent.", ["MM. Macron et Starmer coprésident.", "Le Dr Martin et le Pr Dubois assistent."]),
    ("Le vice-président J. D. Vance a parlé. Keir Starmer a répondu.", ["Le vice-président J. D. Vance a parlé.", "Keir Starmer a répondu."]),
    ("Il a salué J.-P. Raffarin. Puis il est parti.", ["Il a salué J.-P. Raffarin.", "Puis il est parti."]),
    ("Il l'a écrit sur X. « Nous irons », a-t-il ajouté.", ["Il l'a écrit sur X.", "« Nous irons », a-t-il ajouté."]),
    ("Elle l'a annoncé sur le réseau social X. Berlin a suivi.", ["Elle l'a annoncé sur le réseau social X.", "Berlin a suivi."]),
    ("He wrote on X. Britain agreed.", ["He wrote on X.", "Britain agreed."]),
    ("Le texte est signé selon X. Dupont, juriste.", ["Le texte est signé selon X. Dupont, juriste."]),
    ("Berlin livrera des missiles IRIS-T. « Nous puisons dans nos stocks », a-t-il dit.",
     ["Berlin livrera des missiles IRIS-T.", "« Nous puisons dans nos stocks », a-t-il dit."]),
    ("J.-M. Dupont, ancien ministre, a signé. Il a 70 ans.", ["J.-M. Dupont, ancien ministre, a signé.", "Il a 70 ans."]),
    ("Les U.S. Marines débarquent. Le port est fermé.", ["Les U.S. Marines débarquent.", "Le port est fermé."]),
    ("Des drones, des obus, etc. seront livrés. Ensuite on verra.", ["Des drones, des obus, etc. seront livrés.", "Ensuite on verra."]),
    ("Des drones, des obus, etc. Le reste suivra.", ["Des drones, des obus, etc.", "Le reste suivra."]),
    ("Des drones, des obus, etc. Berlin suivra.", ["Des drones, des obus, etc.", "Berlin suivra."]),
    ("Emmanuel Macron à l'Élysée, le 3 mars 2025. (AFP)", ["Emmanuel Macron à l'Élysée, le 3 mars 2025. (AFP)"]),
    ("Le ministre à Kiev. (AP Photo/Evan Vucci)\n\nIl repart.", ["Le ministre à Kiev. (AP Photo/Evan Vucci)", "Il repart."]),
    ("Il est arrivé. (AFP) Il repart demain.", ["Il est arrivé.", "(AFP)", "Il repart demain."]),
    ("Il est arrivé. (Il était en retard)", ["Il est arrivé.", "(Il était en retard)"]),
    ("Le budget atteint 3,5 % du PIB. Il sera porté à 1.000 milliards.", ["Le budget atteint 3,5 % du PIB.", "Il sera porté à 1.000 milliards."]),
    ("Spending rose 2.5% last year. It will rise again.", ["Spending rose 2.5% last year.", "It will rise again."]),
    ("Il hésite... puis il accepte. Fin.", ["Il hésite... puis il accepte.", "Fin."]),
    ("Il hésite… Puis il accepte.", ["Il hésite…", "Puis il accepte."]),
    ("Voir https://www.otan.int/fr/a.b.html pour le texte. Contact : presse@defense.gouv.fr. Merci.", ["Voir https://www.otan.int/fr/a.b.html pour le texte.", "Contact : presse@defense.gouv.fr.", "Merci."]),
    ("Viendrez-vous ? Oui ! Quand ?! Demain.", ["Viendrez-vous ?", "Oui !", "Quand ?!", "Demain."]),
    ("« Jamais ! », a-t-il lancé. Silence.", ["« Jamais ! », a-t-il lancé.", "Silence."]),
    ("L'art. 5 du traité, cité p. 14, ne s'applique pas. Le No. 10 confirme.", ["L'art. 5 du traité, cité p. 14, ne s'applique pas.", "Le No. 10 confirme."]),
    ('"We will help. We are ready," he said. Then he left.', ['"We will help. We are ready," he said.', "Then he left."]),
    ("Mr. Starmer met Gen. Smith. They spoke.", ["Mr. Starmer met Gen. Smith.", "They spoke."]),
    ("A bill by Sens. Jeanne Shaheen and Thom Tillis passed. It goes on.", ["A bill by Sens. Jeanne Shaheen and Thom Tillis passed.", "It goes on."]),
    ("Le ministre était à Sens. Le maire l'a reçu.", ["Le ministre était à Sens.", "Le maire l'a reçu."]),
    ("Selon le gén. Burkhard, la force est prête. Le lt-col. Martin la commande.", ["Selon le gén. Burkhard, la force est prête.", "Le lt-col. Martin la commande."]),
    ("Il a franchi le col. Le soir tombait.", ["Il a franchi le col.", "Le soir tombait."]),
    ("Il est arrivé. (Lire aussi notre article.) Il neige.", ["Il est arrivé.", "(Lire aussi notre article.)", "Il neige."]),
    ("Question : Allez-vous envoyer des troupes ? Réponse : Pas encore.", ["Question : Allez-vous envoyer des troupes ?", "Réponse : Pas encore."]),
    ("Premier paragraphe sans point\n\nSecond paragraphe.", ["Premier paragraphe sans point", "Second paragraphe."]),
    ("Une ligne coupée\nau milieu de la phrase. Fin.", ["Une ligne coupée\nau milieu de la phrase.", "Fin."]),
    ("Trois points :\n- des troupes ;\n- des armes.", ["Trois points :", "- des troupes ;", "- des armes."]),
    ("Un titre sans point\nLe texte commence ici. Il continue.", ["Un titre sans point", "Le texte commence ici.", "Il continue."]),
    ("Lire aussi : le plan de paix\nParis a promis.\nRome hésite", ["Lire aussi : le plan de paix", "Paris a promis.", "Rome hésite"]),
    ("Une ligne coupée avant un Nom\nPropre, puis\nla suite. Fin.", ["Une ligne coupée avant un Nom\nPropre, puis\nla suite.", "Fin."]),
    ("Il a déclaré :\n« Nous sommes prêts. »", ["Il a déclaré :\n« Nous sommes prêts. »"]),
    ("PARIS, 3 mars (AFP)\nLa France enverra des troupes.", ["PARIS, 3 mars (AFP)\nLa France enverra des troupes."]),
    ("Il est 14h30. La séance reprend à 15.30 heures.", ["Il est 14h30.", "La séance reprend à 15.30 heures."]),
    ("La réunion du 18.08.2025 a eu lieu. Le XXe siècle est loin.", ["La réunion du 18.08.2025 a eu lieu.", "Le XXe siècle est loin."]),
    ("Pas de point final", ["Pas de point final"]),
    ("   \n\n  ", []),
    # a short tag in parentheses that opens a paragraph belongs to the sentence it tags …
    ("(Mise à jour) Le ministère a confirmé l'achat.", ["(Mise à jour) Le ministère a confirmé l'achat."]),
    # … a parenthesis with a sentence or a quotation of its own stands alone
    ("(Lire aussi : « Garanties ») Les chefs suivront.", ["(Lire aussi : « Garanties »)", "Les chefs suivront."]),
    ("(Cet article a été mis à jour.) Copenhague n'exclut rien.", ["(Cet article a été mis à jour.)", "Copenhague n'exclut rien."]),
    # an English time ends a sentence before a capitalised word, not before a day or a zone
    ("The deal came shortly before 3 a.m. Ukraine will repay it.", ["The deal came shortly before 3 a.m.", "Ukraine will repay it."]),
    ("Leaders meet at 9 a.m. Monday in Paris. Rutte will attend.", ["Leaders meet at 9 a.m. Monday in Paris.", "Rutte will attend."]),
    ("The call began at 11:30 a.m. EST and lasted an hour.", ["The call began at 11:30 a.m. EST and lasted an hour."]),
]


@pytest.mark.parametrize("text,expected", GOLDEN_RULES)
def test_golden_rules(text, expected):
    assert segment_text(text) == expected


# (sentence start, the dateline it opens with): place in capitals or with a date or an agency
DATELINES = [
    ("PARIS (AFP) – Les dirigeants", "PARIS (AFP) – "),
    ("Rome, 28 août – Le", "Rome, 28 août – "),
    ("KIEV, 3 mars (Reuters) - Le", "KIEV, 3 mars (Reuters) - "),
    ("Saint-Pétersbourg, 4 juin 2025 (AFP) – Le", "Saint-Pétersbourg, 4 juin 2025 (AFP) – "),
    ("La Haye, le 24 juin – Les alliés", "La Haye, le 24 juin – "),
    ("NEW YORK – Le", "NEW YORK – "),
    ("PARIS, 3 mars (AFP)\nLa France", "PARIS, 3 mars (AFP)\n"),
    ("17h30 – Le président a indiqué", "17h30 – "),
    ("8 h 15 - Berlin", "8 h 15 - "),
    ("9:30 a.m. ET — The Pentagon", "9:30 a.m. ET — "),
    ("4:20 p.m. — Britain", "4:20 p.m. — "),
    ("15:40 BST – Downing Street", "15:40 BST – "),
    ("9:30 am - Poland", "9:30 am - "),
    ("10:15 US troops – not", ""),
    ("FASANO (Italie) – Le Japon a signé", "FASANO (Italie) – "),
    ("Saint-Dizier (Haute-Marne), 3 mars (AFP) - Des Rafale", "Saint-Dizier (Haute-Marne), 3 mars (AFP) - "),
    ("Le Japon (avec réserve) – non", ""),
    ("En 2024 - année électorale", ""),
    ("Londres – Paris hésite", ""),
    ("Washington, qui a promis – sans plus", ""),
    ("Les dirigeants européens - tous", ""),
    ("Paris et Berlin - tous deux", ""),
]


@pytest.mark.parametrize("text,dateline", DATELINES)
def test_dateline_end(text, dateline):
    assert text[:dateline_end(text)] == dateline


def test_team_paragraphs_boundary_f1():
    cases = load_gold()
    assert len(cases) >= 40
    pairs = [(c["text"], c["sentences"], segment_text(c["text"])) for c in cases]
    _, _, f1 = boundary_prf(pairs)
    assert f1 >= 0.98, f1


def test_seed_article_gives_the_twelve_sentences_of_the_spec():
    gold = [json.loads(line) for line in (DATA / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()]
    sentences = read_article(SEED).sentences()
    assert [s.text for s in sentences] == [g["text"] for g in gold]
    assert [(s.start, s.end) for s in sentences] == [(g["start"], g["end"]) for g in gold]
    assert not any("2025-09-03" in s.text for s in sentences)


def test_offsets_index_the_text():
    text = "  Premier. « Deuxième », dit-il.\r\n\r\nTroisième\u00a0!  Quatrième."
    spans = segment_spans(text)
    assert [text[s:e] for s, e in spans] == ["Premier.", "« Deuxième », dit-il.", "Troisième\u00a0!", "Quatrième."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ. !?«»\"()\n\u00a0-:;…M1,é")), max_size=200) | st.text(max_size=120))
def test_any_text_spans_are_ordered_trimmed_and_exact(text):
    spans = segment_spans(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip() and piece
        last = e
    # nothing but white space is left out
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@pytest.fixture(scope="module")
def nlp():
    from stance.nlp import load_pipeline

    return load_pipeline()


def test_parser_keeps_exactly_our_sentences(nlp):
    texts = [read_article(SEED).body] + [c["text"] for c in load_gold()]
    for text in texts:
        doc = nlp(text)
        ours = [s for s, _ in segment_spans(text)]
        theirs = [next(t.idx for t in sent if not t.is_space) for sent in doc.sents if not sent.text.isspace()]
        assert theirs == ours, text[:80]
        assert all(t.is_sent_start in (True, False) for t in doc)
