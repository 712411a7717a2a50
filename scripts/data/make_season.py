#!/usr/bin/env python3
"""Turns real daily weather into hourly station readings for a maize field, with injected,
labelled sensor faults.

Input: NOAA's daily Seattle weather 2012-2015 as shipped by the npm package vega-datasets
(third_party/npm/node_modules/vega-datasets/data/seattle-weather.csv: date, precipitation mm,
temp_max C, temp_min C, wind m/s, weather). Output, in OUTDIR:

  season.csv  station,timestamp,air_temp_c,rh_pct,wind_m_s,solar_w_m2,rain_mm,soil_vwc_pct
              one row per station and hour, sorted by time then station; a missing reading
              (a dropout) is an empty cell
  faults.csv  station,sensor,kind,start,end  - the injected faults (ground truth); start and
              end are the first and last affected hours (for a dropout, the missing hours)

Hourly shapes (plausible, not a physical model): temperature follows a sine between the day's
Tmin (06 h) and Tmax (15 h); humidity from a dew point near Tmin (wetter on rainy days); wind is
the daily mean with a midday peak and noise; solar radiation is a clear-sky bell for latitude
47.6 N scaled by the day's weather; the day's rain falls in a few hours in 0.2 mm tips; soil
moisture is a root-zone bucket (0.5 m) losing ET, gaining rain and 25 mm irrigations when it
falls below 22 %vol. Stations share the weather and differ by small offsets and noise.

Faults (seeded; on one sensor never within 48 h of each other; while a sensor drifts, the same
sensor at the other stations is healthy, so that the neighbours' median is a healthy majority):
spike (1-2 readings far off), stuck (value frozen 14-40 h; soil 48-72 h), dropout (5-24 h of
missing readings), drift (offset ramping over 2-4 days, then held, 4-7 days in all; temperature,
humidity and soil moisture only). Rain gets no spike or stuck faults; solar radiation gets stuck
faults that start in daylight.

Usage: make_season.py OUTDIR [--seed 11] [--start 2014-05-01] [--days 120] [--stations 4]
Standard library only; deterministic for a given seed.
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEATHER = os.path.join(ROOT, "third_party", "npm", "node_modules", "vega-datasets", "data",
                       "seattle-weather.csv")
SENSORS = ["air_temp_c", "rh_pct", "wind_m_s", "solar_w_m2", "rain_mm", "soil_vwc_pct"]
RESOLUTION = {"air_temp_c": 0.1, "rh_pct": 1.0, "wind_m_s": 0.1, "solar_w_m2": 1.0,
              "rain_mm": 0.2, "soil_vwc_pct": 0.1}
LAT_RAD = math.radians(47.6)
CLOUD = {"sun": 0.85, "fog": 0.45, "drizzle": 0.4, "rain": 0.3, "snow": 0.25}


def es_kpa(t):
    return 0.6108 * math.exp(17.27 * t / (t + 237.3))  # FAO-56 Eq. 11


def read_weather(start, days):
    rows = {}
    with open(WEATHER) as f:
        for r in csv.DictReader(f):
            rows[r["date"]] = r
    out = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        r = rows[day.strftime("%Y-%m-%d")]
        out.append((day, float(r["precipitation"]), float(r["temp_max"]), float(r["temp_min"]),
                    float(r["wind"]), r["weather"]))
    return out


def clear_sky_w(doy, hour):
    """Clear-sky global radiation [W/m2] at the middle of `hour` (solar time)."""
    decl = 0.409 * math.sin(2 * math.pi * doy / 365 - 1.39)  # FAO-56 Eq. 24
    omega = math.pi / 12 * (hour + 0.5 - 12)
    sin_elev = math.sin(LAT_RAD) * math.sin(decl) + math.cos(LAT_RAD) * math.cos(decl) * math.cos(omega)
    return 1000.0 * sin_elev ** 1.15 if sin_elev > 0 else 0.0


def quantize(v, step):
    return round(round(v / step) * step, 4)


def simulate(weather, n_stations, rng):
    """Returns hours (datetimes) and values[station][sensor] lists (floats)."""
    hours = []
    truth = {}  # shared weather per hour
    t_noise = 0.0
    rain_hours = []
    dews = [tmin - (0.5 if precip > 0 else rng.uniform(1.5, 4.0))
            for _, precip, _, tmin, _, _ in weather]
    for d, (day, precip, tmax, tmin, wind, kind) in enumerate(weather):
        doy = day.timetuple().tm_yday
        prev_tmax = weather[max(d - 1, 0)][2]
        next_tmin = weather[min(d + 1, len(weather) - 1)][3]
        # Rain falls in a few consecutive hours, in 0.2 mm tips.
        tips = int(round(precip / 0.2))
        hourly_rain = [0.0] * 24
        if tips:
            n_h = min(24, max(1, tips // 3 + rng.randint(0, 3)))
            h0 = rng.randint(0, 24 - n_h)
            for _ in range(tips):
                hourly_rain[h0 + rng.randint(0, n_h - 1)] += 0.2
        for h in range(24):
            # Cosine from Tmin at 06 h up to Tmax at 15 h, then down to the next day's Tmin at
            # 06 h; the dew point moves linearly from day to day (no jumps at midnight).
            if h < 6:
                frac = (1 + math.cos(math.pi * (h + 9) / 15)) / 2
                temp = tmin + (prev_tmax - tmin) * frac
            elif h <= 15:
                temp = tmin + (tmax - tmin) * (1 - math.cos(math.pi * (h - 6) / 9)) / 2
            else:
                frac = (1 + math.cos(math.pi * (h - 15) / 15)) / 2
                temp = next_tmin + (tmax - next_tmin) * frac
            other = min(max(d + (1 if h >= 12 else -1), 0), len(weather) - 1)
            w_other = abs(h - 12) / 24.0
            tdew = (1 - w_other) * dews[d] + w_other * dews[other]
            t_noise = 0.8 * t_noise + rng.gauss(0, 0.25)
            temp += t_noise
            tdew = min(tdew, temp)
            rh = min(100.0, 100.0 * es_kpa(tdew) / es_kpa(temp))
            w = max(0.2, wind * (1 + 0.35 * math.sin(math.pi * (h - 8) / 12)) * math.exp(rng.gauss(0, 0.15)))
            sol = clear_sky_w(doy, h) * CLOUD.get(kind, 0.5) * min(1.0, math.exp(rng.gauss(0, 0.12)))
            truth_row = {"air_temp_c": temp, "rh_pct": rh, "wind_m_s": w, "solar_w_m2": sol,
                         "rain_mm": hourly_rain[h]}
            hours.append(dt.datetime(day.year, day.month, day.day, h))
            truth[len(hours) - 1] = truth_row
    values = []
    offsets = []
    thetas = []
    for s in range(n_stations):
        offsets.append({"air_temp_c": rng.uniform(-0.4, 0.4), "rh_pct": rng.uniform(-2, 2),
                        "wind_m_s": rng.uniform(0.9, 1.1), "solar_w_m2": rng.uniform(0.97, 1.03)})
        thetas.append(rng.uniform(27, 30))  # %vol
        values.append({k: [] for k in SENSORS})
    for i in range(len(hours)):
        tr = truth[i]
        # The whole field is irrigated at once (drip, 06 h) when its mean moisture is low.
        irrigate = hours[i].hour == 6 and sum(thetas) / n_stations < 22
        for s in range(n_stations):
            off, st = offsets[s], values[s]
            st["air_temp_c"].append(tr["air_temp_c"] + off["air_temp_c"] + rng.gauss(0, 0.1))
            st["rh_pct"].append(min(100.0, max(5.0, tr["rh_pct"] + off["rh_pct"] + rng.gauss(0, 0.8))))
            st["wind_m_s"].append(max(0.0, tr["wind_m_s"] * off["wind_m_s"] + rng.gauss(0, 0.15)))
            st["solar_w_m2"].append(max(0.0, tr["solar_w_m2"] * off["solar_w_m2"]
                                        + (rng.gauss(0, 8) if tr["solar_w_m2"] > 0 else 0.0)))
            rain = tr["rain_mm"]
            if rain and rng.random() < 0.1:
                rain = max(0.0, rain + rng.choice([-0.2, 0.2]))
            st["rain_mm"].append(rain)
            # Root-zone bucket: 0.5 m, so 1 mm of water = 0.2 %vol. Hourly ET from radiation.
            theta = thetas[s]
            et_mm = 0.0009 * tr["solar_w_m2"] * (0.5 + 0.5 * min(1.0, (theta - 12) / 12))
            theta += 0.2 * (0.7 * rain - et_mm)
            if irrigate:
                theta += 0.2 * 25 * 0.9
            theta = min(theta, 40.0) - max(0.0, theta - 34) * 0.05  # drainage above field capacity
            thetas[s] = theta
            st["soil_vwc_pct"].append(theta + rng.gauss(0, 0.03))
    return hours, values


def inject_faults(hours, values, rng, per_kind):
    """Edits values in place; returns the ground-truth list."""
    n = len(hours)
    busy = {}  # (station, sensor) -> hours taken by a fault or its 48 h margins
    drifting = {}  # sensor -> hours taken by a drift (on any station) or its margins
    faults = []
    candidates = {
        "spike": [s for s in SENSORS if s != "rain_mm"],
        "stuck": [s for s in SENSORS if s != "rain_mm"],
        "dropout": SENSORS,
        "drift": ["air_temp_c", "rh_pct", "soil_vwc_pct"],
    }
    stations = len(values)
    for kind in ["drift", "stuck", "dropout", "spike"]:
        placed = 0
        tries = 0
        while placed < per_kind and tries < 10000:
            tries += 1
            st = rng.randrange(stations)
            sensor = rng.choice(candidates[kind])
            if kind == "spike":
                length = rng.randint(1, 2)
            elif kind == "stuck":
                length = rng.randint(48, 72) if sensor == "soil_vwc_pct" else rng.randint(14, 40)
            elif kind == "dropout":
                length = rng.randint(5, 24)
            else:
                length = rng.randint(96, 168)
            start = rng.randint(24 * 7, n - length - 48)  # a settled week first
            lo, hi = start - 48, start + length + 48
            taken = busy.setdefault((st, sensor), [False] * n)
            sensor_taken = drifting.setdefault(sensor, [False] * n)
            span = slice(max(0, lo), min(n, hi))
            if any(taken[span]) or any(sensor_taken[span]):
                continue
            if kind == "drift" and any(any(busy.get((o, sensor), [False] * n)[span])
                                       for o in range(stations)):
                continue
            vals = values[st][sensor]
            if kind == "stuck":
                if sensor == "solar_w_m2" and vals[start - 1] < 50:
                    continue  # a frozen night-time zero looks like night: not a usable fault
                if sensor == "wind_m_s" and vals[start - 1] < 0.5:
                    continue
                frozen = vals[start - 1]
                for i in range(start, start + length):
                    vals[i] = frozen
            elif kind == "spike":
                mag = {"air_temp_c": rng.uniform(8, 15), "rh_pct": rng.uniform(25, 40),
                       "wind_m_s": rng.uniform(8, 15), "solar_w_m2": rng.uniform(400, 800),
                       "soil_vwc_pct": rng.uniform(8, 15)}[sensor]
                sign = rng.choice([-1, 1])
                if sensor in ("wind_m_s", "solar_w_m2") or vals[start] - mag < 0:
                    sign = 1
                if sensor == "rh_pct" and vals[start] + mag > 100:
                    sign = -1
                for i in range(start, start + length):
                    vals[i] += sign * mag
            elif kind == "dropout":
                for i in range(start, start + length):
                    vals[i] = None
            else:  # drift
                size = {"air_temp_c": rng.uniform(2, 4), "rh_pct": rng.uniform(10, 18),
                        "soil_vwc_pct": rng.uniform(3, 6)}[sensor] * rng.choice([-1, 1])
                ramp = rng.randint(48, 96)
                for k, i in enumerate(range(start, start + length)):
                    vals[i] += size * min(1.0, (k + 1) / ramp)
            for i in range(max(0, lo), min(n, hi)):
                taken[i] = True
                if kind == "drift":
                    sensor_taken[i] = True
            faults.append((st, sensor, kind, start, start + length - 1))
            placed += 1
    faults.sort(key=lambda f: (f[3], f[0], f[1]))
    return faults


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--start", default="2014-05-01")
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--stations", type=int, default=4)
    ap.add_argument("--faults-per-kind", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    start = dt.datetime.strptime(args.start, "%Y-%m-%d")
    weather = read_weather(start, args.days)
    hours, values = simulate(weather, args.stations, rng)
    faults = inject_faults(hours, values, rng, args.faults_per_kind)
    names = ["st%d" % (s + 1) for s in range(args.stations)]
    os.makedirs(args.outdir, exist_ok=True)

    def stamp(i):
        return hours[i].strftime("%Y-%m-%dT%H:%M:%SZ")

    with open(os.path.join(args.outdir, "season.csv"), "w") as f:
        f.write("station," + "timestamp," + ",".join(SENSORS) + "\n")
        for i in range(len(hours)):
            for s in range(args.stations):
                cells = []
                for sensor in SENSORS:
                    v = values[s][sensor][i]
                    if v is None:
                        cells.append("")
                    else:
                        v = quantize(v, RESOLUTION[sensor])
                        cells.append(("%.1f" if RESOLUTION[sensor] < 1 else "%.0f") % v)
                f.write("%s,%s,%s\n" % (names[s], stamp(i), ",".join(cells)))
    with open(os.path.join(args.outdir, "faults.csv"), "w") as f:
        f.write("station,sensor,kind,start,end\n")
        for st, sensor, kind, a, b in faults:
            f.write("%s,%s,%s,%s,%s\n" % (names[st], sensor, kind, stamp(a), stamp(b)))
    counts = {}
    for fl in faults:
        counts[fl[2]] = counts.get(fl[2], 0) + 1
    print("wrote %d hours x %d stations, faults %s" % (len(hours), args.stations, counts))


if __name__ == "__main__":
    main()
