"""Action verbs and nouns: how texts say a place was withdrawn from, handed over,
transferred, closed or drawn down. Vocabulary only; reading uses it to tell a heading from a
sentence, parsing to find what happened (`tracker.parse.actions`)."""

from __future__ import annotations

import re

from tracker.vocabulary.caseless import CaselessPattern

ACTION_FORMS: list[tuple[str, str]] = [
    ("withdrawal", r"withdr[ae]w[ns]?|withdrawing|withdrawal|pull(?:ed|ing|s)?\s+(?:out|back)|"
                   r"pull-?out|left|leav(?:e|es|ing)|vacat(?:e|ed|es|ing)|evacuat(?:e|ed|es|ing|ion)|"
                   r"depart(?:ed|s|ing|ure)?|exit(?:ed|s|ing)?|abandon(?:ed|s|ing)?|"
                   r"redeploy(?:ed|s|ing)?|mov(?:e|ed|ing)\s+out|relocat(?:e|ed|ing)|"
                   r"empti(?:ed|es)|emptying|cleared|(?:stand(?:s|ing)?|stood|lie|lies|lying|left)\s+empty"),
    ("handover", r"hand(?:ed|ing|s)?\s+(?:over|back)|handover|hand-over|turn(?:ed|ing|s)?\s+over|"
                 r"turnover|turn-over|"
                 r"hand(?:ed|ing|s)?(?=(?:\s+[\w'-]+){0,4}?\s+(?:back\s+|over\s+)?to\b)|"
                 r"return(?:ed|ing|s)?|g[ai]ve(?:n)?\s+back|"
                 # "gave Fort Clayton to Panama": giving a place to someone hands it over
                 r"g[ai]ve[sn]?(?=\s+(?-i:[A-Z])[^.;,]{0,50}?\sto\s+(?:the\s|its\s|their\s|(?-i:[A-Z])))|t(?:ook|aken?|aking|akes)\s+over|"
                 # "the sites will go back to the federal government", "reverted to state control"
                 # "reverted to Panama": reverting to anyone is a handover
                 r"revert(?:s|ed|ing)?(?:\s+back)?\s+to\b|"
                 # "Fort Sherman goes back at the end of June", "Howard is to revert on Nov. 1",
                 # "Panama takes formal possession of", "accepted the keys to": the place changes hands
                 r"revert(?:s|ed|ing)?(?=\s+(?:on|in|at|by|this|next|before|after)\b)|reversion|"
                 r"(?:go(?:es|ing|ne)?|went)\s+back(?!\s+to\s+(?:\d|the\s+\d|[A-Z]))(?=\s+(?:on|in|at|by|"
                 r"this|next|before|after|to|together)\b)|"
                 r"t(?:ook|aken?|aking|akes)\s+(?:formal\s+|full\s+)?possession\s+of|"
                 r"(?:accept(?:ed|s|ing)?|receiv(?:ed|es|ing))\s+the\s+keys?\s+(?:to|of)|"
                 r"(?:go(?:es|ing|ne)?|went)(?:\s+back)?\s+to(?=\s+(?:the\s+)?"
                 r"(?:[\w'-]+\s+){0,2}(?:government|authorities|control|ownership|owners?|state|"
                 r"ministry|municipality|hands)\b)"),
    ("transfer", r"transfer(?:red|ring|s)?"),
    ("closure", r"clos(?:e|ed|es|ing|ure)|shut(?:s|ting)?\s+down|decommission(?:ed|ing|s)?"),
    ("drawdown", r"dr[ae]w(?:n|s|ing)?\s+down|drawdown|draw-down|reduc(?:e|ed|es|ing|tion)"),
]



_VERB_SOURCE = r"\b(?:" + "|".join(f"(?P<{a}>{forms})" for a, forms in ACTION_FORMS) + r")\b"
VERB = CaselessPattern(
    re.compile(r"(?=[wplvedarmhtgcsWPLVEDARMHTGCS])"  # the first letters of every form below
               + _VERB_SOURCE, re.IGNORECASE),
    # a capital the pattern asks for is any letter in the lower-cased copy
    r"(?=[wplvedarmhtgcs])" + _VERB_SOURCE.replace("(?-i:[A-Z])", "[a-z]"))
ACTION_NOUNS = {"withdrawal", "handover", "hand-over", "pullout", "pull-out", "closure",
                "drawdown", "draw-down", "reduction", "evacuation", "departure",
                "turnover", "turn-over"}
