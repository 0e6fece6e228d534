import json as _json
import os
import shutil
import subprocess
import sys
import threading as _threading
import time as _time
import urllib.parse as _up
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture(scope="session", autouse=True)
def _offline_index_dir(tmp_path_factory):
    """One offline index for the whole session (built on first use), out of the user's
    cache; subprocesses inherit it through the environment."""
    if "CEPN_INDEX_DIR" not in os.environ:
        os.environ["CEPN_INDEX_DIR"] = str(tmp_path_factory.mktemp("offline-index"))


@pytest.fixture(scope="session")
def kb():
    from cepn_screen.knowledge.base import default_knowledge

    return default_knowledge()


def run_cli(*args, cwd=None, timeout=120, env=None):
    """Run the installed console script as a user would."""
    exe = shutil.which("cepn-screen")
    cmd = [exe, *map(str, args)] if exe else [sys.executable, "-m", "cepn_screen", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env=env)


@pytest.fixture(scope="session")
def cli():
    return run_cli


# ---------------------------------------------------------------- a fake PubChem server
# Serves documents shaped like PUG REST and PUG-View answers (IdentifierList, PropertyTable,
# InformationList, Record with a GHS Classification section and References, and the Fault
# document for errors), on 127.0.0.1 at a random port. Tests script faults: a queue of
# statuses to answer with, delays (timeouts), truncated or HTML bodies.



def _ghs_record(cid, title, blocks):
    """A PUG-View record: blocks are (ref_no, source_name, substance_name, statements,
    summary or None)."""
    info, refs = [], []
    for ref, source, name, statements, summary in blocks:
        refs.append({"ReferenceNumber": ref, "SourceName": source, "SourceID": str(ref),
                     "Name": name, "URL": "https://example.invalid/" + str(ref)})
        info.append({"ReferenceNumber": ref, "Name": "Pictogram(s)",
                     "Value": {"StringWithMarkup": [{"String": "  ", "Markup": []}]}})
        info.append({"ReferenceNumber": ref, "Name": "GHS Hazard Statements",
                     "Value": {"StringWithMarkup": [{"String": s} for s in statements]}})
        if summary:
            info.append({"ReferenceNumber": ref, "Name": "ECHA C&L Notifications Summary",
                         "Value": {"StringWithMarkup": [{"String": summary}]}})
    return {"Record": {
        "RecordType": "CID", "RecordNumber": cid, "RecordTitle": title,
        "Section": [{"TOCHeading": "Safety and Hazards", "Section": [{
            "TOCHeading": "Hazards Identification", "Section": [{
                "TOCHeading": "GHS Classification", "Information": info}]}]}],
        "Reference": refs}}


FAKE_COMPOUNDS = {
    7840: {
        "names": ["ensolv", "n-propyl bromide blend x", "106-94-5", "bromo blend"],
        "title": "1-Bromopropane", "smiles": "CCCBr", "inchikey": "CYNYIHKIEHGYOZ-UHFFFAOYSA-N",
        "formula": "C3H7Br", "iupac": "1-bromopropane",
        "synonyms": ["1-Bromopropane", "106-94-5", "n-Propyl bromide", "Ensolv"],
        "ghs": _ghs_record(7840, "1-Bromopropane", [
            (1, "EU REGULATION (EC) No 1272/2008", "1-bromopropane",
             ["H225: Highly Flammable liquid and vapor [Danger Flammable liquids]",
              "H360FD: May damage fertility; May damage the unborn child [Danger Reproductive "
              "toxicity]", "H373 **: May cause damage to organs [Warning STOT RE]"], None)]),
    },
    990001: {
        "names": ["frobozz cleaner 9", "frobozz solvent", "bromo blend"],
        "title": "Frobozz solvent", "smiles": "CCOCCOC(C)C",
        "inchikey": "QWERTYUIOPASDF-UHFFFAOYSA-N", "formula": "C7H16O2",
        "iupac": "2-(2-propan-2-yloxyethoxy)ethane",
        "synonyms": ["Frobozz solvent", "12345-67-4", "FZ-9"],
        "ghs": _ghs_record(990001, "Frobozz solvent", [
            (11, "European Chemicals Agency (ECHA)", "Frobozz solvent",
             ["H225 (95.2%): Highly Flammable liquid and vapor [Danger Flammable liquids]",
              "H319 (88.1%): Causes serious eye irritation [Warning Eye irritation]",
              "H336 (40%): May cause drowsiness or dizziness [Warning STOT SE 3]",
              "H361d (12.5%): Suspected of damaging the unborn child [Warning Repr.]"],
             "Aggregated GHS information provided by 42 companies from 5 notifications to the "
             "ECHA C&L Inventory."),
            (12, "European Chemicals Agency (ECHA)", "Reaction mass of frobozz and benzene",
             ["H350 (100%): May cause cancer [Danger Carcinogenicity]"], None),
            (13, "Hazardous Substances Data Bank (HSDB)", "FROBOZZ SOLVENT",
             ["H225: Highly Flammable liquid and vapor [Danger Flammable liquids]",
              "H302: Harmful if swallowed [Warning Acute toxicity, oral]"], None),
        ]),
    },
}


# A compound PubChem knows but holds no GHS classification for (PUG-View answers 404).
FAKE_COMPOUNDS[990002] = {
    "names": ["plainsol 4"], "title": "Plainsol", "smiles": "CCCCOCCCC(=O)OC",
    "inchikey": "ZXCVBNMLKJHGFD-UHFFFAOYSA-N", "formula": "C9H18O3", "iupac": "plainsol",
    "synonyms": ["Plainsol", "23456-78-2"]}


class FakePubChem:
    def __init__(self):
        self.requests: list[tuple[float, str, str]] = []  # (time, method, path)
        # per request: int status, ("delay", s), ("drip", s), "truncated", "html", "reset"
        self.script: list = []
        self.throttle = "Request Count status: Green (0%), Request Time status: Green (0%), " \
                        "Service status: Green (20%)"
        self.lock = _threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                fake._handle(self, "GET", None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                fake._handle(self, "POST", self.rfile.read(length).decode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = _threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def count(self) -> int:
        return len(self.requests)

    # -- answers
    def _send(self, h, status, doc=None, raw=None, ctype="application/json"):
        body = raw if raw is not None else _json.dumps(doc).encode()
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("X-Throttling-Control", self.throttle)
        h.end_headers()
        try:
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _drip(self, h, interval):
        """A whole answer (status line, headers, body) one byte every `interval` s: each
        read sees data in time, so only a total deadline ends it."""
        body = _json.dumps({"IdentifierList": {"CID": [990001]}}).encode()
        raw = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        h.close_connection = True
        for i in range(len(raw)):
            try:
                h.wfile.write(raw[i:i + 1])
                h.wfile.flush()
            except OSError:
                return  # the client gave up
            _time.sleep(interval)

    def _fault(self, h, status, code, message):
        self._send(h, status, {"Fault": {"Code": code, "Message": message,
                                         "Details": [message]}})

    def _handle(self, h, method, body):
        path = _up.urlparse(h.path).path
        with self.lock:
            self.requests.append((_time.monotonic(), method, h.path))
            step = self.script.pop(0) if self.script else None
        if step == "pass":  # answer this one normally
            step = None
        if isinstance(step, tuple) and step[0] == "delay":
            _time.sleep(step[1])
        elif isinstance(step, tuple) and step[0] == "drip":
            return self._drip(h, step[1])
        elif step == "reset":
            import socket as _socket

            h.connection.setsockopt(_socket.SOL_SOCKET, _socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")
            h.connection.close()
            h.close_connection = True
            return
        elif isinstance(step, tuple) and step[0] == "json":
            return self._send(h, 200, step[1])  # a scripted answer, right or wrong
        elif step == "truncated":
            return self._send(h, 200, raw=b'{"IdentifierList": {"CID": [78')
        elif step == "html":
            return self._send(h, 503, raw=b"<html><body>Service unavailable</body></html>",
                              ctype="text/html")
        elif isinstance(step, int):
            codes = {503: "PUGREST.ServerBusy", 504: "PUGREST.Timeout",
                     500: "PUGREST.ServerError", 429: "PUGREST.ServerBusy"}
            return self._fault(h, step, codes.get(step, "PUGREST.Unknown"), "scripted fault")
        form = dict(_up.parse_qsl(body or ""))
        parts = path.strip("/").split("/")
        try:
            if parts[:3] == ["rest", "pug", "compound"]:
                return self._rest(h, parts[3:], form)
            if parts[:4] == ["rest", "pug_view", "data", "compound"]:
                cid = int(parts[4])
                if "ghs" in FAKE_COMPOUNDS.get(cid, {}):
                    return self._send(h, 200, FAKE_COMPOUNDS[cid]["ghs"])
                return self._fault(h, 404, "PUGVIEW.NotFound", "No data found")
        except (ValueError, IndexError):
            pass
        return self._fault(h, 400, "PUGREST.BadRequest", "Unrecognized request")

    def _rest(self, h, parts, form):
        namespace = parts[0]
        if namespace in ("name", "smiles") and parts[-2:] == ["cids", "JSON"]:
            value = form.get(namespace) or _up.unquote(parts[1])
            key = value.strip().lower()
            cids = [cid for cid, c in FAKE_COMPOUNDS.items()
                    if key in c["names"] or (namespace == "smiles" and value == c["smiles"])]
            if not cids:
                return self._fault(h, 404, "PUGREST.NotFound", "No CID found")
            return self._send(h, 200, {"IdentifierList": {"CID": cids}})
        if namespace == "cid":
            cids = [int(c) for c in (form.get("cid") or parts[1]).split(",")]
            known = [c for c in cids if c in FAKE_COMPOUNDS]
            if not known:
                return self._fault(h, 404, "PUGREST.NotFound", "No CID found")
            if "property" in parts:
                props = parts[parts.index("property") + 1].split(",")
                table = []
                for c in known:
                    d = FAKE_COMPOUNDS[c]
                    values = {"Title": d["title"], "SMILES": d["smiles"],
                              "IsomericSMILES": d["smiles"], "InChIKey": d["inchikey"],
                              "MolecularFormula": d["formula"], "IUPACName": d["iupac"]}
                    table.append({"CID": c, **{p: values[p] for p in props if p in values}})
                return self._send(h, 200, {"PropertyTable": {"Properties": table}})
            if "synonyms" in parts:
                return self._send(h, 200, {"InformationList": {"Information": [
                    {"CID": c, "Synonym": FAKE_COMPOUNDS[c]["synonyms"]} for c in known]}})
        return self._fault(h, 400, "PUGREST.BadRequest", "Unrecognized request")


@pytest.fixture
def fake_pubchem():
    server = FakePubChem()
    yield server
    server.close()


@pytest.fixture
def run_main(capsys):
    """The CLI in-process: run(*args) -> (exit code, stdout, stderr); a traceback fails
    the test."""
    def run(*args):
        from cepn_screen.cli.app import main

        old = sys.argv
        sys.argv = ["cepn-screen", *map(str, args)]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        finally:
            sys.argv = old
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture(scope="session")
def example_shortlist(kb):
    """The shortlist of the bundled example inventory, worked out once per session:
    (assessment, entries, progress calls by stage)."""
    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.knowledge.base import example_path
    from cepn_screen.substitution.shortlist import inventory_shortlist

    seen: dict[str, list[tuple[int, int]]] = {}
    a, entries = inventory_shortlist(
        load_inventory(example_path()), kb=kb,
        progress=lambda stage, done, total: seen.setdefault(stage, []).append((done, total)))
    return a, entries, seen
