"""Sharded classification on Dask (`stance classify --scheduler … --output-dir …`):
identical output to one process, resume after a failure or a kill, one model load per
worker, a bad input failing only its shard. Skipped without the `dask` extra."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

distributed = pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402

from conftest import ROOT  # noqa: E402
from stance import distributed as sd  # noqa: E402
from stance.articles import read_archive  # noqa: E402
from stance.cli import cli  # noqa: E402

ARTICLES = sorted((ROOT / "data" / "articles").glob("*.txt"))[:6]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def parts(out):
    return sorted(out.glob("part-*.jsonl"))


def concat(out) -> bytes:
    return b"".join(p.read_bytes() for p in parts(out))


def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def assert_complete(out, reference: bytes) -> None:
    """Nothing lost, nothing duplicated, the bytes of the single-process run; the
    manifest vouches for every part; no temporary file left behind."""
    data = concat(out)
    keys = [(r["doc_id"], r["index"]) for r in map(json.loads, data.decode("utf-8").splitlines())]
    assert len(keys) == len(set(keys))
    assert data == reference
    m = manifest(out)
    assert m["complete"] and all(s["status"] == "ok" for s in m["shards"])
    assert [s["part"] for s in m["shards"]] == [p.name for p in parts(out)]
    for s in m["shards"]:
        assert hashlib.sha256((out / s["part"]).read_bytes()).hexdigest() == s["sha256"]
    assert not list(out.glob(".*.tmp"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    for p in ARTICLES:
        shutil.copy(p, d / p.name)
    return d


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> bytes:
    """The single-process `stance classify --format jsonl` output."""
    out = tmp_path_factory.mktemp("ref") / "ref.jsonl"
    res = run("classify", corpus, "--format", "jsonl", "-o", out)
    assert res.exit_code == 0, res.output
    return out.read_bytes()


@pytest.fixture(scope="module")
def inproc():
    """A fast in-process cluster (worker threads in this process) reachable over TCP on
    127.0.0.1, so the CLI can also connect to it by address."""
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, host="127.0.0.1",
                                       protocol="tcp", dashboard_address=None,
                                       scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"})
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_in_process_run_matches_single_process_and_summarize_reads_it(corpus, reference, inproc, tmp_path):
    out = tmp_path / "out"
    res = run("classify", corpus, "--scheduler", inproc.scheduler.address, "--output-dir", out, "--shard-size", 2)
    assert res.exit_code == 0, res.output
    assert [p.name for p in parts(out)] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert_complete(out, reference)
    m = manifest(out)
    assert [s["n_articles"] for s in m["shards"]] == [2, 2, 2]
    assert sum(s["n_sentences"] for s in m["shards"]) == len(reference.splitlines())
    assert [os.path.basename(i["path"]) for s in m["shards"] for i in s["inputs"]] == [p.name for p in ARTICLES]
    # summarize reads the output directory as it reads the single-process file
    (tmp_path / "ref.jsonl").write_bytes(reference)
    for by in ("actor", "date"):
        a = run("summarize", out, "--by", by, "--format", "json")
        b = run("summarize", tmp_path / "ref.jsonl", "--by", by, "--format", "json")
        assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout and json.loads(a.stdout)
    # a rerun does nothing: every shard matches the manifest
    again = run("classify", corpus, "--scheduler", inproc.scheduler.address, "--output-dir", out, "--shard-size", 2)
    assert again.exit_code == 0 and "3/3 shards ok (3 reused, 0 failed)" in again.stderr


def test_jsonl_archive_input_matches_the_article_files(corpus, reference, inproc, tmp_path):
    archive = tmp_path / "articles.jsonl"
    lines = [json.dumps({"doc_id": p.stem, "date": None, "text": p.read_text(encoding="utf-8")}, ensure_ascii=False)
             for p in ARTICLES]
    archive.write_text("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n", encoding="utf-8")
    assert [a.doc_id for a in read_archive(archive)] == [p.stem for p in ARTICLES]
    report = sd.run_sharded([str(archive)], tmp_path / "out", client=inproc, shard_size=4)
    assert report["ok"] == 2 and report["failed"] == 0 and report["sentences"] == len(reference.splitlines())
    assert_complete(tmp_path / "out", reference)
    first, second = (s["inputs"] for s in manifest(tmp_path / "out")["shards"])
    assert first[0]["lines"] == [1, 5] and second[0]["lines"] == [6, 7]   # line 4 is blank
    # the worker thread of this process has loaded the model once, whatever the runs
    assert all(w["model_loads"] == 1 for w in report["workers"].values())


def test_local_cluster_of_two_processes_one_model_load_per_worker(corpus, reference, tmp_path):
    report = sd.run_sharded([str(corpus)], tmp_path / "out", scheduler="local:2", shard_size=2)
    assert report["ok"] == 3 and report["failed"] == 0 and report["ran"] == 3
    assert_complete(tmp_path / "out", reference)
    workers = report["workers"]
    assert 1 <= len(workers) <= 2 and sum(w["shards"] for w in workers.values()) == 3
    assert all(addr.startswith("tcp://127.0.0.1:") for addr in workers)
    assert len({w["pid"] for w in workers.values()} | {os.getpid()}) == len(workers) + 1  # real processes
    assert all(w["model_loads"] == 1 for w in workers.values()), workers
    assert report["model_loads"] == len(workers)
    assert all(w["blas_threads"] in (None, 1) for w in workers.values()), workers


def test_bad_input_fails_its_shard_only_and_a_rerun_completes(corpus, reference, inproc, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(corpus, src)
    bad = src / ARTICLES[2].name          # the first article of shard 1
    good = bad.read_bytes()
    bad.write_bytes("date 2025-01-01\n\nL'été à Paris.\n".encode("latin-1"))
    out = tmp_path / "out"
    args = ("classify", src, "--scheduler", inproc.scheduler.address, "--output-dir", out, "--shard-size", 2)
    res = run(*args)
    assert res.exit_code == 1
    failed = [line for line in res.stderr.splitlines() if line.startswith("stance: error:")]
    assert len(failed) == 1 and "part-00001.jsonl" in failed[0] and str(bad) in failed[0] and "UTF-8" in failed[0]
    m = manifest(out)
    assert [s["status"] for s in m["shards"]] == ["ok", "failed", "ok"] and not m["complete"]
    assert m["shards"][1]["error"].startswith(f"{bad}:")
    assert [p.name for p in parts(out)] == ["part-00000.jsonl", "part-00002.jsonl"]
    ref = reference.splitlines(keepends=True)
    sizes = [s["n_sentences"] for s in m["shards"]]
    assert (out / "part-00000.jsonl").read_bytes() == b"".join(ref[:sizes[0]])
    assert (out / "part-00002.jsonl").read_bytes() == b"".join(ref[-sizes[2]:])
    # fix the file: the rerun redoes shard 1 only and completes the set
    bad.write_bytes(good)
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert "3/3 shards ok (2 reused, 0 failed)" in res.stderr
    assert_complete(out, reference)


def test_a_shard_failing_midway_leaves_nothing_and_a_rerun_completes(corpus, reference, inproc, tmp_path,
                                                                    monkeypatch):
    """A shard dies after writing half its rows: no partial part, no temporary file;
    the rerun completes the set with nothing lost and nothing duplicated."""
    import stance.cli.classify as cli_classify

    real = cli_classify.write_jsonl
    victim = ARTICLES[2].stem

    def crashing(rows, out):
        rows = list(rows)
        if any(r["doc_id"] == victim for r in rows):
            real(rows[: len(rows) // 2], out)
            raise RuntimeError("simulated crash")
        real(rows, out)

    monkeypatch.setattr(cli_classify, "write_jsonl", crashing)
    out = tmp_path / "out"
    report = sd.run_sharded([str(corpus)], out, client=inproc, shard_size=2)
    assert (report["ok"], report["failed"]) == (2, 1)
    assert report["failures"][0]["part"] == "part-00001.jsonl"
    assert "RuntimeError: simulated crash" in report["failures"][0]["error"]
    assert [p.name for p in parts(out)] == ["part-00000.jsonl", "part-00002.jsonl"]
    assert not list(out.glob(".*.tmp"))
    monkeypatch.setattr(cli_classify, "write_jsonl", real)
    report = sd.run_sharded([str(corpus)], out, client=inproc, shard_size=2)
    assert (report["ok"], report["reused"], report["ran"]) == (3, 2, 1)
    assert_complete(out, reference)


def test_a_killed_run_resumes_without_loss_or_duplicates(corpus, reference, inproc, tmp_path):
    """SIGKILL the whole `stance classify --scheduler local:1` process group once a shard
    is recorded, then rerun the same command: it completes the set."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "stance", "classify", str(corpus), "--scheduler", "local:1",
           "--output-dir", str(out), "--shard-size", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 150
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if any(s["status"] == "ok" for s in manifest(out)["shards"]):
                    break
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.02)
        assert proc.poll() is None, proc.stderr.read().decode()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
        proc.stderr.close()
    m = manifest(out)
    done = [s["part"] for s in m["shards"] if s["status"] == "ok"]
    assert 1 <= len(done) < 6 and not m["complete"]
    res = run("classify", corpus, "--scheduler", inproc.scheduler.address, "--output-dir", out, "--shard-size", 1)
    assert res.exit_code == 0, res.output
    assert f"6/6 shards ok ({len(done)} reused, 0 failed)" in res.stderr
    assert_complete(out, reference)


def test_usage_and_missing_extra_messages(corpus, tmp_path):
    assert run("classify", corpus, "--scheduler", "local:1").exit_code == 2        # no --output-dir
    assert run("classify", corpus, "--output-dir", tmp_path).exit_code == 2        # no --scheduler
    assert run("classify", corpus, "--scheduler", "local:1", "--output-dir", tmp_path,
               "--format", "csv").exit_code == 2
    with pytest.raises(sd.StanceError, match="local:N"):
        sd.parse_scheduler("local:0")
    assert sd.parse_scheduler("tcp://10.0.0.5:8786") == ("address", "tcp://10.0.0.5:8786")
    # without the extra: a one-line error naming it, exit 1 (a fresh process where
    # importing distributed fails)
    code = ("import sys; sys.modules['distributed'] = None; from stance.cli import main; "
            f"sys.argv = ['stance', 'classify', {str(corpus)!r}, '--scheduler', 'local:1', "
            f"'--output-dir', {str(tmp_path / 'o')!r}]; main()")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and res.stderr.count("\n") == 1, res.stderr
    assert "pip install 'stance[dask]'" in res.stderr
