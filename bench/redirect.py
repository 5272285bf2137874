#!/usr/bin/env python3
"""Share-link redirect benchmark, in a release build, on SQLite and on PostgreSQL.

For each database: seed a brand of 100,000 members (`relais bench seed`), give each one share
link (`relais bench seed-links`), start Relais, then with wrk (64 connections, one thread)
follow /r/{code} with a Zipf popularity over the 100,000 codes (bench/redirect.lua), click
tracking on. Side by side in the same run, the same requests against
  * a bare Hummingbird route answering every path with the same 302 (`relais bench bare-redirect`);
  * nginx (Debian package) answering `return 302` with the same Location;
both with the two `Set-Cookie` headers of one of Relais's own redirects, so that all three send
the same headers.
After the Relais runs the server is stopped gracefully (its click queue is drained) and the
clicks written are compared with the redirects it served (`relais_share_redirects_total`).
Each figure is the median of RUNS runs. Results go to docs/PERFORMANCE.md between the markers
of the "Share-link redirects" section, and to bench/results-redirect.json.

Usage: python3 bench/redirect.py [--runs N] [--seconds N] [--links N] [--only sqlite|postgres] [--no-report]
Needs: wrk, nginx, PostgreSQL server binaries (Debian: wrk nginx postgresql).
"""
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import members as common  # noqa: E402
from entries import wrk  # noqa: E402

ROOT = common.ROOT
BIN = common.BIN
PORT = common.PORT
BARE_PORT = PORT + 2
NGINX_PORT = PORT + 3
LOCATION = "https://www.example.com/landing?utm_source=relais&utm_medium=share&utm_campaign=share"


def redirects_served(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    match = re.search(r"^relais_share_redirects_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)", text, re.M)
    return int(float(match.group(1))) if match else 0


def clicks_waiting(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    match = re.search(r"^relais_share_clicks_waiting(?:\{[^}]*\})? (\d+(?:\.\d+)?)", text, re.M)
    return int(float(match.group(1))) if match else 0


def relais_run(seconds, env, url):
    """A wrk run against Relais, then the wait until its click queue is written: clicks a run left
    queued would otherwise be written during the next run, the bare route's or nginx's. The run's
    CPU figures cover the wait, and `sustainedPerSecond` counts it in the run's time."""
    meter = common.CpuMeter()
    run = wrk("redirect.lua", seconds, 64, env, url)
    started = time.monotonic()
    time.sleep(0.3)  # the writer records the queue after each batch, every 200 ms at most
    while clicks_waiting(PORT) > 0 and time.monotonic() - started < 600:
        time.sleep(0.1)
    run["drainSeconds"] = time.monotonic() - started - 0.3
    run.update(meter.read(run["requests"]))
    run["sustainedPerSecond"] = run["accepted"] / (run["seconds"] + max(run["drainSeconds"], 0))
    return run


def wait_port(port):
    """Waits until something accepts connections on `port` (its answers are redirects elsewhere, not followed)."""
    import socket
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def relais_cookies(port, code):
    """The `Set-Cookie` headers of one of Relais's redirects, so that the bare route and nginx answer
    the same 302: the same Location length and the same cookies, byte for byte in size."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", f"/r/{code}", headers={"User-Agent": "Mozilla/5.0 (iPhone)"})
    response = connection.getresponse()
    response.read()
    cookies = response.headers.get_all("Set-Cookie") or []
    connection.close()
    if response.status != 302 or len(cookies) != 2:
        raise SystemExit(f"unexpected redirect from Relais: {response.status}, cookies {cookies}")
    return cookies


def start_nginx(work, cookies):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = pathlib.Path(work) / "nginx.conf"
    cookie_lines = " ".join(f"add_header Set-Cookie '{c}' always;" for c in cookies)
    conf.write_text(f"""
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  server {{
    listen 127.0.0.1:{NGINX_PORT};
    location / {{ add_header Cache-Control no-store; {cookie_lines} return 302 "{LOCATION}"; }}
  }}
}}
""")
    process = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(NGINX_PORT)
    return process


def bench_database(kind, args, work):
    env, stop_pg = common.database_env(kind, work)
    result = {"database": kind}
    server = bare = nginx = None
    try:
        seed = json.loads(common.sh(str(BIN), "bench", "seed", "--members", str(args.links), "--events", "0", env=env))
        links = json.loads(common.sh(str(BIN), "bench", "seed-links", "--brand", str(seed["brandID"]), "--links", str(args.links),
                                     "--folder", work, env=env))
        load_env = dict(env, RELAIS_CODES_FILE=links["codesFile"])
        server = subprocess.Popen([str(BIN)], env=dict(env, RELAIS_PORT=str(PORT)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        common.wait_ready(PORT)
        common.settle(args.settle)
        # The Relais request that gives the cookies is a click like the others: counted in both
        # the redirects served and the clicks written.
        cookies = relais_cookies(PORT, pathlib.Path(links["codesFile"]).read_text().split()[0])
        bare = subprocess.Popen([str(BIN), "bench", "bare-redirect", "--location", LOCATION, "--port", str(BARE_PORT)]
                                + [arg for c in cookies for arg in ("--set-cookie", c)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(BARE_PORT)
        nginx = start_nginx(work, cookies)
        runs = {"relais": [], "bare": [], "nginx": []}
        for run in range(args.runs):
            runs["relais"].append(relais_run(args.seconds, load_env, f"http://127.0.0.1:{PORT}/"))
            runs["bare"].append(wrk("redirect.lua", args.seconds, 64, load_env, f"http://127.0.0.1:{BARE_PORT}/"))
            runs["nginx"].append(wrk("redirect.lua", args.seconds, 64, load_env, f"http://127.0.0.1:{NGINX_PORT}/"))
            print(f"[{kind}] run {run + 1}: " + ", ".join(f"{name} {r[-1]['perSecond']:.0f}/s p99 {r[-1]['p99Millis']:.2f} ms "
                                                     f"{r[-1]['cpuMicrosPerRequest']:.0f} µs CPU ({r[-1]['busy']:.0%} busy)"
                                                     + (f", queue written {r[-1]['drainSeconds']:.1f} s after" if "drainSeconds" in r[-1] else "")
                                                     for name, r in runs.items()), flush=True)
        served = redirects_served(PORT)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=600)
        server = None
        clicks = json.loads(common.sh(str(BIN), "bench", "link-clicks", env=env))
        for name, measured in runs.items():
            result[name] = {"perSecond": common.median_of(measured, "perSecond"), "p99Millis": common.median_of(measured, "p99Millis"),
                            "errors": sum(r["refused"] + r["socketErrors"] for r in measured), "cpu": common.cpu_of(measured)}
        result["relais"]["sustainedPerSecond"] = common.median_of(runs["relais"], "sustainedPerSecond")
        result["relais"]["drainSeconds"] = common.median_of(runs["relais"], "drainSeconds")
        result["ratioToBare"] = result["relais"]["perSecond"] / result["bare"]["perSecond"]
        result["sustainedRatioToBare"] = result["relais"]["sustainedPerSecond"] / result["bare"]["perSecond"]
        result["ratioToNginx"] = result["relais"]["perSecond"] / result["nginx"]["perSecond"]
        result["links"] = links["links"]
        result["redirectsServed"] = served
        result["clicks"] = clicks
        result["clicksMatch"] = clicks["human"] == served
        return result
    finally:
        for process in (server, bare, nginx):
            if process:
                process.terminate()
                process.wait()
        if stop_pg:
            stop_pg()


def markdown(results, args):
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on this project's machine (2 cores, shared and noisy) with "
             f"`python3 bench/redirect.py --runs {args.runs} --seconds {args.seconds} --links {args.links}`, release build; "
             f"wrk with 64 connections over loopback, Zipf popularity over {args.links:,} codes. Figures are medians of {args.runs} runs.",
             "", "| database | Relais /r/{code} per s (p99) | bare Hummingbird 302 per s (p99) | nginx `return 302` per s (p99) "
             "| Relais ÷ bare (target ≥ 0.85) | redirects served / clicks written |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['database']} | {r['relais']['perSecond']:.0f} ({r['relais']['p99Millis']:.2f} ms) | {r['bare']['perSecond']:.0f} "
                     f"({r['bare']['p99Millis']:.2f} ms) | {r['nginx']['perSecond']:.0f} ({r['nginx']['p99Millis']:.2f} ms) "
                     f"| {r['ratioToBare']:.2f} | {r['redirectsServed']:,} / {r['clicks']['human']:,} |")
    lines += ["", "| database | clicks still queued at the end of a run: written in | Relais counting that time, per s | ÷ bare |",
              "| --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['database']} | {r['relais']['drainSeconds']:.1f} s | {r['relais']['sustainedPerSecond']:.0f} | {r['sustainedRatioToBare']:.2f} |")
    lines += ["", "| database | machine CPU per answer: Relais | bare route | nginx | of it wrk (Relais / bare) | cores busy (Relais / bare) |",
              "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        c = {name: r[name]["cpu"] for name in ("relais", "bare", "nginx")}
        lines.append(f"| {r['database']} | {c['relais']['cpuMicrosPerRequest']:.1f} µs | {c['bare']['cpuMicrosPerRequest']:.1f} µs "
                     f"| {c['nginx']['cpuMicrosPerRequest']:.1f} µs | {c['relais']['loadGeneratorMicrosPerRequest']:.1f} / "
                     f"{c['bare']['loadGeneratorMicrosPerRequest']:.1f} µs | {c['relais']['busy']:.0%} / {c['bare']['busy']:.0%} |")
    return "\n".join(lines)


def main():
    args = common.arguments(links=100_000, settle=75).parse_args()
    common.run_each_database(args, bench_database, markdown, "redirect", "Share-link redirects")

if __name__ == "__main__":
    main()
