#!/usr/bin/env python3
"""The helpline demo of `make run` end to end: scripts/run.sh with LOKA_DEMO_EXIT=1 (and no
sensor season) trains the demo desk model, starts the node, Kannel's bearerbox and smsbox and
fakesmsc on loopback, and sends testdata/demo/sms_demo.tsv through them. Then, from the
database (`loka helpline export`) and the fake phones' log, never from what the demo printed:

- each sender has exactly one ticket holding all its messages (a follow-up joins its thread);
- every message with a clear desk is at that desk; every message between desks is in review;
- an acknowledgement reached every sender's phone, and the node's outbox has it as sent;
- the script's exit stopped bearerbox and smsbox (their ports are closed);
- the routed examples it prints (testdata/demo/examples.tsv) are at their desks by the
  quantized model it made.

Usage: helpline_demo_test.py LOKA_BINARY WORK_DIR SOURCE_DIR. Exit 77 (skipped) when Kannel
(Debian packages kannel, kannel-extras) is not installed.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys

KANNEL = ["/usr/sbin/bearerbox", "/usr/sbin/smsbox", "/usr/lib/kannel/test/fakesmsc"]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main():
    loka, work, source = sys.argv[1:4]
    for binary in KANNEL:
        if not os.access(binary, os.X_OK):
            print("skipped: %s is not installed (Debian packages kannel, kannel-extras)" % binary)
            sys.exit(77)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, LOKA_DEMO_EXIT="1", LOKA_DEMO_SEASON="0", LOKA_PORT="0",
               LOKA_RUN_DIR=work)
    run = subprocess.run(["bash", os.path.join(source, "scripts/run.sh"),
                          os.path.dirname(os.path.abspath(loka))],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=240)
    out = run.stdout.decode(errors="replace")
    print(out)
    if run.returncode != 0:
        fail("run.sh exited %d" % run.returncode)
    if "did not finish" in out or "did not start" in out:
        fail("the helpline demo did not run through Kannel")

    messages = {}  # sender -> [(desk, text)]
    with open(os.path.join(source, "testdata/demo/sms_demo.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                sender, desk, text = line.rstrip("\n").split("\t")
                messages.setdefault(sender, []).append((desk, text))
    if len(messages) < 30:
        fail("the demo has %d senders, want a few dozen" % len(messages))

    db = os.path.join(work, "run/loka.db")
    with open(os.path.join(work, "run/kannel/phones.log"), encoding="utf-8",
              errors="replace") as f:
        phone_log = f.read()
    received = re.findall(r"Got message \d+: <1234 (\S+) ", phone_log)
    errors = []
    for sender, lines in messages.items():
        export = json.loads(subprocess.run(
            [loka, "helpline", "export", "--db", db, "--number", sender],
            check=True, stdout=subprocess.PIPE).stdout)
        tickets = export["tickets"]
        if len(tickets) != 1:
            errors.append("%s: %d tickets, want 1" % (sender, len(tickets)))
            continue
        t = tickets[0]
        if t["messages"] != len(lines):
            errors.append("%s: ticket has %d messages, want %d" % (sender, t["messages"], len(lines)))
        desk = lines[0][0]
        if desk == "?" and t["status"] != "needs_review":
            errors.append("%s: between desks but %s at %s (%.2f): %s" % (
                sender, t["status"], t["desk"], t["probability"], lines[0][1]))
        if desk != "?" and t["desk"] != desk:
            errors.append("%s: at %s (%.2f), want %s: %s" % (
                sender, t["desk"], t["probability"], desk, lines[0][1]))
        if sender not in received:
            errors.append("%s: no acknowledgement reached the fake phone" % sender)
        if not any(r["status"] in ("sent", "delivered") for r in export["replies"]):
            errors.append("%s: no reply Kannel took: %s" % (sender, export["replies"]))
    if errors:
        fail("\n  ".join([""] + errors))

    with open(os.path.join(source, "testdata/demo/examples.tsv"), encoding="utf-8") as f:
        examples = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    predicted = subprocess.run(
        [loka, "predict", os.path.join(work, "demo/requests.q.bin")],
        input="".join(text + "\n" for _, text in examples).encode(), check=True,
        stdout=subprocess.PIPE).stdout.decode().splitlines()
    for (desk, text), line in zip(examples, predicted):
        if line.split("\t")[0] != desk:
            errors.append("example at %s, want %s: %s" % (line, desk, text))
    if len(predicted) != len(examples):
        errors.append("%d predictions for %d examples" % (len(predicted), len(examples)))
    if errors:
        fail("\n  ".join([""] + errors))

    with open(os.path.join(work, "run/kannel/kannel.conf")) as f:
        conf = f.read()
    for key in ("smsbox-port", "sendsms-port", "admin-port"):
        port = int(re.search(r"^%s = (\d+)$" % key, conf, re.M).group(1))
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                fail("%s %d still accepts connections after run.sh exited" % (key, port))
    print("ok: %d senders, %d messages, every one at its desk or in review, every phone "
          "acknowledged; %d examples at their desks" % (
              len(messages), sum(len(v) for v in messages.values()), len(examples)))


if __name__ == "__main__":
    main()
