"""Holders and sources from French syntax and the actor list: one line a rule."""
import json

import pytest

from conftest import DATA, ROOT, SEED
from stance.articles import read_article

# (sentences of one article, their labels, expected holders, expected sources)
CASES = [
    # plain subject, capital as metonym, place after a preposition is not an actor
    (["Réunis à Bruxelles, les ministres ont écouté Londres, qui enverra deux frégates en mer Noire."],
     ["committed"], ["GBR"], [None]),
    # inverted attribution: the quote's "nous" is the speaker's country
    (["« Nous livrerons ces obus avant l'hiver », a assuré mardi le ministre néerlandais de la Défense."],
     ["committed"], ["NLD"], ["NLD"]),
    # the source is not the holder: reported speech about the US contribution
    (["« Les Américains doivent encore préciser leur rôle », a déclaré le président français Emmanuel Macron."],
     ["pending_us"], ["USA"], ["FRA"]),
    # preposed speaker speaking of its own contribution; pronoun in the reported clause
    (["Le gouvernement canadien a confirmé qu'il financerait l'achat de nouveaux systèmes."],
     ["committed"], ["CAN"], ["CAN"]),
    # passive with agent
    (["Une enveloppe de 300 millions d'euros a été débloquée par la Norvège."],
     ["committed"], ["NOR"], [None]),
    # European actor whose engagement waits on the US
    (["Berlin conditionne l'envoi de soldats à un filet de sécurité américain."],
     ["pending_us"], ["DEU"], [None]),
    # a request for a US contribution: the US holds the pending stance (the caller is credited)
    (["Le chancelier allemand a exhorté Washington à apporter une garantie claire."],
     ["pending_us"], ["USA"], ["DEU"]),
    # Ukraine asks, the provider holds it
    (["« Nous comptons sur le soutien des Etats-Unis », a insisté Volodymyr Zelensky."],
     ["pending_us"], ["USA"], ["UKR"]),
    # pronoun and 'a-t-il ajouté' resolved from the previous sentence
    (["Le Premier ministre britannique Keir Starmer a promis des troupes.",
      "« Nous n'enverrons personne sans mandat clair », a-t-il ajouté."],
     ["committed", "conditional"], ["GBR", "GBR"], [None, "GBR"]),
    # « quant à X, il/elle … »: the pronoun is the topic, not the previous holder
    (["Le Danemark a promis deux frégates.", "Quant à la Belgique, elle refuse d'envoyer ses F-16 avant 2027."],
     ["committed", "conditional"], ["DNK", "BEL"], [None, None]),
    # « d'autres », « tous », « tout le monde » after a single state are several states, not that state
    (["La France a promis deux frégates.", "D'autres hésitent encore."],
     ["committed", "conditional"], ["FRA", "EUROPE"], [None, None]),
    (["L'Allemagne s'est engagée à livrer des Patriot.", "Tout le monde ne suit pas."],
     ["committed", "conditional"], ["DEU", "EUROPE"], [None, None]),
    # a party that makes its state's decision uncertain holds the stance for its state (§9)
    (["La CDU menace de bloquer le vote sur l'envoi de missiles Taurus."],
     ["conditional"], ["DEU"], [None]),
    (["Au Bundestag, le SPD refuse tout déploiement sans mandat de l'ONU."],
     ["conditional"], ["DEU"], [None]),
    # partitive subject referring to a group
    (["Plusieurs pays européens se disent prêts à contribuer.",
      "Mais certains d'entre eux hésitent encore."],
     ["committed", "conditional"], ["EUROPE", "EUROPE"], [None, None]),
    # an unnamed source
    (["Rome n'exclut pas de participer à la mission, selon des sources diplomatiques."],
     ["conditional"], ["ITA"], ["UNNAMED"]),
    # speaking in the name of an actor makes that actor the holder, not the speaker's country
    (["« Nous serons prêts dès le premier jour de la trêve », a déclaré le président français, "
      "qui s'exprimait au nom de la coalition des volontaires."],
     ["committed"], ["COALITION"], ["FRA"]),
    (["Au nom des Vingt-Sept, le président du Conseil européen a promis une nouvelle tranche d'aide militaire."],
     ["committed"], ["EU"], [None]),
    # ... but "au nom de" a principle is no actor
    (["La France enverra des instructeurs au nom de la solidarité européenne."], ["committed"], ["FRA"], [None]),
    # a state named as an example of a group does not hold the group's stance
    (["Plusieurs alliés, dont Berlin et Rome, font dépendre l'ampleur de leur contribution du texte final."],
     ["conditional"], ["EUROPE"], [None]),
    (["Plusieurs gouvernements, à commencer par celui de Varsovie, attendent la garantie américaine "
      "avant de s'engager."],
     ["pending_us"], ["EUROPE"], [None]),
    (["La France, comme l'Allemagne, enverra des instructeurs."], ["committed"], ["FRA"], [None]),
    # all the members of an organisation are the organisation; some of them are not
    (["Les 32 alliés se sont engagés à porter leurs dépenses militaires à 3,5 % du PIB."],
     ["committed"], ["NATO"], [None]),
    (["Les membres de l'Alliance atlantique ont promis des avions de patrouille."], ["committed"], ["NATO"], [None]),
    (["Plusieurs membres de l'Alliance hésitent encore à suivre."], ["conditional"], ["EUROPE"], [None]),
    # a list of three European states (or a state and a group of them) is a bloc: EUROPE,
    # whatever the parse makes of the coordination; a name that opens with its article
    (["Le Danemark, la Norvège et la Suède ont annoncé mardi le financement conjoint d'un second lot d'obus."],
     ["committed"], ["EUROPE"], ["EUROPE"]),
    (["La Pologne et les pays baltes ont assuré qu'ils maintiendraient leur aide militaire à Kiev."],
     ["committed"], ["EUROPE"], ["EUROPE"]),
    (["Madrid, La Haye et Prague se disent prêts à contribuer à la mission de surveillance."],
     ["committed"], ["EUROPE"], [None]),
    # two named states acting together: the first named, whatever the parse makes of the pair
    (["Paris et Berlin ont réaffirmé leur soutien militaire à Kiev."], ["committed"], ["FRA"], ["FRA"]),
    # not a bloc: a list with a state from outside Europe
    (["La France, le Royaume-Uni et le Canada enverront des avions de patrouille."], ["committed"], ["FRA"], [None]),
    # a reporting verb in an adverbial clause with its own subject speaks for that clause only
    (["La Pologne, la République tchèque et la Suède ont elles aussi écarté cette hypothèse, tandis que Rome "
      "a appelé à « faire très attention »."], ["conditional"], ["EUROPE"], [None]),
    # the allies or partners of a state are not that state; those of NATO are its members
    (["Les principaux alliés de la France ont pris leurs distances avec cette idée."], ["conditional"], ["EUROPE"],
     [None]),
    (["Plusieurs alliés de l'Otan ont débloqué de nouvelles enveloppes pour le mécanisme PURL."], ["committed"],
     ["NATO"], [None]),
    # « les autres détenteurs », « plusieurs participants »: unnamed groups of states
    (["L'Allemagne a promis deux batteries supplémentaires.", "Les autres détenteurs de Patriot en Europe se font prier."],
     ["committed", "conditional"], ["DEU", "EUROPE"], [None, None]),
    (["La France enverra deux frégates.", "Plusieurs participants ont affiché leurs réserves."],
     ["committed", "conditional"], ["FRA", "EUROPE"], [None, None]),
    # « les alliés » alone are NATO's members (labels.md); qualified, another group
    (["Les alliés se sont engagés à porter leurs dépenses de défense à 5 % du PIB."], ["committed"], ["NATO"], [None]),
    (["La Suède a promis deux corvettes.", "Les alliés européens hésitent encore."],
     ["committed", "conditional"], ["SWE", "EUROPE"], [None, None]),
    # none has no holder
    (["Le sommet aura lieu jeudi à Paris."], ["none"], [None], [None]),
    # a detached apposition opening the sentence is not its subject
    (["Partenaire de Paris dans cette initiative, le Royaume-Uni a confirmé qu'il enverrait des soldats."],
     ["committed"], ["GBR"], ["GBR"]),
    # a gerund credits the subject, whose main clause stays its own stance
    (["A Varsovie, Donald Tusk a exclu tout déploiement, tout en proposant que son pays serve de plateforme."],
     ["conditional"], ["POL"], ["POL"]),
    # armed services are their state's (the actor list's institutions); another army's stays its own
    (["La Marine nationale enverra deux frégates en mer Noire."], ["committed"], ["FRA"], [None]),
    (["The U.S. Navy will not send ships into the Black Sea, the Pentagon said."], ["conditional"], ["USA"], ["USA"]),
]


# (sentences of one article, their labels, expected source of each): who is credited
SOURCES = [
    # the incise of a quotation credits its speaker whatever its verb and whatever the tagger
    # made of it (« réagi » read as a name, « sourit » outside the reporting verbs)
    (["« Cela affaiblit notre sécurité à tous », a réagi M. Stoltenberg."], ["conditional"], ["NATO"]),
    (["« Des alliés qui se mobilisent », s'est réjoui le secrétaire général de l'Otan, Mark Rutte."], ["committed"], ["NATO"]),
    (["« On s'entraîne comme si on partait demain », sourit un capitaine."], ["none"], ["UNNAMED"]),
    (["« C'est exactement ce dont l'Ukraine a besoin », a réagi sur X Mark Rutte."], ["committed"], ["NATO"]),
    (["« La Hongrie, et elle seule », avait tranché au printemps le ministre de la Défense, Kristóf Szalay-Bobrovniczky."],
     ["conditional"], ["HUN"]),
    # an elided word after a quotation in the clause is no incise
    (["Le ministre Maxime Prévot a répété que la Belgique n’était “pas contre le principe” d’aider Kiev."],
     ["conditional"], ["BEL"]),
    # an inverted clitic after a comma: « on » at an institution (no quotation needed)
    (["Le surcoût dépassera le milliard d'euros, a-t-on rappelé au ministère des Armées."], ["none"], ["FRA"]),
    # « a fait savoir » with « fait » parsed below « savoir »; a first name tagged as a noun
    (["Les deux pays échangeront mille captifs, a fait savoir Roustem Oumerov, qui menait l'équipe de Kiev."],
     ["none"], ["UKR"]),
    (["La Pologne n'enverra aucun soldat, a tranché Donald Tusk, qui propose le sol polonais comme base arrière."],
     ["conditional"], ["POL"]),
    # a preposed promise or « fait savoir » with an aside between the auxiliary and the verb
    (["Le Premier ministre britannique Keir Starmer a de son côté promis que le Royaume-Uni verserait 3 milliards de livres."],
     ["committed"], ["GBR"]),
    (["Kiev, de son côté, a fait savoir qu'il attendait une réponse avant Noël."], ["none"], ["UKR"]),
    # a promise reported as speech, with words of time or place before « que »; a pledge
    # with no « que » credits no one
    (["Le chancelier Friedrich Merz a promis mardi soir que la Bundeswehr resterait en Lituanie."], ["committed"], ["DEU"]),
    (["Berlin a promis jeudi des chars supplémentaires."], ["committed"], [None]),
    # an adverbial between the inverted auxiliary and the verb: the clitic is still the speaker
    (["La Première ministre Mette Frederiksen a reçu ses homologues nordiques.",
      "« Nous resterons aux côtés de Kiev », a-t-elle finalement assuré à l'issue de la rencontre."],
     ["none", "committed"], [None, "DNK"]),
    # « selon lui » after a named subject that is not a person: that actor
    (["Le Kremlin a dénoncé un déploiement « provocateur », qui rapprocherait selon lui l'Otan des frontières russes."],
     ["none"], ["RUS"]),
    # an expert speaks as an expert (OTHER), whatever place or body names their institution
    (["Un chercheur de l'université d'Islande juge que Reykjavik doit « prendre davantage sa part »."],
     ["committed"], ["OTHER"]),
    (["Un analyste du Centre de La Haye a estimé que les Européens paieraient la facture."], ["committed"], ["OTHER"]),
    # the day between an inverted verb and its speaker, which the tagger can read as a verb
    # with the speaker as its object; a day before what was said is not a speaker
    (["« Nous sommes prêts à envoyer des soldats », a déclaré jeudi le Premier ministre britannique."],
     ["committed"], ["GBR"]),
    (["La ministre de la Défense, Margarita Robles, a confirmé jeudi l'envoi de missiles."], ["committed"], ["ESP"]),
    # a present-tense reporting verb the tagger misread after its speaker's name; a verb
    # that names an act (« réclame », « promet ») credits no one without reported speech
    (["Emmanuel Macron juge « incohérent » de demander aux alliés de dépenser davantage."], ["none"], ["FRA"]),
    (["L'Otan annonce avoir renforcé son dispositif en mer Baltique."], ["committed"], ["NATO"]),
    (["Ursula von der Leyen annonce la création d'un fonds européen."], ["committed"], ["EU"]),
    (["Berlin réclame des garanties.", "Keir Starmer promet des troupes."], ["pending_us", "committed"], [None, None]),
    # an inverted attribution ends where a clause of its own begins after a comma
    (["Emmanuel Macron a reçu lundi les dirigeants baltes.",
      "« Nous allons les aider », a lancé le président, en ajoutant que l'Europe resterait en première ligne."],
     ["none", "committed"], [None, "FRA"]),
    (["Berlin enverra une batterie Patriot, a annoncé le ministère de la Défense, alors que les frappes russes redoublent."],
     ["committed"], ["DEU"]),
    # an office named without its country speaks for the sentence's subject
    (["La Grèce propose de former des démineurs ukrainiens, a indiqué le ministère de la Défense dans un communiqué."],
     ["committed"], ["GRC"]),
    # an interview's answer opens with the interviewee's name and a colon
    (["Invitée de la matinale, la ministre des Armées est revenue sur le sommet de mardi.",
      "Catherine Vautrin : Je ne donnerai pas de chiffre, mais la France tiendra son rang."],
     ["none", "committed"], [None, "FRA"]),
    # a person outside the actor list who opens an interview's answer: the actor their
    # description named when the article introduced them, else an expert's OTHER; a
    # headline's kicker names no one the article introduced
    (["Le colonel lituanien Darius Petrauskas a reçu notre correspondant à Vilnius.",
      "Darius Petrauskas : Nous enverrons une compagnie dès la fin des combats."],
     ["none", "committed"], [None, "LTU"]),
    (["La chercheuse Inès Moreau revient sur le sommet de Paris.",
      "Inès Moreau : Beaucoup de pays attendront Washington."],
     ["none", "pending_us"], [None, "OTHER"]),
    (["Mer Noire : la Roumanie enverra deux chasseurs de mines."], ["committed"], [None]),
    # a named member of parliament speaks for their state (§8.4), which the article names
    (["Tout envoi de soldats allemands devra recevoir l'aval du Bundestag.",
      "Députée sociale-démocrate et membre de la commission de la défense, Henrike Salm suit le dossier.",
      "Henrike Salm : Nous voterons le mandat après un cessez-le-feu."],
     ["conditional", "none", "conditional"], [None, None, "DEU"]),
    # a named person is not an anonymous source because the apposition says « diplomate »
    (["« Berlin hésite encore », observe Marc Delorme, ancien diplomate devenu consultant."], ["conditional"], ["OTHER"]),
    (["« Berlin hésite encore », a confié à l'AFP un diplomate européen."], ["conditional"], ["UNNAMED"]),
    # « Pour X, » credits X's view, a person named by first and last name too
    (["Pour Emmanuel Macron, les Européens sont prêts à envoyer des troupes."], ["committed"], ["FRA"]),
    # an expert is credited as OTHER, whatever the name of the institute
    (["Pour un chercheur de l'Institut français des relations internationales, Berlin hésite."],
     ["conditional"], ["OTHER"]),
    (["Selon un analyste du Conseil allemand des relations étrangères, Berlin hésite."], ["conditional"], ["OTHER"]),
    # a refusal credits its subject only with what was said after it
    (["La Finlande a exclu d'envoyer des troupes terrestres."], ["conditional"], [None]),
    (["Berlin a exclu que des soldats allemands soient déployés en Ukraine."], ["conditional"], ["DEU"]),
    (["Paris a proposé de former des pilotes ukrainiens sur son sol."], ["committed"], [None]),
    (["Le ministre français a proposé que la France prenne la tête de la mission."], ["committed"], ["FRA"]),
    # a place that frames the sentence says whose officials speak, or who "on" is
    (["À Berlin, le porte-parole du gouvernement a rappelé que tout déploiement exigerait un mandat."],
     ["conditional"], ["DEU"]),
    (["Au Kremlin, on répète qu'aucun soldat de l'Otan ne sera toléré en Ukraine."], ["none"], ["RUS"]),
    (["Sur place, on assure que les troupes sont prêtes."], ["committed"], ["UNNAMED"]),
    # an insertion between the auxiliary and the participle does not hide the speaker
    (["Paris et Londres ont en revanche réaffirmé qu'ils resteraient aux côtés de Kiev."], ["committed"], ["FRA"]),
    (["Le Danemark a de son côté confirmé qu'il contribuerait à la force."], ["committed"], ["DNK"]),
    (["A Paris, le ministre des Armées a assuré que la France continuerait ses livraisons."], ["committed"], ["FRA"]),
    # a live page's time stamp or a dateline is not the speaker
    (["17h30 – Le président français a indiqué que la part américaine reste à définir."], ["pending_us"], ["FRA"]),
    (["PARIS (AFP) – Emmanuel Macron a indiqué que l'Allemagne enverrait des soldats."], ["committed"], ["FRA"]),
    # a preposed subject with an apposition is not an inverted attribution
    (["Le secrétaire général de l'Otan, Mark Rutte, a dit mardi espérer que les alliés iront plus loin."],
     ["none"], ["NATO"]),
    # an infinitive after a comma is not an attribution
    (["La Suède financera deux batteries antiaériennes, sans avancer de calendrier."], ["committed"], [None]),
    # a participle that names an act credits no one; one that reports a judgement does
    (["Madrid reste en retrait, Pedro Sánchez proposant plutôt une aide au déminage."], ["conditional"], [None]),
    (["Le président américain a promis une aide, ayant exclu l'envoi de troupes au sol."], ["conditional"], [None]),
    (["Rome reste prudente, Giorgia Meloni jugeant prématuré tout envoi de soldats."], ["conditional"], ["ITA"]),
    # a negated reporting verb reports nothing; a litotes or a restrictive "ne … que" does
    (["Washington n'a pas encore précisé sa contribution."], ["pending_us"], [None]),
    (["La ministre n'a jamais dit si Oslo enverrait des avions."], ["conditional"], [None]),
    (["Le chancelier allemand n'a pas exclu que Berlin envoie des soldats."], ["conditional"], ["DEU"]),
    # "selon lui": the person named before
    (["Keir Starmer a reçu ses homologues à Londres.", "Selon lui, le Royaume-Uni pourrait envoyer des avions."],
     ["none", "conditional"], [None, "GBR"]),
    # an office without its country: the capital in the attribution
    (["« Toutes les options sont étudiées », a justifié à Berlin un porte-parole du ministère de la Défense."],
     ["conditional"], ["DEU"]),
    # the speaker of a verb governed by another ("s'est borné à rappeler que")
    (["Emmanuel Macron s'est borné à rappeler que la France tiendrait parole."], ["committed"], ["FRA"]),
    # "Pour X," opens an opinion
    (["Pour le ministre polonais de la Défense, l'Europe doit financer ces obus sans attendre."],
     ["committed"], ["POL"]),
    # a participial attribution after a comma: its own subject, or the main clause's actor
    (["Athènes a fermé la porte, le Premier ministre grec jugeant indispensable de garder ses batteries."],
     ["conditional"], ["GRC"]),
    (["Giorgia Meloni a exclu tout déploiement, ayant rappelé que l'Italie formerait des pilotes."],
     ["conditional"], ["ITA"]),
    # a present-tense reporting verb before "que" (tagged as a noun by the small model)
    (["Keir Starmer réclame que les alliés partagent le coût de la mission."], ["none"], ["GBR"]),
    # "a-t-il lancé" after a quote opened in the same sentence by a named person
    (["Le chancelier Friedrich Merz a reçu Keir Starmer lundi.",
      "Le Premier ministre britannique a insisté : « Nous serons là », a-t-il lancé."],
     ["none", "committed"], [None, "GBR"]),
    # present-tense reporting verbs the lemmatizer leaves as they are ("estime", "résume")
    (["« Madrid ne bougera pas avant l'été », estime un chercheur de l'Elcano."], ["conditional"], ["OTHER"]),
    (["« Personne ne veut payer seul », résume un diplomate européen."], ["none"], ["UNNAMED"]),
    # ... or tags as an adjective ("rappelle Mme X")
    (["« Une trêve sans contrôle ne tient pas », rappelle Mme Kallas."], ["none"], ["EU"]),
    # a postposed speaker the parser reads as an object, then an infinitive clause
    (["La Norvège étudie une contribution, a indiqué un porte-parole du gouvernement norvégien, sans donner de date."],
     ["conditional"], ["NOR"]),
    # verbs that credit a speaker only when inverted
    (["La Lettonie enverra des instructeurs, a promis le ministre letton de la Défense."], ["committed"], ["LVA"]),
    (["La Lettonie a promis des instructeurs pour le printemps."], ["committed"], [None]),
    (["Kiev réclame des batteries supplémentaires avant l'hiver."], ["none"], [None]),
    # a relative clause is not an attribution
    (["Les Pays-Bas n'ont pas tranché sur les batteries que réclame le gouvernement polonais."],
     ["conditional"], [None]),
    # an office named without a country: the person the sentence named, or the actor a
    # possessive points back to
    (["Olaf Scholz a fermé la porte : « Pas de soldats allemands en Ukraine », a répété le chancelier."],
     ["conditional"], ["DEU"]),
    (["Vilnius ne paiera que si le Parlement vote les crédits, a précisé son ministre des Finances."],
     ["conditional"], ["LTU"]),
    # local authorities in a sentence about Russian strikes
    (["Des drones russes ont visé le port de Mykolaïv dans la nuit, selon les autorités régionales."],
     ["none"], ["UKR"]),
    # an opening "Pour …," that names no speaker
    (["Pour la suite, le ministre belge de la Défense a reconnu qu'aucun plan n'existait."], ["conditional"], ["BEL"]),
    # « Pour X, » with an actor named by one word, a relative clause after it or not
    (["Pour Londres, qui copilote la coalition, la couverture aérienne américaine n'a rien d'un luxe."], ["pending_us"], ["GBR"]),
    (["Pour Varsovie, l'envoi de soldats reste exclu."], ["conditional"], ["POL"]),
    (["Pour Noël, les soldats resteront en Pologne."], ["committed"], [None]),
    # a title and surname after the first mention
    (["« Nous appliquerons la convention à la lettre », a répété lundi M. Güler."], ["conditional"], ["TUR"]),
    # an office as preposed speaker, its country from the sentence before
    (["Le gouvernement tchèque a présenté son budget mardi.",
      "Le Premier ministre a confirmé que Prague ne financerait pas le dispositif."],
     ["none", "conditional"], [None, "CZE"]),
    # a party, its leader or a named MP speaks for its state (guidelines §8.4), an unnamed MP is unnamed
    (["Le Sinn Féin a dénoncé une « entorse » à la neutralité."], ["none"], ["IRL"]),
    (["« Nous ne signerons pas », a raillé le chef du Parti populaire, Alberto Núñez Feijóo."], ["none"], ["ESP"]),
    (["Un député du PiS a dénoncé un « cadeau » fait à Kiev."], ["none"], ["UNNAMED"]),
    (["Pour l'UDC, premier parti du pays, l'envoi de soldats violerait la neutralité."], ["none"], ["CHE"]),
    # the speaker after a place, a locution or an article, whatever the tagger made of it
    (["« Rien n'est réglé », a souligné lundi à Berlin Volodymyr Zelensky, pour qui la question reste entière."],
     ["none"], ["UKR"]),
    (["Un tel déploiement dépasserait les capacités de la Bundeswehr, a mis en garde le ministre des Affaires "
      "étrangères, Johann Wadephul."], ["conditional"], ["DEU"]),
    (["Washington pilotera la vérification du cessez-le-feu, a confirmé l'émissaire américain Steve Witkoff."],
     ["committed"], ["USA"]),
    (["Une discussion « irresponsable », a tranché l'AfD d'Alice Weidel."], ["none"], ["DEU"]),
    (["A Londres, le ministère britannique de la Défense a fait savoir que ses instructeurs étaient prêts."],
     ["committed"], ["GBR"]),
    # a phrase opening the sentence before the speaker (« Au terme du conseil, », « En Italie, »)
    (["Au terme du conseil des ministres, la porte-parole Maud Bregeon a fait savoir que Paris tiendrait parole."],
     ["committed"], ["FRA"]),
    (["En Italie, le ministre de la Défense, Guido Crosetto, a fait savoir que Rome attendrait Washington."],
     ["pending_us"], ["ITA"]),
    # « fait savoir » parsed above its subject; « laisse entendre que » left unlemmatised
    (["Le gouvernement suédois pèse ses options.",
      "Stockholm laisse entendre que des Gripen pourraient être prêtés."], ["conditional", "conditional"],
     [None, "SWE"]),
    # a member of parliament credited with a party in brackets or in the opening phrase (§8.4)
    (["Le député Jean Morel (LR) estime que la France doit attendre les garanties américaines."],
     ["pending_us"], ["FRA"]),
    (["Dans les rangs du CD&V, la députée Inge Maes rappelle que rien ne sera voté sans chiffrage."],
     ["conditional"], ["BEL"]),
    # a promise reported as speech credits its speaker; a pledge of things does not (§8.1)
    (["Le ministre grec de la Défense a promis qu'Athènes fournirait deux frégates.",
      "Athènes a promis deux frégates."], ["committed", "committed"], ["GRC", None]),
    # a few words between a present-tense reporting verb and its « que »; not after a demand
    (["Viktor Orban répète devant ses députés que la Hongrie ne paiera pas.",
      "Kiev réclame de son côté que les garanties soient ratifiées."], ["conditional", "pending_us"], ["HUN", None]),
    # anonymous officers are unnamed sources, like diplomats
    (["Plusieurs officiers estiment que la brigade ne pourra pas partir avant l'été."], ["conditional"], ["UNNAMED"]),
    # a verb that, preposed without reported content, names an act
    (["Les Pays-Bas ajouteront deux frégates au dispositif."], ["committed"], [None]),
    # « on » at an institution is the institution; from a source or an entourage, unnamed
    (["Paris enverra des avions, a-t-on indiqué à l'Elysée.", "Berlin attendra, a-t-on indiqué à la chancellerie.",
      "Rome hésite, a-t-on appris de source diplomatique à Bruxelles.", "Madrid hésite, a-t-on indiqué à Bruxelles."],
     ["committed", "pending_us", "conditional", "conditional"], ["FRA", "DEU", "UNNAMED", "UNNAMED"]),
    # the newsroom's own correspondents are media
    (["« Les Polonais pensent d'abord à leur frontière », note notre correspondant à Varsovie.",
      "« Riyad se veut neutre », résume notre envoyé spécial."], ["none", "none"], ["OTHER", "OTHER"]),
    # … but a party named in what is said is no source, and no actor
    (["Berlin enverra des chars malgré l'opposition de l'AfD."], ["committed"], [None]),
]

# « Bruxelles »: Belgium in a story that has named Belgium and not the EU, or beside another
# state's capital; otherwise the EU
BRUSSELS = [
    (["La Belgique a livré ses premiers F-16.", "Bruxelles pourrait aussi fournir des chasseurs de mines."],
     ["committed", "conditional"], ["BEL", "BEL"]),
    (["La Commission européenne a proposé un prêt.", "Bruxelles pourrait aussi financer des munitions."],
     ["conditional", "conditional"], ["EU", "EU"]),
    (["Bruxelles pourrait financer des munitions."], ["conditional"], ["EU"]),
    (["Bruxelles et Bratislava ont jugé le calendrier trop serré."], ["conditional"], ["BEL"]),
]


# a US move that persuades, reassures or holds back an actor: that actor's engagement is
# tied to it (guidelines §9), unless the clause only says the US part is missing
SWAYED = [
    ("La garantie de Washington a convaincu Varsovie d'envoyer un bataillon.", "POL"),
    ("L'assurance donnée par la Maison Blanche a décidé le Danemark à financer un second paquet.", "DNK"),
    ("Ce flou retient encore la Finlande et la Suède.", "FIN"),
    ("La Haye, que les assurances de Washington ont convaincue, a franchi le pas.", "NLD"),
    ("Cette promesse de Donald Trump a rallié certains pays européens.", "EUROPE"),
    ("Le feu vert que Washington a donné à Londres a décidé la Norvège à financer un second paquet.", "NOR"),
    ("L'engagement américain a levé les doutes de la Belgique, a-t-on appris à Paris.", "BEL"),
    ("Ce flou, dénoncé par l'Italie, retient encore la Finlande.", "FIN"),
    ("Washington n'a pas précisé sa contribution, ce qui inquiète les Européens.", "USA"),
]


def test_the_actor_a_us_move_acts_on_outranks_a_subject_read_from_before(nlp):
    # « qui » is the US part of the cleft, not the Czech Republic of the sentence before
    got = _attribute(nlp, ["La République tchèque a promis des obus.",
                           "C'est au contraire l'engagement américain qui a conforté Tallinn dans son offre."],
                     ["committed", "pending_us"])
    assert [r["holder"] for r in got] == ["CZE", "EST"]


# an open question about the US part: the US holds it, unless the actor named as subject puts
# its own engagement in the balance (guidelines §9, « Who holds a pending_us stance »); « si »
# opening a condition is no question
QUESTION = [
    ("Les pays baltes ignorent toujours quand le Pentagone livrera les batteries promises.", "USA"),
    ("Reste à savoir ce que Washington acceptera de fournir en matière de renseignement.", "USA"),
    ("Lisbonne refuse de chiffrer sa contribution avant de savoir ce que les Américains apporteront.", "PRT"),
    ("Vienne est prête à envoyer des démineurs, mais veut d'abord savoir si Washington couvrira la mission.", "AUT"),
    ("La Grèce céderait volontiers deux batteries, mais seulement si les Etats-Unis remplacent aussitôt le matériel.", "GRC"),
    # an act held back until the US question is answered: the one that holds back waits
    ("La Haye préfère savoir ce que décidera Washington avant de promettre quoi que ce soit.", "NLD"),
    ("Madrid ne veut rien décider sans savoir si Washington couvrira la mission.", "ESP"),
    ("Le gouvernement polonais juge que son soutien dépendra de ce que les Américains accepteront de prendre en charge.", "POL"),
]

# the waiting is the US's own clause beside a firm pledge: the US part decided the label; a
# clause that sets the pledge's term or condition (« tant que », « si ») leaves it to the subject
CONTRASTED = [
    ("Varsovie a promis des hélicoptères, alors que Washington n'a toujours pas précisé la forme de son soutien.", "USA"),
    ("La Norvège s'est engagée à financer deux batteries, tandis que les Etats-Unis n'ont pas encore fixé leur part.", "USA"),
    ("Madrid ne s'engagera pas tant que Washington n'aura pas précisé sa contribution.", "ESP"),
]


@pytest.mark.parametrize("sentence,holder", [
    # a hesitation set beside a pledge decided the label: its actor holds it ...
    ("Le Canada a annoncé être prêt à déployer des troupes, tandis que l'Australie étudie encore l'envoi de personnel.", "AUS"),
    ("Tallinn s'est dit prêt à fournir des radars, alors que Vilnius n'a pas exclu d'y engager des hélicoptères.", "LTU"),
    # ... not when the pledging actor hedges in its own clause
    ("La Suède pourrait envoyer des avions, tandis que le Danemark étudie l'envoi d'une frégate.", "SWE"),
])
def test_a_hedge_beside_a_pledge_holds_a_conditional_sentence(nlp, sentence, holder):
    assert _attribute(nlp, [sentence], ["conditional"])[0]["holder"] == holder


@pytest.mark.parametrize("sentence,holder", SWAYED + QUESTION + CONTRASTED)
def test_who_holds_a_pending_stance(nlp, sentence, holder):
    assert _attribute(nlp, [sentence], ["pending_us"])[0]["holder"] == holder


@pytest.mark.parametrize("sentences,labels,holders", BRUSSELS)
def test_brussels_is_belgium_where_the_story_is_belgian(nlp, sentences, labels, holders):
    assert [r["holder"] for r in _attribute(nlp, sentences, labels)] == holders


@pytest.fixture(scope="module")
def nlp():
    from stance.nlp import load_pipeline

    return load_pipeline()


def _attribute(nlp, sentences, labels):
    from stance.holders import attribute
    from stance.nlp import normalize_for_spacy

    spans = [nlp(normalize_for_spacy(s))[:] for s in sentences]
    return attribute(spans, labels)


# English articles: attribution read from English word order (stance/_sources_en.py)
SOURCES_EN = [
    (['"We will be there when the guns fall silent," Defence Minister Boris Pistorius said on Monday.'],
     ["committed"], ["DEU"]),
    (["Italy will not send ground troops, said a senior Italian diplomat, who asked not to be named."],
     ["conditional"], ["UNNAMED"]),
    (["Karoline Leavitt, the White House press secretary, told reporters that no decision had been taken."],
     ["pending_us"], ["USA"]),
    (["Mr Healey met his counterparts in Brussels on Thursday.",
      "He said the UK was ready to send jets once a ceasefire holds."], ["none", "committed"], [None, "GBR"]),
    (["Romania's defence ministry said it would assign two minesweepers to the mission."], ["committed"], ["ROU"]),
    (["Washington has not said what it would provide, according to two officials briefed on the talks."],
     ["pending_us"], ["UNNAMED"]),
    (["Poland will keep its troops at home, the government's spokesman said."], ["conditional"], ["POL"]),
    (["The force would need U.S. tankers, said Karl Berg, an analyst at a Stockholm institute."],
     ["pending_us"], ["OTHER"]),
    (["What has Canada promised?"], ["none"], [None]),
    (["Britain pledged another £1.5bn in air-defence aid."], ["committed"], [None]),
    # reactions report speech from a speaker opening the clause …
    (["NATO Secretary General Mark Rutte welcomed the vote as a sign of resolve."], ["none"], ["NATO"]),
    (["The Kremlin called the plan a provocation and promised a response."], ["none"], ["RUS"]),
    # … not in « so-called », a passive, a headline, or a clause that names no speaker
    (["The so-called coalition of the willing will meet again in Paris."], ["none"], [None]),
    (["The Bundeswehr is often described as a parliamentary army."], ["none"], [None]),
    (["Kyiv welcomes new air-defence pledges from allies"], ["committed"], [None]),
    (["The loan covers half of what the Commission estimates Kyiv will need."], ["committed"], [None]),
    # an apposition after a name, « Sen. » cut in two by the tokenizer
    (["Sen. Roger Wicker, the Republican who chairs the committee, said the Pentagon had no plan yet."],
     ["pending_us"], ["USA"]),
    # two states coordinated before the verb: the first named; « with X saying »; an
    # announcement from a speaker opening the clause, not from a relative clause
    (["Spain and Portugal have said they will not send troops."], ["conditional"], ["ESP"]),
    (["Berlin has held back, with Chancellor Friedrich Merz saying any decision must wait."], ["conditional"], ["DEU"]),
    (["Prime Minister Mark Carney also announced $2 billion in new military aid."], ["committed"], ["CAN"]),
    (["Allies pay through the mechanism, which Mr Trump and Mark Rutte unveiled in July."], ["committed"], [None]),
    # an interview's answer credits the interviewee named before its colon
    (["Finland's defence minister, Antti Häkkänen, spoke to us in Helsinki.",
      "Häkkänen: We are ready to send staff officers to the headquarters."], ["none", "committed"], [None, "FIN"]),
]


@pytest.mark.parametrize("sentences,labels,sources", SOURCES_EN)
def test_english_source_rules(nlp, sentences, labels, sources):
    assert [g["source"] for g in _attribute(nlp, sentences, labels)] == sources


def test_an_english_possessive_names_its_actor(nlp):
    from stance.holders import actor_mentions

    doc = nlp("Romania's defence ministry and Britain’s MoD agreed.")
    assert [t.text for t in doc][:2] == ["Romania", "'s"]
    assert {m.code for m in actor_mentions(doc[:])} == {"ROU", "GBR"}


def test_the_language_of_an_article_is_told_by_its_function_words():
    from stance._sources_en import looks_english

    assert looks_english("The minister said the UK would send troops once a ceasefire is agreed.")
    assert not looks_english("Le ministre a dit que le Royaume-Uni enverrait des troupes après un cessez-le-feu.")
    assert not looks_english("« We stand with Ukraine », a déclaré le ministre, qui a promis des troupes pour la force.")


@pytest.mark.parametrize("sentences,labels,holders,sources", CASES)
def test_holder_and_source_rules(nlp, sentences, labels, holders, sources):
    got = _attribute(nlp, sentences, labels)
    assert [g["holder"] for g in got] == holders
    assert [g["source"] for g in got] == sources


@pytest.mark.parametrize("sentences,labels,sources", SOURCES)
def test_source_rules(nlp, sentences, labels, sources):
    assert [g["source"] for g in _attribute(nlp, sentences, labels)] == sources


def test_every_holder_of_the_seed_article(nlp):
    """With the labels of labels.md, the holders of the seed article's table."""
    from stance.classify import _offsets
    from stance.holders import attribute
    from stance.nlp import normalize_for_spacy

    gold = [json.loads(line) for line in (DATA / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()]
    doc = nlp(normalize_for_spacy(read_article(SEED).body))
    spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in _offsets(doc)]
    got = attribute(spans, [g["label"] for g in gold])
    assert [g["holder"] for g in got] == [g["holder"] for g in gold]
    assert got[0]["source"] == "NATO" and got[2]["source"] == "NATO" and got[3]["source"] == "FRA"


def test_capital_as_place_is_not_an_actor(nlp):
    from stance.holders import actor_mentions

    doc = nlp("Les ministres réunis à Paris ont salué l'offre de Paris.")
    mentions = actor_mentions(doc[:])
    assert [(m.code, m.text) for m in mentions] == [("FRA", "Paris")]
    assert doc[mentions[0].start].idx == doc.text.rindex("Paris")


# the actor list writes each name one way; the press writes a capital with or without its accent
@pytest.mark.parametrize("text, code", [
    ("Les Émirats observent la même réserve.", "ARE"),
    ("Les Emirats observent la même réserve.", "ARE"),
    ("Le département d'État a confirmé l'envoi.", "USA"),
    ("Le département d'Etat a confirmé l'envoi.", "USA"),
    ("Les Etats-Unis enverront des Patriot.", "USA"),
    ("Les États-Unis enverront des Patriot.", "USA"),
    ("L'Elysée a confirmé l'envoi.", "FRA"),
    ("L'Élysée a confirmé l'envoi.", "FRA"),
])
def test_a_capital_names_its_actor_with_or_without_its_accent(nlp, text, code):
    from stance.holders import actor_mentions

    assert [m.code for m in actor_mentions(nlp(text)[:])] == [code]


# the press's periphrases for a state: « outre-Rhin », « outre-Manche », « outre-Atlantique »
# (from Paris), « l'Hexagone », « nippon »
@pytest.mark.parametrize("text, holder", [
    ("Outre-Rhin, le gouvernement hésite encore à envoyer des soldats.", "DEU"),
    ("Les autorités d'outre-Manche se disent prêtes à déployer des avions.", "GBR"),
    ("Outre-Atlantique, l'enveloppe reste bloquée au Congrès.", "USA"),
    ("L'archipel nippon a promis une aide de trois milliards de dollars.", "JPN"),
    ("L'Hexagone consacrera 3 % de son PIB à sa défense dès 2027.", "FRA"),
])
def test_a_periphrasis_names_its_state(nlp, text, holder):
    assert _attribute(nlp, [text], ["committed"])[0]["holder"] == holder


# Latin American states are actors too (wave 78); a first name they share with someone else is not
@pytest.mark.parametrize("text, codes", [
    ("Le président argentin Javier Milei a proposé des observateurs.", ["ARG", "ARG"]),
    ("Bogota a refusé de livrer des munitions.", ["COL"]),
    ("La présidente mexicaine Claudia Sheinbaum a exclu toute aide militaire.", ["MEX", "MEX"]),
    ("L'ancien président Petro Porochenko a mis en garde.", []),
])
def test_latin_american_states_are_actors(nlp, text, codes):
    from stance.holders import actor_mentions

    assert [m.code for m in actor_mentions(nlp(text)[:])] == codes


# what frames a sentence is not its actor: a dateline's place (where the story was filed), a
# headline's kicker (its topic), an idiom; the same names later in the sentence are actors
FRAMES = [
    ("PARIS (AFP) – Les dirigeants européens se sont dits prêts à déployer des soldats.", ["EUROPE"]),
    ("Rome, 28 août – Rome enverra des démineurs.", ["ITA"]),
    ("BERLIN, 3 mars (Reuters) - Le chancelier allemand a promis des Patriot.", ["DEU"]),
    ("Londres – Paris hésite encore.", ["GBR", "FRA"]),
    # (a pair of states is one mention of the first named: labels.md, two states acting together)
    ("Paris et Berlin - tous deux prudents - attendent Washington.", ["FRA", "USA"]),
    # a headline's kicker names the topic; the actors after it hold the stance
    ("Lituanie : les premiers soldats allemands sont arrivés", ["DEU"]),
    ("Otan : Ottawa promet les 2 %, mais pour 2032", ["CAN"]),
    ("Berlin : oui", ["DEU"]),
    ("Le Premier ministre a été clair : la France enverra des troupes.", ["FRA"]),
    # a seat of government after "à" or "au" is the building or city where people meet
    ("Réunis à l'Élysée, les dirigeants européens ont promis des troupes.", ["EUROPE"]),
    ("Les alliés se sont engagés à La Haye à porter leurs dépenses à 5 %.", []),
    ("Il s'est rendu au Kremlin, puis la Maison Blanche a promis des Patriot.", ["USA"]),
    # a place after a preposition, unless it frames the sentence (« A Berlin, … », the wire's
    # capital A without its accent): then it stands for the government whose officials speak
    ("Réunis à Paris, les dirigeants européens ont promis des troupes.", ["EUROPE"]),
    ("A Berlin, on hésite encore.", ["DEU"]),
    ("En Belgique, la participation reste suspendue à un vote de la Chambre.", ["BEL"]),
    ("Les soldats belges resteront en Belgique.", ["BEL"]),
    # a city that names an event or a document is where it took place
    ("Les dirigeants ont adopté la « déclaration de Paris », qui engage la coalition des volontaires.", ["COALITION"]),
    ("Depuis le sommet de Vilnius, Londres a promis des chars.", ["GBR"]),
    ("À quatre jours du sommet de La Haye, Madrid réclame une dérogation.", ["ESP"]),
    ("Le plan de Washington reste flou.", ["USA"]),
    # « l'Union » alone is the European Union; another union names itself
    ("Elle a promis que l'Union continuerait d'armer l'Ukraine.", ["EU", "UKR"]),
    ("L'Union africaine a salué l'accord.", []),
    ("L'Union soviétique s'est effondrée en 1991.", []),
    ("L'union conservatrice est en tête.", []),
    # an idiom is not a capital
    ("Londres maintient le cap : des troupes seront envoyées.", ["GBR"]),
    # « quant à » names the topic, not a place; « et à » carries it to a second name
    ("Quant à la Belgique, elle hésite encore.", ["BEL"]),
    ("Quant à l'Autriche et à l'Irlande, elles refusent.", ["AUT", "IRL"]),
    ("Il est allé à Vienne puis à Dublin.", []),
    # a dateline's region in brackets is where the story was filed too
    ("FASANO (Italie) – Le Japon a signé un accord de sécurité avec Kiev.", ["JPN", "UKR"]),
    # a word the actor list writes only with a capital is a common word in lower case
    ("La commission de la défense a voté, puis la Commission a promis 5 milliards.", ["EU"]),
    ("Une alliance de partis a salué l'offre de l'Alliance.", ["NATO"]),
    ("La réunion a eu lieu sans l'UE ; l'EU Council n'a rien dit.", ["EU", "EU"]),
    ("Il faut de l'eau, a dit l'envoyé des EAU.", ["ARE"]),
    ("Bien qu'il vienne d'arriver, Christian Stocker refuse de stocker des obus.", ["AUT"]),
    ("Les pays baltes, l'Allemagne et les armées nordiques sont prêts.", ["EUROPE", "DEU", "EUROPE"]),
]


@pytest.mark.parametrize("text,codes", [
    ("La Marine nationale patrouillera en mer Noire.", ["FRA"]),
    ("La Luftwaffe a déployé ses Eurofighter en Pologne.", ["DEU"]),  # a place after « en » is no actor
    ("The RAF will fly from Romania.", ["GBR"]),
    ("L'armée de terre ukrainienne manque d'obus.", ["UKR"]),  # another state's army is not France's
])
def test_armed_services_are_their_states(nlp, text, codes):
    from stance.holders import actor_mentions

    assert [m.code for m in actor_mentions(nlp(text)[:])] == codes


@pytest.mark.parametrize("text,codes", [
    ("Les Trente-Deux ont fixé à 40 milliards d'euros l'aide annuelle à Kiev.", ["NATO"]),  # « à Kiev »: a place
    ("Les 32 membres de l'Alliance paieront davantage.", ["NATO", "NATO"]),
    ("Les trente-deux membres de l'Alliance paieront davantage.", ["NATO", "NATO"]),
    ("Les Vingt-Sept ont décidé d'un prêt.", ["EU"]),
])
def test_the_allies_counted_as_a_body_are_nato_and_the_27_the_eu(nlp, text, codes):
    from stance.holders import actor_mentions

    assert [m.code for m in actor_mentions(nlp(text)[:])] == codes


@pytest.mark.parametrize("text,codes", FRAMES)
def test_what_frames_a_sentence_is_not_an_actor(nlp, text, codes):
    from stance.holders import actor_mentions

    assert [m.code for m in actor_mentions(nlp(text)[:])] == codes


# (sentence, the actor mentions found): unnamed groups of states are EUROPE, unless an
# actor of the list owns the group or the group is plainly not European
GROUPS = [
    ("Aucun gouvernement européen ne prendra ce risque.", [("EUROPE", "Aucun gouvernement européen")]),
    ("Mais plusieurs capitales hésitent encore.", [("EUROPE", "plusieurs capitales")]),
    ("La plupart des pays de l'Otan ont tenu parole.", [("NATO", "pays de l'Otan")]),
    # the group's own clause, even hung on the noun by the parser, names no owner
    ("La plupart des autres capitales refusent en revanche de s'engager tant que les Etats-Unis n'auront pas précisé leur rôle.",
     [("EUROPE", "La plupart des autres capitales"), ("USA", "Etats-Unis")]),
    ("Une trentaine de pays réunis au sein de la coalition des volontaires ont promis des troupes.",
     [("COALITION", "coalition des volontaires")]),
    ("Plusieurs pays africains ont voté la résolution.", []),
    ("Plusieurs pays du Golfe ont financé la reconstruction.", []),
    ("Une quinzaine de pays ont promis des instructeurs.", [("EUROPE", "Une quinzaine de pays")]),
    # English groups, read from word order
    ("Several European governments will wait for Washington.",
     [("EUROPE", "Several European governments"), ("USA", "Washington")]),
    ("A handful of countries will deploy first.", [("EUROPE", "A handful of countries")]),
    ("Some of them hesitate.", [("EUROPE", "Some of them")]),
    ("Asian partners were consulted.", []),
    ("The members of the coalition of the willing met.", [("COALITION", "coalition of the willing")]),
    ("Mais certains d'entre eux hésitent encore.", [("EUROPE", "certains d'entre eux")]),
    ("La plupart d'entre elles attendent Washington.", [("EUROPE", "La plupart d'entre elles"), ("USA", "Washington")]),
    ("Au total, 31 pays se sont engagés à déployer des soldats.", [("EUROPE", "31 pays")]),
    ("Le gouvernement a confirmé l'envoi de chars.", []),
    ("Autour de la table, plusieurs délégations ont affiché leurs réserves.",
     [("EUROPE", "plusieurs délégations")]),
    ("Plusieurs Etats membres préfèrent attendre.", [("EUROPE", "Plusieurs Etats membres")]),
    ("La délégation française a promis des obus.", [("FRA", "française")]),
    # lists of states are one bloc in English too, a counted group included
    ("Denmark, Norway and Sweden will jointly finance the package.", [("EUROPE", "Denmark, Norway and Sweden")]),
    ("Poland and the three Baltic states have drawn up budgets.", [("EUROPE", "Poland and the three Baltic states")]),
    ("Estonia and Lithuania have offered troops.", [("EST", "Estonia and Lithuania")]),
    # examples after a comma do not make an owner: the group stays a group
    ("Plusieurs gouvernements, à commencer par ceux de Rome et de Varsovie, hésitent.",
     [("EUROPE", "Plusieurs gouvernements"), ("ITA", "Rome"), ("POL", "Varsovie")]),
]


@pytest.mark.parametrize("text,expected", GROUPS)
def test_unnamed_groups_of_states(nlp, text, expected):
    from stance.holders import actor_mentions

    assert [(m.code, m.text) for m in actor_mentions(nlp(text)[:])] == expected


def test_counted_states_are_the_coalition_once_it_is_named(nlp):
    sentences = ["La coalition des volontaires s'est réunie jeudi à Paris.",
                 "Au total, 31 pays se sont engagés à déployer des soldats."]
    assert [g["holder"] for g in _attribute(nlp, sentences, ["none", "committed"])] == [None, "COALITION"]
    assert _attribute(nlp, sentences[1:], ["committed"])[0]["holder"] == "EUROPE"


@pytest.mark.parametrize("sentence,holder", [
    # allies acting through NATO — its spending target, the PURL — are NATO (labels.md) ...
    ("Tous les alliés s'y engagent à consacrer chaque année 3,5 % de leur PIB à leurs armées.", "NATO"),
    ("Une vingtaine d'alliés se sont déjà dits prêts à souscrire à la cible de 5 %.", "NATO"),
    ("Plusieurs alliés ont remis mercredi au pot du PURL.", "NATO"),
    # ... the same groups elsewhere are unnamed Europeans, and other groups stay EUROPE
    ("Plusieurs alliés ont promis des instructeurs.", "EUROPE"),
    ("Plusieurs capitales ont promis de consacrer 3,5 % de leur PIB à leurs armées.", "EUROPE"),
])
def test_allies_acting_through_nato_are_nato(nlp, sentence, holder):
    assert _attribute(nlp, [sentence], ["committed"])[0]["holder"] == holder


@pytest.mark.parametrize("sentence,holder", [
    # the « we » of an English quotation is its speaker's actor, as « nous » is in French ...
    ('"We are ready to play our part, but the Americans have to be in this with us," British Prime Minister Keir Starmer said.', "GBR"),
    # ... also when the speaker is anonymous but of a named nationality
    ('"We will not send our soldiers into a tripwire with nothing behind it," a senior Lithuanian diplomat said.', "LTU"),
])
def test_an_english_quotations_we_is_its_speaker(nlp, sentence, holder):
    assert _attribute(nlp, [sentence], ["pending_us"])[0]["holder"] == holder


def test_a_group_holds_a_stance_but_is_not_a_source(nlp):
    got = _attribute(nlp, ["Plusieurs dirigeants ont exhorté Washington à rester engagé."], ["pending_us"])
    assert got[0]["source"] is None


def test_actor_matcher_finds_what_spacys_phrase_matcher_finds(nlp):
    """The actor matcher splits plain-word forms without the tokenizer and matches tuples of
    lower-cased words: for every form the same tokens as spaCy's tokenizer, and on the
    corpus the same matches as spaCy's PhraseMatcher over the same forms."""
    from spacy.matcher import PhraseMatcher

    from stance.holders import _form_words, _matcher, _surface_forms
    from stance.nlp import TOKENIZERS, normalize_for_spacy

    tokenizer = TOKENIZERS[id(nlp.vocab)]
    forms = _surface_forms()
    words = _form_words([f for f, _, _ in forms], tokenizer)
    assert len(forms) > 3000
    assert words == [tuple(t.lower_ for t in tokenizer(f) if not t.is_space) for f, _, _ in forms]
    reference = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_key = {}
    for f, code, kind in forms:
        by_key.setdefault(f"{code}|{kind}", []).append(tokenizer(f))
    for key, docs in by_key.items():
        reference.add(key, docs)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))[::25]]
    texts.append("Les  Etats-Unis, l'UE et M. Güler ; LES VINGT-SEPT et les 27 États membres.")
    n = 0
    for doc in nlp.pipe(normalize_for_spacy(t) for t in texts):
        ours = sorted(_matcher(nlp.vocab)(doc))
        theirs = sorted((nlp.vocab.strings[m], s, e) for m, s, e in reference(doc))
        assert ours == theirs
        n += len(ours)
        span = doc[3:40]
        assert sorted(_matcher(nlp.vocab)(span)) == sorted(k for k in ours if k[1] >= 3 and k[2] <= 40)
    assert n > 300


def test_holders_are_actor_codes_and_only_for_stances(nlp):
    """Over the test split's articles, with their gold labels and with every label forced in
    turn: a stance sentence always gets an actor code from the list (never an unnamed or
    other source's placeholder), a `none` sentence never gets one, and a source is an actor
    code, UNNAMED, OTHER or nothing."""
    from stance.actors import actor_codes
    from stance.corpus import read_sentences
    from stance.evaluate import _groups
    from stance.holders import attribute
    from stance.nlp import normalize_for_spacy

    codes = set(actor_codes())
    rows = read_sentences([ROOT / "data" / "annotations" / "test.jsonl"])
    for group in list(_groups(rows))[:12]:
        spans = [d[:] for d in nlp.pipe(normalize_for_spacy(r["text"]) for r in group)]
        for labels in ([r["label"] for r in group], *([lab] * len(group) for lab in
                                                       ("committed", "conditional", "pending_us", "none"))):
            for lab, got in zip(labels, attribute(spans, labels)):
                if lab == "none":
                    assert got["holder"] is None
                else:
                    assert got["holder"] in codes, got
                assert got["source"] in codes | {"UNNAMED", "OTHER", None}, got
