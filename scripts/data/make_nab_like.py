#!/usr/bin/env python3
"""Writes a small NAB-like labelled corpus: synthetic streams with labelled anomaly windows.

This is NOT the Numenta Anomaly Benchmark's data (which the project cannot download). It imitates
NAB's format and labelling convention so that bench/detect_bench.py can score detectors the way
NAB does:

  OUTDIR/data/<name>.csv              timestamp,value   ("YYYY-MM-DD HH:MM:SS", 5-minute steps)
  OUTDIR/labels/combined_labels.json  {"<name>.csv": ["<anomaly onset timestamp>", ...]}
  OUTDIR/labels/combined_windows.json {"<name>.csv": [["<start>", "<end>"], ...]}
  OUTDIR/labels/kinds.json            {"<name>.csv": ["level_shift", ...]}  (not a NAB file)

Windows follow NAB's labeller: total window length is 10% of the file's rows divided by its
number of anomalies, centred on each onset and clipped to the file. Onsets are placed after the
first 15% of rows (NAB's probationary period) plus half a window.

Stream shapes (each with seeded parameters): daily-seasonal traffic, AR(1) CPU load with
heavy-tailed benign bursts, slowly wandering machine temperature, Poisson counts with a daily
rate, trend plus season, and a flat series with benign spikes. Anomaly kinds: spike, level
shift, variance change, stuck sensor, lost daily pattern, new trend, frequency change.

Usage: make_nab_like.py OUTDIR [--seed 7] [--files 30]. Standard library only; deterministic.
"""
import argparse
import datetime as dt
import json
import math
import os
import random

STEP = dt.timedelta(minutes=5)
START = dt.datetime(2015, 3, 2, 0, 0, 0)
DAY = 288  # rows per day at 5-minute steps

SHAPES = ["traffic", "cpu", "temperature", "counts", "trend", "flat_spiky"]
KINDS = ["spike", "level_shift", "variance", "stuck", "season_loss", "trend", "frequency"]


def ts(i):
    return (START + i * STEP).strftime("%Y-%m-%d %H:%M:%S")


class Stream:
    """A base signal b[i] plus noise n[i]; anomalies edit the parts before they are summed."""

    def __init__(self, rng, shape, n):
        self.rng, self.shape, self.n = rng, shape, n
        self.level = rng.uniform(20, 200)
        self.noise = self.level * rng.uniform(0.01, 0.05)
        self.amp = self.level * rng.uniform(0.1, 0.5) if shape in ("traffic", "counts", "trend") else 0
        self.phase = rng.uniform(0, 2 * math.pi)
        self.period = DAY
        self.slope = 0.0
        self.base = [0.0] * n
        self.scale = [1.0] * n  # noise multiplier
        self.stuck_spans = []
        self.season_gain = [1.0] * n
        self.extra = [0.0] * n
        self.period_factor = [1.0] * n
        if shape == "trend":
            self.slope = self.level * rng.uniform(0.1, 0.4) / n

    def season(self, i):
        # Phase is integrated so a frequency change does not jump.
        return self.amp * math.sin(self.phase_at[i])

    def render(self):
        rng, n = self.rng, self.n
        self.phase_at = [0.0] * n
        ph = self.phase
        for i in range(n):
            self.phase_at[i] = ph
            ph += 2 * math.pi / self.period * self.period_factor[i]
        out = []
        ar = 0.0
        walk = 0.0
        for i in range(n):
            s = self.season_gain[i] * self.season(i)
            if self.shape == "traffic":
                # Weekends run 25% lower; the change ramps over the first and last 3 hours.
                day_pos, dow = i % DAY, (i // DAY) % 7
                ramp = min(1.0, min(day_pos, DAY - day_pos) / 36.0)
                week = 1.0 - 0.25 * ramp * (dow >= 5)
                v = self.level * week + s + rng.gauss(0, self.noise) * self.scale[i]
            elif self.shape == "cpu":
                ar = 0.9 * ar + rng.gauss(0, self.noise) * self.scale[i]
                burst = self.level * 0.5 * rng.random() if rng.random() < 0.003 else 0.0
                v = self.level + ar + burst
            elif self.shape == "temperature":
                walk += rng.gauss(0, self.noise * 0.05)
                walk *= 0.999
                v = self.level + walk + rng.gauss(0, self.noise * 0.3) * self.scale[i]
            elif self.shape == "counts":
                lam = max(0.5, (self.level + s) / 10.0)
                v = float(poisson(rng, lam * self.scale[i] if self.scale[i] > 1 else lam))
                if self.scale[i] > 1:
                    v += rng.gauss(0, self.noise * (self.scale[i] - 1) / 10.0)
            elif self.shape == "trend":
                v = self.level + self.slope * i + s + rng.gauss(0, self.noise) * self.scale[i]
            else:  # flat_spiky
                v = self.level + rng.gauss(0, self.noise * 0.2) * self.scale[i]
                if rng.random() < 0.004:
                    v += self.level * rng.uniform(0.2, 1.0)
            v += self.extra[i]
            out.append(v)
        return out


def poisson(rng, lam):
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def inject(stream, kind, at, rng, spread):
    """Edits the stream so that an anomaly of `kind` starts at row `at`. `spread` is the p5-p95
    range of the stream rendered without anomalies: sizes are set against it so that, as in
    NAB's labelled files, an anomaly is visible to an analyst looking at the plot."""
    n = stream.n
    sigma = max(stream.noise, 1e-9)
    if stream.shape == "counts":
        sigma = math.sqrt(max(1.0, stream.level / 10.0))
    if kind == "spike":
        mag = rng.choice([-1, 1]) * (rng.uniform(4, 8) * sigma + rng.uniform(0.3, 1.0) * spread)
        for j in range(rng.randint(1, 3)):
            if at + j < n:
                stream.extra[at + j] += mag
    elif kind == "level_shift":
        mag = rng.choice([-1, 1]) * (rng.uniform(2, 4) * sigma + rng.uniform(0.2, 0.6) * spread)
        for i in range(at, n):
            stream.extra[i] += mag
    elif kind == "variance":
        f = rng.uniform(3, 6)
        for i in range(at, min(n, at + rng.randint(150, 500))):
            stream.scale[i] = f
    elif kind == "stuck":
        # The value is frozen after rendering (make_file), at the last value before `at`.
        stream.stuck_spans.append((at, min(n, at + rng.randint(100, 300))))
    elif kind == "season_loss":
        for i in range(at, min(n, at + rng.randint(DAY // 2, DAY * 2))):
            stream.season_gain[i] = 0.0
    elif kind == "trend":
        slope = rng.choice([-1, 1]) * (rng.uniform(3, 6) * sigma + rng.uniform(0.3, 0.8) * spread) / 300.0
        for i in range(at, n):
            stream.extra[i] += slope * (i - at)
    elif kind == "frequency":
        for i in range(at, min(n, at + rng.randint(DAY, DAY * 2))):
            stream.period_factor[i] = 3.0


def kinds_for(shape):
    if shape in ("traffic", "counts", "trend"):
        return KINDS
    return [k for k in KINDS if k not in ("season_loss", "frequency")]


def make_file(rng, idx, n_anomalies):
    shape = SHAPES[idx % len(SHAPES)]
    n = rng.randint(3000, 6000)
    stream = Stream(rng, shape, n)
    windows, onsets, kinds = [], [], []
    state = rng.getstate()
    stream.rng = random.Random(rng.random())
    clean = sorted(stream.render())
    stream.rng = rng
    rng.setstate(state)
    spread = clean[int(0.95 * n)] - clean[int(0.05 * n)]
    if n_anomalies:
        win = int(0.10 * n / n_anomalies)
        first = int(0.15 * n) + win // 2 + 10
        span = (n - win // 2 - 10 - first) // n_anomalies
        for k in range(n_anomalies):
            lo = first + k * span
            at = rng.randint(lo + span // 5, lo + span - span // 5)
            kind = rng.choice(kinds_for(shape))
            inject(stream, kind, at, rng, spread)
            onsets.append(at)
            kinds.append(kind)
            windows.append((max(0, at - win // 2), min(n - 1, at + win // 2)))
    values = stream.render()
    for a, b in stream.stuck_spans:
        for i in range(a, b):
            values[i] = values[a - 1]
    name = "synthetic_%02d_%s.csv" % (idx, shape)
    return name, values, onsets, windows, kinds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--files", type=int, default=30)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.outdir, "data"), exist_ok=True)
    os.makedirs(os.path.join(args.outdir, "labels"), exist_ok=True)
    labels, windows_out, kinds_out = {}, {}, {}
    for idx in range(args.files):
        n_anom = 0 if idx % 10 == 9 else 1 + rng.randint(0, 2)
        name, values, onsets, windows, kinds = make_file(rng, idx, n_anom)
        with open(os.path.join(args.outdir, "data", name), "w") as f:
            f.write("timestamp,value\n")
            for i, v in enumerate(values):
                f.write("%s,%.4f\n" % (ts(i), v))
        labels[name] = [ts(i) + ".000000" for i in onsets]
        windows_out[name] = [[ts(a) + ".000000", ts(b) + ".000000"] for a, b in windows]
        kinds_out[name] = kinds
    for fname, obj in (("combined_labels.json", labels), ("combined_windows.json", windows_out),
                       ("kinds.json", kinds_out)):
        with open(os.path.join(args.outdir, "labels", fname), "w") as f:
            json.dump(obj, f, indent=1, sort_keys=True)
            f.write("\n")
    print("wrote %d files, %d windows to %s" % (args.files, sum(len(w) for w in windows_out.values()),
                                                 args.outdir))


if __name__ == "__main__":
    main()
