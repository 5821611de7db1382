"""Stories: near-duplicate articles (MinHash + LSH) and events clustered across articles.

GDELT counts one kidnapping as many events as there are reports of it; a story is that one
happening, with the number of mentions, articles and outlets that reported it. See docs/stories.md.
"""

from ..store.stories import get_story, story_events
from .build import StoryReport, build_stories, outlet_of
from .cluster import WINDOW_DAYS, Cluster, EventRow, cluster_events, story_key
from .dedup import Duplicate, find_duplicates, update_signatures
from .minhash import THRESHOLD, signature, similarity

__all__ = [
    "THRESHOLD",
    "WINDOW_DAYS",
    "Cluster",
    "Duplicate",
    "EventRow",
    "StoryReport",
    "build_stories",
    "cluster_events",
    "find_duplicates",
    "get_story",
    "outlet_of",
    "signature",
    "similarity",
    "story_events",
    "story_key",
    "update_signatures",
]
