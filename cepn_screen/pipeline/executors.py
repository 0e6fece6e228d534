"""Where the per-substance work runs: in this process, on this machine's cores, or on Dask.

Only the per-substance pipeline (profile -> rules -> score) is spread out: it is where the
time goes and each distinct substance is independent of the others. Reading the input,
resolving names (which may ask PubChem, with its cache and rate limit) and assembling rows,
products and inventory rules stay in this process, so every engine gives the same result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace

from cepn_screen.core.errors import MissingDependency, ServiceError
from cepn_screen.core.models import Resolution
from cepn_screen.knowledge.base import default_knowledge
from cepn_screen.pipeline.engines import ENGINES  # noqa: F401 (re-exported)
from cepn_screen.pipeline.screener import Screener, screen_key
from cepn_screen.rules.conditions import smarts_in
from cepn_screen.rules.evaluate import inventory_rules

# Below this many new substances, starting worker processes costs more than it saves.
PARALLEL_MIN = 1000


def default_workers() -> int:
    return min(os.cpu_count() or 1, 4)


def screen_batch(rule_sets, use_offline_db: bool, resolutions: list[Resolution]) -> list:
    """Screen resolutions in a worker (any process that can import cepn_screen). Each
    result also carries the answers of the inventory rules' SMARTS for its structure,
    worked out here while its molecule is parsed (see `remember_answers`)."""
    screener = Screener(default_knowledge(), rule_sets, use_offline_db=use_offline_db)
    patterns = inventory_smarts(rule_sets)
    out = []
    for r in resolutions:
        s = screener.screen(r)
        if patterns and s.profile.smiles:
            s = replace(s, smarts=tuple(c.evaluate(s.profile) for c in patterns))
        out.append(s)
    return out


def inventory_smarts(rule_sets) -> list:
    return smarts_in([rule.when for _, rule in inventory_rules(rule_sets)])


def remember_answers(patterns: list, screened) -> None:
    """Give this process's inventory SMARTS the answers a worker found: the inventory
    rules run here, over every substance, and would otherwise parse each one again."""
    if screened.smarts is not None and len(screened.smarts) == len(patterns):
        for cond, answer in zip(patterns, screened.smarts, strict=True):
            cond.remember(screened.profile.smiles, answer)


def _screen_partition(part, rule_sets, use_offline_db: bool) -> list:
    return screen_batch(rule_sets, use_offline_db, list(part))


def _chunks(items: list, n: int) -> list[list]:
    size = max(1, -(-len(items) // n))
    return [items[i:i + size] for i in range(0, len(items), size)]


def prescreen(screener, resolutions: Iterable[Resolution], *, engine: str = "local",
              workers: int | None = None, scheduler: str | None = None,
              progress=None) -> int:
    """Screen every distinct resolved substance not yet in the screener's memo, on the
    chosen engine, and store the results there. Returns how many were screened;
    `progress(done, total)` hears of each batch stored."""
    todo: dict[tuple, Resolution] = {}
    for res in resolutions:
        if res.status == "resolved" and not res.components:
            key = screen_key(res)
            if key not in todo and not screener.known(key):
                todo[key] = res
    items = list(todo.values())
    if not items:
        return 0
    if engine == "dask":
        results = _on_dask(items, screener, workers, scheduler)
    else:
        n = workers if workers is not None else default_workers()
        if n > 1 and len(items) >= PARALLEL_MIN:
            results = _on_processes(items, screener, n)
        else:
            results = (screener.screen(r) for r in items)
    count = 0
    patterns = inventory_smarts(screener.rule_sets)
    for res, screened in zip(items, results, strict=True):
        remember_answers(patterns, screened)
        screener.store(screen_key(res), screened)
        count += 1
        if progress is not None and (count % 100 == 0 or count == len(items)):
            progress(count, len(items))
    return count


def _on_processes(items: list[Resolution], screener, n: int) -> Iterator:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers start with the knowledge base, rules and caches already loaded.
    ctx = multiprocessing.get_context("fork")
    chunks = _chunks(items, n * 4)
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        parts = pool.map(screen_batch, [screener.rule_sets] * len(chunks),
                         [screener.use_offline_db] * len(chunks), chunks)
        # Yielded chunk by chunk, in order, so the caller stores each as it arrives
        # instead of holding every worker's answer at once.
        for part in parts:
            yield from part


def dask_client(workers: int | None = None, scheduler: str | None = None):
    """A client of the cluster at `scheduler`, or of a new local cluster of processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependency(
            "--engine dask needs Dask: pip install 'cepn-screen[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ServiceError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=workers or default_workers(),
                           threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def _on_dask(items: list[Resolution], screener, workers: int | None,
             scheduler: str | None) -> list:
    import dask.bag as db

    client = dask_client(workers, scheduler)
    try:
        n = len(client.scheduler_info().get("workers", {})) or 1
        bag = db.from_sequence(items, npartitions=min(len(items), n * 4))
        # Rule sets travel once per partition; they are small (compiled SMARTS pickle).
        parts = bag.map_partitions(_screen_partition, screener.rule_sets,
                                   screener.use_offline_db)
        return parts.compute(scheduler=client)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()
