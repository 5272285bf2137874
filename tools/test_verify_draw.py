"""Tests of verify_draw.py against the vectors of docs/DRAWS.md section 10.

Run: python3 -m unittest discover -s tools -p 'test_*.py'
"""

import copy
import json
import pathlib
import unittest

import verify_draw as v

SEED = bytes(range(32))
EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "docs" / "examples"


def load(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


class VectorTests(unittest.TestCase):
    def test_pool_hash_and_empty_pool(self):
        tokens = load("sweepstake")["pool"]["tokens"]
        self.assertEqual(v.pool_hash(list(reversed(tokens))), "13a8f4aeff9934743ed1f14cef854e2b37ecdd6af5e93db738be60f8dadbc788")
        self.assertEqual(v.pool_hash([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

    def test_stream_words_and_rejection(self):
        context = v.draw_context("13a8f4aeff9934743ed1f14cef854e2b37ecdd6af5e93db738be60f8dadbc788", 10, "")
        stream = v.Stream(SEED, "sweepstake", context)
        self.assertEqual(stream.next_word(), 0xD33ACCF3FC73D2B2)
        stream = v.Stream(SEED, "sweepstake", context)
        values = [stream.uniform((1 << 63) + 1) for _ in range(6)]
        self.assertEqual(values, [562724264457325425, 5854041358869689732, 4050428591679328354,
                                  5928613135583515267, 1796029474224667788, 5425330250519311719])

    def test_sweepstake_indices(self):
        ph = "13a8f4aeff9934743ed1f14cef854e2b37ecdd6af5e93db738be60f8dadbc788"
        self.assertEqual(v.sweepstake_indices(SEED, ph, 10, "", 5), [6, 4, 0, 9, 5])
        randomness = "drand:quicknet:1000000:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
        self.assertEqual(v.sweepstake_indices(SEED, ph, 10, randomness, 5), [2, 6, 7, 9, 8])

    def test_moments(self):
        self.assertEqual(v.winning_moments(SEED, "act-2026-summer", 1780272000000, 1780876800000, 5),
                         [1780364793263, 1780474086422, 1780484261368, 1780511675121, 1780556162716])

    def test_prizes_of_moments_follow_the_drawn_order(self):
        drawn = v.drawn_moments(SEED, "act-2026-summer", 1780272000000, 1780876800000, 5)
        self.assertEqual(drawn, [1780474086422, 1780556162716, 1780511675121, 1780364793263, 1780484261368])
        self.assertEqual(v.moment_prizes(drawn, [2, 3]), [1, 0, 1, 1, 0])
        with self.assertRaises(ValueError):
            v.moment_prizes(drawn, [2, 2])

    def test_instant_win_claims_are_checked(self):
        data = load("instant-win")
        data["claims"][0]["at"] = data["claims"][0]["moment"] - 1
        self.assertFalse(v.verify(data).valid, "a moment cannot be taken before it comes")
        data = load("instant-win")
        data["claims"][0]["prize"], data["claims"][1]["prize"] = data["claims"][1]["prize"], data["claims"][0]["prize"]
        self.assertFalse(v.verify(data).valid, "the prize of a moment is fixed by the seed")
        data = load("instant-win")
        data["claims"][3]["token"] = data["claims"][0]["token"]
        self.assertFalse(v.verify(data).valid, "one entry takes at most one moment")
        data = load("instant-win")
        del data["prizes"], data["claims"]
        self.assertTrue(v.verify(data).valid, "moments alone still verify")

    def test_examples_verify(self):
        for name in ("sweepstake", "quiz", "instant-win"):
            with self.subTest(name):
                self.assertTrue(v.verify(load(name)).valid)

    def test_tampering_is_caught(self):
        data = load("sweepstake")
        data["winners"][0], data["alternates"][0] = data["alternates"][0], data["winners"][0]
        self.assertFalse(v.verify(data).valid)
        data = load("quiz")
        data["pool"]["entries"][0]["score"] += 1
        self.assertFalse(v.verify(data).valid)
        data = load("instant-win")
        data["seed"] = "00" * 32
        self.assertFalse(v.verify(data).valid)

    def test_malformed_input_fails_without_crashing(self):
        data = load("sweepstake")
        del data["winners"]
        self.assertFalse(v.verify(data).valid)
        data = copy.deepcopy(load("sweepstake"))
        data["pool"]["count"] = 1000
        self.assertFalse(v.verify(data).valid)


if __name__ == "__main__":
    unittest.main()
