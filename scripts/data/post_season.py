#!/usr/bin/env python3
"""Feeds a generated season (make_season.py's season.csv) into a running loka node over its
HTTP API, as the stations would: sets each station's location (PUT /v1/stations/{id}), posts
the hourly readings in time order (POST /v1/readings, so the node's fault and frost/heat
detectors see them as they arrive), and creates the demo fields (POST /v1/fields): maize
planted on the season's first day at st1 (loam, drip) and st2 (sandy loam, sprinkler).

Usage: post_season.py URL KEY SEASON_CSV [--batch 5000]
Standard library only. Prints one line per step; exits 1 on any HTTP error.
"""
import argparse
import csv
import json
import sys
import urllib.error
import urllib.request

COLUMNS = {  # season.csv column -> (sensor kind, unit)
    "air_temp_c": ("air_temperature", "C"),
    "rh_pct": ("relative_humidity", "%"),
    "wind_m_s": ("wind_speed", "m/s"),
    "solar_w_m2": ("solar_radiation", "W/m2"),
    "rain_mm": ("rainfall", "mm"),
    "soil_vwc_pct": ("soil_moisture", "%"),
}
# NOAA's Seattle station (the weather the season was generated from): 47.6 N, about 50 m.
SITE = {"lat_deg": 47.61, "lon_deg": -122.33, "elevation_m": 50, "site": "demo"}


def call(url, key, method, path, body):
    req = urllib.request.Request(url.rstrip("/") + path, method=method,
                                 data=json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + key,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        sys.exit("%s %s: HTTP %d %s" % (method, path, e.code, e.read().decode(errors="replace")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url")
    ap.add_argument("key")
    ap.add_argument("season_csv")
    ap.add_argument("--batch", type=int, default=5000)
    args = ap.parse_args()
    readings, stations, first_day = [], [], None
    with open(args.season_csv) as f:
        for row in csv.DictReader(f):
            if row["station"] not in stations:
                stations.append(row["station"])
            first_day = first_day or row["timestamp"][:10]
            for col, (kind, unit) in COLUMNS.items():
                if row[col] != "":
                    readings.append({"station": row["station"], "sensor": kind,
                                     "time": row["timestamp"], "value": float(row[col]),
                                     "unit": unit})
    for st in stations:
        call(args.url, args.key, "PUT", "/v1/stations/" + st, dict(SITE, name="demo " + st))
    totals = {"accepted": 0, "rejected": 0, "duplicates": 0}
    for i in range(0, len(readings), args.batch):
        r = call(args.url, args.key, "POST", "/v1/readings", {"readings": readings[i:i + args.batch]})
        for k in totals:
            totals[k] += r[k]
    print("-- %d readings from %d stations: %d accepted, %d duplicates, %d rejected"
          % (len(readings), len(stations), totals["accepted"], totals["duplicates"],
             totals["rejected"]))
    fields = [
        {"station": stations[0], "name": "maize, drip", "crop": "maize", "planting_date": first_day,
         "soil": "loam", "irrigation_method": "drip"},
        {"station": stations[min(1, len(stations) - 1)], "name": "maize, sprinkler",
         "crop": "maize", "planting_date": first_day, "soil": "sandy_loam",
         "irrigation_method": "sprinkler"},
    ]
    for fl in fields:
        got = call(args.url, args.key, "POST", "/v1/fields", fl)
        print("-- field %d: %s at %s, planted %s" % (got["id"], got["name"], got["station"],
                                                      got["planting_date"]))


if __name__ == "__main__":
    main()
