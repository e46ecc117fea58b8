"""Hash chains: the one way Tomoni makes an append-only table tamper-evident (the capital ledger, the audit log).

Each row of a chain carries its number in the chain (1, 2, …), the hash of the row before it (`GENESIS_HASH` for
the first) and its own hash: SHA-256 of the row's canonical text followed by the previous hash. The chain's head
(a row of its own, locked by every append) remembers the last number and hash, so a row removed from the end, or
a table emptied, is noticed as well as a row altered or removed in the middle. Pure Python: the tables say how a
row's canonical text is written; `walk` checks any chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

# The previous hash of a chain's first row.
GENESIS_HASH = "0" * 64


def link_hash(content: str, prev_hash: str) -> str:
    """SHA-256 (hex) of a row's canonical text followed by the previous row's hash."""
    return hashlib.sha256((content + prev_hash).encode()).hexdigest()


def text_field(value: str) -> str:
    """A text in a canonical form: length-prefixed ("7:payment"), so no two different rows share a form."""
    return f"{len(value)}:{value}"


def optional_id(value: int | None) -> str:
    """An id in a canonical form: decimal, "-" when absent."""
    return "-" if value is None else f"{value:d}"


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain: the number where it breaks, the row (None: the head), what differs."""

    sequence: int
    row_id: int | None
    problem: str


@dataclass(frozen=True)
class Walk:
    """What a walk found: the rows that link up to the first break (all of them when intact), and the break."""

    links: int
    last_hash: str
    broken: Break | None


def walk(
    rows: Iterable[tuple[int, int, str, str, str | None]], *, head: tuple[int, str] | None, hash_name: str = "hash"
) -> Walk:
    """Walk a chain's rows in order of their number, recomputing every hash; stop at the first broken link.

    `rows` yields (id, sequence, stored prev_hash, stored hash, canonical text without the previous hash; None
    when the row cannot be written canonically, e.g. a value of the wrong type in a tampered row). `head` is the
    head's (last sequence, last hash), None when the chain has no head: then it must have no row either.
    `hash_name` names the hash's column in the report.
    """
    expected, prev_hash, count = 1, GENESIS_HASH, 0
    sha256 = hashlib.sha256
    for pk, sequence, stored_prev, stored_hash, content in rows:
        if sequence != expected:
            problem = f"sequence {sequence} found where {expected} was expected"
            return Walk(count, prev_hash, Break(expected, pk, problem))
        if stored_prev != prev_hash:
            return Walk(count, prev_hash, Break(sequence, pk, "prev_hash differs from the hash of the row before it"))
        if content is None or sha256((content + prev_hash).encode()).hexdigest() != stored_hash:
            return Walk(count, prev_hash, Break(sequence, pk, f"the row's content differs from its {hash_name}"))
        prev_hash, expected, count = stored_hash, expected + 1, count + 1
    last_sequence, last_hash = head if head is not None else (0, GENESIS_HASH)
    if (last_sequence, last_hash) != (count, prev_hash):
        return Walk(
            count,
            prev_hash,
            Break(
                count + 1 if last_sequence > count else last_sequence,
                None,
                f"the chain head says {last_sequence} rows ending in {last_hash[:12]}…, the table has {count}",
            ),
        )
    return Walk(count, prev_hash, None)
