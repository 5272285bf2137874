#!/usr/bin/env python3
"""Times a three-rule segment count through the API: postal code prefix, e-mail newsletter
granted, at least two activation entries in the last 90 days. Prints JSON for members.py.

Usage: segment_count.py BASE_URL API_KEY RUNS
"""
import json
import statistics
import sys
import time
import urllib.request

base, key, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
definition = {"name": "Lyon, engaged", "match": "all", "rules": [
    {"kind": "field", "field": "postalCode", "op": "startsWith", "value": "69"},
    {"kind": "consent", "purpose": "newsletter", "channel": "email", "status": "granted"},
    {"kind": "event", "eventKind": "activation.", "prefix": True, "atLeast": 2, "days": 90},
]}
request = urllib.request.Request(f"{base}/api/v1/segments", data=json.dumps(definition).encode(), headers=headers, method="POST")
segment = json.load(urllib.request.urlopen(request, timeout=600))
timings, count = [], None
for _ in range(max(5, runs * 4)):
    started = time.perf_counter()
    answer = json.load(urllib.request.urlopen(urllib.request.Request(f"{base}/api/v1/segments/{segment['id']}/count", headers=headers), timeout=600))
    timings.append((time.perf_counter() - started) * 1000)
    count = answer["count"]
timings.sort()
print(json.dumps({"count": count, "medianMillis": statistics.median(timings),
                  "p95Millis": timings[min(len(timings) - 1, int(len(timings) * 0.95))], "samples": len(timings)}))
