#!/usr/bin/env python3
"""The helpline part of `make run`: sends the demo's citizens' SMS (testdata/demo/sms_demo.tsv)
into a running loka node, waits until the node has recorded them and the acknowledgements have
reached the fake phones, and prints what happened to each: language, desk, probability, status,
whether the acknowledgement arrived and how long it took.

With --fifo the messages go the way a real SMS goes: written as lines ("sender receiver text
message") to the standard input of Kannel's fakesmsc, which hands them to bearerbox's fake SMSC;
smsbox calls the node's /v1/kannel/incoming; the node's outbox sends the acknowledgement through
smsbox's sendsms back to fakesmsc, whose log (--phone-log) shows it. Without --fifo they are
posted to POST /v1/messages and no acknowledgement can reach a phone.

A sender's first message opens its ticket; its later ones (follow-ups) are sent only once the
first ones are recorded, so they join that ticket instead of racing it.

Usage: helpline.py URL KEY MESSAGES_TSV [--fifo PATH --phone-log PATH]
Standard library only. Every wait is bounded (--timeout seconds each); exits 1 when the node
did not record every message in time.
"""
import argparse
import json
import statistics
import sys
import time
import urllib.error
import urllib.request

POLL_S = 0.05  # how often the node and the phone log are looked at while waiting
SHORT_CODE = "1234"  # the number citizens write to (Kannel's global-sender in the demo)


def call(url, key, method, path, body=None):
    req = urllib.request.Request(url.rstrip("/") + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + key,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        sys.exit("%s %s: HTTP %d %s" % (method, path, e.code, e.read().decode(errors="replace")))


def read_messages(path):
    """[(sender, desk or "?", text)] from the TSV; # lines are comments."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit("%s:%d: want sender<TAB>desk<TAB>text, got %d fields" % (path, n, len(parts)))
            out.append(tuple(parts))
    return out


def tickets(url, key):
    return call(url, key, "GET", "/v1/tickets?limit=1000")["tickets"]


def recorded(url, key):
    return sum(t["messages"] for t in tickets(url, key))


def acks_seen(phone_log):
    """{number: how many messages the fake phones received for it} from fakesmsc's log, whose
    lines read "... got message N: <FROM TO TYPE ...>"."""
    seen = {}
    try:
        with open(phone_log, encoding="utf-8", errors="replace") as f:
            for line in f:
                i = line.lower().find("got message")
                j = line.find("<", i)
                if i < 0 or j < 0:
                    continue
                fields = line[j + 1:].split(" ")
                if len(fields) >= 2:
                    seen[fields[1]] = seen.get(fields[1], 0) + 1
    except FileNotFoundError:
        pass
    return seen


def phone_sent(phone_log):
    """How many messages fakesmsc has sent: its log has a "sent message N" line for each."""
    try:
        with open(phone_log, encoding="utf-8", errors="replace") as f:
            return sum("sent message" in line for line in f)
    except FileNotFoundError:
        return 0


def wait_until(done, timeout_s, also=lambda: None):
    """Polls done() until it holds or timeout_s pass, calling also() on every round."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        also()
        if done():
            return True
        time.sleep(POLL_S)
    also()
    return done()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url")
    ap.add_argument("key")
    ap.add_argument("messages")
    ap.add_argument("--fifo", help="fakesmsc's standard input (a named pipe)")
    ap.add_argument("--phone-log", help="fakesmsc's output: what the fake phones received")
    ap.add_argument("--timeout", type=float, default=30, help="seconds for each wait")
    args = ap.parse_args()
    messages = read_messages(args.messages)
    by_kannel = args.fifo is not None
    if by_kannel and not args.phone_log:
        sys.exit("--fifo needs --phone-log (fakesmsc's output)")

    # First messages in one batch, each sender's follow-ups in the next ones.
    batches, count = [], {}
    for m in messages:
        k = count.get(m[0], 0)
        count[m[0]] = k + 1
        while len(batches) <= k:
            batches.append([])
        batches[k].append(m)

    sent_at = {}  # sender -> when its first message was sent
    latency = {}  # sender -> seconds from sending to the first reply seen at the phones

    def watch_phones():
        if not by_kannel:
            return
        seen = acks_seen(args.phone_log)
        for sender in sent_at:
            if sender not in latency and seen.get(sender):
                latency[sender] = time.monotonic() - sent_at[sender]

    before = recorded(args.url, args.key)
    total = 0
    lines_sent = phone_sent(args.phone_log) if by_kannel else 0
    for batch in batches:
        if by_kannel:
            # fakesmsc reads its input a line at a time when select() says there is more, so
            # a line is written only once the one before it has gone to the SMSC.
            with open(args.fifo, "w", encoding="utf-8") as phone:
                for sender, _, text in batch:
                    sent_at.setdefault(sender, time.monotonic())
                    phone.write("%s %s text %s\n" % (sender, SHORT_CODE, text))
                    phone.flush()
                    lines_sent += 1
                    if not wait_until(lambda: phone_sent(args.phone_log) >= lines_sent,
                                      args.timeout, watch_phones):
                        sys.exit("fakesmsc sent %d of %d messages within %.0f s; see %s" % (
                            phone_sent(args.phone_log), lines_sent, args.timeout, args.phone_log))
        else:
            for sender, _, text in batch:
                sent_at.setdefault(sender, time.monotonic())
                call(args.url, args.key, "POST", "/v1/messages", {"from": sender, "text": text})
        total += len(batch)
        if not wait_until(lambda: recorded(args.url, args.key) - before >= total, args.timeout,
                          watch_phones):
            sys.exit("the node recorded %d of %d messages within %.0f s"
                     % (recorded(args.url, args.key) - before, total, args.timeout))

    # One ticket (so one acknowledgement) per sender.
    if by_kannel:
        wait_until(lambda: len(latency) == len(sent_at), args.timeout, watch_phones)

    by_number = {t["number"]: t for t in tickets(args.url, args.key)}
    rows, right, clear, review = [], 0, 0, 0
    shown = set()
    for sender, desk, text in messages:
        t = by_number.get(sender, {})
        follow_up = sender in shown
        shown.add(sender)
        row = {"from": sender, "expected": desk, "text": text, "follow_up": follow_up,
               "ticket": t.get("id"), "desk": t.get("desk", ""), "probability": t.get("probability"),
               "status": t.get("status", ""), "language": t.get("language", ""),
               "ticket_messages": t.get("messages", 0),
               "ack_s": None if follow_up else latency.get(sender)}
        rows.append(row)
        if follow_up:
            continue
        review += row["status"] == "needs_review"
        if desk != "?":
            clear += 1
            right += row["desk"] == desk
    for r in rows:
        if r["follow_up"]:
            note = "follow-up: joins ticket %s (%d messages)" % (r["ticket"], r["ticket_messages"])
            print("  %-14s %s\n      %s" % (r["from"], note, r["text"]))
            continue
        mark = ("  (between desks)" if r["expected"] == "?" else
                "" if r["expected"] == r["desk"] else "  (a person would say %s)" % r["expected"])
        ack = ("ack at the phone after %.2f s" % r["ack_s"]) if r["ack_s"] is not None else (
            "ack not at a phone" if by_kannel else "ack queued")
        prob = "%.2f" % r["probability"] if r["probability"] is not None else "-"
        print("  %-14s #%-3s %-4s %-12s %s %-12s %s%s\n      %s" % (
            r["from"], r["ticket"], r["language"], r["desk"], prob, r["status"], ack, mark,
            r["text"]))
    ticket_ids = {r["ticket"] for r in rows if r["ticket"] is not None}
    print("-- %d messages, %d tickets; the desk model chose the desk a person would on %d of the "
          "%d with a clear desk; %d tickets wait for review (below the model's calibrated "
          "threshold)" % (len(messages), len(ticket_ids), right, clear, review))
    if by_kannel:
        acks = sorted(latency.values())
        print("-- acknowledgements at the fake phones: %d of %d%s" % (
            len(acks), len(sent_at),
            ", median %.2f s, slowest %.2f s after sending" % (statistics.median(acks), acks[-1])
            if acks else ""))


if __name__ == "__main__":
    main()
