#!/usr/bin/env python3
"""Points-ledger benchmark, in a release build, on SQLite and on PostgreSQL.

For each database: seed a brand of MEMBERS members (`relais bench seed`), start Relais, then
with wrk (64 connections) post points movements through the API — two earns of 10 for one
spend of 5 on random members, each with its Idempotency-Key, every 50th request a replay
(bench/ledger.lua). Side by side in the same run:
  * the raw ceiling: the same ledger transaction done directly by `relais bench raw-ledger`
    (one transaction each, 64 tasks);
  * on PostgreSQL, pgbench running the same statements (bench/ledger-earn.sql and
    bench/ledger-spend.sql, weights 2:1, 64 clients).
Afterwards `relais bench ledger-check` checks the invariants: every account's balance is the sum
of its ledger and the earned − spent − expired totals, no balance ever below zero, no
idempotency key on two lines. Each figure is the median of RUNS runs. Results go to
docs/PERFORMANCE.md ("Points ledger") and bench/results-ledger.json.

Usage: python3 bench/ledger.py [--runs N] [--seconds N] [--members N] [--only sqlite|postgres] [--no-report]
Needs: wrk, PostgreSQL server binaries and pgbench (Debian: wrk postgresql postgresql-contrib).
"""
import glob
import json
import os
import pathlib
import re
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import members as common  # noqa: E402
from entries import wrk, writer, writer_share  # noqa: E402

ROOT = common.ROOT
BIN = common.BIN
PORT = common.PORT
# Seconds of load before the measured runs (see bench_database).
WARM_UP_SECONDS = 5


def pgbench(target, seconds, clients):
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    out = common.sh(f"{pg_bin}/pgbench", "-h", "127.0.0.1", "-p", str(common.PG_PORT), "-U", "postgres", "-n", "-M", "prepared",
                    "-c", str(clients), "-j", "2", "-T", str(seconds), "-r",
                    "-D", f"brand={target['brandID']}", "-D", f"org={target['organisationID']}",
                    "-D", f"first={target['firstMemberID']}", "-D", f"last={target['lastMemberID']}",
                    "-f", f"{ROOT}/bench/ledger-earn.sql@2", "-f", f"{ROOT}/bench/ledger-spend.sql@1", "postgres")
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", out).group(1))
    latency = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))
    return {"perSecond": tps, "averageMillis": latency}


def bench_database(kind, args, work):
    env, stop_pg = common.database_env(kind, work)
    result = {"database": kind}
    server = None
    try:
        seed = json.loads(common.sh(str(BIN), "bench", "seed", "--members", str(args.members), "--events", "0", env=env))
        target = json.loads(common.sh(str(BIN), "bench", "ledger-target", "--brand", str(seed["brandID"]), env=env))
        server = subprocess_start(env, args.settle)
        load_env = dict(env, RELAIS_API_KEY=seed["apiKey"], RELAIS_FIRST_MEMBER=str(target["firstMemberID"]),
                        RELAIS_LAST_MEMBER=str(target["lastMemberID"]))
        # A warm-up, not measured: the accounts start at zero, and until they hold points most
        # spends would be refused (an answer without a write), which would flatter the first run.
        wrk("ledger.lua", WARM_UP_SECONDS, 64, load_env, f"http://127.0.0.1:{PORT}/")
        api_runs, raw_runs, pgbench_runs = [], [], []
        for run in range(args.runs):
            before = writer(PORT, "points")
            api_runs.append(wrk("ledger.lua", args.seconds, 64, load_env, f"http://127.0.0.1:{PORT}/"))
            api_runs[-1].update(writer_share(before, writer(PORT, "points")))
            raw_runs.append(json.loads(common.sh(str(BIN), "bench", "raw-ledger", "--brand", str(seed["brandID"]), "--count",
                                                 str(int(max(api_runs[-1]["perSecond"], 500) * args.seconds)), "--concurrency", "64", env=env)))
            line = (f"[{kind}] run {run + 1}: API {api_runs[-1]['perSecond']:.0f}/s p99 {api_runs[-1]['p99Millis']:.1f} ms "
                    f"({api_runs[-1]['refused']} refused, writer {api_runs[-1]['writerBusy']:.0%} busy at "
                    f"{api_runs[-1]['writerMicrosPerEntry']:.0f} µs per movement), raw {raw_runs[-1]['perSecond']:.0f}/s p99 {raw_runs[-1]['p99Millis']:.1f} ms")
            if kind == "postgres":
                pgbench_runs.append(pgbench(target, args.seconds, 64))
                line += f", pgbench {pgbench_runs[-1]['perSecond']:.0f}/s"
            print(line, flush=True)
        server.terminate()
        server.wait()
        server = None
        check = json.loads(common.sh(str(BIN), "bench", "ledger-check", "--brand", str(seed["brandID"]), env=env))
        # Answers: 201 new movement, 200 replay, 422 spend refused for lack of points — all correct answers.
        result["api"] = {"perSecond": common.median_of([dict(r, perSecond=r["requests"] / args.seconds) for r in api_runs], "perSecond"),
                         "p99Millis": common.median_of(api_runs, "p99Millis"),
                         "refusedSpends": sum(r["refused"] for r in api_runs), "socketErrors": sum(r["socketErrors"] for r in api_runs),
                         "writerBusy": common.median_of(api_runs, "writerBusy"),
                         "writerMicrosPerMovement": common.median_of(api_runs, "writerMicrosPerEntry")}
        result["raw"] = {"perSecond": common.median_of(raw_runs, "perSecond"), "p99Millis": common.median_of(raw_runs, "p99Millis")}
        result["ratioToRaw"] = result["api"]["perSecond"] / result["raw"]["perSecond"]
        if pgbench_runs:
            result["pgbench"] = {"perSecond": common.median_of(pgbench_runs, "perSecond")}
            result["ratioToPgbench"] = result["api"]["perSecond"] / result["pgbench"]["perSecond"]
        result["check"] = check
        return result
    finally:
        if server:
            server.terminate()
            server.wait()
        if stop_pg:
            stop_pg()


def subprocess_start(env, settle):
    import subprocess
    server = subprocess.Popen([str(BIN)], env=dict(env, RELAIS_PORT=str(PORT)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    common.wait_ready(PORT)
    common.settle(settle)
    return server


def markdown(results, args):
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on this project's machine (2 cores, shared and noisy) with "
             f"`python3 bench/ledger.py --runs {args.runs} --seconds {args.seconds} --members {args.members}`, release build; "
             f"wrk with 64 connections. Figures are medians of {args.runs} runs after a {WARM_UP_SECONDS}-second warm-up that gives the accounts their first points; API answers include refused spends (422) and replays (200).",
             "", "| database | API movements/s (p99) | raw ledger transaction/s (p99) | pgbench, same statements/s | API ÷ raw | API ÷ pgbench "
             "| invariants after (violations / duplicated keys / lowest balance) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        pg = f"{r['pgbench']['perSecond']:.0f}" if "pgbench" in r else "—"
        pg_ratio = f"{r['ratioToPgbench']:.2f}" if "ratioToPgbench" in r else "—"
        c = r["check"]
        lines.append(f"| {r['database']} | {r['api']['perSecond']:.0f} ({r['api']['p99Millis']:.1f} ms) | {r['raw']['perSecond']:.0f} "
                     f"({r['raw']['p99Millis']:.1f} ms) | {pg} | {r['ratioToRaw']:.2f} | {pg_ratio} "
                     f"| {c['violations']} / {c['duplicatedKeys']} / {c['lowestBalance']} |")
    lines += ["", "| database | points writer busy | its time per movement written |", "| --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['database']} | {r['api'].get('writerBusy', 0):.0%} | {r['api'].get('writerMicrosPerMovement', 0):.0f} µs |")
    lines += ["", "Targets: at least 8,000 movements/s through the API on SQLite; on PostgreSQL at least 0.80 of pgbench."]
    return "\n".join(lines)


def main():
    args = common.arguments(members=10_000, settle=75).parse_args()
    common.run_each_database(args, bench_database, markdown, "ledger", "Points ledger")

if __name__ == "__main__":
    main()
