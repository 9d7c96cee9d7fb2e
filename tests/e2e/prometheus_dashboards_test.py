#!/usr/bin/env python3
"""The Grafana dashboards and the Prometheus rules against a real Prometheus.

Every panel of deploy/grafana/dashboards/ has a title, a description and a
unit, and takes its data source from the dashboard's "datasource" variable.
Then transpod (loaded with the demo data set), the Alertmanager bridge and
Debian's Prometheus run on loopback, Prometheus scraping both every second
with deploy/prometheus/prometheus.yml's jobs and rules; every PromQL
expression of every panel runs through Prometheus's HTTP API without error
and returns data, and every rule of deploy/prometheus/rules/ evaluates
without error.

Usage: prometheus_dashboards_test.py SOURCE_DIR TRANSPOD BRIDGE
"""

import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

import yaml

from e2e_support import fail, failures, free_port, wait_for

def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


def check_dashboard(path):
    """Returns the PromQL of its panels, as (panel title, expression)."""
    board = json.load(open(path))
    name = os.path.basename(path)
    variables = board.get("templating", {}).get("list", [])
    if not any(v.get("name") == "datasource" and v.get("type") == "datasource"
               and v.get("query") == "prometheus" for v in variables):
        fail(f"{name}: no \"datasource\" variable of Prometheus data sources")
    expressions = []
    for panel in board["panels"]:
        if panel["type"] == "row":
            continue
        title = panel.get("title", "")
        where = f"{name}, panel \"{title}\""
        if not title:
            fail(f"{name}: panel {panel.get('id')} has no title")
        if not panel.get("description"):
            fail(f"{where}: no description")
        if not panel.get("fieldConfig", {}).get("defaults", {}).get("unit"):
            fail(f"{where}: no unit")
        if panel.get("datasource", {}).get("uid") != "${datasource}":
            fail(f"{where}: its data source is not ${{datasource}}")
        if not panel.get("targets"):
            fail(f"{where}: no query")
        for target in panel.get("targets", []):
            if target.get("datasource", {}).get("uid") != "${datasource}":
                fail(f"{where}: a query's data source is not ${{datasource}}")
            expressions.append((where, target["expr"]))
    return expressions


def query(prometheus, expr):
    url = prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        return json.loads(get(url))
    except urllib.error.HTTPError as e:  # 400 for a bad expression
        return json.loads(e.read().decode())


def main():
    source, transpod_path, bridge_path = map(os.path.abspath, sys.argv[1:4])
    panels = []
    for path in sorted(glob.glob(f"{source}/deploy/grafana/dashboards/*.json")):
        panels += check_dashboard(path)
    if len(glob.glob(f"{source}/deploy/grafana/dashboards/*.json")) < 2:
        fail("fewer than two dashboards in deploy/grafana/dashboards/")

    work = tempfile.mkdtemp(prefix="transpo-prometheus-")
    grpc_port, metrics_port = free_port(), free_port()
    bridge_port, prometheus_port = free_port(), free_port()
    demo = f"{source}/deploy/demo"
    processes = []

    def start(name, args):
        log = open(f"{work}/{name}.log", "w")
        processes.append((name, subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT)))

    try:
        start("transpod", [
            transpod_path, "--data-dir", f"{work}/data",
            "--listen", f"127.0.0.1:{grpc_port}",
            "--metrics-listen", f"127.0.0.1:{metrics_port}",
            "--demo-data", f"{demo}/administrations.csv",
            "--demo-data", f"{demo}/dossiers.csv"])
        wait_for("transpod loads the demo data", lambda: "\ntranspo_directives_followed 5"
                 in get(f"http://127.0.0.1:{metrics_port}/metrics"))
        # Alertmanager is not there: the bridge retries, and lags.
        start("bridge", [
            bridge_path, "--server", f"127.0.0.1:{grpc_port}",
            "--alertmanager", f"http://127.0.0.1:{free_port()}",
            "--state-file", f"{work}/bridge.state",
            "--metrics-listen", f"127.0.0.1:{bridge_port}"])

        config = yaml.safe_load(open(f"{source}/deploy/prometheus/prometheus.yml"))
        config["global"]["scrape_interval"] = "1s"
        config["global"]["evaluation_interval"] = "1s"
        config["rule_files"] = [f"{source}/deploy/prometheus/rules/*.yml"]
        config["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] = []
        targets = {"transpod": metrics_port, "transpo-alertmanager": bridge_port}
        jobs = {job["job_name"] for job in config["scrape_configs"]}
        if jobs != set(targets):
            fail(f"prometheus.yml scrapes {sorted(jobs)}, not {sorted(targets)}")
        for job in config["scrape_configs"]:
            port = targets.get(job["job_name"])
            job["static_configs"] = [{"targets": [f"127.0.0.1:{port}"]}]
        yaml.safe_dump(config, open(f"{work}/prometheus.yml", "w"))
        start("prometheus", [
            "prometheus", f"--config.file={work}/prometheus.yml",
            f"--storage.tsdb.path={work}/prometheus-data",
            f"--web.listen-address=127.0.0.1:{prometheus_port}"])
        prometheus = f"http://127.0.0.1:{prometheus_port}"
        wait_for("Prometheus is ready", lambda: "Ready" in get(prometheus + "/-/ready"))

        # Enough samples for rate() over both targets.
        def scraped():
            result = query(prometheus, "min(count_over_time(up[1m])) >= 5 "
                                       "and min(up) == 1 and count(up) == 2")
            return result["status"] == "success" and result["data"]["result"]
        wait_for("Prometheus scrapes transpod and the bridge", scraped)

        for where, expr in panels:
            result = query(prometheus, expr)
            if result["status"] != "success":
                fail(f"{where}: {expr}: {result.get('error')}")
            elif not result["data"]["result"]:
                fail(f"{where}: {expr}: no data")
        print(f"{len(panels)} panel queries answered with data", flush=True)

        # Every rule evaluated (several times) without error.
        rules = [rule for path in glob.glob(f"{source}/deploy/prometheus/rules/*.yml")
                 for group in yaml.safe_load(open(path))["groups"]
                 for rule in group["rules"]]
        for rule in rules:
            result = query(prometheus, rule["expr"])
            if result["status"] != "success":
                fail(f"rule {rule['alert']}: {result.get('error')}")
        loaded = json.loads(get(prometheus + "/api/v1/rules"))["data"]["groups"]
        health = {rule["name"]: (rule["health"], rule.get("lastError", ""))
                  for group in loaded for rule in group["rules"]}
        for rule in rules:
            state = health.get(rule["alert"])
            if state is None:
                fail(f"rule {rule['alert']}: not loaded by Prometheus")
            elif state[0] != "ok":
                fail(f"rule {rule['alert']}: health {state[0]} {state[1]}")
        print(f"{len(rules)} rules evaluated without error", flush=True)
    finally:
        for name, process in processes:
            process.send_signal(signal.SIGTERM)
        for name, process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if failures:
            for name, _ in processes:
                print(f"----- {name}.log")
                print(open(f"{work}/{name}.log").read()[-3000:])
    if failures:
        print(f"{len(failures)} failures")
        return 1
    subprocess.run(["rm", "-rf", work])
    return 0


if __name__ == "__main__":
    sys.exit(main())
