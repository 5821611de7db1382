"""MinHash signatures over word shingles and LSH banding, in numpy (no datasketch dependency).

Signatures are stored in the store, so every number here is fixed: changing SHINGLE, NUM_PERM,
SEED or the hash changes every signature (bump SIGNATURE_VERSION and the store recomputes them).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

SHINGLE = 3
"""Words per shingle: 3 keeps a lightly edited copy (a changed word spoils 3 shingles) well above
the threshold while unrelated articles share almost no 3-word sequences."""
NUM_PERM = 128
"""Hash functions per signature: the Jaccard estimate's standard error is at most 0.044."""
BANDS = 32
ROWS = NUM_PERM // BANDS
"""32 bands of 4 rows: a pair at Jaccard 0.5 becomes a candidate with probability 0.87, at 0.6
with 0.99, at 0.3 with 0.23 (candidates are then checked against THRESHOLD)."""
MAX_BUCKET = 64
"""Buckets larger than this are linked as a star from their first member instead of all pairs."""
THRESHOLD = 0.5
"""Estimated Jaccard similarity of shingle sets at or above which two articles are duplicates."""
SEED = 20240605
_PRIME = np.uint64(4294967291)  # largest prime below 2**32: a*x + b stays inside uint64
_WORD = re.compile(r"\w+", re.UNICODE)

_rng = np.random.default_rng(SEED)
_A = _rng.integers(1, 2**31, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 5, size=NUM_PERM, dtype=np.uint64)
EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
"""The signature of a text with no words (never a duplicate of anything)."""

Signature = npt.NDArray[np.uint32]


def shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """32-bit hashes of the text's lower-cased word shingles (the whole text when shorter)."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    cache: dict[str, int] = {}
    ids = np.fromiter(
        (cache.setdefault(w, zlib.crc32(w.encode("utf-8"))) for w in words),
        dtype=np.uint64,
        count=len(words),
    )
    if len(ids) < SHINGLE:
        h = np.zeros(1, dtype=np.uint64)
        for v in ids:
            h = (h * np.uint64(1000003) + v) & np.uint64(0xFFFFFFFF)
        return h
    h = np.zeros(len(ids) - SHINGLE + 1, dtype=np.uint64)
    for i in range(SHINGLE):
        h = (h * np.uint64(1000003) + ids[i : len(ids) - SHINGLE + 1 + i]) & np.uint64(0xFFFFFFFF)
    return np.unique(h)


def signature(text: str) -> Signature:
    """MinHash signature (NUM_PERM uint32 values) of a text's shingle set."""
    x = shingle_hashes(text)
    if x.size == 0:
        return EMPTY.copy()
    mins = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, x.size, 4096):  # bound memory on very long texts
        chunk = x[start : start + 4096]
        vals = (_A[:, None] * chunk[None, :] + _B[:, None]) % _PRIME
        np.minimum(mins, vals.min(axis=1), out=mins)
    return mins.astype(np.uint32)


def to_blob(sig: Signature) -> bytes:
    """The signature as little-endian bytes (what ``article_signatures.signature`` holds)."""
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> Signature:
    """A signature read back from its stored bytes."""
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity: the share of hash functions whose minima agree."""
    if bool((a == EMPTY).all()) or bool((b == EMPTY).all()):
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def candidate_pairs(sigs: npt.NDArray[np.uint32]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of rows of ``sigs`` that share at least one LSH band."""
    pairs: set[tuple[int, int]] = set()
    n = sigs.shape[0]
    if n < 2:
        return pairs
    empty = (sigs == EMPTY[None, :]).all(axis=1)
    for band in range(BANDS):
        cols = sigs[:, band * ROWS : (band + 1) * ROWS]
        keys = np.ascontiguousarray(cols).view(np.dtype((np.void, ROWS * 4))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        same = sorted_keys[1:] == sorted_keys[:-1]
        if not same.any():
            continue
        # runs of equal keys: each run is one LSH bucket
        starts = np.flatnonzero(np.concatenate(([True], ~same)))
        ends = np.concatenate((starts[1:], [n]))
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            if e - s < 2:
                continue
            members = sorted(int(i) for i in order[s:e] if not empty[i])
            if len(members) > MAX_BUCKET:
                # a huge bucket is one mass-syndicated text: a star keeps it connected, not n^2
                pairs.update((members[0], j) for j in members[1:])
                continue
            for ai, i in enumerate(members):
                for j in members[ai + 1 :]:
                    pairs.add((i, j))
    return pairs


def duplicate_pairs(
    sigs: npt.NDArray[np.uint32], *, threshold: float = THRESHOLD
) -> Iterable[tuple[int, int, float]]:
    """Candidate pairs whose estimated Jaccard similarity reaches ``threshold``, with it."""
    for i, j in sorted(candidate_pairs(sigs)):
        sim = float(np.count_nonzero(sigs[i] == sigs[j])) / NUM_PERM
        if sim >= threshold:
            yield i, j, sim
