#!/usr/bin/env python3
"""Where a JFR recording spent its CPU samples: top leaf frames, top frames anywhere on the stack (inclusive),
and samples per thread. Usage: load-tests/jfr-top.py FILE.jfr [N]"""
import collections, re, subprocess, sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                      capture_output=True, text=True, check=True).stdout
leaf, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
samples = 0
for event in text.split("jdk.ExecutionSample {")[1:]:
    samples += 1
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    threads[re.sub(r'\d+', '#', thread.group(1)) if thread else "?"] += 1
    frames = [re.sub(r'\s+line:.*', '', f.strip()) for f in re.findall(r'^\s{4,}(\S.*)$', event, re.M)
              if not f.strip().startswith("...")]
    frames = [f for f in frames if "(" in f and "=" not in f]
    if frames:
        leaf[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
print(f"{samples} samples in {path}")
for title, counter in (("threads", threads), ("leaf frames", leaf), ("inclusive frames", inclusive)):
    print(f"\n-- {title}")
    for name, count in counter.most_common(top):
        print(f"{100.0 * count / max(samples, 1):5.1f}%  {name[:160]}")
