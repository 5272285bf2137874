#!/usr/bin/env python3
"""What the pre-aggregated figures cost the ingestion of entries, in a release build, on SQLite
and on PostgreSQL.

For each database: two brands seeded alike (`relais bench seed`, 10,000 members) in two databases
— one as Relais runs (the triggers mark every written member, the background job recounts them
every 5 s), one whose rollup triggers are dropped (nothing marked, nothing recounted) — each with
the live instant win of bench/entries.py. Then, alternating the two servers RUNS times (one at a
time, so neither's background work lands in the other's measurement), entries through the public
endpoint with wrk (64 connections, every check on). After each run with pre-aggregation, the time
until every written member is counted (`rollup_changes` empty) is measured too: the figures must
be current within a minute.
Each figure is the median of RUNS runs. Results go to docs/PERFORMANCE.md ("Cost of the
pre-aggregated figures") and to bench/results-rollup-cost.json.

Usage: python3 bench/rollup_cost.py [--runs N] [--seconds N] [--only sqlite|postgres] [--no-report]
Needs: wrk, PostgreSQL server binaries (Debian: wrk postgresql).
"""
import glob
import json
import pathlib
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import members as common  # noqa: E402
import entries  # noqa: E402

BIN = common.BIN
PORT = common.PORT


def psql(env_url, statement):
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    return common.sh(f"{pg_bin}/psql", env_url, "-At", "-v", "ON_ERROR_STOP=1", "-c", statement)


class Store:
    """One of the two databases: how to reach it, and how to read what waits to be counted."""

    def __init__(self, kind, env, label):
        self.kind, self.env, self.label = kind, env, label

    def query(self, statement):
        if self.kind == "sqlite":
            with sqlite3.connect(f"{self.env['RELAIS_DATA_DIR']}/relais.sqlite", timeout=30) as db:
                return db.execute(statement).fetchall()
        out = psql(self.env["RELAIS_DATABASE_URL"], statement).strip()
        return [tuple(line.split("|")) for line in out.splitlines() if line]

    def execute(self, statements):
        if self.kind == "sqlite":
            with sqlite3.connect(f"{self.env['RELAIS_DATA_DIR']}/relais.sqlite", timeout=30) as db:
                for statement in statements:
                    db.execute(statement)
        else:
            for statement in statements:
                psql(self.env["RELAIS_DATABASE_URL"], statement)

    def drop_rollup_triggers(self):
        if self.kind == "sqlite":
            names = [row[0] for row in self.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup%'")]
            self.execute([f"DROP TRIGGER {name}" for name in names] + ["DELETE FROM rollup_changes"])
        else:
            rows = self.query("SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                              "WHERE NOT t.tgisinternal AND t.tgname LIKE 'rollup%'")
            self.execute([f"DROP TRIGGER {name} ON {table}" for name, table in rows] + ["DELETE FROM rollup_changes"])
        return len(self.query("SELECT 1 FROM rollup_changes")) == 0

    def pending(self):
        return int(self.query("SELECT COUNT(*) FROM rollup_changes")[0][0])


def start(store):
    server = subprocess.Popen([str(BIN)], env=dict(store.env, RELAIS_PORT=str(PORT)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    common.wait_ready(PORT)
    return server


def stop(server):
    server.terminate()
    server.wait(timeout=120)


def bench_database(kind, args, work):
    env, stop_pg = common.database_env(kind, work)
    result = {"database": kind}
    server = None
    try:
        stores = {}
        for label in ("with", "without"):
            store_env = dict(env)
            if kind == "sqlite":
                store_env["RELAIS_DATA_DIR"] = f"{work}/sqlite-{label}"
            else:
                url = env["RELAIS_DATABASE_URL"]
                psql(url, f"CREATE DATABASE rollups_{label}")
                store_env["RELAIS_DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/rollups_{label}"
            store = Store(kind, store_env, label)
            seed = json.loads(common.sh(str(BIN), "bench", "seed", "--members", "10000", "--events", "0", env=store_env))
            if label == "without" and not store.drop_rollup_triggers():
                raise RuntimeError("rollup triggers still mark members")
            server = start(store)
            key = seed["apiKey"]
            activation = entries.api("POST", "/api/v1/activations", key, {
                "kind": "instant_win", "slug": "bench-instant", "titleFr": "Instant gagnant", "titleEn": "Instant win",
                "opensAt": entries.local_time(-2), "closesAt": entries.local_time(180), "entryFrequency": "once", "minimumAge": 12,
                "prizes": [{"name": "Bon d'achat", "quantity": 3000}], "rules": "Article 1 : jeu gratuit sans obligation d'achat."})
            entries.api("POST", f"/api/v1/activations/{activation['id']}/transitions", key, {"action": "schedule"})
            time.sleep(1)
            # What the seed and the set-up wrote is counted before the runs.
            while label == "with" and store.pending() > 0:
                time.sleep(1)
            stop(server)
            server = None
            stores[label] = store

        runs = {"with": [], "without": []}
        catch_up = []
        path = "/api/v1/public/activations/bench/bench-instant/entries"
        for run in range(args.runs):
            for label in ("with", "without"):
                store = stores[label]
                server = start(store)
                measured = entries.wrk("entry.lua", args.seconds, 64, dict(store.env, RELAIS_ENTRY_PATH=path), f"http://127.0.0.1:{PORT}/")
                runs[label].append(measured)
                line = f"[{kind}] run {run + 1}, {label} pre-aggregation: {measured['perSecond']:.0f} entries/s, p99 {measured['p99Millis']:.1f} ms"
                if label == "with":
                    ended = time.perf_counter()
                    left = store.pending()
                    while store.pending() > 0:
                        if time.perf_counter() - ended > 300:
                            raise RuntimeError("members still waiting to be counted 5 minutes after the load")
                        time.sleep(0.25)
                    catch_up.append(time.perf_counter() - ended)
                    line += f"; {left} members waiting at the end, all counted {catch_up[-1]:.1f} s later"
                print(line, flush=True)
                stop(server)
                server = None
        result["with"] = {"perSecond": common.median_of(runs["with"], "perSecond"), "p99Millis": common.median_of(runs["with"], "p99Millis")}
        result["without"] = {"perSecond": common.median_of(runs["without"], "perSecond"),
                             "p99Millis": common.median_of(runs["without"], "p99Millis")}
        result["ratio"] = result["with"]["perSecond"] / result["without"]["perSecond"]
        result["catchUpSeconds"] = {"median": sorted(catch_up)[len(catch_up) // 2], "max": max(catch_up)}
        return result
    finally:
        if server:
            stop(server)
        if stop_pg:
            stop_pg()


def markdown(results, args):
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on this project's machine (2 cores, shared and noisy) with "
             f"`python3 bench/rollup_cost.py --runs {args.runs} --seconds {args.seconds}`, release build. Entries through the public "
             f"endpoint (bench/entries.py's instant win, 64 connections), alternating a database as Relais runs it with one whose "
             f"rollup triggers are dropped; medians of {args.runs} runs each.",
             "", "| database | entries/s with pre-aggregation (p99) | without (p99) | cost | all members counted after the load |",
             "| --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['database']} | {r['with']['perSecond']:.0f} ({r['with']['p99Millis']:.1f} ms) | {r['without']['perSecond']:.0f} "
                     f"({r['without']['p99Millis']:.1f} ms) | {100 * (1 - r['ratio']):.1f} % | {r['catchUpSeconds']['median']:.1f} s "
                     f"(at most {r['catchUpSeconds']['max']:.1f} s) |")
    return "\n".join(lines)


def main():
    args = common.arguments().parse_args()
    common.run_each_database(args, bench_database, markdown, "rollup-cost", "Cost of the pre-aggregated figures")


if __name__ == "__main__":
    main()
