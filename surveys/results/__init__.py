"""Results of a wave: worked out once when it closes (`freezing`, `frozen`), then read
from that frozen result set by every page, export and report. No figure of an open wave
exists anywhere: `wave_results` raises ResultsNotReady until the wave has closed."""

from .comments import comment_shown, comments_for, comments_for_lead, comments_pooled
from .export import results_csv
from .frozen import result_set_freeze, results_from, wave_results
from .groups import (
    ORG,
    GroupResult,
    ResultsNotReady,
    Score,
    WaveResults,
    role_key,
    school_key,
)
from .trends import Trend, trend_for, trend_values

__all__ = [
    "ORG",
    "GroupResult",
    "ResultsNotReady",
    "Score",
    "Trend",
    "WaveResults",
    "comment_shown",
    "comments_for",
    "comments_for_lead",
    "comments_pooled",
    "result_set_freeze",
    "results_csv",
    "results_from",
    "role_key",
    "school_key",
    "trend_for",
    "trend_values",
    "wave_results",
]
