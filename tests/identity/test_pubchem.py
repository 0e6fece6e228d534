"""PubChem online mode against the fake server in conftest.py (never the internet)."""

import json
import os

import pytest

from cepn_screen.identity.cache import Cache
from cepn_screen.identity.pubchem import PubChemClient, parse_ghs
from cepn_screen.identity.ratelimit import RateLimiter

INVENTORY = """Area,Chemical name,CAS No.
L1,Frobozz cleaner 9,
L1,Ensolv,
L2,Acetone,67-64-1
L3,Totally unknown trade name,
"""


def client(fake, tmp_path, **kw):
    kw.setdefault("backoff", 0.05)
    return PubChemClient(fake.url, Cache(tmp_path / "cache"), **kw)


def run_assess(cli, fake, tmp_path, *extra, env=None):
    inv = tmp_path / "inv.csv"
    inv.write_text(INVENTORY, encoding="utf-8")
    environ = {**os.environ, "CEPN_PUBCHEM_URL": fake.url, **(env or {})}
    return cli("assess", inv, "--online", "--cache-dir", tmp_path / "cache", "-f", "json",
               *extra, env=environ)


def test_assess_online_resolves_unknown_names(cli, fake_pubchem, tmp_path):
    p = run_assess(cli, fake_pubchem, tmp_path)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)["rows"]
    frob, ensolv, acetone, unknown = rows
    assert frob["resolution"]["status"] == "resolved"
    assert frob["resolution"]["source"] == "pubchem"
    assert frob["resolution"]["pubchem_cid"] == 990001
    assert frob["resolution"]["cas"] == "12345-67-4"
    # acted on: the ECHA notification codes reported by at least half of the notifiers
    assert frob["hazard"]["h_codes"] == ["H225", "H319"]
    shares = frob["hazard"]["sources"][0]["shares"]
    assert shares == {"H225": 95.2, "H319": 88.1, "H336": 40.0, "H361d": 12.5}
    assert frob["hazard"]["sources"][0]["kind"] == "pubchem"
    # a trade name PubChem knows, for a substance the curated data know by CAS
    assert ensolv["resolution"]["cas"] == "106-94-5"
    assert "CEPN-CMR-001" in {f["rule_id"] for f in ensolv["findings"]}
    assert acetone["resolution"]["source"] == "cas+name"  # offline first, no request
    assert unknown["resolution"]["status"] == "unresolved"
    assert "not found in PubChem" in unknown["resolution"]["reason"]
    assert "pubchem_unavailable" not in unknown["resolution"]["warnings"]
    # both CIDs' properties and synonyms came in one batched request each
    paths = [path for _, _, path in fake_pubchem.requests]
    assert sum("/property/" in x for x in paths) == 1
    assert sum("/synonyms/" in x for x in paths) == 1


def test_smiles_resolution(fake_pubchem, tmp_path):
    a = client(fake_pubchem, tmp_path).resolve(smiles="CCOCCOC(C)C")
    hit, warning = a.hit, a.warning
    assert warning is None and hit.cid == 990001 and hit.formula == "C7H16O2"


def test_second_run_makes_no_request(cli, fake_pubchem, tmp_path):
    assert run_assess(cli, fake_pubchem, tmp_path).returncode == 0
    first = fake_pubchem.count
    assert first > 0
    p = run_assess(cli, fake_pubchem, tmp_path)
    assert p.returncode == 0
    assert fake_pubchem.count == first  # found and not-found answers both cached
    assert json.loads(p.stdout)["inputs"]["pubchem_requests"] == 0


def test_offline_is_the_default(cli, fake_pubchem, tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text(INVENTORY, encoding="utf-8")
    env = {**os.environ, "CEPN_PUBCHEM_URL": fake_pubchem.url}
    env.pop("CEPN_ONLINE", None)
    p = cli("assess", inv, "-f", "json", env=env)
    assert p.returncode == 0 and fake_pubchem.count == 0
    assert json.loads(p.stdout)["rows"][0]["resolution"]["status"] == "unresolved"


def test_busy_twice_then_success(fake_pubchem, tmp_path):
    fake_pubchem.script = [503, 503]
    c = client(fake_pubchem, tmp_path)
    a = c.resolve(name="Frobozz cleaner 9")
    hit, warning = a.hit, a.warning
    assert warning is None and hit.cid == 990001
    assert fake_pubchem.requests[0][2] == fake_pubchem.requests[2][2]  # the same call, retried


@pytest.mark.parametrize("fault", ["html", "truncated", 500, 429])
def test_garbled_or_failing_answers_are_retried(fake_pubchem, tmp_path, fault):
    fake_pubchem.script = [fault]
    a = client(fake_pubchem, tmp_path).resolve(name="Frobozz cleaner 9")
    hit, warning = a.hit, a.warning
    assert warning is None and hit.cid == 990001


def test_timeout_gives_unavailable_and_run_completes(cli, fake_pubchem, tmp_path):
    fake_pubchem.script = [("delay", 1.5)] * 12
    p = run_assess(cli, fake_pubchem, tmp_path, env={"CEPN_PUBCHEM_TIMEOUT": "0.3",
                                                          "CEPN_PUBCHEM_RETRIES": "1"})
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)["rows"]
    assert len(rows) == 4
    assert rows[0]["resolution"]["status"] == "unresolved"
    assert "pubchem_unavailable" in rows[0]["resolution"]["warnings"]
    assert rows[2]["resolution"]["status"] == "resolved"  # offline rows are unaffected


def test_not_found_is_an_answer_not_a_fault(fake_pubchem, tmp_path):
    c = client(fake_pubchem, tmp_path)
    a = c.resolve(name="no such thing")
    hit, warning = a.hit, a.warning
    assert hit is None and warning is None
    assert fake_pubchem.count == 1  # no retry on NotFound


def test_down_server_is_given_up_quickly(fake_pubchem, tmp_path):
    fake_pubchem.script = [503] * 100
    c = client(fake_pubchem, tmp_path, retries=1)
    results = [c.resolve(name=f"thing {i}").warning for i in range(10)]
    assert results == ["pubchem_unavailable"] * 10
    assert fake_pubchem.count == 3 * 2  # three look-ups tried (with one retry), then stop


def test_request_timestamps_respect_rate_limits(fake_pubchem, tmp_path):
    c = client(fake_pubchem, tmp_path)
    for i in range(13):
        c.resolve(name=f"unknown {i}")
    times = [t for t, _, _ in fake_pubchem.requests]
    assert len(times) == 13
    sent = list(c.limiter.sent)
    for i in range(len(sent) - 5):
        assert sent[i + 5] - sent[i] >= 1.0  # the client never sends six within a second
    # (Arrival times at the server are not compared: on a loaded machine they jitter, and
    # a test asserts no wall-clock figure.)


def test_rate_limiter_per_minute_with_a_fake_clock():
    now = [0.0]
    sent = []

    def sleep(s):
        now[0] += s

    # At 5/s the minute limit (400) never binds, so test it with a looser second limit.
    lim = RateLimiter(100, 400, clock=lambda: now[0], sleep=sleep)
    for _ in range(1000):
        lim.wait()
        sent.append(now[0])
    for i in range(len(sent) - 400):
        assert sent[i + 400] - sent[i] >= 60.0
    for i in range(len(sent) - 100):
        assert sent[i + 100] - sent[i] >= 1.0
    assert sent[399] < 5 and 60 <= sent[400] < 61  # bursts allowed, then the minute window
    assert sent[-1] < 160  # no slower than the limits demand


def test_ghs_parse_of_the_fake_record(fake_pubchem, tmp_path):
    blocks = client(fake_pubchem, tmp_path).ghs(990001)
    assert [b.source for b in blocks] == ["European Chemicals Agency (ECHA)",
                                          "Hazardous Substances Data Bank (HSDB)"]
    echa = blocks[0]
    assert echa.codes == ["H225", "H319", "H336", "H361d"]
    assert echa.shares["H361d"] == 12.5
    assert "42 companies" in echa.summary
    # the block for another substance ("Reaction mass of frobozz and benzene") is dropped
    assert all("H350" not in b.codes for b in blocks)


def test_ghs_parse_harmonised_asterisks():
    doc = {"Record": {"RecordTitle": "Benzene", "Reference": [
        {"ReferenceNumber": 26, "SourceName": "EU REGULATION (EC) No 1272/2008",
         "Name": "benzene"}],
        "Section": [{"TOCHeading": "GHS Classification", "Information": [
            {"ReferenceNumber": 26, "Name": "GHS Hazard Statements", "Value": {
                "StringWithMarkup": [{"String": "H350: May cause cancer [Danger]"},
                                     {"String": "H372 **: Causes damage to organs [Danger]"},
                                     {"String": "H300+H310: Fatal [Danger]"}]}}]}]}}
    (block,) = parse_ghs(doc)
    assert block.codes == ["H350", "H372", "H300+H310"] and block.shares == {}


def test_cache_expiry_and_clear(tmp_path):
    now = [1000.0]
    cache = Cache(tmp_path, ttl_found=10, ttl_missing=5, clock=lambda: now[0])
    cache.put("a", "found", {"x": 1})
    cache.put("b", "missing")
    assert cache.get("a") == ("found", {"x": 1}) and cache.get("b") == ("missing", None)
    now[0] += 6
    assert cache.get("b") is None and cache.get("a") is not None
    now[0] += 6
    assert cache.get("a") is None
    info = cache.info()
    assert info["entries"] == 2 and info["not_found"] == 1
    assert cache.clear() == 2 and cache.info()["entries"] == 0


def test_cache_cli(cli, fake_pubchem, tmp_path):
    run_assess(cli, fake_pubchem, tmp_path)
    info = cli("cache", "info", "--cache-dir", str(tmp_path / "cache"))
    assert info.returncode == 0 and "answers: " in info.stdout and "not found" in info.stdout
    assert f"offline index: {os.environ['CEPN_INDEX_DIR']}" in info.stdout
    n = int(info.stdout.split("answers: ")[1].split()[0])
    assert n > 0
    cleared = cli("cache", "clear", "--cache-dir", str(tmp_path / "cache"))
    assert f"cleared {n} cached answer(s)" in cleared.stdout


def test_lookup_online(cli, fake_pubchem, tmp_path):
    env = {**os.environ, "CEPN_PUBCHEM_URL": fake_pubchem.url}
    p = cli("lookup", "FZ frobozz solvent", "--online", "--cache-dir", tmp_path / "c",
            "-f", "json", env=env)
    assert p.returncode == 3  # unknown everywhere
    p = cli("lookup", "Frobozz solvent", "--online", "--cache-dir", tmp_path / "c",
            "-f", "json", env=env)
    assert p.returncode == 0 and json.loads(p.stdout)["resolution"]["pubchem_cid"] == 990001


def test_corrupted_cache_is_set_aside_and_rebuilt(tmp_path):
    cache = Cache(tmp_path)
    cache.put("a", "found", {"x": 1})
    cache.path.write_bytes(b"this is not a database" * 100)
    for side in ("-wal", "-shm"):
        p = tmp_path / f"pubchem.sqlite{side}"
        if p.exists():
            p.unlink()
    fresh = Cache(tmp_path)
    assert fresh.get("a") is None  # rebuilt empty
    fresh.put("b", "found", [1])
    assert fresh.get("b") == ("found", [1])
    assert fresh.warnings and "damaged" in fresh.warnings[0]
    assert list(tmp_path.glob("pubchem.sqlite.corrupt-*"))


def _writer(args):
    directory, start = args
    c = Cache(directory)
    for i in range(start, start + 200):
        c.put(f"k{i}", "found", {"i": i})
    return True


def test_concurrent_runs_do_not_corrupt_the_cache(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(_writer, [(tmp_path, n * 1000) for n in range(4)]))
    c = Cache(tmp_path)
    assert c.info()["entries"] == 800 and not c.warnings
    assert c.get("k3199") == ("found", {"i": 3199})


def test_connection_reset_is_retried(fake_pubchem, tmp_path):
    fake_pubchem.script = ["reset"]
    a = client(fake_pubchem, tmp_path).resolve(name="Frobozz cleaner 9")
    hit, warning = a.hit, a.warning
    assert warning is None and hit.cid == 990001


def test_dripping_server_is_cut_at_the_total_deadline(fake_pubchem, tmp_path):
    # one byte every 0.1 s: no read ever waits past the 5 s timeout, yet the whole answer
    # (~130 bytes) would take 13 s; the 0.5 s total deadline ends the request first
    fake_pubchem.script = [("drip", 0.1)]
    c = client(fake_pubchem, tmp_path, timeout=5, deadline=0.5, retries=0)
    a = c.resolve(name="Frobozz cleaner 9")
    assert a.hit is None and a.warning == "pubchem_unavailable"
    assert fake_pubchem.count == 1


def test_deadline_covers_the_retries_too(fake_pubchem, tmp_path, monkeypatch):
    monkeypatch.setenv("CEPN_PUBCHEM_DEADLINE", "0.5")
    fake_pubchem.script = [("drip", 0.1)] * 5
    c = client(fake_pubchem, tmp_path, timeout=5, retries=4)
    assert c.deadline == 0.5
    with pytest.raises(Exception, match="no complete answer within 0.5 s"):
        c._rest("Frobozz cleaner 9", "name", "cids")
    assert fake_pubchem.count == 1  # the deadline is spent: no retry after it


def test_deadline_leaves_a_prompt_answer_alone(fake_pubchem, tmp_path):
    fake_pubchem.script = [("drip", 0.001)]  # slow but complete well within the deadline
    c = client(fake_pubchem, tmp_path, deadline=20, retries=0)
    assert c.cids("name", "anything") == [990001]
