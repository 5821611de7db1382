"""Sports results are no events (GUIDELINES): 'India crush Pakistan by seven wickets' is a game.

A trigger is a sports result when it is a verb of winning or losing and its sentence or the
text's headline speaks of sport in words that mean nothing else (`wickets`, `World Cup`,
`Olympics`, `semi-final`). Sport's politics stays: `IOC bars Ukrainian skeleton racer` is a
ban, and `bars` is no verb of winning.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .features import DocContext

#: Verbs and nouns that report who won a game ('beat', 'crush', 'lose to', 'victory').
CONTEST_VERBS = frozenset(
    {"beat", "defeat", "lose", "win", "crush", "thrash", "hammer", "rout", "edge", "down",
     "stun", "upset", "overcome", "outplay", "trounce", "whitewash", "sweep", "eliminate",
     "knock", "draw", "score", "clinch", "seal", "dominate", "humble", "overpower", "topple",
     "victory", "loss", "triumph", "thrashing"}
)  # fmt: skip
#: Words (lower case) that name a sport, a game or its scoring and nothing else.
SPORT_WORDS = frozenset(
    {"wicket", "wickets", "innings", "olympics", "olympic", "fifa", "uefa", "ipl", "nba",
     "nfl", "nhl", "mlb", "wimbledon", "semi-final", "semi-finals", "semifinal", "semifinals",
     "quarter-final", "quarter-finals", "quarterfinal", "quarterfinals", "qualifier",
     "qualifiers", "tournament", "championship", "championships", "medal", "medals",
     "goalkeeper", "striker", "t20", "odi", "cricket", "football", "soccer", "rugby", "tennis",
     "hockey", "handball", "basketball", "baseball", "golf", "skating", "skiing", "marathon",
     "athlete", "athletes", "ashes"}
)  # fmt: skip
#: Two-word names of competitions ('World Cup', 'Grand Prix', 'Super Bowl').
SPORT_PAIRS = frozenset(
    {("world", "cup"), ("asia", "cup"), ("grand", "prix"), ("super", "bowl"),
     ("grand", "slam"), ("premier", "league"), ("champions", "league"), ("formula", "one"),
     ("test", "match"), ("national", "team"), ("winter", "games"), ("summer", "games")}
)  # fmt: skip


def speaks_of_sport(span: Span) -> bool:
    """True when ``span`` holds a word or a pair of words that names sport."""
    words = [t.lower_ for t in span if not t.is_space]
    if any(w in SPORT_WORDS for w in words):
        return True
    return any((a, b) in SPORT_PAIRS for a, b in pairwise(words))


def is_sports_result(tok: Token, ctx: DocContext) -> bool:
    """True for a verb or noun of winning or losing in a sentence or a text whose headline
    speaks of sport ('Argentina beat Brazil 2-1 in World Cup qualifier')."""
    if tok.lemma_.lower() not in CONTEST_VERBS:
        return False
    if speaks_of_sport(tok.sent):
        return True
    doc = ctx.doc
    headline = [t for t in doc if t.idx < ctx.title_end]
    return bool(headline) and speaks_of_sport(doc[headline[0].i : headline[-1].i + 1])
