#!/usr/bin/env python3
"""Independent verifier for Relais draws, written from docs/DRAWS.md.

Usage: verify_draw.py PUBLISHED.json [MORE.json ...]   ("-" reads standard input)

Prints one PASS/FAIL/SKIP line per check and VERIFIED or NOT VERIFIED per file.
Exit status: 0 when every file verifies, 1 when a check fails, 2 when a file
cannot be read as JSON. Standard library only (hashlib, hmac, json).
"""

import hashlib
import hmac
import json
import sys

ALGORITHM = "relais-draw-v1"
TWO_64 = 1 << 64


class Stream:
    """HMAC-SHA256 in counter mode, read as big-endian 64-bit words (DRAWS.md section 4)."""

    def __init__(self, seed: bytes, purpose: str, context: bytes):
        self.seed = seed
        self.prefix = ALGORITHM.encode("ascii") + b"\x00" + purpose.encode("ascii") + b"\x00" + context
        self.counter = 0
        self.words = []

    def next_word(self) -> int:
        if not self.words:
            block = hmac.new(self.seed, self.prefix + self.counter.to_bytes(8, "big"), hashlib.sha256).digest()
            self.counter += 1
            self.words = [int.from_bytes(block[i:i + 8], "big") for i in range(0, 32, 8)]
        return self.words.pop(0)

    def uniform(self, bound: int) -> int:
        """Uniform integer in [0, bound): reject words >= 2^64 - (2^64 mod bound)."""
        assert 0 < bound <= TWO_64 - 1
        accept_below = TWO_64 - (TWO_64 % bound)
        while True:
            word = self.next_word()
            if word < accept_below:
                return word % bound

    def pick(self, count: int, size: int) -> list:
        """Partial Fisher-Yates over the virtual array [0, size): `count` distinct picks in order."""
        moved = {}
        picks = []
        for step in range(min(count, size)):
            other = step + self.uniform(size - step)
            at_step = moved.get(step, step)
            at_other = moved.get(other, other)
            moved[other] = at_step
            moved[step] = at_other
            picks.append(at_other)
        return picks


def valid_token(token: str) -> bool:
    data = token.encode("utf-8")
    return 1 <= len(data) <= 128 and all(0x21 <= b <= 0x7E for b in data)


def sorted_unique_tokens(tokens: list) -> list:
    if not all(isinstance(t, str) and valid_token(t) for t in tokens):
        raise ValueError("a token is not 1..128 bytes of printable ASCII 0x21..0x7E")
    ordered = sorted(tokens, key=lambda t: t.encode("utf-8"))
    if any(a == b for a, b in zip(ordered, ordered[1:])):
        raise ValueError("duplicate token")
    return ordered


def pool_hash(tokens: list) -> str:
    return hashlib.sha256(b"".join(t.encode("ascii") + b"\n" for t in sorted_unique_tokens(tokens))).hexdigest()


def scored_entries(entries: list) -> list:
    """Entries sorted by token bytes, validated; each a (token, score, distance) tuple."""
    rows = [(e["token"], e["score"], e["distance"]) for e in entries]
    sorted_unique_tokens([r[0] for r in rows])
    for _, score, distance in rows:
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (score, distance)):
            raise ValueError("score and distance must be integers")
        if not (-(1 << 63) <= score < (1 << 63) and 0 <= distance < TWO_64):
            raise ValueError("score must be a signed and distance an unsigned 64-bit integer")
    return sorted(rows, key=lambda r: r[0].encode("ascii"))


def scored_pool_hash(rows: list) -> str:
    return hashlib.sha256(b"".join(f"{t} {s} {d}\n".encode("ascii") for t, s, d in rows)).hexdigest()


def draw_context(pool_hash_hex: str, count: int, randomness: str) -> bytes:
    return bytes.fromhex(pool_hash_hex) + count.to_bytes(8, "big") + randomness.encode("ascii")


def sweepstake_indices(seed: bytes, pool_hash_hex: str, count: int, randomness: str, picks: int) -> list:
    return Stream(seed, "sweepstake", draw_context(pool_hash_hex, count, randomness)).pick(picks, count)


def quiz_ranking(seed: bytes, rows: list, randomness: str, picks: int) -> list:
    """Indices (into token-sorted rows) of the best `picks` entries; ties broken by the draw."""
    stream = Stream(seed, "quiz", draw_context(scored_pool_hash(rows), len(rows), randomness))
    groups = {}
    for index, (_, score, distance) in enumerate(rows):
        groups.setdefault((-score, distance), []).append(index)
    ranked = []
    for key in sorted(groups):
        if len(ranked) >= picks:
            break
        members = groups[key]
        ranked += [members[p] for p in stream.pick(picks - len(ranked), len(members))]
    return ranked


def winning_moments(seed: bytes, activation_id: str, opens_at: int, closes_at: int, count: int) -> list:
    return sorted(drawn_moments(seed, activation_id, opens_at, closes_at, count))


def drawn_moments(seed: bytes, activation_id: str, opens_at: int, closes_at: int, count: int) -> list:
    """The moments in the order they are drawn (the order that gives each its prize)."""
    if not valid_token(activation_id):
        raise ValueError("activationId is not 1..128 bytes of printable ASCII")
    if not opens_at < closes_at:
        raise ValueError("opensAt must be before closesAt")
    span = closes_at - opens_at
    if not 0 <= count <= span:
        raise ValueError("momentsCount must be between 0 and the number of milliseconds in the period")
    context = (opens_at % TWO_64).to_bytes(8, "big") + (closes_at % TWO_64).to_bytes(8, "big") + activation_id.encode("ascii")
    return [opens_at + p for p in Stream(seed, "moments", context).pick(count, span)]


def moment_prizes(drawn: list, quantities: list):
    """Prize index of each moment, ascending by moment: the i-th moment drawn gets the i-th prize unit."""
    if any(q < 0 for q in quantities) or sum(quantities) != len(drawn):
        raise ValueError("the prizes' quantities do not add up to momentsCount")
    units = [prize for prize, quantity in enumerate(quantities) for _ in range(quantity)]
    prize_of = dict(zip(drawn, units))
    return [prize_of[m] for m in sorted(drawn)]


def check_claims(report, data: dict, drawn: list):
    """Prizes of the moments, and every claim taken at or after its moment, before closing, by a distinct entry."""
    expected = moment_prizes(drawn, [p["quantity"] for p in data["prizes"]])
    claims = data.get("claims")
    if claims is None:
        report.skip("claims", "claims not published")
        return
    moments = sorted(drawn)
    ok = [c["moment"] for c in claims] == moments and [c["prize"] for c in claims] == expected
    report.check("prizes", ok, f"{len(expected)} prizes of moments recomputed" if ok
                 else f"recomputed {list(zip(moments, expected))}, published {[(c['moment'], c['prize']) for c in claims]}")
    bad = []
    for c in claims:
        token, at = c.get("token"), c.get("at")
        if token is None and at is None:
            continue
        if token is None or at is None or not valid_token(token) or not c["moment"] <= at < data["closesAt"]:
            bad.append(c["moment"])
    tokens = [c["token"] for c in claims if c.get("token") is not None]
    ok = not bad and len(set(tokens)) == len(tokens)
    report.check("claims", ok, f"{len(tokens)} of {len(claims)} moments taken, each at or after its moment by a distinct entry" if ok
                 else f"claims taken before their moment, after closing, or twice by one entry: {bad}")


class Report:
    def __init__(self):
        self.lines = []
        self.failed = False
        self.passed = False

    def check(self, name: str, ok: bool, detail: str):
        self.lines.append(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
        self.failed |= not ok
        self.passed |= ok

    def skip(self, name: str, detail: str):
        self.lines.append(f"SKIP {name}: {detail}")

    @property
    def valid(self) -> bool:
        return self.passed and not self.failed


def compare_picks(report, expected: list, tokens, data: dict):
    """expected: recomputed indices in order; tokens: sorted pool tokens or None."""
    winners_count = data["winnersCount"]
    for name, recomputed in (("winners", expected[:winners_count]), ("alternates", expected[winners_count:])):
        claimed = data[name]
        if tokens is not None:
            mine = [(i, tokens[i] if i < len(tokens) else None) for i in recomputed]
            theirs = [(p["index"], p["token"]) for p in claimed]
        else:
            mine, theirs = list(recomputed), [p["index"] for p in claimed]
        ok = mine == theirs
        report.check(name, ok, f"{len(mine)} recomputed" if ok else f"recomputed {mine}, published {theirs}")


def verify(data: dict) -> Report:
    report = Report()
    if data.get("algorithm") != ALGORITHM:
        report.check("algorithm", False, f"unsupported algorithm {data.get('algorithm')!r}")
        return report
    report.check("algorithm", True, ALGORITHM)
    try:
        seed = bytes.fromhex(data["seed"])
        assert len(seed) == 32
    except (KeyError, ValueError, AssertionError, TypeError):
        report.check("seed", False, "the seed must be 64 hex digits")
        return report
    digest = hashlib.sha256(seed).hexdigest()
    published = str(data.get("commitment", "")).lower()
    report.check("commitment", digest == published, f"sha256(seed) = {digest}, published {published}")
    kind = data.get("kind")
    try:
        if kind == "instant-win":
            drawn = drawn_moments(seed, data["activationId"], data["opensAt"], data["closesAt"], data["momentsCount"])
            moments = sorted(drawn)
            ok = moments == data["moments"]
            report.check("moments", ok, f"{len(moments)} moments recomputed" if ok else f"recomputed {moments}, published {data['moments']}")
            if data.get("prizes") is not None:
                check_claims(report, data, drawn)
            return report
        if kind not in ("sweepstake", "quiz"):
            report.check("format", False, f"unknown kind {kind!r}")
            return report
        pool = data["pool"]
        randomness = data.get("publicRandomness") or ""
        if len(randomness.encode("utf-8")) > 1024 or not all(0x20 <= b <= 0x7E for b in randomness.encode("utf-8")):
            raise ValueError("publicRandomness is not printable ASCII of at most 1024 bytes")
        picks = data["winnersCount"] + data["alternatesCount"]
        if data["winnersCount"] < 0 or data["alternatesCount"] < 0 or pool["count"] < 0:
            raise ValueError("negative count")
        if kind == "quiz":
            rows = scored_entries(pool["entries"])
            report.check("pool-count", len(rows) == pool["count"], f"recomputed {len(rows)}, published {pool['count']}")
            recomputed_hash = scored_pool_hash(rows)
            report.check("pool-hash", recomputed_hash == pool["hash"].lower(), f"recomputed {recomputed_hash}, published {pool['hash']}")
            compare_picks(report, quiz_ranking(seed, rows, randomness, picks), [r[0] for r in rows], data)
            return report
        tokens = None
        if pool.get("tokens") is not None:
            tokens = sorted_unique_tokens(pool["tokens"])
            report.check("pool-count", len(tokens) == pool["count"], f"recomputed {len(tokens)}, published {pool['count']}")
            recomputed_hash = pool_hash(tokens)
            report.check("pool-hash", recomputed_hash == pool["hash"].lower(), f"recomputed {recomputed_hash}, published {pool['hash']}")
        else:
            report.skip("pool-hash", "tokens not published: winners checked by index only")
        if len(bytes.fromhex(pool["hash"])) != 32:
            raise ValueError("pool hash must be 64 hex digits")
        compare_picks(report, sweepstake_indices(seed, pool["hash"].lower(), pool["count"], randomness, picks), tokens, data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        report.check("format", False, f"{type(error).__name__}: {error}")
    return report


def main(argv: list) -> int:
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    status = 0
    for path in argv[1:]:
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as file:
                    data = json.load(file)
        except (OSError, ValueError) as error:
            print(f"{path}: cannot read JSON: {error}", file=sys.stderr)
            status = max(status, 2)
            continue
        report = verify(data)
        if len(argv) > 2:
            print(f"== {path}")
        print("\n".join(report.lines))
        print("VERIFIED" if report.valid else "NOT VERIFIED")
        if not report.valid:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
