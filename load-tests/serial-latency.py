#!/usr/bin/env python3
"""One call at a time against a running stack (./tollgrid up): authorise then stop over one keep-alive
connection, plus a GET /health as the HTTP floor. It opens its own funded account on the demo tenant and
plan first (admin key: TOLLGRID_ADMIN_KEY, default the local stack's). Prints p50/p90/max per request
kind, dropping the first fifth as warm-up. Usage: load-tests/serial-latency.py [CALLS] [HOST:PORT]"""
import http.client
import json
import os
import sys
import time

calls = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
host, port = (sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1:8080").split(":")
admin_key = os.environ.get("TOLLGRID_ADMIN_KEY", "local-admin-key-change-me")
tag = "serial-%d" % int(time.time())
account = tag
connection = http.client.HTTPConnection(host, int(port))


def timed(method, path, body=None, headers=None):
    started = time.perf_counter()
    headers = dict(headers or {})
    if body is not None:
        headers["content-type"] = "application/json"
    connection.request(method, path, None if body is None else json.dumps(body), headers)
    response = connection.getresponse()
    answer = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status not in (200, 201):
        raise SystemExit("%s %s answered %d: %s" % (method, path, response.status, answer[:200]))
    if path.endswith("/authorise") and json.loads(answer).get("decision") != "ALLOW":
        raise SystemExit("authorise was not allowed: %s" % answer[:200])
    return elapsed


timed("POST", "/admin/accounts", {"tenantId": "demo", "accountId": account, "currency": "EUR",
                                  "ratePlanId": "demo-flat", "balance": "1000000"},
      {"authorization": "Bearer " + admin_key})
samples = {"authorise": [], "stop": [], "health": []}
for i in range(calls):
    call_id = "%s-%d" % (tag, i)
    samples["authorise"].append(timed("POST", "/v1/calls/authorise", {
        "callId": call_id, "account": account, "caller": "35929000001", "callee": "442071234567"}))
    samples["stop"].append(timed("POST", "/v1/calls/stop", {"callId": call_id, "account": account, "durationSeconds": 30}))
    samples["health"].append(timed("GET", "/health"))
for name, values in samples.items():
    kept = sorted(values[len(values) // 5:])
    print("%-9s p50 %6.2f ms  p90 %6.2f ms  max %7.2f ms  (n=%d)" % (
        name, kept[len(kept) // 2], kept[int(len(kept) * 0.9)], kept[-1], len(kept)))
