#!/usr/bin/env python3
"""Entry benchmarks of the activations, in a release build, on SQLite and on PostgreSQL.

For each database: seed a brand (`relais bench seed`), create and schedule a live instant win
(3,000 winning moments over two hours, rules, newsletter consent), start the server, then measure
  * accepted entries/s and p99 through the public entry endpoint with wrk (64 connections) —
    every check on: de-duplication, eligibility, consent, anti-fraud flags, instant-win
    allocation — beside the raw database ceiling of the same writes (`relais bench raw-entries`,
    one transaction each, 64 tasks) measured in the same run;
  * afterwards, the rows: every accepted entry stored once, no moment won twice;
  * the public activation page through wrk, beside a bare Hummingbird route answering the same
    bytes (`relais bench bare-page`).
Each figure is the median of RUNS runs. Results go to docs/PERFORMANCE.md between the markers of
the "Entries" section, and to bench/results-entries.json.

Usage: python3 bench/entries.py [--runs N] [--seconds N] [--settle S] [--only sqlite|postgres] [--no-report]
Needs: wrk, PostgreSQL server binaries (Debian: wrk postgresql).
"""
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import members as common  # noqa: E402

ROOT = common.ROOT
BIN = common.BIN
PORT = common.PORT
BARE_PORT = PORT + 1


def wrk(script, seconds, connections, env, url):
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        args += ["-s", str(ROOT / "bench" / script)]
    meter = common.CpuMeter()
    out = common.sh(*args, url, env=env)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    def pct(label):
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    seconds_run = float(re.search(r"requests in ([\d.]+)(ms|s|m)", out).group(1))
    unit = re.search(r"requests in [\d.]+(ms|s|m)", out).group(1)
    seconds_run = seconds_run / 1000 if unit == "ms" else seconds_run * 60 if unit == "m" else seconds_run
    ok = requests - non2xx
    return {"requests": requests, "accepted": ok, "refused": non2xx, "perSecond": ok / seconds_run, "seconds": seconds_run,
            "p50Millis": pct("50"), "p99Millis": pct("99"),
            "socketErrors": sum(int(x) for x in socket_errors.groups()) if socket_errors else 0, **meter.read(requests)}


def writer(port, works="entries"):
    """The grouped writer's counters: works written and seconds spent writing them."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    def value(name):
        match = re.search(rf'^{name}\{{[^}}]*works="{works}"[^}}]*\}} ([\d.e+-]+)', text, re.M)
        return float(match.group(1)) if match else 0.0
    return {"works": value("relais_grouped_works_total"), "busy": value("relais_grouped_busy_seconds_total"), "at": time.monotonic()}


def writer_share(before, after):
    """How busy the writer was between two readings, and its time per work written."""
    works = after["works"] - before["works"]
    busy = after["busy"] - before["busy"]
    return {"writerBusy": busy / max(1e-9, after["at"] - before["at"]), "writerMicrosPerEntry": busy * 1e6 / max(1, works)}


def api(method, path, key, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=60))


def local_time(offset_minutes):
    # The brand's time zone is Europe/Paris; a wall-clock text two minutes off either way is safe.
    import datetime
    from zoneinfo import ZoneInfo
    return (datetime.datetime.now(ZoneInfo("Europe/Paris")) + datetime.timedelta(minutes=offset_minutes)).strftime("%Y-%m-%dT%H:%M")


def bench_database(kind, args, work):
    env, stop_pg = common.database_env(kind, work)
    result = {"database": kind}
    server = bare = None
    try:
        seed = json.loads(common.sh(str(BIN), "bench", "seed", "--members", "10000", "--events", "0", env=env))
        server = subprocess.Popen([str(BIN)], env=dict(env, RELAIS_PORT=str(PORT)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        common.wait_ready(PORT)
        common.settle(args.settle)
        key = seed["apiKey"]
        activation = api("POST", "/api/v1/activations", key, {
            "kind": "instant_win", "slug": "bench-instant", "titleFr": "Instant gagnant", "titleEn": "Instant win",
            "opensAt": local_time(-2), "closesAt": local_time(120), "entryFrequency": "once", "minimumAge": 12,
            "prizes": [{"name": "Bon d'achat", "quantity": 3000}], "rules": "Article 1 : jeu gratuit sans obligation d'achat."})
        api("POST", f"/api/v1/activations/{activation['id']}/transitions", key, {"action": "schedule"})
        time.sleep(1)
        # The page is measured first: after the entry runs, the server's background jobs (points and
        # badges for thousands of new entries) would be measured with it.
        page_url = f"http://127.0.0.1:{PORT}/a/bench/bench-instant"
        page_file = f"{work}/page.html"
        pathlib.Path(page_file).write_bytes(urllib.request.urlopen(page_url, timeout=30).read())
        bare = subprocess.Popen([str(BIN), "bench", "bare-page", "--file", page_file, "--port", str(BARE_PORT)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{BARE_PORT}/", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        page_runs, bare_runs = [], []
        waited = common.wait_quiet()
        print(f"[{kind}] machine quiet after {waited:.0f} s more", flush=True)
        for run in range(args.runs):
            # Page and bare route take turns in both orders (ABBA…), so that a drift of the machine
            # during the runs weighs on both alike.
            def measure_page():
                page_runs.append(wrk(None, max(5, args.seconds // 2), 64, env, page_url))

            def measure_bare():
                bare_runs.append(wrk(None, max(5, args.seconds // 2), 64, env, f"http://127.0.0.1:{BARE_PORT}/a/bench/bench-instant"))
            for measure in ((measure_page, measure_bare) if run % 2 == 0 else (measure_bare, measure_page)):
                measure()
        result["page"] = {"relais": {"perSecond": common.median_of(page_runs, "perSecond"), "p99Millis": common.median_of(page_runs, "p99Millis"),
                                     "cpu": common.cpu_of(page_runs)},
                          "bare": {"perSecond": common.median_of(bare_runs, "perSecond"), "p99Millis": common.median_of(bare_runs, "p99Millis"),
                                   "cpu": common.cpu_of(bare_runs)},
                          "bytes": pathlib.Path(page_file).stat().st_size}
        result["page"]["ratio"] = result["page"]["relais"]["perSecond"] / result["page"]["bare"]["perSecond"]
        print(f"[{kind}] page: Relais {result['page']['relais']['perSecond']:.0f}/s, bare {result['page']['bare']['perSecond']:.0f}/s", flush=True)
        entry_env = dict(env, RELAIS_ENTRY_PATH="/api/v1/public/activations/bench/bench-instant/entries")
        api_runs, raw_runs = [], []
        for run in range(args.runs):
            before = writer(PORT)
            api_runs.append(wrk("entry.lua", args.seconds, 64, entry_env, f"http://127.0.0.1:{PORT}/"))
            api_runs[-1].update(writer_share(before, writer(PORT)))
            raw = json.loads(common.sh(str(BIN), "bench", "raw-entries", "--activation", str(activation["id"]),
                                       "--count", str(int(max(api_runs[-1]["perSecond"], 500) * args.seconds)), "--concurrency", "64", env=env))
            raw_runs.append(raw)
            print(f"[{kind}] entry run {run + 1}: API {api_runs[-1]['perSecond']:.0f}/s p99 {api_runs[-1]['p99Millis']:.1f} ms "
                  f"({api_runs[-1]['refused']} refused, {api_runs[-1]['cpuMicrosPerRequest']:.0f} µs CPU each, "
                  f"{api_runs[-1]['loadGeneratorMicrosPerRequest']:.0f} of them wrk's, cores {api_runs[-1]['busy']:.0%} busy, writer "
                  f"{api_runs[-1]['writerBusy']:.0%} busy at {api_runs[-1]['writerMicrosPerEntry']:.0f} µs per entry), raw {raw['perSecond']:.0f}/s p99 {raw['p99Millis']:.1f} ms", flush=True)
        counts = json.loads(common.sh(str(BIN), "bench", "entry-check", "--activation", str(activation["id"]), env=env))
        accepted = sum(r["accepted"] for r in api_runs) + sum(r["operations"] for r in raw_runs)
        result["entries"] = {
            "api": {"perSecond": common.median_of(api_runs, "perSecond"), "p99Millis": common.median_of(api_runs, "p99Millis"),
                    "refused": sum(r["refused"] for r in api_runs), "socketErrors": sum(r["socketErrors"] for r in api_runs),
                    "cpu": common.cpu_of(api_runs),
                    "writerBusy": common.median_of(api_runs, "writerBusy"),
                    "writerMicrosPerEntry": common.median_of(api_runs, "writerMicrosPerEntry")},
            "raw": {"perSecond": common.median_of(raw_runs, "perSecond"), "p99Millis": common.median_of(raw_runs, "p99Millis")},
            # wrk stops with up to 64 requests in flight: those may be stored without being counted as answered.
            "rows": counts, "acceptedAnswers": accepted,
            "lost": max(0, accepted - counts["entries"]), "duplicated": counts["entries"] - counts["members"] + counts["doubleWins"],
        }
        result["entries"]["ratio"] = result["entries"]["api"]["perSecond"] / result["entries"]["raw"]["perSecond"]
        return result
    finally:
        for process in (server, bare):
            if process:
                process.terminate()
                process.wait()
        if stop_pg:
            stop_pg()


def markdown(results, args):
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on this project's machine (2 cores, shared and noisy) with "
             f"`python3 bench/entries.py --runs {args.runs} --seconds {args.seconds}`, release build. Figures are medians of {args.runs} runs.",
             "", "| database | accepted entries/s (p99) | raw ceiling/s (p99) | ratio | rows after: lost / duplicated |",
             "| --- | --- | --- | --- | --- |"]
    for r in results:
        e = r["entries"]
        lines.append(f"| {r['database']} | {e['api']['perSecond']:.0f} ({e['api']['p99Millis']:.1f} ms) | {e['raw']['perSecond']:.0f} "
                     f"({e['raw']['p99Millis']:.1f} ms) | {e['ratio']:.2f} | {e['lost']} / {e['duplicated']} |")
    lines += ["", "| database | public page/s (p99) | bare route, same bytes/s (p99) | ratio (target ≥ 0.85) |", "| --- | --- | --- | --- |"]
    for r in results:
        p = r["page"]
        lines.append(f"| {r['database']} | {p['relais']['perSecond']:.0f} ({p['relais']['p99Millis']:.1f} ms) | {p['bare']['perSecond']:.0f} "
                     f"({p['bare']['p99Millis']:.1f} ms) | {p['ratio']:.2f} |")
    lines += ["", "| database | machine CPU per accepted entry (of it wrk) | cores busy | entry writer busy (time per entry) "
              "| per page view | per bare-route answer |",
              "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        c, p, a = r["entries"]["api"]["cpu"], r["page"], r["entries"]["api"]
        lines.append(f"| {r['database']} | {c['cpuMicrosPerRequest']:.0f} µs ({c['loadGeneratorMicrosPerRequest']:.0f} µs) | {c['busy']:.0%} "
                     f"| {a.get('writerBusy', 0):.0%} ({a.get('writerMicrosPerEntry', 0):.0f} µs) "
                     f"| {p['relais']['cpu']['cpuMicrosPerRequest']:.1f} µs | {p['bare']['cpu']['cpuMicrosPerRequest']:.1f} µs |")
    refused = sum(r["entries"]["api"]["refused"] for r in results)
    lines += ["", f"Entries refused during the runs: {refused}."]
    return "\n".join(lines)


def main():
    args = common.arguments(settle=75).parse_args()
    common.run_each_database(args, bench_database, markdown, "entries", "Entries")

if __name__ == "__main__":
    main()
