"""Baseline for bench/node_bench.sh: language ID served the usual way for fastText.

A small Flask app around Debian's python3-fasttext and fastText's lid.176.ftz, run under
gunicorn with 2 workers. It does the same shape of work as loka's POST /v1/langid: parse a JSON
body {"text": "..."}, identify the language, answer {"language": ..., "probability": ...} as
JSON; a body that is not such an object is a 400 with a JSON error.

    LID_MODEL=.../lid.176.ftz gunicorn -w 2 -b 127.0.0.1:PORT \
        --chdir bench/peers fasttext_flask:app

LID_MODEL defaults to the copy shipped inside the npm package fasttext.wasm.js
(third_party/npm, installed by scripts/setup.sh). Run with Debian's /usr/bin/python3: the
fastText binding is a Debian package.
"""
import os

import fasttext
from flask import Flask, jsonify, request

_HERE = os.path.dirname(os.path.abspath(__file__))
_DEFAULT_MODEL = os.path.join(
    _HERE, "..", "..", "third_party", "npm", "node_modules", "fasttext.wasm.js", "dist",
    "models", "language-identification", "assets", "lid.176.ftz")

# Each gunicorn worker loads its own copy at import; the model is read-only afterwards.
fasttext.FastText.eprint = lambda *args, **kwargs: None  # silence the load_model warning
model = fasttext.load_model(os.environ.get("LID_MODEL", _DEFAULT_MODEL))
app = Flask(__name__)


def _error(status, code, message):
    return jsonify({"error": {"code": code, "message": message}}), status


@app.post("/v1/langid")
def langid():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        return _error(400, "invalid_argument", 'body must be a JSON object {"text": "..."}')
    # fastText predicts one line at a time: a newline inside the text would be an error.
    labels, probs = model.predict(body["text"].replace("\n", " "), k=1)
    if not labels:
        return jsonify({"language": "und", "probability": 0.0})
    return jsonify({"language": labels[0][len("__label__"):],
                    "probability": float(probs[0])})
