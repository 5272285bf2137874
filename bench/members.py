#!/usr/bin/env python3
"""Member benchmarks of issue "backbone", in a release build, on SQLite and on PostgreSQL.

For each database: seed MEMBERS members and EVENTS timeline events (`relais bench seed`),
start the server, then measure
  * member upserts through the API with wrk (64 connections), beside the raw database
    ceiling of the same writes done directly, one transaction each, in the same run;
  * member search by e-mail, phone prefix and name prefix through the API (p99);
  * segment counts with three rules, when the server has segments.
Each throughput figure is the median of RUNS runs. Results go to docs/PERFORMANCE.md between
the markers of the "Members" section, and to bench/results-members.json.

Usage: python3 bench/members.py [--members N] [--events N] [--runs N] [--only sqlite|postgres]
Needs: wrk, PostgreSQL server binaries (Debian: wrk postgresql).
"""
import argparse
import glob
import json
import os
import pathlib
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / ".build-release/release/relais"
PORT = 18280
# Below the ephemeral range (32768-60999), where wrk's many client sockets left in TIME-WAIT
# would keep a port taken.
PG_PORT = 15488


def sh(*args, env=None, check=True, capture=True, timeout=None):
    result = subprocess.run(args, env=env, check=check, text=True, timeout=timeout,
                            stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)
    return result.stdout if capture else ""


def as_postgres(*args):
    return ("runuser", "-u", "postgres", "--", *args) if os.getuid() == 0 else args


def start_postgres(folder):
    pg_bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    os.makedirs(folder, exist_ok=True)
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
    sh(*as_postgres(f"{pg_bin}/initdb", "-D", folder, "-U", "postgres", "--auth=trust", "--locale=C.UTF-8", "-E", "UTF8"))
    sh(*as_postgres(f"{pg_bin}/pg_ctl", "-D", folder, "-o",
                    f"-p {PG_PORT} -k {folder} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=200 "
                    "-c synchronous_commit=on -c checkpoint_timeout=30min -c max_wal_size=8GB",
                    "-l", f"{folder}/log", "-w", "start"))
    return lambda: sh(*as_postgres(f"{pg_bin}/pg_ctl", "-D", folder, "-m", "fast", "stop"), check=False)


def database_env(kind, work):
    """The environment that points `relais` at a fresh database of `kind` in `work`, and the function
    that stops it (None for SQLite)."""
    env = dict(os.environ, RELAIS_LOG_LEVEL="warning")
    if kind == "postgres":
        stop = start_postgres(f"{work}/pg")
        env["RELAIS_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres"
        return env, stop
    env["RELAIS_DATA_DIR"] = f"{work}/sqlite"
    return env, None


def wait_ready(port):
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=1)
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("server did not become ready")


def wrk(script, seconds, connections, env, path="/"):
    out = sh("wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(ROOT / "bench" / script),
             f"http://127.0.0.1:{PORT}{path}", env=env)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(label):
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = len(re.findall(r"unexpected status", out)) + int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    return {"perSecond": rps, "p50Millis": pct("50"), "p99Millis": pct("99"), "errors": errors}


class CpuMeter:
    """The machine's CPU time over a stretch of a benchmark, from /proc/stat (every process, the
    load generator's included, as it shares the cores), and the load generator's own CPU time
    (the children this script waited for). Divided by the requests answered, it says what one
    request costs the machine: when the cores are busy all the time, throughput can only grow
    by making each request cheaper."""

    def __init__(self):
        self.machine, self.idle, self.steal = self._machine()
        self.children = self._children()
        self.wall = time.monotonic()

    @staticmethod
    def _machine():
        fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        # user nice system idle iowait irq softirq steal guest guest_nice
        idle, steal = fields[3] + fields[4], fields[7]
        busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6]
        tick = os.sysconf("SC_CLK_TCK")
        return busy / tick, idle / tick, steal / tick

    @staticmethod
    def _children():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def read(self, requests):
        """CPU per request in microseconds: the machine's and the load generator's; how busy the
        cores were (1.0 = all of them all the time) and the share of time the host took (steal)."""
        machine, idle, steal = self._machine()
        wall = time.monotonic() - self.wall
        cores = os.cpu_count() or 1
        busy = machine - self.machine
        per = 1e6 / max(requests, 1)
        return {"cpuMicrosPerRequest": busy * per, "loadGeneratorMicrosPerRequest": (self._children() - self.children) * per,
                "busy": busy / (wall * cores), "steal": (steal - self.steal) / (wall * cores)}


def cpu_of(runs):
    """The medians of the runs' CPU figures (see `CpuMeter.read`)."""
    return {key: median_of(runs, key) for key in ("cpuMicrosPerRequest", "loadGeneratorMicrosPerRequest", "busy", "steal")}


def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def bench_database(kind, args, work):
    env, stop_pg = database_env(kind, work)
    result = {"database": kind}
    server = None
    try:
        print(f"[{kind}] seeding {args.members} members and {args.events} events…", flush=True)
        seed = json.loads(sh(str(BIN), "bench", "seed", "--members", str(args.members), "--events", str(args.events), env=env))
        result["seed"] = seed
        print(f"[{kind}] seeded in {seed['seconds']:.0f} s", flush=True)
        sh(str(BIN), "bench", "queries", "--brand", str(seed["brandID"]), "--folder", work, env=env)
        server_env = dict(env, RELAIS_PORT=str(PORT))
        server = subprocess.Popen([str(BIN)], env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(PORT)
        load_env = dict(env, RELAIS_API_KEY=seed["apiKey"])
        api_runs, raw_runs = [], []
        for run in range(args.runs):
            api_runs.append(wrk("upsert.lua", args.seconds, 64, load_env))
            raw = json.loads(sh(str(BIN), "bench", "raw-upserts", "--brand", str(seed["brandID"]),
                                "--count", str(int(max(api_runs[-1]["perSecond"], 500) * args.seconds)), "--concurrency", "64", env=env))
            raw_runs.append(raw)
            print(f"[{kind}] upsert run {run + 1}: API {api_runs[-1]['perSecond']:.0f}/s p99 {api_runs[-1]['p99Millis']:.1f} ms, "
                  f"raw {raw['perSecond']:.0f}/s p99 {raw['p99Millis']:.1f} ms", flush=True)
        result["upsert"] = {
            "api": {"perSecond": median_of(api_runs, "perSecond"), "p99Millis": median_of(api_runs, "p99Millis"),
                    "errors": sum(r["errors"] for r in api_runs)},
            "raw": {"perSecond": median_of(raw_runs, "perSecond"), "p99Millis": median_of(raw_runs, "p99Millis")},
        }
        result["upsert"]["ratio"] = result["upsert"]["api"]["perSecond"] / result["upsert"]["raw"]["perSecond"]
        result["search"] = {}
        for name in ("emails", "phones", "names"):
            # Latency with two searches always in flight (as many as the machine has cores), and
            # throughput with eight, where the machine is saturated and p99 measures the queue.
            env = dict(load_env, RELAIS_QUERIES=f"{work}/{name}.txt")
            latency = [wrk("search.lua", max(5, args.seconds // 2), 2, env) for _ in range(args.runs)]
            saturated = [wrk("search.lua", max(5, args.seconds // 2), 8, env) for _ in range(args.runs)]
            result["search"][name] = {"p99Millis": median_of(latency, "p99Millis"), "p50Millis": median_of(latency, "p50Millis"),
                                      "perSecond": median_of(saturated, "perSecond"),
                                      "p99SaturatedMillis": median_of(saturated, "p99Millis"),
                                      "errors": sum(r["errors"] for r in latency + saturated)}
            print(f"[{kind}] search {name}: p99 {result['search'][name]['p99Millis']:.1f} ms at 2 connections, "
                  f"{result['search'][name]['perSecond']:.0f}/s at 8", flush=True)
        segment_script = ROOT / "bench" / "segment_count.py"
        if segment_script.exists():
            out = sh("python3", str(segment_script), f"http://127.0.0.1:{PORT}", seed["apiKey"], str(args.runs), env=load_env,
                     timeout=args.segment_timeout)
            result["segments"] = json.loads(out)
            print(f"[{kind}] segment count: median {result['segments']['medianMillis']:.0f} ms", flush=True)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        if stop_pg:
            stop_pg()
    return result


def markdown(results, args):
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on this project's machine (2 cores, shared and noisy) with "
        f"`python3 bench/members.py --members {args.members} --events {args.events} --runs {args.runs}`, release build, "
        f"{args.members:,} members and {args.events:,} timeline events. Figures are medians of {args.runs} runs.",
        "",
        "| database | API upserts/s (p99) | raw ceiling/s (p99) | ratio (target ≥ 0.5) |",
        "| --- | --- | --- | --- |",
    ]
    for r in results:
        u = r["upsert"]
        lines.append(f"| {r['database']} | {u['api']['perSecond']:.0f} ({u['api']['p99Millis']:.1f} ms) | "
                     f"{u['raw']['perSecond']:.0f} ({u['raw']['p99Millis']:.1f} ms) | {u['ratio']:.2f} |")
    lines += ["", "| database | search | p50 | p99 at 2 connections (target < 20 ms) | searches/s at 8 connections (p99 there) |",
              "| --- | --- | --- | --- | --- |"]
    for r in results:
        for name, label in (("emails", "e-mail"), ("phones", "phone prefix"), ("names", "name prefix")):
            q = r["search"][name]
            lines.append(f"| {r['database']} | {label} | {q['p50Millis']:.1f} ms | {q['p99Millis']:.1f} ms | "
                         f"{q['perSecond']:.0f} ({q['p99SaturatedMillis']:.1f} ms) |")
    if any("segments" in r for r in results):
        lines += ["", "| database | segment count, three rules: median (p95) |", "| --- | --- |"]
        for r in results:
            if "segments" in r:
                lines.append(f"| {r['database']} | {r['segments']['medianMillis']:.0f} ms ({r['segments']['p95Millis']:.0f} ms) |")
    errors = sum(r["upsert"]["api"]["errors"] + sum(v["errors"] for v in r["search"].values()) for r in results)
    lines += ["", f"Requests answered with an unexpected status during the runs: {errors}."]
    return "\n".join(lines)


def write_report(section, name="members", heading="Members"):
    """Puts `section` between the markers `<!-- {name}:start -->` and `<!-- {name}:end -->` of docs/PERFORMANCE.md."""
    path = ROOT / "docs/PERFORMANCE.md"
    text = path.read_text()
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text:
        text += f"\n## {heading}\n\n{start}\n{end}\n"
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    path.write_text(before + start + "\n" + section + "\n" + end + after)


def settle(seconds):
    """Waits while the server's background jobs handle the seeded members: a minute after start, the
    life-events job gives each complete profile its `profile.completed` event (one event per seeded
    member), which would otherwise fall inside a measurement."""
    if seconds > 0:
        print(f"letting the server settle for {seconds} s (life events of the seeded members)", flush=True)
        time.sleep(seconds)


def wait_quiet(limit=180, busy_below=0.10, for_seconds=3):
    """Waits (at most `limit` seconds) until the machine's cores have been under `busy_below` busy
    for `for_seconds` in a row: the server's background jobs (and PostgreSQL's own work) have
    caught up, so that a measurement compares like with like. Returns the seconds waited."""
    started = time.monotonic()
    quiet = 0
    while time.monotonic() - started < limit and quiet < for_seconds:
        before = CpuMeter._machine()
        time.sleep(1)
        after = CpuMeter._machine()
        busy = after[0] - before[0]
        idle = after[1] - before[1]
        quiet = quiet + 1 if busy / max(1e-9, busy + idle) < busy_below else 0
    return time.monotonic() - started


def arguments(**defaults):
    """The options every benchmark takes: --runs, --seconds, --only, --no-report, plus `defaults` (name → default int)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    for name, value in defaults.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=value)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--no-report", action="store_true")
    return parser


def run_each_database(args, bench_database, markdown, name, heading):
    """Runs `bench_database(kind, args, work)` on SQLite then PostgreSQL (or `--only` one), each in a
    fresh temporary folder; writes bench/results-{name}.json and the docs/PERFORMANCE.md section."""
    if not BIN.exists():
        raise SystemExit("build first: swift build -c release --scratch-path .build-release --product relais")
    results = []
    for kind in ["sqlite", "postgres"]:
        if args.only and kind != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="relais-bench-") as work:
            os.chmod(work, 0o755)
            results.append(bench_database(kind, args, work))
    (ROOT / f"bench/results-{name}.json").write_text(json.dumps(results, indent=1) + "\n")
    section = markdown(results, args)
    print(section)
    if not args.no_report:
        write_report(section, name, heading)


def main():
    parser = arguments(members=1_000_000, events=10_000_000, segment_timeout=300)
    run_each_database(parser.parse_args(), bench_database, markdown, "members", "Members")

if __name__ == "__main__":
    main()
