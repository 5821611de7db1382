"""Events told by set phrases, which the trigger model has seen too seldom to read: a military
drill, a show of force or raised readiness is a MOBILIZE, people released a RETREAT, people
arrested or deported and a curfew imposed a COERCE, a labour strike a PROTEST (called off, a
CONCEDE; only threatened, a THREATEN); and the threats whose author is unnamed. Each rule reads
spaCy's parse around one token; :func:`set_phrase_type` gives the type one tells, which the
detector (:mod:`newsevents.events.detect`) codes with the event probability raised to
:data:`DRILL_P`. The words of armed force and the reduced relative clause the detector shares
with these rules live here too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .features import DocContext
from .roles import RECEIVE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "BUILDUP_NOUNS",
    "DRILL_P",
    "FORCE_WORDS",
    "HOLD_NOUNS",
    "SENT_FORCES",
    "arrest_warrant",
    "blamed_for",
    "captives_released",
    "emergency_declared",
    "in_disaster",
    "labour_strike",
    "military_drill",
    "people_held",
    "property_seized",
    "raised_readiness",
    "received_from",
    "received_threat",
    "reduced_relative_head",
    "removed_from_office",
    "seized_things",
    "set_phrase_type",
    "show_of_force",
    "unsigned_threat",
    "weapon_strike",
]

#: Words that name forces where no actor is resolved.
FORCE_WORDS = frozenset({"troop", "force", "soldier", "army", "rebel", "fighter", "militant"})
#: What a verb of sending forces sends that is armed force: troops and units, ships, planes
#: and missiles.
SENT_FORCES = FORCE_WORDS | {
    "warship", "carrier", "tank", "jet", "reinforcement", "battalion", "brigade", "division",
    "unit", "destroyer", "submarine", "missile", "marine", "paratrooper", "reservist",
    "guardsman",
}  # fmt: skip


def reduced_relative_head(tok: Token) -> int | None:
    """The noun a passive participle modifies with no auxiliary and no subject of its own (a
    reduced relative clause: 'ten Russian soldiers killed in Ukraine', 'officials accused of
    corruption'), or None. That noun is the one the verb was done to."""
    if tok.dep_ != "acl" or tok.tag_ != "VBN":
        return None
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children):
        return None
    edge = tok.head.left_edge.i
    if edge > 0 and tok.doc[edge - 1].tag_ in ("WP", "WDT"):
        return None  # 'whom the forces accused' misparsed: the noun is the clause's subject
    return tok.head.i


def set_phrase_type(tok: Token, ctx: DocContext) -> str | None:
    """The PLOVER type a set phrase at ``tok`` tells, whatever the trigger model reads there, or
    None: a show of military readiness short of force is MOBILIZE ('Iran launches military
    exercises', 'the deployment of U.S. ships', 'troops on high alert'), people released are
    RETREAT ('Hamas released three hostages'), people arrested, detained, deported or removed
    from office, an arrest warrant issued, arms, drugs, money or a vessel seized and a curfew or
    state of emergency imposed are COERCE ('police arrested 29 members', 'Congress voted to
    impeach the president', 'troops seized 6 rifles'), a labour
    strike is PROTEST, CONCEDE or THREATEN (:func:`labour_strike`), a weapon that hits something
    is ASSAULT ('drones hit a refinery', :func:`weapon_hit`), and so is an actor that kills
    people (:func:`deadly_act`). The trigger model has seen few of these words as events."""
    if military_drill(tok) or show_of_force(tok) or raised_readiness(tok):
        return "MOBILIZE"
    if captives_released(tok, ctx):
        return "RETREAT"
    # not a participle that describes someone in the body ('a Hamas member jailed a year ago'):
    # background, which the trigger model judges
    arrest = (tok.lemma_.lower() in _ARREST_VERBS or rounded_up(tok)) and (
        ctx.in_title(tok) or reduced_relative_head(tok) is None
    )
    held = people_held(tok, ctx) if arrest and tok.pos_ == "VERB" else None
    if held is None:
        # 'a court issued arrest warrants for two men': the warrant and the verb that issues it
        warrant = next((w for w in (tok, *tok.children) if arrest_warrant(w)), None)
        held = people_held(warrant, ctx) if warrant is not None else None
    if held is not None and tok.lemma_.lower() == "expel" and held.lemma_.lower() in _MISSIONS:
        return "SANCTION"  # PLOVER: diplomats expelled reduce relations
    if held is not None or removed_from_office(tok, ctx) is not None:
        return "COERCE"
    if emergency_declared(tok) and not in_disaster(tok):
        return "COERCE"
    if property_seized(tok):
        return "COERCE"
    if weapon_hit(tok) is not None:
        return "ASSAULT"
    if deadly_act(tok):
        return "ASSAULT"
    return labour_strike(tok)


#: The event probability a military drill is given (the trigger model's, when higher).
DRILL_P = 0.5
_DRILLS = frozenset({"drill", "exercise", "manoeuvre", "maneuver", "wargame"})
_MILITARY_WORDS = frozenset(
    {"military", "naval", "navy", "army", "air", "live-fire", "live", "missile", "combat",
     "war", "troop", "force", "guard", "warship", "jet", "marine", "artillery", "nuclear",
     "large-scale", "amphibious", "tank", "drone", "submarine", "carrier"}
)  # fmt: skip


def in_military_sentence(tok: Token) -> bool:
    """True when ``tok``'s sentence speaks of armed force (military words, or forces: troops,
    warships, a brigade)."""
    words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
    return bool(words & (_MILITARY_WORDS | SENT_FORCES))


def military_drill(tok: Token) -> bool:
    """A military drill or exercise one side holds ('Iran launches military exercises', 'Guards
    begin drills in the Hormuz Strait'): military words in its sentence, not held jointly or
    with another side (PLOVER: joint manoeuvres are cooperation), not 'the exercise of power'."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _DRILLS:
        return False
    kids = list(tok.children)
    if tok.dep_ == "dobj":
        kids += tok.head.children  # 'held drills with Polish forces'
    if any(c.dep_ == "prep" and c.lower_ in ("of", "with", "alongside") for c in kids):
        return False
    if any(c.lower_ in ("joint", "safety", "evacuation") for c in kids) or any(
        c.lower_ == "fire" and not any(g.lower_ == "live" for g in c.children) for c in kids
    ):
        return False  # 'joint exercises' cooperate; a fire drill is no force ('live-fire' is)
    words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
    return bool(words & _MILITARY_WORDS) and "joint" not in words


#: Nouns of forces sent or gathered ('the deployment of U.S. ships', 'a security surge').
BUILDUP_NOUNS = frozenset(
    {"deployment", "redeployment", "buildup", "build-up", "mobilization", "mobilisation", "surge"}
)
#: Verbs of forces gathering, with the forces as their subject ('forces are massing').
_MASS_VERBS = frozenset({"mass", "amass", "gather", "concentrate", "muster", "deploy"})


def show_of_force(tok: Token) -> bool:
    """Forces deployed or gathered told by a noun, in a sentence with military words ('the
    deployment of U.S. ships', 'a troop surge'; not 'joint'), or by a verb with the forces as
    its subject and no object ('pro-government forces are massing'): PLOVER's MOBILIZE, which
    the trigger model seldom reads in these words; a candidate as a military drill is."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in BUILDUP_NOUNS:
        words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
        return bool(words & (_MILITARY_WORDS | SENT_FORCES)) and "joint" not in words
    if tok.pos_ != "VERB" or lemma not in _MASS_VERBS:
        return False
    if any(c.dep_ == "dobj" for c in tok.children):
        return False
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    return bool(subj) and all(c.lemma_.lower() in SENT_FORCES for c in subj)


#: Verbs that raise a force's readiness or presence ('stepped up patrols', 'beefs up its
#: military presence', 'tightened security').
_RAISE_VERBS = frozenset(
    {"increase", "boost", "bolster", "beef", "step", "extend", "expand", "reinforce",
     "strengthen", "heighten", "intensify", "ramp", "tighten", "double", "build"}
)  # fmt: skip
#: What a force raises: its presence, watch or guard ('stepping up surveillance').
_READINESS_NOUNS = frozenset(
    {"presence", "security", "surveillance", "patrol", "protection", "vigilance", "readiness"}
)
#: Words of armed or police force that make an alert or a standby a force's ('troops were put
#: on standby', 'security forces declared a general alert'; not a weather alert).
_ALERT_FORCES = frozenset(
    {"troop", "force", "soldier", "army", "military", "police", "policeman", "guard", "navy",
     "security", "armed", "militia", "unit", "battalion", "brigade", "checkpoint", "marine",
     "garrison", "defence", "defense"}
)  # fmt: skip


#: Levels that make an alert a force's readiness ('a general alert', 'maximum alert').
_ALERT_LEVELS = frozenset(
    {"general", "high", "maximum", "red", "full", "military", "security", "highest", "top"}
)


def raised_readiness(tok: Token) -> bool:
    """Forces put on alert or standby, or a force's presence, patrols or watch stepped up ('troops
    on high alert', 'declared a general alert', 'beefs up its military presence', 'stepping up
    surveillance along the border'): PLOVER's MOBILIZE (increased readiness of armed or police
    units), words the trigger model seldom reads as an event."""
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    if lemma not in _READINESS_NOUNS and lemma not in ("alert", "standby", "stand-by", "measure"):
        return False  # most nouns: no sentence words needed
    words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
    if lemma in ("alert", "standby", "stand-by"):
        head = tok.head
        before = tok.doc[max(tok.i - 2, tok.sent.start) : tok.i]
        on = any(t.lower_ == "on" for t in before)  # 'on alert', 'on high alert', 'on standby'
        state = tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() == "state"
        # 'declared a general alert', 'issued a maximum alert'; not a police alert for a
        # missing child ('issued an alert', 'raised the alert')
        level = any(c.lower_ in _ALERT_LEVELS for c in tok.children)
        declared = (
            lemma == "alert"
            and tok.dep_ in ("dobj", "nsubjpass")
            and head.lemma_.lower() in ("declare", "raise", "issue", "order", "put", "place")
            and (level or head.lemma_.lower() == "declare")
        )
        return (on or state or declared) and bool(words & _ALERT_FORCES)
    if lemma in _READINESS_NOUNS or (
        lemma == "measure"
        and any(c.lower_ in ("security", "military", "police") for c in tok.children)
    ):
        verb = tok.head
        if tok.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
            return False
        raise_verbs = _RAISE_VERBS | ({"establish", "implement"} if lemma == "measure" else set())
        if verb.lemma_.lower() not in raise_verbs:
            return False
        # a force's, not a company's ('Apple tightened security'), nor a law's protection
        return bool((words - {lemma}) & (_ALERT_FORCES | {"border", "frontier"}))
    return False


#: Verbs whose subject receives what their object names ('received death threats').
_RECEIVE_VERBS = frozenset({"receive", "get", "face"})


def _unsigned(tok: Token) -> bool:
    """True for a noun whose phrase names no author ('threats', not 'Iran's threats' or
    'threats from the cartel')."""
    if any(c.dep_ == "poss" for c in tok.children):
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ("from", "by") for c in tok.children)


def received_threat(tok: Token) -> Token | None:
    """The verb of 'X received (death) threats' / 'X faces threats' with no author named: the
    subject is the one threatened, the one who threatens unnamed."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() != "threat" or tok.dep_ != "dobj":
        return None
    verb = tok.head
    if verb.lemma_.lower() not in _RECEIVE_VERBS or not _unsigned(tok):
        return None
    return verb


#: Verbs whose subject receives from the object of their *from* ('Ukraine received air defence
#: systems from Germany', 'won backing from the EU'): the giver acts, as the pattern coder's
#: roles have it.
_GIVEN_VERBS = frozenset(RECEIVE_VERBS | {"secure"})


def received_from(tok: Token) -> tuple[list[Token], list[Token]] | None:
    """The givers and receivers of 'X received Y from Z' at the verb ``tok``: Z's phrase heads
    and X's, or None. Z did what Y names to X."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _GIVEN_VERBS:
        return None
    holders = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    givers = [
        p
        for h in holders
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "from"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    receivers = [c for c in tok.children if c.dep_ == "nsubj"]
    if not givers or not receivers:
        return None
    return givers, receivers


def unsigned_threat(tok: Token) -> bool:
    """A death or bomb threat with no author named ('a bomb threat against the embassy')."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() != "threat" or not _unsigned(tok):
        return False
    return any(
        c.lower_ in ("death", "bomb") and c.dep_ in ("compound", "amod") for c in tok.children
    )


#: Nouns of a labour strike ('a 24-hour walkout', 'industrial action' with its adjective).
_WALKOUT_NOUNS = frozenset({"strike", "walkout", "walk-out", "stoppage", "go-slow"})
#: Words that make a strike a labour dispute: who strikes and over what ('pilots', 'union',
#: 'pay', 'pension'), or the kind of strike ('general strike', 'hunger strike').
_LABOUR_WORDS = frozenset(
    {"worker", "union", "unionist", "trade-union", "employee", "staff", "pilot", "crew",
     "nurse", "doctor", "teacher", "driver", "miner", "docker", "dockworker", "trucker",
     "farmer", "peasant", "grower", "servant", "magistrate", "labour", "labor", "wage",
     "pay", "pension", "salary", "walkout", "picket", "federation", "confederation",
     "postal", "railway", "employer", "strike-bound", "unions", "workers"}
)  # fmt: skip
#: Words before a strike that make it a labour strike on their own ('a general strike', 'a
#: 24-hour strike', 'a hunger strike').
_STRIKE_KINDS = frozenset(
    {"general", "nationwide", "national", "24-hour", "48-hour", "72-hour", "one-day",
     "two-day", "indefinite", "warning", "hunger", "bus", "rail", "transport", "sympathy",
     "industrial", "teachers", "doctors", "nurses"}
)  # fmt: skip
#: Words of armed force or harm: a strike among them is an attack ('air strike', 'killed').
_STRIKE_HARM = frozenset(
    {"air", "airstrike", "drone", "missile", "rocket", "artillery", "aerial", "military",
     "kill", "killed", "wound", "injure", "bomb", "target", "precision", "retaliatory",
     "pre-emptive", "preemptive", "nuclear", "army", "troop", "force", "israeli", "warplane",
     "jet", "fighter", "navy", "naval", "armed"}
)  # fmt: skip
#: What an attack's strike is made with or by: a strike these name is never a walkout.
_WEAPON_STRIKE = frozenset(
    {"air", "airstrike", "drone", "missile", "rocket", "artillery", "aerial", "military",
     "precision", "retaliatory", "pre-emptive", "preemptive", "nuclear", "naval", "cruise",
     "ballistic", "mortar", "tank", "warplane", "helicopter", "punitive", "surgical"}
)  # fmt: skip


def weapon_strike(tok: Token) -> bool:
    """True for a strike noun that a weapon or armed force makes ('an air strike by government
    forces', 'drone strikes', 'a missile strike'): an attack, never a labour PROTEST, whatever
    the trigger model reads in the word."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.lower_ in ("airstrike", "airstrikes"):
        return True
    return tok.lemma_.lower() == "strike" and any(
        c.dep_ in ("compound", "amod", "nmod") and c.lower_ in _WEAPON_STRIKE for c in tok.children
    )


#: Verbs of striking something, an attack where a weapon does it ('drones hit a refinery').
_HIT_VERBS = frozenset(
    {"hit", "strike", "pound", "pummel", "hammer", "batter", "target", "bomb", "shell",
     "bombard", "blast"}
)  # fmt: skip
#: Weapons and the craft that carry them: what they hit is attacked.
_WEAPONS = frozenset(
    {"drone", "missile", "rocket", "warplane", "jet", "aircraft", "helicopter", "gunship",
     "artillery", "shell", "mortar", "bomb", "airstrike", "shelling", "bombardment", "warship",
     "tank", "howitzer", "projectile", "munition", "uav"}
)  # fmt: skip


def weapon_hit(tok: Token) -> Token | None:
    """The weapon that strikes at a verb of striking, by its subject ('Ukrainian [drones] hit
    a Russian oil refinery'), its instrument ('hits an oil refinery with [drones]') or its
    passive agent ('was struck by Russian [missiles]'), where the verb strikes something; else
    None. Such a verb tells an attack, whatever the trigger model reads in *hit* ('hit by
    tariffs', 'hit a record')."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _HIT_VERBS:
        return None
    if not any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "nsubj" and (c.lemma_.lower() in _WEAPONS or weapon_strike(c)):
            return c
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "with"):
            for o in c.children:
                if o.dep_ == "pobj" and (o.lemma_.lower() in _WEAPONS or weapon_strike(o)):
                    return o
    return None


_KILLS = frozenset({"kill", "wound", "injure", "shoot"})
_NO_KILLERS = frozenset(
    {"fire", "blaze", "crash", "accident", "collision", "flood", "flooding", "earthquake", "quake",
     "landslide", "storm", "cyclone", "hurricane", "typhoon", "tornado", "stampede", "heatwave",
     "disease", "virus", "outbreak", "cancer", "heat", "cold", "lightning", "explosion", "blast",
     "he", "she", "it", "they", "who", "that", "which", "attack", "strike", "raid", "bombing",
     "ambush", "barrage", "gunfire", "assault", "offensive", "operation"}
)  # fmt: skip


#: People as the object of a verb of killing, where no number counts them.
_PEOPLE = frozenset(
    {"people", "person", "civilian", "soldier", "officer", "policeman", "child", "woman", "man",
     "protester", "demonstrator", "journalist", "worker", "villager", "fighter", "militant",
     "member", "resident", "student", "farmer", "migrant", "passenger", "hostage", "prisoner",
     "leader", "commander", "official", "guard", "troop", "rebel", "insurgent", "citizen"}
)  # fmt: skip


def deadly_act(tok: Token) -> bool:
    """True for a verb of killing or wounding in the active with a subject that can act (not
    an accident, a disease, an attack or a weapon, nor a pronoun left to the trigger model) and
    people as its object
    ('Russia kills 11 people in Kharkiv', 'gunmen shot two police officers'; not 'killed the
    project')."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _KILLS:
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if subj is None or obj is None:
        return False
    if subj.lemma_.lower() in _NO_KILLERS | _WEAPONS:
        return False  # an attack or a weapon names no killer: :func:`weapon_hit`, the passives
    counted = obj.pos_ == "NUM" or any(c.dep_ == "nummod" for c in obj.children)
    people = counted or obj.lemma_.lower() in _PEOPLE or obj.ent_type_ in ("PERSON", "NORP")
    return subj.pos_ in ("PROPN", "NOUN") and people  # not 'killed the project'


#: Verbs that end or put off a strike: the strikers concede ('unions called off the strike').
_END_STRIKE = frozenset({"lift", "suspend", "end", "cancel", "halt", "abandon", "call"})
#: Words that make a strike a threat, not a stoppage held ('strike threat', 'averting strikes').
_THREAT_OF_STRIKE = frozenset({"threat", "threaten", "avert", "avoid", "prevent", "loom"})


def labour_strike(tok: Token) -> str | None:
    """The PLOVER type of a labour strike told at ``tok`` ('Lufthansa pilots to strike on
    Thursday', 'a 24-hour general strike', 'industrial action by airport workers', 'a hunger
    strike'): PROTEST; CONCEDE where it is called off or lifted; THREATEN where it is only a
    threat ('strike threat', 'talks to avert strikes', 'a strike if ...'). None for an attack
    ('air strikes', a strike that kills) or a strike with no labour word near it."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma == "action":
        if not any(c.lower_ == "industrial" for c in tok.children):
            return None
    elif tok.pos_ == "VERB" and lemma == "strike":
        if any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in tok.children):
            return None  # 'struck a deal', 'was struck by a missile'
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj or not any(c.lemma_.lower() in _LABOUR_WORDS for c in subj[0].subtree):
            return None
    elif tok.pos_ != "NOUN" or lemma not in _WALKOUT_NOUNS:
        return None
    kids = {c.lower_ for c in tok.children} | {c.lemma_.lower() for c in tok.children}
    if "hunger" in kids:
        return "PROTEST"
    sent = tok.sent
    words = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    if words & _STRIKE_HARM or not (words & _LABOUR_WORDS or kids & _STRIKE_KINDS):
        return None
    head = tok.head
    ends = head.lemma_.lower() in _END_STRIKE and (
        head.lemma_.lower() != "call" or any(c.lower_ == "off" for c in head.children)
    )
    if tok.dep_ in ("dobj", "nsubjpass") and ends:
        return "CONCEDE"  # 'lifted the strike', 'called off the walkout'
    near = kids | {head.lemma_.lower(), head.lower_}  # 'strike threat', 'averting strikes'
    if near & _THREAT_OF_STRIKE or any(
        c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
        for c in (tok.head if tok.pos_ != "VERB" else tok).children
    ):
        return "THREATEN"
    return "PROTEST"


#: Words of people one side holds and lets go ('released six hostages', 'prisoners of war were
#: freed').
_CAPTIVES = frozenset(
    {"hostage", "prisoner", "detainee", "captive", "soldier", "journalist", "activist",
     "national", "citizen", "worker", "woman", "man", "people", "person", "child", "official",
     "agent", "member", "leader", "suspect", "dissident", "captain", "policeman", "officer",
     "student", "tourist", "sailor", "crew", "fisherman", "civilian", "aid", "nun", "priest",
     "missionary", "engineer", "employee", "politician", "opponent", "protester", "reporter",
     "correspondent", "photographer", "blogger", "lawyer", "migrant", "refugee", "immigrant",
     "diplomat", "ambassador", "envoy", "peacekeeper", "inspector", "observer"}
)  # fmt: skip


#: Agent words of bodies, not people: released, they are something else (a report, funds).
_BODIES = frozenset(
    {"government", "ministry", "army", "military", "police", "force", "authority", "court",
     "company", "firm", "agency", "council", "party", "parliament", "group", "union", "bank",
     "media", "press", "embassy", "administration", "office", "department", "committee"}
)  # fmt: skip
#: Agent words of places: a town captured is taken, not its people held.
_PLACE_WORDS = frozenset(
    {"town", "city", "village", "region", "province", "district", "territory", "capital"}
)


def _is_captive(tok: Token, ctx: DocContext) -> bool:
    """True for a word that names people: a captive word, a person by its entity label or the
    dictionaries, or an agent word of people (not of a body)."""
    if tok.lemma_.lower() in _CAPTIVES or tok.ent_type_ == "PERSON":
        return True
    m = ctx.mention_at(tok)
    if m is None:
        return False
    if m.actor.kind == "agent":
        # 'the former president', not 'the army' or 'the town'
        return tok.lemma_.lower() not in _BODIES | _PLACE_WORDS
    # a person the dictionaries know; a name only guessed a person may be a plan or a product
    # ('released its AI Action Plan')
    return m.actor.kind == "person" and not m.actor.actor_id.startswith("unk:")


def _with_members(held: list[Token]) -> list[Token]:
    """The words for people held or let go, with the people a number or group of them is of
    ('eighteen of the prisoners', 'dozens of protesters'; not 'the town of Goma')."""
    return held + [
        p
        for h in held
        if h.lemma_.lower() not in _PLACE_WORDS
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]


def captives_released(tok: Token, ctx: DocContext) -> bool:
    """People released or freed ('Hamas released three hostages', 'prisoners of war were
    released', 'ordered the release of former captain Sanabria', 'Gaza Hostages Freed'):
    PLOVER's RETREAT (returning or releasing persons), which the trigger model reads as no
    event in most of these words; not a report, a video or funds released."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma == "release":
        held = [
            p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
        ]
    elif tok.pos_ == "VERB" and lemma in ("release", "free"):
        held = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        head = reduced_relative_head(tok)
        if head is not None:
            held.append(tok.doc[head])  # 'hostages freed by Hamas'
    else:
        return False
    return any(_is_captive(h, ctx) for h in _with_members(held))


#: Verbs of holding or removing people: PLOVER's COERCE (arrest, detain, expel or deport).
_ARREST_VERBS = frozenset(
    {"arrest", "detain", "apprehend", "jail", "imprison", "deport", "expel", "intern"}
)
#: ... and of taking people, which the trigger model types: a capture in a raid may be an
#: abduction, PLOVER's ASSAULT ('the raid that captured Maduro').
_HOLD_VERBS = _ARREST_VERBS | {"capture", "seize"}
#: Nouns of people held ('the arrest of two officers').
HOLD_NOUNS = frozenset({"arrest", "detention", "deportation", "expulsion"})
#: People a state hosts for another side: expelled, they are a SANCTION (PLOVER: the
#: expulsion of diplomats, peacekeepers, inspectors or aid agencies reduces relations).
_MISSIONS = frozenset(
    {"diplomat", "ambassador", "envoy", "attache", "attaché", "consul", "peacekeeper",
     "inspector", "observer", "monitor"}
)  # fmt: skip


#: What is seized as property: arms, drugs, money, vehicles and vessels (PLOVER's COERCE:
#: 'seized 6 rifles', 'the seizure of 7 tons of drugs'); not ground, which armies take
#: ('seized the town', an ASSAULT).
_PROPERTY = frozenset(
    {"weapon", "arm", "rifle", "gun", "firearm", "pistol", "ammunition", "munition",
     "explosive", "grenade", "dynamite", "bomb", "drug", "cocaine", "heroin", "marijuana",
     "cannabis", "methamphetamine", "fentanyl", "narcotic", "contraband", "vehicle", "car",
     "truck", "tanker", "ship", "vessel", "boat", "cargo", "shipment", "aircraft", "plane",
     "money", "cash", "asset", "property", "equipment", "passport", "ton", "kilogram", "kilo",
     "crude", "oil", "fuel"}
)  # fmt: skip
_VESSELS = frozenset({"tanker", "ship", "vessel", "boat", "freighter", "cargo"})
_SEIZE_VERBS = frozenset({"seize", "confiscate", "impound", "intercept", "commandeer"})
_SEIZE_NOUNS = frozenset({"seizure", "confiscation", "impoundment", "interception"})


def _property(tok: Token) -> bool:
    """A word for seized property, or a count of it ('7 tons of drugs', 'dozens of rifles')."""
    lemma = tok.lemma_.lower()
    if lemma in _PROPERTY:
        return True
    return any(
        p.lemma_.lower() in _PROPERTY
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
    )


def seized_things(tok: Token) -> list[Token]:
    """The words for what a verb of seizing takes (its object or passive subject), or a noun
    of seizure names after *of*."""
    if tok.pos_ == "VERB":
        return [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]


def property_seized(tok: Token) -> bool:
    """True for arms, drugs, money or a vessel seized or confiscated ('troops seized 6 rifles',
    'the seizure of 7 tons of drugs', 'arms seizures', 'US forces boarded a tanker'): PLOVER's
    COERCE, which the trigger model seldom reads."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and tok.dep_ != "amod":
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma in _SEIZE_VERBS:
            return any(_property(o) for o in objs)
        if lemma == "board":
            return any(o.lemma_.lower() in _VESSELS for o in objs)
        return False
    if tok.pos_ == "NOUN" and lemma in _SEIZE_NOUNS:
        return _property(tok) or any(
            c.dep_ in ("compound", "amod") and c.lemma_.lower() in _PROPERTY for c in tok.children
        )
    return False


#: Verbs that blame someone for a deed told after *with*, *of* or *for* ('charge a settler with
#: killing an activist', 'accused of murdering six priests').
_BLAME_VERBS = frozenset(
    {"charge", "accuse", "convict", "arrest", "indict", "sentence", "jail", "detain", "blame",
     "suspect", "prosecute", "try", "punish", "imprison", "acquit", "arraign", "fine"}
)  # fmt: skip


def blamed_for(tok: Token) -> list[Token]:
    """The words for whoever a verb of blame says did the deed at ``tok`` ('Prosecutors plan to
    charge Israeli settler with killing Palestinian activist': the settler; 'Two men were
    arrested for attacking the embassy': the men), or none: the deed's doer."""
    prep = tok.head
    if tok.dep_ not in ("pcomp", "pobj") or prep.dep_ != "prep":
        return []
    if prep.lower_ not in ("with", "of", "for"):
        return []
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _BLAME_VERBS:
        return []
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]


#: Verbs by which a court or a prosecutor puts out an arrest warrant.
_WARRANT_VERBS = frozenset({"issue", "sign", "approve", "grant", "execute", "serve"})


def arrest_warrant(tok: Token) -> bool:
    """True for an arrest warrant issued ('a court issued arrest warrants for two men', 'arrest
    warrants were issued'): PLOVER's COERCE, a step of arrest. Not one sought or requested,
    which asks a court for it."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() != "warrant":
        return False
    if not any(
        c.lower_ == "arrest" and c.dep_ in ("compound", "amod", "nmod") for c in tok.children
    ):
        return False
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in _WARRANT_VERBS


def rounded_up(tok: Token) -> bool:
    """True for 'round up' ('rounded up dozens of protesters')."""
    return tok.lemma_.lower() == "round" and any(
        c.dep_ == "prt" and c.lower_ == "up" for c in tok.children
    )


def people_held(tok: Token, ctx: DocContext) -> Token | None:
    """The people arrested, detained, captured, jailed, deported or expelled at ``tok``
    ('police arrested 29 members', 'journalist detained', 'the arrest of two officers'), or
    None: the target of a COERCE there. Not a participle before its noun ('the deported
    man'), which describes the man."""
    lemma = tok.lemma_.lower()
    if arrest_warrant(tok):
        held = [
            p
            for w in (tok, tok.head)
            for c in w.children
            if c.dep_ == "prep" and c.lower_ in ("for", "against")
            for p in c.children
        ]
    elif tok.pos_ == "NOUN" and lemma in HOLD_NOUNS:
        held = [
            p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
        ]
    elif tok.pos_ == "VERB" and tok.dep_ != "amod" and (lemma in _HOLD_VERBS or rounded_up(tok)):
        held = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.dep_ == "relcl" and any(h.tag_ in ("WP", "WDT") for h in held):
            held.append(tok.head)  # '29 members who were arrested'
        head = reduced_relative_head(tok)
        if head is not None:
            held.append(tok.doc[head])
        if not held and ctx.in_title(tok) and tok.tag_ in ("VBN", "VBD"):
            held = [c for c in tok.children if c.dep_ == "nsubj"]  # 'Journalist detained'
    else:
        return None
    return next((h for h in _with_members(held) if _is_captive(h, ctx)), None)


#: Verbs that remove someone from a post ('Congress voted to impeach the president', 'Yoon
#: is ousted'); *remove* only with a person or 'from office'.
_REMOVE_VERBS = frozenset({"impeach", "oust", "depose", "unseat", "remove", "relieve"})
_OFFICES = frozenset({"office", "power", "post", "presidency", "duty", "command", "position"})


def _a_person(tok: Token, ctx: DocContext) -> bool:
    """True for a person by spaCy's label or the actor dictionaries."""
    m = ctx.mention_at(tok)
    return tok.ent_type_ == "PERSON" or (m is not None and m.actor.kind == "person")


def removed_from_office(tok: Token, ctx: DocContext) -> Token | None:
    """The person impeached, ousted, deposed or removed from office at ``tok`` ('voted to
    impeach President Jerí', 'relieved the judge of his duties', 'Yoon is ousted'), or None:
    events_train's COERCE (a body acting on a person's post). Not forces removed, nor things
    ('removed the sanctions')."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or tok.dep_ == "amod" or lemma not in _REMOVE_VERBS:
        return None
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in tok.children):
        return None  # 'is considering whether to remove him': no removal yet
    held = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if not held and ctx.in_title(tok) and tok.tag_ in ("VBN", "VBD"):
        held = [c for c in tok.children if c.dep_ == "nsubj"]  # 'President impeached'
    office = any(
        p.lemma_.lower() in _OFFICES
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("from", "of")
        for p in c.children
    )
    if lemma in ("remove", "relieve") and not office and not any(_a_person(h, ctx) for h in held):
        return None  # 'removed the sanctions', 'removed protesters from the square'
    return next(
        (h for h in held if _is_captive(h, ctx) and h.lemma_.lower() not in SENT_FORCES), None
    )


_IMPOSE_VERBS = frozenset(
    {"impose", "declare", "decree", "establish", "proclaim", "order", "introduce", "enforce",
     "reimpose", "extend", "institute",
     "decreed"}  # spaCy's lemma when it tags 'decreed' VBP
)  # fmt: skip
_EMERGENCIES = frozenset({"emergency", "siege", "exception"})
_DISASTER_WORDS = frozenset(
    {"storm", "snow", "snowstorm", "blizzard", "flood", "flooding", "hurricane", "cyclone",
     "typhoon", "tornado", "fire", "wildfire", "drought", "earthquake", "quake", "weather",
     "outbreak", "virus", "epidemic", "pandemic", "disease", "rain", "heat", "heatwave",
     "winter", "landslide", "eruption", "volcano", "tsunami", "spill", "outage", "blackout",
     "shortage"}
)  # fmt: skip
# not 'power' ('after the army seized power'), 'ice' (ICE, the agency), 'water' or 'energy


def _is_emergency_rule(noun: Token) -> bool:
    """A curfew, martial law, or a state of emergency or siege."""
    lemma = noun.lemma_.lower()
    if lemma == "curfew":
        return True
    if lemma == "law":
        return any(c.lower_ == "martial" for c in noun.children)
    if lemma == "state":
        return any(
            p.lemma_.lower() in _EMERGENCIES
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
        )
    return False


def emergency_declared(tok: Token) -> bool:
    """A curfew, martial law or a state of emergency or siege imposed or declared at ``tok``
    ('the government decreed a state of siege', 'a curfew was imposed')."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _IMPOSE_VERBS:
        return False
    return any(_is_emergency_rule(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))


def in_disaster(tok: Token) -> bool:
    """True when ``tok``'s sentence speaks of a storm, a flood, an outbreak or an outage: a
    state of emergency declared for one restricts no one's politics, and no actor acts on
    another (GUIDELINES: natural disasters are no events)."""
    words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
    return bool(words & _DISASTER_WORDS)
