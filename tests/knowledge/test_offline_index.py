"""The on-disk index answers exactly as the `chemicals` database in memory does."""

import os
import random
import subprocess
import sys

from cepn_screen.knowledge import chemdb, offline_index


def _index():
    ix = offline_index.open_index()
    assert ix is not None
    return ix


def test_index_answers_like_the_database_in_memory():
    ix, mem = _index(), chemdb.MemoryDb()
    rnd = random.Random(3)
    names = rnd.sample(sorted(mem.db.name_index), 3000)
    names += ["xylene", "acetone", "Acetone", "N-methyl-2-pyrrolidone", "no such thing"]
    for n in names:
        assert ix.by_name(n) == mem.by_name(n), n
    for cas in rnd.sample(sorted(k for k in mem.db.CAS_index if isinstance(k, int)), 2000):
        text = offline_index.int_to_cas(cas)
        assert ix.by_cas(text) == mem.by_cas(text), text
        assert ix.properties(text) == mem.properties(text), text
    for key in rnd.sample(sorted(k for k in mem.db.InChI_key_index if k), 1000):
        assert ix.by_inchikey(key) == mem.by_inchikey(key), key
    # the known traps are kept as they are (the resolver cross-checks them)
    assert ix.by_name("xylene")[0] == "95-47-6"
    assert ix.by_name("N-methyl-2-pyrrolidone") is None
    bp, method = ix.properties("110-54-3")["boiling_point_c"]
    assert abs(bp - 68.7) < 0.2 and method == "HEOS"
    assert "JOBACK" not in {m for _, _, m in ix.with_property("boiling_point_c")}


def test_lookups_do_not_load_the_database(tmp_path):
    _index()  # built for this session
    code = ("import sys\n"
            "from cepn_screen.knowledge import chemdb\n"
            "assert chemdb.by_name('acetone').cas == '67-64-1'\n"
            "assert chemdb.properties('67-64-1')['flash_point_c'][0] < 0\n"
            "print('chemicals' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_damaged_index_is_rebuilt_and_unwritable_place_falls_back(tmp_path):
    path = offline_index.index_path(tmp_path)
    path.write_bytes(b"this is not a database" * 100)
    ix = offline_index.open_index(tmp_path)
    assert ix is not None and ix.by_cas("67-64-1")[1] == "acetone"
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert offline_index.open_index(blocker / "sub") is None  # cannot create a folder here
    assert not list(tmp_path.glob("*.tmp"))


def test_memory_fallback_when_disabled(tmp_path):
    code = ("from cepn_screen.knowledge import chemdb\n"
            "print(type(chemdb.backend()).__name__, chemdb.by_cas('110-54-3').name)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "CEPN_INDEX": "off"})
    assert out.stdout.split() == ["MemoryDb", "hexane"]


def test_first_build_says_so_on_stderr(tmp_path, capsys):
    assert offline_index.open_index(tmp_path) is not None
    assert "building the offline compound index" in capsys.readouterr().err
    assert offline_index.open_index(tmp_path) is not None  # built: no second message
    assert capsys.readouterr().err == ""
