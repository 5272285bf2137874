#!/usr/bin/env python3
"""Brand overview and activation report benchmark, in a release build, on SQLite and on PostgreSQL,
beside DuckDB computing the same figures from scratch over an export of the same rows.

For each database: seed one brand's history (`relais bench seed-roi`: MEMBERS members first seen
over three years, ACTIVATIONS activations opening one after the other, about EVENTS event rows —
entries, consent records, share clicks and visits, coupons, points, timeline events), start Relais,
warm it up, then time with repeated HTTP GETs (Python threads, persistent connections, Bearer API
key), at 1 and 4 requests in flight:
  * `GET /api/v1/brand/overview?period=YEAR` (the last full year of the history);
  * `GET /api/v1/activations/{id}/report` for a sample of activations, taken in turn.
Each measurement stops after --requests requests or --budget seconds, whichever comes first (an
overview may take seconds before pre-aggregation). The p50/p95 of each figure is the median over
RUNS runs. Then `relais bench export-roi` writes the tables as CSV; DuckDB loads them and computes,
from the raw rows, the overview (members at a date, new members, active in 30/90 days and in the
period, reactivations, unsubscribes, erasures, the months, the cohort matrix and the outcomes of every
activation the overview reads) and one activation report (participants, known and new members,
opt-ins, sharing, coupons, points, reactivations) — bench/overview_duckdb.sql; the overview is timed
RUNS times, each sampled report once, and the medians are kept.
The API's figures are compared with DuckDB's; every mismatch is printed (there must be none).
Results go to docs/PERFORMANCE.md ("Brand overview and activation report") and
bench/results-overview.json.

Usage: python3 bench/overview.py [--runs N] [--members N] [--activations N] [--events N] [--period YYYY]
                                 [--only sqlite|postgres] [--no-report] [--bin PATH]
Needs: PostgreSQL server binaries (Debian: postgresql), duckdb (pip install duckdb).
"""
import argparse
import http.client
import json
import math
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import members as common  # noqa: E402

ROOT = common.ROOT
PORT = 18380
common.PG_PORT = 55460
DAY = 86_400_000
TABLES = ["members", "member_brands", "activations", "activation_entries", "consent_purposes", "consent_records", "share_links",
          "share_clicks", "share_visits", "share_attributions", "activation_referrals", "coupons", "points_entries", "budget_lines",
          "value_models", "audit_log"]
# Columns the export writes as text; every other one is an integer.
TEXT_COLUMNS = {"source", "kind", "slug", "status", "key", "channel", "source_kind", "source_label", "visitor_hash", "activation_ref",
                "category", "currency", "action"}
COMMUNITY = [("members", "members"), ("newMembers", "new_members"), ("activeMembers30Days", "active_30"),
             ("activeMembers90Days", "active_90"), ("activeMembersInPeriod", "active_in_period"),
             ("reactivatedMembers", "reactivated"), ("unsubscribes", "unsubscribes"), ("erasures", "erasures")]
OUTCOMES = [("participants", "participants"), ("knownMembers", "known_members"), ("newMembers", "new_members"),
            ("optInsTotal", "opt_ins_total"), ("shareLinks", "share_links"), ("shareClicks", "share_clicks"),
            ("shareVisits", "share_visits"), ("uniqueVisitors", "unique_visitors"), ("shareSignups", "share_signups"),
            ("couponsIssued", "coupons_issued"), ("storeVisits", "store_visits"), ("storeVisitsWithAmount", "store_visits_with_amount"),
            ("revenueCents", "revenue_cents"), ("pointsGiven", "points_given"), ("pointsRedeemed", "points_redeemed")]


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--activations", type=int, default=200)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", help="last day of the history, excluded (YYYY-MM-DD); today by default")
    parser.add_argument("--period", help="the overview's year; the last full year of the history by default")
    parser.add_argument("--sample", type=int, default=8, help="activations whose report is timed")
    parser.add_argument("--requests", type=int, default=40, help="at most this many requests per measurement")
    parser.add_argument("--budget", type=float, default=45, help="at most this many seconds per measurement")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--bin", default=str(ROOT / ".build-release/release/relais"))
    return parser


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[rank]


class Client:
    """One persistent HTTP connection to the server."""

    def __init__(self, key):
        self.key = key
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)

    def get(self, path):
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Authorization": f"Bearer {self.key}"})
        response = self.connection.getresponse()
        body = response.read()
        return response.status, body, (time.perf_counter() - started) * 1000


def measure(key, paths, concurrency, max_requests, budget):
    """GETs `paths` in turn from `concurrency` threads until `max_requests` were answered or `budget`
    seconds passed; returns the latencies (ms) and the unexpected statuses."""
    lock = threading.Lock()
    latencies, errors = [], []
    state = {"next": 0}
    deadline = time.perf_counter() + budget

    def worker():
        client = Client(key)
        while True:
            with lock:
                if state["next"] >= max_requests or time.perf_counter() > deadline:
                    return
                path = paths[state["next"] % len(paths)]
                state["next"] += 1
            status, _, millis = client.get(path)
            with lock:
                latencies.append(millis)
                if status != 200:
                    errors.append(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"requests": len(latencies), "p50Millis": percentile(latencies, 50), "p95Millis": percentile(latencies, 95),
            "maxMillis": max(latencies) if latencies else float("nan"), "errors": len(errors)}


def sample_activations(seed, count):
    """Activations spread evenly over the history."""
    ids = seed["activationIDs"]
    step = max(1, len(ids) // count)
    return [ids[i] for i in range(0, len(ids), step)][:count]


def year_bounds(year):
    import calendar
    return calendar.timegm((year, 1, 1, 0, 0, 0)) * 1000, calendar.timegm((year + 1, 1, 1, 0, 0, 0)) * 1000


def month_grid(year):
    """The twelve months of the year (the overview's chart for a year), as (label, starts, ends)."""
    import calendar
    rows = []
    for month in range(1, 13):
        start = calendar.timegm((year, month, 1, 0, 0, 0)) * 1000
        end = calendar.timegm((year + (month == 12), month % 12 + 1, 1, 0, 0, 0)) * 1000
        rows.append((month - 1, start, end))
    return rows


def duckdb_statements():
    text = (ROOT / "bench/overview_duckdb.sql").read_text()
    statements = {}
    for part in text.split("-- name: ")[1:]:
        name, _, body = part.partition("\n")
        statements[name.strip()] = body.strip().rstrip(";")
    return statements


class Reference:
    """The figures computed from scratch by DuckDB over the CSV export."""

    def __init__(self, folder):
        import duckdb
        self.duckdb = duckdb
        started = time.perf_counter()
        self.db = duckdb.connect()
        for table in TABLES:
            path = f"{folder}/{table}.csv"
            with open(path) as header:
                names = header.readline().strip().split(",")
            columns = ", ".join(f"'{n}': '{'VARCHAR' if n in TEXT_COLUMNS else 'BIGINT'}'" for n in names)
            self.db.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, allow_quoted_nulls = false, "
                            f"columns = {{{columns}}})")
        self.load_seconds = time.perf_counter() - started
        self.sql = duckdb_statements()

    def params(self, statement, values):
        return {name: value for name, value in values.items() if f"${name}" in statement}

    def run(self, name, values):
        statement = self.sql[name]
        return self.db.execute(statement, self.params(statement, values))

    def prepare(self, values):
        self.run("activity", values)
        self.run("activity_dormancy", values)

    def choose(self, ids):
        self.db.execute("CREATE OR REPLACE TEMP TABLE chosen (id BIGINT)")
        if ids:
            self.db.executemany("INSERT INTO chosen VALUES (?)", [[i] for i in ids])

    def reports(self, values, ids):
        self.choose(ids)
        cursor = self.run("reports", values)
        columns = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(columns, row)) for row in cursor.fetchall()}

    def overview(self, values, year, grid_activations):
        """Every figure of the overview that is counted from rows, computed from scratch."""
        self.prepare(values)
        community = self.run("community", values)
        columns = [d[0] for d in community.description]
        result = {"community": dict(zip(columns, community.fetchone()))}
        result["community"]["unsubscribes"] = self.run("unsubscribes", values).fetchone()[0]
        self.db.execute("CREATE OR REPLACE TEMP TABLE grid (month INTEGER, starts BIGINT, ends BIGINT)")
        self.db.executemany("INSERT INTO grid VALUES (?, ?, ?)", [list(row) for row in month_grid(year)])
        result["months"] = [dict(zip(["month", "members", "new_members", "active_members", "reactivated"], row))
                            for row in self.run("months", values).fetchall()]
        sizes = dict(self.run("cohort_sizes", values).fetchall())
        matrix = {}
        for cohort, month, n in self.run("cohorts", values).fetchall():
            matrix[(cohort, month)] = n
        result["cohorts"] = [{"size": sizes.get(i, 0), "active": [matrix.get((i, j), 0) for j in range(i, 12)]} for i in range(12)]
        result["activations"] = self.reports(values, grid_activations)
        return result

    def report(self, values, activation):
        self.prepare(values)
        return self.reports(values, [activation])[activation]


def compare(kind, api_overview, api_reports, reference, ref_reports):
    """The API's figures beside DuckDB's: a list of mismatches (empty when they agree)."""
    mismatches = []
    compared = 0

    def check(what, api, ref):
        nonlocal compared
        compared += 1
        if api != ref:
            mismatches.append(f"[{kind}] {what}: API {api}, DuckDB {ref}")

    for api_name, ref_name in COMMUNITY:
        check(f"overview community.{api_name}", api_overview["community"][api_name], reference["community"][ref_name])
    check("overview pointsSpent", api_overview["pointsSpent"], reference["community"]["points_spent"])
    for index, month in enumerate(api_overview["months"]):
        ref = reference["months"][index]
        for api_name, ref_name in [("members", "members"), ("newMembers", "new_members"), ("activeMembers", "active_members"),
                                   ("reactivatedMembers", "reactivated")]:
            check(f"overview months[{month['month']}].{api_name}", month[api_name], ref[ref_name])
    for index, cohort in enumerate(api_overview["cohorts"]):
        ref = reference["cohorts"][index]
        check(f"overview cohorts[{cohort['month']}].size", cohort["size"], ref["size"])
        check(f"overview cohorts[{cohort['month']}].active", cohort["active"], ref["active"][:len(cohort["active"])])
    for line in api_overview["activations"]:
        ref = reference["activations"].get(line["activationId"])
        if ref is None:
            mismatches.append(f"[{kind}] overview activation {line['activationId']}: not among DuckDB's")
            continue
        check(f"overview activation {line['activationId']} participants", line["participants"], ref["participants"])
        check(f"overview activation {line['activationId']} newMembers", line["newMembers"], ref["new_members"])
        check(f"overview activation {line['activationId']} continuity.acquired", line["continuity"]["acquired"], ref["new_members"])
    for activation, report in api_reports.items():
        ref = ref_reports[activation]
        for api_name, ref_name in OUTCOMES:
            check(f"report {activation} {api_name}", report["outcomes"][api_name], ref[ref_name])
        check(f"report {activation} continuity.reactivated", report["continuity"]["reactivated"], ref["reactivated"])
    return compared, mismatches


def run_json(command, env):
    """Runs a `relais bench` command, passing its progress lines on (not the migrations'), and returns its JSON report."""
    process = subprocess.Popen(command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    def relay():
        for line in process.stderr:
            if "Applied migration" not in line:
                print("    " + line.rstrip(), flush=True)
    relaying = threading.Thread(target=relay)
    relaying.start()
    out = process.stdout.read()
    relaying.join()
    if process.wait() != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return json.loads(out)


def bench_database(kind, args, work):
    binary = args.bin
    env, stop_pg = common.database_env(kind, work)
    result = {"database": kind}
    server = None
    try:
        print(f"[{kind}] seeding {args.members:,} members, {args.activations} activations, ~{args.events:,} events…", flush=True)
        seed_args = ["bench", "seed-roi", "--members", str(args.members), "--activations", str(args.activations),
                     "--events", str(args.events), "--seed", str(args.seed), "--until", args.until]
        seed = run_json([binary, *seed_args], env)
        result["seed"] = {k: v for k, v in seed.items() if k != "apiKey"}
        print(f"[{kind}] seeded {seed['events']:,} event rows in {seed['seconds']:.0f} s ({seed['eventsPerSecond']:.0f} rows/s)", flush=True)

        # The seed's rows marked every member for the pre-aggregated figures (the database triggers
        # do that for any write); count them all before timing, and say how fast that went.
        rollups = run_json([binary, "bench", "rollups"], env)
        result["rollups"] = rollups
        print(f"[{kind}] counted {rollups['members']:,} members into {rollups['counters']:,} counters in {rollups['seconds']:.0f} s "
              f"({rollups['membersPerSecond']:.0f} members/s)", flush=True)

        server = subprocess.Popen([binary], env=dict(env, RELAIS_PORT=str(PORT)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        common.wait_ready(PORT)
        key = seed["apiKey"]
        overview_path = f"/api/v1/brand/overview?period={args.period}"
        client = Client(key)
        status, body, millis = client.get(overview_path)
        if status != 200:
            raise RuntimeError(f"overview answered {status}: {body[:300]!r}")
        api_overview = json.loads(body)
        print(f"[{kind}] first overview in {millis:.0f} ms", flush=True)
        sample = sample_activations(seed, args.sample)
        report_paths = [f"/api/v1/activations/{a}/report" for a in sample]
        api_reports = {}
        for activation, path in zip(sample, report_paths):
            status, body, millis = client.get(path)
            if status != 200:
                raise RuntimeError(f"report answered {status}: {body[:300]!r}")
            api_reports[activation] = json.loads(body)
        # Warm-up: a second pass over each.
        client.get(overview_path)
        for path in report_paths:
            client.get(path)

        runs = {"overview": {1: [], 4: []}, "report": {1: [], 4: []}}
        for run in range(args.runs):
            for concurrency in (1, 4):
                for figure, paths in (("overview", [overview_path]), ("report", report_paths)):
                    measured = measure(key, paths, concurrency, args.requests, args.budget)
                    runs[figure][concurrency].append(measured)
                    print(f"[{kind}] run {run + 1}, {figure} at {concurrency} in flight: {measured['requests']} requests, "
                          f"p50 {measured['p50Millis']:.1f} ms, p95 {measured['p95Millis']:.1f} ms, {measured['errors']} errors", flush=True)
        result["api"] = {figure: {str(c): {"p50Millis": common.median_of(m, "p50Millis"), "p95Millis": common.median_of(m, "p95Millis"),
                                           "requests": sum(r["requests"] for r in m), "errors": sum(r["errors"] for r in m)}
                                  for c, m in per.items()} for figure, per in runs.items()}
        server.terminate()
        server.wait(timeout=60)
        server = None

        csv_folder = f"{work}/csv"
        written = run_json([binary, "bench", "export-roi", "--out", csv_folder], env)
        print(f"[{kind}] exported {sum(written['rows'].values()):,} rows in {written['seconds']:.0f} s", flush=True)
        result["export"] = written
        reference = Reference(csv_folder)
        start, end = year_bounds(int(args.period))
        as_of = min(end, int(time.time() * 1000))  # the end of the period, or now when it has not ended
        values = {"brand": seed["brandID"], "organisation": seed["organisationID"], "from": start, "to": end, "as_of": as_of,
                  "dormant": 180 * DAY, "day": DAY}
        # The activations the overview reads: those opened in the chart's months (for a year, the year's).
        grid_activations = [row[0] for row in reference.db.execute(
            "SELECT id FROM activations WHERE brand_id = ? AND status <> 'draft' AND opens_at >= ? AND opens_at < ? ORDER BY opens_at, id",
            [seed["brandID"], start, end]).fetchall()]
        overview_times, report_times = [], []
        reference_overview, reference_reports = None, {}
        for _ in range(args.runs):
            started = time.perf_counter()
            reference_overview = reference.overview(values, int(args.period), grid_activations)
            overview_times.append((time.perf_counter() - started) * 1000)
        for activation in sample:
            started = time.perf_counter()
            reference_reports[activation] = reference.report(values, activation)
            report_times.append((time.perf_counter() - started) * 1000)
        result["duckdb"] = {"version": reference.duckdb.__version__, "loadSeconds": reference.load_seconds,
                            "overviewMillis": statistics.median(overview_times), "reportMillis": statistics.median(report_times),
                            "overviewActivations": len(grid_activations)}
        print(f"[{kind}] DuckDB: load {reference.load_seconds:.1f} s, overview {result['duckdb']['overviewMillis']:.0f} ms, "
              f"report {result['duckdb']['reportMillis']:.0f} ms", flush=True)
        compared, mismatches = compare(kind, api_overview, api_reports, reference_overview, reference_reports)
        result["agreement"] = {"compared": compared, "mismatches": mismatches}
        for line in mismatches:
            print("MISMATCH " + line, flush=True)
        print(f"[{kind}] {compared} figures compared with DuckDB, {len(mismatches)} mismatches", flush=True)
        result["overviewCommunity"] = api_overview["community"]
        result["sample"] = sample
        return result
    finally:
        if server:
            server.terminate()
            server.wait(timeout=60)
        if stop_pg:
            stop_pg()


def markdown(results, args):
    seeded = results[0]["seed"]["counts"]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on this project's machine (2 cores, shared and noisy) with "
        f"`python3 bench/overview.py --runs {args.runs} --members {args.members} --activations {args.activations} --events {args.events} "
        f"--budget {args.budget:g}`, "
        f"{'release' if 'release' in args.bin else 'debug'} build: {seeded['members']:,} members, {seeded['activations']} activations, "
        f"{results[0]['seed']['events']:,} event rows ({seeded['entries']:,} entries, {seeded['consentRecords']:,} consent records, "
        f"{seeded['shareClicks']:,} share clicks, {seeded['shareVisits']:,} visits, {seeded['coupons']:,} coupons, "
        f"{seeded['pointsEntries']:,} points entries, {seeded['timelineEvents']:,} timeline events); overview of {args.period}, "
        f"reports of {args.sample} activations in turn. Latencies are medians over {args.runs} runs of each run's p50 and p95.",
        "",
        "| database | overview p50 / p95, 1 in flight | overview p50 / p95, 4 in flight | report p50 / p95, 1 in flight "
        "| report p50 / p95, 4 in flight | DuckDB from scratch: overview / report | seed: event rows/s | rollups: members counted/s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]

    def cell(m):
        return f"{m['p50Millis']:,.0f} / {m['p95Millis']:,.0f} ms ({m['requests']} req.)"

    for r in results:
        a, d = r["api"], r["duckdb"]
        lines.append(f"| {r['database']} | {cell(a['overview']['1'])} | {cell(a['overview']['4'])} | {cell(a['report']['1'])} "
                     f"| {cell(a['report']['4'])} | {d['overviewMillis']:,.0f} / {d['reportMillis']:,.0f} ms "
                     f"| {r['seed']['eventsPerSecond']:,.0f} ({r['seed']['seconds']:,.0f} s) "
                     f"| {r['rollups']['membersPerSecond']:,.0f} ({r['rollups']['seconds']:,.0f} s, {r['rollups']['counters']:,} counters) |")
    lines.append("")
    for r in results:
        target = "met" if max(r["api"]["overview"]["1"]["p95Millis"], r["api"]["report"]["1"]["p95Millis"]) < 50 else "not met"
        errors = sum(m["errors"] for per in r["api"].values() for m in per.values())
        lines.append(f"- {r['database']}: target (p95 < 50 ms for both) {target}; DuckDB {r['duckdb']['version']} loaded the export in "
                     f"{r['duckdb']['loadSeconds']:.1f} s (not counted above; its overview computes the {r['duckdb']['overviewActivations']} "
                     f"activations' outcomes the API's reads); {r['agreement']['compared']} figures compared with DuckDB, "
                     f"{len(r['agreement']['mismatches'])} mismatches; {errors} unexpected statuses.")
    return "\n".join(lines)


def main():
    args = arguments().parse_args()
    if not pathlib.Path(args.bin).exists():
        raise SystemExit("build first: swift build -c release --scratch-path .build-release --product relais")
    if not args.until:
        args.until = time.strftime("%Y-%m-%d", time.gmtime())
    if not args.period:
        args.period = str(int(args.until[:4]) - 1)
    results = []
    for kind in ["sqlite", "postgres"]:
        if args.only and kind != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="relais-overview-") as work:
            os.chmod(work, 0o755)
            results.append(bench_database(kind, args, work))
    (ROOT / "bench/results-overview.json").write_text(json.dumps(results, indent=1) + "\n")
    section = markdown(results, args)
    print(section)
    if not args.no_report:
        common.write_report(section, "overview", "Brand overview and activation report")


if __name__ == "__main__":
    main()
