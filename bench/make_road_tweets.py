#!/usr/bin/env python3
"""Writes a small labelled corpus of road-sensor and tweet-count streams, for a sanity check of
`loka detect` on the two kinds of stream that NAB keeps out of the development data.

This is NOT NAB's realTraffic or realTweets data, and the project does not tune on it: it only
shows whether the detector behaves sensibly on streams of that kind (a detector whose false
alarms on such streams far exceed those on the development data would fail the held-out check).
Layout as NAB's (read by bench/detect_bench.py --corpus OUTDIR):

  OUTDIR/data/roadLike/<name>.csv      timestamp,value: speed (integer mph), occupancy (%,
                                       two decimals) and travel time (integer s) of road sensors,
                                       nominally every 5 minutes with missing readings and
                                       missing stretches of hours
  OUTDIR/data/tweetsLike/<name>.csv    timestamp,value: tweets per 5 minutes (integers; daily
                                       and weekly rhythm, over-dispersed, heavy-tailed benign
                                       bursts, a slowly wandering base rate)
  OUTDIR/labels/combined_windows.json  NAB's windows: 10% of a file's rows over its anomalies,
                                       centred on each onset

Anomalies: road streams get incidents (a long slowdown at an hour without one), a sensor stuck
at one value, and a sensor dropping to 0; tweet streams get news bursts (a much larger burst
than the benign ones, lasting hours) and a new level (the topic's base rate doubling or halving
for days).

Usage: make_road_tweets.py OUTDIR [--seed 5]. Standard library only; deterministic.
"""
import argparse
import datetime as dt
import json
import math
import os
import random
import sys

# The same Poisson sampler as the NAB-like development corpus.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts", "data"))
from make_nab_like import poisson  # noqa: E402

STEP_S = 300
DAY = 288
START = dt.datetime(2015, 9, 1, 0, 0, 0)


def stamp(i):
    return (START + dt.timedelta(seconds=STEP_S * i)).strftime("%Y-%m-%d %H:%M:%S")


def windows_for(rows_kept, onsets):
    """NAB's labeller: window length 10% of the rows over the number of anomalies, centred on
    each onset (indices into the kept rows), clipped to the file."""
    n = len(rows_kept)
    half = max(1, int(0.1 * n / max(len(onsets), 1)) // 2)
    out = []
    for k in sorted(onsets):
        a, b = max(0, k - half), min(n - 1, k + half)
        out.append([stamp(rows_kept[a]), stamp(rows_kept[b])])
    return out


def onsets_after_probation(rng, n, count):
    lo, hi = int(0.25 * n), int(0.95 * n)
    picks = []
    while len(picks) < count:
        k = rng.randint(lo, hi)
        if all(abs(k - p) > n // (2 * count + 2) for p in picks):
            picks.append(k)
    return sorted(picks)


def road_stream(rng, kind, days):
    """One road sensor: returns (kept row indices on the 5-minute grid, values, onset indices
    into the kept rows)."""
    n = days * DAY
    # Missing readings: single rows at random and stretches of 1-20 hours.
    keep = [rng.random() > 0.25 for _ in range(n)]
    for _ in range(rng.randint(3, 8)):
        a = rng.randint(0, n - 1)
        for i in range(a, min(n, a + rng.randint(12, 240))):
            keep[i] = False
    free = rng.uniform(55, 70)
    am, pm = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)  # depth of the two rush hours
    congestion = [0.0] * n
    for i in range(n):
        hour = (i % DAY) / 12.0
        weekday = (i // DAY) % 7 < 5
        c = am * math.exp(-((hour - 8.0) / 1.2) ** 2) + pm * math.exp(-((hour - 17.5) / 1.5) ** 2)
        congestion[i] = c * (1.0 if weekday else 0.2)
    kept = [i for i in range(n) if keep[i]]
    onset_rows = onsets_after_probation(rng, len(kept), rng.randint(1, 3))
    stuck, zero = [], []
    for k in onset_rows:
        i = kept[k]
        what = rng.choice(["incident", "incident", "stuck", "zero"])
        length = rng.randint(6, 36) if what == "incident" else rng.randint(36, 200)
        if what == "incident":
            depth = rng.uniform(0.4, 0.8)
            for j in range(i, min(n, i + length)):
                congestion[j] = max(congestion[j], depth)
        elif what == "stuck":
            stuck.append((i, i + length))
        else:
            zero.append((i, i + length))
    values = []
    ar = 0.0
    for i in range(n):
        ar = 0.8 * ar + rng.gauss(0, 0.04)
        c = min(0.95, max(0.0, congestion[i] + ar * (0.3 + congestion[i])))
        if kind == "speed":
            v = float(round(free * (1.0 - c) + rng.gauss(0, 2.0)))
        elif kind == "occupancy":
            v = round(max(0.0, 4.0 + 30.0 * c + rng.gauss(0, 0.8) * (1 + 3 * c)), 2)
        else:  # travel time over a fixed stretch, seconds
            v = float(round(180.0 / max(1.0 - c, 0.1) + rng.gauss(0, 8.0)))
        values.append(max(v, 0.0))
    for a, b in stuck:
        for j in range(a, min(n, b)):
            values[j] = values[a - 1]
    for a, b in zero:
        for j in range(a, min(n, b)):
            values[j] = 0.0
    return kept, [values[i] for i in kept], onset_rows


def tweet_stream(rng, days):
    n = days * DAY
    base = math.exp(rng.uniform(math.log(4), math.log(150)))
    shape = rng.uniform(3, 15)  # gamma-Poisson: variance mu + mu^2 / shape
    peak_hour = rng.uniform(13, 19)
    onsets = onsets_after_probation(rng, n, rng.randint(1, 3))
    boost = [1.0] * n
    # Benign bursts: about one every two days, Pareto-sized, decaying over 30 minutes to 3 hours.
    for _ in range(days // 2):
        a = rng.randint(0, n - 1)
        size = min(1.5 * (1.0 - rng.random()) ** (-1 / 1.6), 8.0)
        tau = rng.uniform(6, 36)
        for j in range(a, min(n, a + int(5 * tau))):
            boost[j] += (size - 1.0) * math.exp(-(j - a) / tau)
    for i in onsets:
        if rng.random() < 0.7:  # news: a burst far above the benign ones
            size, tau = rng.uniform(8, 30), rng.uniform(12, 48)
            for j in range(i, min(n, i + int(5 * tau))):
                boost[j] += (size - 1.0) * math.exp(-(j - i) / tau)
        else:  # a new level for days
            f = rng.choice([0.4, 2.5])
            for j in range(i, min(n, i + rng.randint(3 * DAY, 10 * DAY))):
                boost[j] *= f
    values = []
    walk = 0.0
    for i in range(n):
        walk = 0.9995 * walk + rng.gauss(0, 0.01)
        hour = (i % DAY) / 12.0
        daily = 0.35 + 0.65 * math.exp(-((hour - peak_hour) / 5.0) ** 2)
        weekly = 0.75 if (i // DAY) % 7 >= 5 else 1.0
        mu = base * daily * weekly * math.exp(walk) * boost[i]
        values.append(float(poisson(rng, rng.gammavariate(shape, mu / shape))))
    return list(range(n)), values, onsets


def write(outdir, category, name, rows_kept, values, onsets, windows):
    path = os.path.join(outdir, "data", category)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name + ".csv"), "w") as f:
        f.write("timestamp,value\n")
        for i, v in zip(rows_kept, values):
            f.write("%s,%s\n" % (stamp(i), ("%d" % v) if v == int(v) else ("%.2f" % v)))
    windows["%s/%s.csv" % (category, name)] = windows_for(rows_kept, onsets)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    windows = {}
    for k, kind in enumerate(["speed", "speed", "speed", "occupancy", "occupancy", "travel_time",
                              "travel_time"]):
        kept, values, onsets = road_stream(rng, kind, rng.randint(14, 20))
        write(args.outdir, "roadLike", "%s_%d" % (kind, k), kept, values, onsets, windows)
    for k in range(10):
        kept, values, onsets = tweet_stream(rng, 55)
        write(args.outdir, "tweetsLike", "tweets_%d" % k, kept, values, onsets, windows)
    os.makedirs(os.path.join(args.outdir, "labels"), exist_ok=True)
    with open(os.path.join(args.outdir, "labels", "combined_windows.json"), "w") as f:
        json.dump(windows, f, indent=1, sort_keys=True)
    print("wrote %d files to %s" % (len(windows), args.outdir))


if __name__ == "__main__":
    main()
