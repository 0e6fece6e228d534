"""PubChem, in online mode only: identifiers and properties through pubchempy (PUG REST),
GHS classifications through PUG-View. Every answer is cached on disk (negative ones too),
requests are rate-limited, busy servers and timeouts are retried with exponential backoff,
and a lookup that still fails leaves the row unresolved with `pubchem_unavailable`.
"""

from __future__ import annotations

import functools
import http.client
import io
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from cepn_screen.core.cas import parse_cas
from cepn_screen.core.models import OnlineClassification
from cepn_screen.identity.cache import Cache
from cepn_screen.identity.ratelimit import RateLimiter

DEFAULT_URL = "https://pubchem.ncbi.nlm.nih.gov"
PROPERTIES = ("Title", "SMILES", "IsomericSMILES", "InChIKey", "MolecularFormula", "IUPACName")
# "H225 (99.85%): ...", "H373 **: ...", "H300+H310: ..." -> code, asterisks, share
H_CODE = re.compile(r"^(H\d{3}[A-Za-z]*(?:\+H\d{3}[A-Za-z]*)*)\s*(\*+)?\s*"
                    r"(?:\((\d+(?:\.\d+)?)%\))?")
CAS_SHAPE = re.compile(r"^\d{2,7}-\d{2}-\d$")


def pubchem_url(option: str | None = None) -> str:
    """The part of the PubChem address before /rest/pug (option, env, default)."""
    return (option or os.environ.get("CEPN_PUBCHEM_URL") or DEFAULT_URL).rstrip("/")


class Unavailable(Exception):
    """PubChem could not answer (network down, busy, timed out, garbled) after retries."""


class Invalid(Unavailable):
    """PubChem answered, but the answer fails a check (a CID that is not a positive
    integer, data for a compound that was not asked for): not used, and not cached."""


class _Retryable(Exception):
    pass


class _DeadlinePassed(Exception):
    """The request's total time is used up (a server dripping its answer byte by byte
    never trips the per-read timeout)."""


class _DeadlineReader(io.RawIOBase):
    """An answer's socket, read against a total deadline: each read waits at most what is
    left of it (and at most the per-read timeout)."""

    def __init__(self, raw, sock, deadline: float, per_read: float):
        self.raw, self.sock, self.deadline, self.per_read = raw, sock, deadline, per_read

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _DeadlinePassed()
        self.sock.settimeout(min(left, self.per_read))
        return self.raw.readinto(b)

    def close(self) -> None:
        self.raw.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, deadline: float, per_read: float, **kwargs):
        super().__init__(sock, *args, **kwargs)
        # Keep the socket file (it holds the socket open after urllib lets go of it).
        self.fp = io.BufferedReader(_DeadlineReader(self.fp.detach(), sock, deadline,
                                                    per_read))


def _deadline_opener(deadline: float, per_read: float, context=None):
    """A urllib opener whose answers (status line, headers, body) must all arrive before
    `deadline` (a time.monotonic() value)."""
    response = functools.partial(_DeadlineResponse, deadline=deadline, per_read=per_read)

    def connection(base):
        def make(*args, **kwargs):
            conn = base(*args, **kwargs)
            conn.response_class = response
            return conn
        return make

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(connection(http.client.HTTPConnection), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(connection(http.client.HTTPSConnection), req,
                                context=self._context)

    return urllib.request.build_opener(Http(), Https(context=context))


class _NoRecord(Exception):
    """PubChem answered that it holds nothing for the query: an answer, not a fault. A
    class of its own, so that a KeyError from a bug is never taken for "not found"."""


class _HttpStatus(Exception):
    def __init__(self, status: int, fault: str = ""):
        super().__init__(f"HTTP {status} {fault}".strip())
        self.status, self.fault = status, fault or ""


@dataclass
class GhsBlock:
    """One source's GHS classification as PubChem reports it."""

    source: str  # e.g. "European Chemicals Agency (ECHA)", "EU REGULATION (EC) No 1272/2008"
    name: str  # the substance name in that source
    codes: list[str]
    shares: dict[str, float] = field(default_factory=dict)  # code -> % of notifiers
    summary: str = ""


@dataclass
class OnlineHit:
    cid: int
    name: str
    cas: str | None
    smiles: str | None
    inchikey: str | None
    formula: str | None
    hazards: list[OnlineClassification] = field(default_factory=list)


# How many of the compounds answering one query are listed as candidates.
MAX_CANDIDATES = 5
UNAVAILABLE_DETAIL = "PubChem could not be reached or did not answer in time"


@dataclass
class OnlineAnswer:
    """What PubChem made of one row: a hit; or several candidates (ambiguous); or nothing,
    with a warning code (`pubchem_unavailable`, `pubchem_invalid_answer`,
    `pubchem_ambiguous`) and its explanation."""

    hit: OnlineHit | None = None
    warning: str | None = None
    detail: str = ""
    candidates: list[OnlineHit] = field(default_factory=list)


class PubChemClient:
    def __init__(self, base_url: str | None = None, cache: Cache | None = None, *,
                 timeout: float | None = None, retries: int | None = None,
                 deadline: float | None = None, backoff: float = 0.5,
                 limiter: RateLimiter | None = None, sleep=time.sleep):
        self.base = pubchem_url(base_url)
        self.cache = cache or Cache()
        self.timeout = timeout or float(os.environ.get("CEPN_PUBCHEM_TIMEOUT", "30"))
        # Total time of one request, retries included; the timeout above bounds each read.
        self.deadline = deadline or float(os.environ.get("CEPN_PUBCHEM_DEADLINE", "30"))
        if retries is None:
            retries = int(os.environ.get("CEPN_PUBCHEM_RETRIES", "3"))
        self.retries, self.backoff, self.sleep = retries, backoff, sleep
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.requests = 0  # sent in this run, for reports and tests
        # keys that could not be fetched in this run, with why (asked again: the same answer)
        self._failed: dict[str, Unavailable] = {}
        self._consecutive_failures = 0
        self.down_after = 3  # consecutive failed look-ups after which PubChem counts as down

    # ---------------------------------------------------------------- transport

    def _send(self, do) -> dict:
        """One logical request with retries. `do(opener)` performs it once with the
        opener given and returns (body, headers). Returns the decoded JSON; raises
        _NoRecord for "not found" (an answer, not a fault) and Unavailable once retries or
        the total deadline are used up."""
        last = "no answer"
        deadline = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.limiter.pause(self.backoff * 2 ** (attempt - 1))
            self.limiter.wait()
            if deadline is None:
                deadline = time.monotonic() + self.deadline
            elif time.monotonic() >= deadline:
                break
            self.requests += 1
            try:
                body, headers = do(functools.partial(_deadline_opener, deadline,
                                                     self.timeout))
                self._heed_throttling(headers.get("X-Throttling-Control", "") or "")
                return self._decode(body)
            except _HttpStatus as exc:
                if exc.status == 404 or exc.fault.endswith(".NotFound"):
                    raise _NoRecord(exc.fault or "NotFound") from None
                if exc.status in (400, 405, 501):
                    raise Unavailable(f"PubChem refused the request ({exc})") from None
                last = str(exc)  # 429, 500, 503, 504 and the like: retry
            except _DeadlinePassed:
                break
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, _DeadlinePassed):
                    break
                last = f"URLError: {exc.reason}"
            except (TimeoutError, ConnectionError, http.client.HTTPException,
                    _Retryable) as exc:
                last = f"{type(exc).__name__}: {exc}"
        if deadline is not None and time.monotonic() >= deadline:
            last = f"no complete answer within {self.deadline:g} s (CEPN_PUBCHEM_DEADLINE)"
        raise Unavailable(last)

    def _rest(self, identifier: str, namespace: str, operation: str) -> dict:
        """PUG REST through pubchempy (which POSTs the identifier, so any name is safe)."""
        import pubchempy

        def do(opener):
            def urlopen(url, data=None, context=None):
                # pubchempy's own urlopen has neither a timeout nor a deadline
                return opener(context).open(url, data, timeout=self.timeout)

            pubchempy.API_BASE = f"{self.base}/rest/pug"
            original = pubchempy.urlopen
            pubchempy.urlopen = urlopen
            try:
                with pubchempy.request(identifier, namespace, "compound", operation,
                                       "JSON") as resp:
                    return resp.read(), resp.headers
            except pubchempy.PubChemHTTPError as exc:
                raise _HttpStatus(exc.code, str(exc.msg).split(":")[0]) from None
            finally:
                pubchempy.urlopen = original

        return self._send(do)

    def _view(self, url: str) -> dict:
        """PUG-View (not covered by pubchempy) with urllib."""
        def do(opener):
            req = urllib.request.Request(url, headers={
                "User-Agent": "cepn-screen (worker chemical safety screening)"})
            try:
                with opener().open(req, timeout=self.timeout) as resp:
                    return resp.read(), resp.headers
            except urllib.error.HTTPError as exc:
                raise _HttpStatus(exc.code, self._fault_code(exc)) from None

        return self._send(do)

    @staticmethod
    def _decode(body: bytes) -> dict:
        try:
            doc = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _Retryable("answer is not JSON (truncated or an error page)") from None
        if isinstance(doc, dict) and "Fault" in doc:
            code = str(doc["Fault"].get("Code", ""))
            if code.endswith(".NotFound"):
                raise _NoRecord(code)
            raise _Retryable(code or "Fault")
        if not isinstance(doc, dict):
            raise _Retryable("unexpected JSON document")
        return doc

    @staticmethod
    def _fault_code(exc: urllib.error.HTTPError) -> str:
        try:
            doc = json.loads(exc.read().decode("utf-8"))
            return str(doc.get("Fault", {}).get("Code", ""))
        except Exception:  # an HTML error page, or nothing
            return ""

    def _heed_throttling(self, header: str) -> None:
        # "Request Count status: Green (0%), Request Time status: Yellow (60%), ..."
        if "Black" in header:
            self.limiter.pause(5.0)
        elif "Red" in header:
            self.limiter.pause(1.0)

    @property
    def down(self) -> bool:
        """After several look-ups in a row failed, stop asking for the rest of the run:
        each further row is flagged at once instead of waiting through retries."""
        return self._consecutive_failures >= self.down_after

    def _cached(self, key: str, fetch):
        hit = self.cache.get(key)
        if hit is not None:
            return hit[1] if hit[0] == "found" else None
        if key in self._failed:
            raise self._failed[key]
        if self.down:
            raise Unavailable("PubChem did not answer earlier in this run")
        try:
            value = fetch()
        except _NoRecord:
            self._consecutive_failures = 0
            self.cache.put(key, "missing")
            return None
        except Unavailable as exc:
            self._failed[key] = exc
            self._consecutive_failures += 1
            raise
        self._consecutive_failures = 0
        self.cache.put(key, "found", value)
        return value

    # ---------------------------------------------------------------- PUG REST / View

    def cids(self, namespace: str, value: str) -> list[int] | None:
        """CIDs for a name (CAS numbers are PubChem synonyms) or SMILES; None = not found."""
        def fetch():
            doc = self._rest(value, namespace, "cids")
            listed = doc.get("IdentifierList", {}).get("CID", [])
            if not isinstance(listed, list):
                raise Invalid("the CID list is not a list")
            cids = [_cid(c) for c in listed]
            if not cids:
                raise _NoRecord("no CID")
            return cids

        return self._cached(f"cids:{namespace}:{value.strip().lower()}", fetch)

    def _batched(self, prefix: str, cids: list[int], fetch, default=None) -> dict:
        """Cached per CID; the uncached CIDs are asked for in one request. `fetch(ids)`
        returns {cid: value}; a CID the answer lacks is cached as `default` (or as
        missing when default is None)."""
        out: dict[int, object] = {}
        todo = []
        for cid in dict.fromkeys(cids):
            hit = self.cache.get(f"{prefix}:{cid}")
            if hit is None:
                todo.append(cid)
            elif hit[0] == "found":
                out[cid] = hit[1]
        if todo:
            if self.down:
                raise Unavailable("PubChem did not answer earlier in this run")
            try:
                got = fetch(",".join(map(str, todo)))
            except _NoRecord:
                got = {}
            for cid in todo:
                value = got.get(cid, default)
                if value is None:
                    self.cache.put(f"{prefix}:{cid}", "missing")
                else:
                    self.cache.put(f"{prefix}:{cid}", "found", value)
                    out[cid] = value
        return out

    def properties(self, cids: list[int]) -> dict[int, dict]:
        """Properties of many CIDs in one batched request."""
        def fetch(ids: str) -> dict:
            doc = self._rest(ids, "cid", f"property/{','.join(PROPERTIES)}")
            return _for_asked(ids, doc.get("PropertyTable", {}).get("Properties", []),
                              "properties")

        return self._batched("props", cids, fetch)

    def synonyms(self, cids: list[int]) -> dict[int, list[str]]:
        def fetch(ids: str) -> dict:
            doc = self._rest(ids, "cid", "synonyms")
            got = _for_asked(ids, doc.get("InformationList", {}).get("Information", []),
                             "synonyms")
            return {cid: [str(x) for x in (i.get("Synonym") or []) if isinstance(x, str)]
                    for cid, i in got.items()}

        return self._batched("syn", cids, fetch, default=[])

    def ghs(self, cid: int) -> list[GhsBlock]:
        def fetch():
            url = (f"{self.base}/rest/pug_view/data/compound/{cid}/JSON?"
                   + urllib.parse.urlencode({"heading": "GHS Classification"}))
            return self._view(url)

        doc = self._cached(f"ghs:{cid}", fetch)
        if doc:
            number = doc.get("Record", {}).get("RecordNumber")
            if number is not None and number != cid:
                raise Invalid(f"PubChem sent the GHS record of CID {number!r} when CID {cid} "
                              "was asked for")
        return parse_ghs(doc) if doc else []

    # ---------------------------------------------------------------- resolution

    def prefetch(self, queries: list[tuple[str | None, str | None, str | None]],
                 progress=None) -> None:
        """Warm the cache for many rows: CIDs one by one, then properties and synonyms of
        all CIDs in one batched request each, then GHS per CID. Failures are left for
        `resolve` to report per row."""
        cids = []
        for q in dict.fromkeys(queries):
            try:
                found = self._lookup_cids(*q)
            except Unavailable:
                found = None
            if found:
                cids += found[:MAX_CANDIDATES]
            if progress:
                progress()
        if not cids:
            return
        try:
            self.properties(cids)
            self.synonyms(cids)
            for cid in dict.fromkeys(cids):
                self.ghs(cid)
        except Unavailable:  # Invalid too: `resolve` reports it per row
            pass

    def _lookup_cids(self, name, cas, smiles) -> list[int] | None:
        if cas:
            found = self.cids("name", cas)
            if found:
                return found
        if name:
            found = self.cids("name", name)
            if found:
                return found
        if smiles:
            return self.cids("smiles", smiles)
        return None

    def resolve(self, name: str | None = None, cas: str | None = None,
                smiles: str | None = None) -> OnlineAnswer:
        """Look a row up. More than one compound for the query makes it ambiguous (the
        first MAX_CANDIDATES are listed); an answer that fails validation is not used."""
        try:
            found = self._lookup_cids(name, cas, smiles)
            if not found:
                return OnlineAnswer()
            if len(found) > 1:
                shown = found[:MAX_CANDIDATES]
                self.properties(shown)  # one batched request each, not one per candidate
                self.synonyms(shown)
                cands = [self._hit(cid, candidate=True) for cid in shown]
                query = cas or name or smiles
                return OnlineAnswer(
                    warning="pubchem_ambiguous", candidates=cands,
                    detail=f"PubChem gives {len(found)} compounds for {query!r}"
                    + (f" (the first {len(shown)} listed)" if len(found) > len(shown) else "")
                    + ": " + ", ".join(f"{c.name} (CID {c.cid})" for c in cands)
                    + "; give the CAS number to choose")
            return OnlineAnswer(self._hit(found[0]))
        except Invalid as exc:
            return OnlineAnswer(warning="pubchem_invalid_answer",
                                detail=f"PubChem's answer was not used: {exc}")
        except Unavailable:
            return OnlineAnswer(warning="pubchem_unavailable", detail=UNAVAILABLE_DETAIL)

    def _hit(self, cid: int, candidate: bool = False) -> OnlineHit:
        """The compound of a CID. A candidate of an ambiguous query is only named (its
        hazards are not fetched) and may lack properties; a hit may not."""
        props = self.properties([cid]).get(cid)
        if not props and not candidate:
            raise Invalid(f"no properties came back for CID {cid}")
        props = props or {}
        syns = self.synonyms([cid]).get(cid, [])
        blocks = [] if candidate else self.ghs(cid)
        cas_found = next((s for s in syns if CAS_SHAPE.match(s) and parse_cas(s).valid), None)
        return OnlineHit(
            cid=cid, name=props.get("Title") or (syns[0] if syns else f"CID {cid}"),
            cas=cas_found,
            smiles=props.get("SMILES") or props.get("IsomericSMILES"),
            inchikey=props.get("InChIKey"), formula=props.get("MolecularFormula"),
            hazards=classifications(blocks, cid))


def _cid(value) -> int:
    """A CID as PubChem must give it: a positive integer (JSON number, not a bool)."""
    if type(value) is not int or value <= 0:
        raise Invalid(f"PubChem gave a CID that is not a positive integer: {value!r:.40}")
    return value


def _for_asked(ids: str, entries, what: str) -> dict[int, dict]:
    """{cid: entry} of a batched answer, refusing entries for a CID that was not asked."""
    asked = {int(x) for x in ids.split(",")}
    if not isinstance(entries, list):
        raise Invalid(f"the {what} answer is not a list")
    out = {}
    for e in entries:
        cid = _cid(e.get("CID") if isinstance(e, dict) else None)
        if cid not in asked:
            raise Invalid(f"PubChem sent {what} of CID {cid}, which was not asked for")
        out[cid] = e
    return out


# -------------------------------------------------------------------- GHS parsing

def parse_ghs(doc: dict) -> list[GhsBlock]:
    """GHS blocks of a PUG-View record that concern the record's own substance.

    A record may carry notifications for other substances (benzene's record includes
    "Hydrocarbons, C4-8"); those blocks are dropped by comparing each block's reference
    name with the record title."""
    record = doc.get("Record", doc)
    title = _norm(record.get("RecordTitle", ""))
    refs = {r.get("ReferenceNumber"): r for r in record.get("Reference", [])}
    blocks: dict[int, GhsBlock] = {}

    def visit(section):
        for sec in section.get("Section", []):
            if sec.get("TOCHeading") == "GHS Classification":
                for info in sec.get("Information", []):
                    n = info.get("ReferenceNumber")
                    ref = refs.get(n, {})
                    block = blocks.setdefault(n, GhsBlock(ref.get("SourceName", ""),
                                                          ref.get("Name", ""), []))
                    strings = [s.get("String", "") for s in
                               info.get("Value", {}).get("StringWithMarkup", [])]
                    if info.get("Name") == "GHS Hazard Statements":
                        for s in strings:
                            m = H_CODE.match(s.strip())
                            if m:
                                code = m.group(1)
                                if code not in block.codes:
                                    block.codes.append(code)
                                if m.group(3):
                                    block.shares[code] = float(m.group(3))
                    elif info.get("Name") == "ECHA C&L Notifications Summary":
                        block.summary = " ".join(strings)
            visit(sec)

    visit(record)
    own = [b for b in blocks.values() if b.codes and (not title or _norm(b.name) == title)]
    return own


def _norm(name: str) -> str:
    # "Benzene - FY2006" (NITE) names the same substance as "Benzene".
    return re.sub(r"\s+-\s+FY\d{4}$", "", name.strip()).lower()


def classifications(blocks: list[GhsBlock], cid: int) -> list[OnlineClassification]:
    """The blocks as classification rows (kind `pubchem`): the EU harmonised block and the
    ECHA notification summary first. For notification summaries, only codes that at least
    half of the notifiers report are acted on; all shares are kept."""
    def rank(b: GhsBlock) -> int:
        if b.source.startswith("EU REGULATION"):
            return 0
        if b.source.startswith("European Chemicals Agency"):
            return 1
        return 2

    out = []
    for b in sorted(blocks, key=rank):
        codes = [c for c in b.codes if b.shares.get(c, 100.0) >= 50.0]
        out.append(OnlineClassification(tuple(codes), f"CID {cid}; {b.source}",
                                        dict(b.shares), b.summary))
    return out
