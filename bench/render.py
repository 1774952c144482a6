"""The render bench: four measures side by side in one run, reported as ratios with their targets.

    python bench/render.py [--skip-moviepy] [--out bench/out]

1. The reference job: a 30 s 1080p30 slideshow of ten 12-megapixel photos with a transition at every
   join, gentle Ken Burns, a title, a caption and music.
   (a) our render; (b) the pure encode of the same output frames with the same encoder settings (our
   output decoded to raw first, untimed; then the re-encode is timed). Each side counts its fastest of
   three, the two taken in turn (shared.in_turn: other work only ever adds time); (c) the same
   job in MoviePy (the optional `bench` extra), when installed; the preview of the same draft; peak RSS.
   Targets: a/b <= 1.3, c/a >= 5, peak RSS < 1.5 GB, preview < 3 s.
2. The mixed job (bench/mixed.py): four phone photos, one upright, and two 1080p30 phone clips with
   sound, one shot upright; transitions, Ken Burns on the photos, music; 24 s of 1080p30.
   a/b as above; target <= 1.3.
3. `reelsmith make` as a person runs it (bench/make_job.py): six 12 MP photos into a 30 s 1080p video
   with music, a child process with an empty data folder, timed to the output file written, against
   the pure encode of that output, in turn as above; target <= 1.3. A fourth, traced run
   (bench/make_trace.py) says where the time outside the encode goes.
4. Ken Burns smoothness (bench/smooth.py): per-frame jitter of a pan and a zoom, and how far the
   zoom's centre moves, on 1080p output; targets < 0.35 px. Needs scikit-image (the `test` extra).

Everything is written under --out: inputs (made once, kept), outputs, logs and results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import make_job
import mixed
import reference
from shared import clocked, encode_runs, in_turn, pure_encoder, timed

from reelsmith.engine.media.probe import probe
from reelsmith.engine.render.render import _probe, render


def reference_job(work: Path, skip_moviepy: bool) -> dict:
    photos, track = reference.make_inputs(work / "inputs")
    draft = reference.draft(photos, track)
    ours = work / "ours.mp4"
    rss: list[float] = []

    def one() -> tuple[float, float]:
        def job() -> None:
            _probe.cache_clear()
            render(draft, ours, work_dir=work / "cache-a")

        t = clocked(job)
        if not rss:  # the first render, before any other job: the largest child so far is its ffmpeg
            who = (resource.RUSAGE_CHILDREN, resource.RUSAGE_SELF)
            rss.append(max(resource.getrusage(w).ru_maxrss / 1024 for w in who))
        return t

    a_times, b_times = in_turn(one, lambda: pure_encoder(ours, work))
    (a, a_cpu), (b, b_cpu) = min(a_times), min(b_times)
    a_runs = [t for t, _ in a_times]
    prev = timed(lambda: render(draft, work / "preview.mp4", preview=True, work_dir=work / "cache-p"))
    c = None if skip_moviepy else reference.moviepy_job(photos, track, work / "moviepy.mp4")
    print(f"(a) our render            {a:7.2f} s   (the fastest of {_runs(a_runs)})")
    ratio = a_over_b(a, b, a_cpu, b_cpu, [t for t, _ in b_times])
    if c:
        print(f"(c) MoviePy               {c:7.2f} s   c/a = {c / a:.2f}    (target >= 5)")
    else:
        print("(c) MoviePy               skipped (pip install -e '.[bench]' to include it)")
    print(f"preview                   {prev:7.2f} s   (target < 3)")
    print(f"peak RSS                  {rss[0]:7.0f} MB  (target < 1536; largest process)")
    return {
        **ratio,
        "preview_s": round(prev, 2),
        "peak_rss_mb": round(rss[0]),
        "moviepy_s": round(c, 2) if c else None,
        "moviepy_over_ours": round(c / a, 2) if c else None,
    }


def _runs(walls: list[float]) -> str:
    return ", ".join(f"{w:.2f}" for w in walls) + " s"


def a_over_b(a: float, b: float, a_cpu: float, b_cpu: float, b_runs: list[float]) -> dict:
    """Print a job's a/b, wall and CPU time side by side; the figures for results.json."""
    print(f"(b) pure encode           {b:7.2f} s   a/b = {a / b:.3f}   (target <= 1.3)")
    print(f"                                      (the fastest of {_runs(b_runs)})")
    print(f"    CPU time, a and b     {a_cpu:7.2f} s, {b_cpu:.2f} s   a/b = {a_cpu / b_cpu:.3f}   (the check on noise)")
    return {
        "render_s": round(a, 2),
        "pure_encode_s": round(b, 2),
        "a_over_b": round(a / b, 3),
        "cpu_a_over_b": round(a_cpu / b_cpu, 3),
    }


def mixed_job(work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    photos, clips, track = mixed.make_inputs(work.parent / "inputs" / "mixed")
    out = work / "mixed.mp4"
    encodes: list[float] = []  # each render's encode run (a crash retried inside one is counted in it)

    def one() -> None:
        _probe.cache_clear()  # each run probes its clips as a first render does
        with encode_runs() as runs:
            render(mixed.draft(photos, clips, track), out, work_dir=work / "cache")
        encodes.append(sum(runs))

    a_times, b_times = in_turn(lambda: clocked(one), lambda: pure_encoder(out, work))
    (a, a_cpu), (b, b_cpu) = min(a_times), min(b_times)
    a_runs = [t for t, _ in a_times]
    print(f"(a) our render            {a:7.2f} s   ({mixed.SECONDS} s of 1080p30: 4 photos, 2 clips with sound)")
    print(f"                                      (the fastest of {_runs(a_runs)})")
    ratio = a_over_b(a, b, a_cpu, b_cpu, [t for t, _ in b_times])
    dec, dec_cpu = mixed.decode_clips(clips)
    enc = encodes[a_runs.index(a)]  # the fastest render's encode run
    print(f"a - b                     {a - b:7.2f} s:")
    for label, sec in [
        ("outside the encode run (probe clips, prepare photos, mix sound)", a - enc),
        (f"the encode run ({enc:.2f} s) above the pure encode", enc - b),
        ("for comparison, decoding the two clips alone", dec),
    ]:
        print(f"  {label:64s} {sec:5.2f} s")
    print(f"  (CPU time: a - b = {a_cpu - b_cpu:.2f} s, decoding the clips {dec_cpu:.2f} s)")
    return {
        **ratio,
        "encode_run_s": round(enc, 2),
        "clip_decode_s": round(dec, 2),
        "clip_decode_cpu_s": round(dec_cpu, 2),
    }


def whole_make(work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    photos = make_job.make_inputs(reference.make_inputs(work.parent / "inputs")[0], work.parent / "inputs" / "make")
    runs, b_times = in_turn(
        lambda: make_job.run(photos, work, work / "make.mp4"), lambda: pure_encoder(work / "make.mp4", work)
    )
    plain = min(runs, key=lambda r: r["written_s"])
    b, b_cpu = min(b_times)
    traced = make_job.run(photos, work, work / "make-traced.mp4", trace=work / "trace.json")
    br = make_job.breakdown(work / "trace.json", traced["exit_s"], traced["t0"])
    a = plain["written_s"]
    info = probe(work / "make.mp4", with_hash=False)
    print(f"output: {info.width}x{info.height}, {info.fps:g} fps, {info.duration:.1f} s")
    print(f"make, to the file written {a:7.2f} s   (to the process's exit: {plain['exit_s']:.2f} s)")
    print(f"                                      (the fastest of {_runs([r['written_s'] for r in runs])})")
    print(f"(b) pure encode of it     {b:7.2f} s   make/b = {a / b:.3f}   (target <= 1.3)")
    print(f"                                      (the fastest of {_runs([t for t, _ in b_times])})")
    cpu = plain["cpu_s"]
    print(f"    CPU time, make and b  {cpu:7.2f} s, {b_cpu:.2f} s   make/b = {cpu / b_cpu:.3f}   (the check on noise)")
    print(f"outside the encode        {a - b:7.2f} s")
    print(f"where it goes (a fourth, traced run: {br['written_s']:.2f} s to the file written):")
    for label, s in br["phases"]:
        print(f"  {label:46s} {s:6.2f} s")
    print(f"  {'(after the file is written: close, exit)':46s} {br['after_written_s']:6.2f} s")
    enc = br["encode_run_s"]
    det = br["detail"]
    print(f"  the encode run is {enc:.2f} s against the pure encode's {b:.2f} s: the filter graph adds {enc - b:.2f} s")
    print(
        f"  inside: music {det['music_s']:.2f} s; photos prepared {det['photos_prepared_wall_s']:.2f} s "
        f"({det['photos_prepared_cpu_s']:.2f} s of work, in parallel); sound mix {det['audio_mix_s']:.2f} s; "
        f"upload probes {det['probe_s']:.2f} s; hashing and storing {det['hash_store_s']:.2f} s"
    )
    return {
        "written_s": round(a, 2),
        "exit_s": round(plain["exit_s"], 2),
        "pure_encode_s": round(b, 2),
        "make_over_b": round(a / b, 3),
        "cpu_make_over_b": round(cpu / b_cpu, 3),
        "output": f"{info.width}x{info.height} {info.fps:g} fps {info.duration:.1f} s",
        "traced": br,
    }


def smoothness(work: Path) -> dict | None:
    try:
        import smooth
    except ImportError as e:  # scikit-image (the `test` extra), or tests/motion.py outside a checkout
        print(f"skipped ({e}): needs scikit-image (pip install -e '.[test]') and the repository's tests/")
        return None
    photo = mixed.make_inputs(work.parent / "inputs" / "mixed")[0][0]
    r = smooth.measure(photo, work)
    print(f"pan right, {smooth.MS / 1000:g} s    speed {r['pan_speed_px']:.2f} px a frame")
    print(f"  worst jitter            {r['pan_jitter_px']:7.3f} px  (target < {smooth.STEADY})")
    print(f"  largest sideways drift  {r['pan_drift_px']:7.3f} px  (target < {smooth.STEADY})")
    print(f"zoom in, {smooth.MS / 1000:g} s")
    print(f"  largest centre movement {r['zoom_centre_px']:7.3f} px  (target < {smooth.STEADY})")
    print(f"  worst jitter (±640 px)  {r['zoom_jitter_px']:7.3f} px  (target < {smooth.STEADY})")
    return r


PARTS = ["reference", "mixed", "make", "smooth"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--skip-moviepy", action="store_true")
    ap.add_argument(
        "--only", action="append", choices=PARTS, help="run just this part (repeat for more); the default is all"
    )
    args = ap.parse_args()
    work = args.out.resolve()
    parts = args.only or PARTS
    t0, load0 = time.perf_counter(), os.getloadavg()[0]
    print(f"load average before: {load0:.2f} on {os.cpu_count()} cores (anything else running skews the ratios)")
    res: dict = {}
    if "reference" in parts:
        print("\n1. the reference job: ten 12 MP photos, 30 s of 1080p30")
        res = reference_job(work, args.skip_moviepy)
    if "mixed" in parts:
        print("\n2. the mixed job: four photos and two clips with sound")
        res["mixed"] = mixed_job(work / "mixed")
    if "make" in parts:
        print("\n3. reelsmith make, as a person runs it: six 12 MP photos, 30 s of 1080p30 with music")
        res["make"] = whole_make(work / "make")
    if "smooth" in parts:
        print("\n4. Ken Burns smoothness on 1080p30 output")
        res["smoothness"] = smoothness(work / "smooth")
    res["load_average"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
    res["bench_s"] = round(time.perf_counter() - t0, 1)
    summary(res)
    # a partial run must not replace the figures of a whole one
    (work / ("results.json" if parts == PARTS else "results-partial.json")).write_text(json.dumps(res, indent=2))


def summary(res: dict) -> None:
    rows: list[tuple[str, float, str, bool | None]] = []
    if "a_over_b" in res:
        rows += [
            ("reference a/b", res["a_over_b"], "<= 1.3", res["a_over_b"] <= 1.3),
            ("preview (s)", res["preview_s"], "< 3", res["preview_s"] < 3),
            ("peak RSS (MB)", res["peak_rss_mb"], "< 1536", res["peak_rss_mb"] < 1536),
        ]
    if "mixed" in res:
        rows.append(("mixed a/b", res["mixed"]["a_over_b"], "<= 1.3", res["mixed"]["a_over_b"] <= 1.3))
    if "make" in res:
        mk = res["make"]
        rows.append(("make / pure encode", mk["make_over_b"], "<= 1.3", mk["make_over_b"] <= 1.3))
        rows.append(("make / pure encode, CPU", mk["cpu_make_over_b"], "", None))
    if res.get("moviepy_over_ours"):
        rows.append(("MoviePy c/a", res["moviepy_over_ours"], ">= 5", res["moviepy_over_ours"] >= 5))
    sm = res.get("smoothness")
    if sm:
        for key, name in [
            ("pan_jitter_px", "pan jitter (px)"),
            ("pan_drift_px", "pan drift (px)"),
            ("zoom_centre_px", "zoom centre (px)"),
            ("zoom_jitter_px", "zoom jitter (px)"),
        ]:
            rows.append((name, sm[key], "< 0.35", sm[key] < 0.35))
    load = res["load_average"]
    print(
        f"\nsummary (bench {res['bench_s']:.0f} s; load average {load[0]:.2f} before, "
        f"{load[1]:.2f} after, the bench's own work included)"
    )
    for name, value, target, met in rows:
        verdict = "" if met is None else f"target {target:7s} {'met' if met else 'MISSED'}"
        print(f"  {name:24s} {value:>7}   {verdict}".rstrip())
    # the jobs' own work outside the encode adds wall time, never less: a wall ratio well under its
    # CPU ratio means something else slowed the pure encode
    pairs = [
        ("reference a/b", res.get("a_over_b"), res.get("cpu_a_over_b")),
        ("mixed a/b", res.get("mixed", {}).get("a_over_b"), res.get("mixed", {}).get("cpu_a_over_b")),
        ("make / pure encode", res.get("make", {}).get("make_over_b"), res.get("make", {}).get("cpu_make_over_b")),
    ]
    for name, wall, cpu in pairs:
        if wall is None or cpu is None:
            continue
        if wall < cpu - 0.1:
            print(
                f"  warning: {name} is {wall} on the clock but {cpu} in CPU time; the run was disturbed, run it again"
            )


if __name__ == "__main__":
    main()
