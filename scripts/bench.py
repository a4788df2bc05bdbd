#!/usr/bin/env python3
"""make bench: avqc against ffmpeg's decode-only floor, interleaved in one run.

Generates (once, cached in bench-out/) a 60 s 1080p25 H.264/AAC file with a
black, a frozen and a silent stretch, then runs, round-robin:
  decode   ffmpeg -i F -f null -                      (decode only: the floor)
  filters  ffmpeg -i F -vf blackdetect,freezedetect -af silencedetect -f null -
  avqc     avqc F   (every detector on by default)
  black, freeze, blockiness, silence, pse, color-bars, black-borders,
  broadcast-range, interlace: avqc with that detector alone
  avqc-all avqc F with the detectors off by default enabled too
           (silence decodes no video)
  audio    avqc on 600 s of 48 kHz stereo PCM (every audio detector): speed
           as a multiple of real time
  blockdetect  ffmpeg -i F -an -vf blockdetect -f null -   (one run: it is slow)
then, once each:
  long audio   avqc on 24 hours of stereo silence in FLAC against ffmpeg's
               decode of the same file (the issue #10 case)
  isolation    avqc over 200 one-second WAV files with --isolate (a worker
               process per batch thread) and --no-isolate: the cost per file
  batch        16 files of 10 s 1080p: avqc -j 1 and -j auto against ffmpeg
               -f null under GNU parallel -j 1 and -j cores: files per minute,
               and CPU seconds per file against ffmpeg's
  screen       --screen against the full analysis on the 60 s 1080p file and
               a clean one: wall times, and black/freeze spans identical?
(--only batch or --only screen runs one of the last two alone.)
and prints median wall times, ratios to the floor, and peak RSS (ru_maxrss of
each child process).
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

# An array job's variables would make avqc analyze one shard only: the
# scripts always mean every input.
for _name in ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX", "CI_NODE_INDEX"):
    os.environ.pop(_name, None)


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "bench-out")


def generate(path, description, arguments):
    """Runs ffmpeg once to make `path` (cached in bench-out/ between runs)."""
    if os.path.exists(path):
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    print(f"generating {path} ({description})...", flush=True)
    tmp = path + ".tmp" + os.path.splitext(path)[1]
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + arguments + [tmp],
                   check=True)
    os.replace(tmp, path)


def make_input(path, seconds):
    generate(path, f"{seconds} s 1080p25 H.264/AAC", [
        "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=25:d={seconds}",
        "-f", "lavfi", "-i",
        f"aevalsrc='if(between(t,30,35),0,0.3*sin(2*PI*440*t))':s=48000:d={seconds}:c=stereo",
        "-filter_complex",
        "[0:v]split[a][b];[a][b]freezeframes=first=500:last=624:replace=500,"
        "drawbox=color=black:t=fill:enable='between(n,250,374)'[v]",
        "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
        "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-shortest"])


def make_audio(path, seconds):
    generate(path, f"{seconds} s 48 kHz stereo PCM", [
        "-f", "lavfi", "-i", f"anoisesrc=d={seconds}:c=pink:a=0.2:r=48000",
        "-f", "lavfi", "-i",
        f"aevalsrc='0.2*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.2*t))|0.2*sin(2*PI*330*t)':s=48000:d={seconds}",
        "-filter_complex", "[0][1]amerge=inputs=2,pan=stereo|c0=c0+c1|c1=c0+c2",
        "-c:a", "pcm_s16le"])


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime, code


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--avqc", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--only", choices=["batch", "screen"], help="run one section only")
    args = parser.parse_args()
    if args.only == "batch":
        return batch(args)
    if args.only == "screen":
        return screen(args)

    media = os.path.join(OUT, f"bench-{args.seconds}s-1080p25.mp4")
    make_input(media, args.seconds)
    audio_seconds = 600
    audio = os.path.join(OUT, f"bench-{audio_seconds}s-48k-stereo.wav")
    make_audio(audio, audio_seconds)
    quiet = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", media]
    cases = {
        "decode": quiet + ["-f", "null", "-"],
        "filters": quiet + ["-vf", "blackdetect,freezedetect", "-af", "silencedetect", "-f", "null", "-"],
        "avqc": [args.avqc, "-q", "-f", "json", media],
        # The same analysis writing the HTML report (thumbnails and series collected in the pass).
        "avqc-html": [args.avqc, "-q", "-f", "html", "-o", os.path.join(OUT, "bench.html"), media],
        # Single detectors, to show what each adds on top of decoding.
        "black": [args.avqc, "-q", "-f", "json", "--detectors", "black", media],
        "freeze": [args.avqc, "-q", "-f", "json", "--detectors", "freeze", media],
        "blockiness": [args.avqc, "-q", "-f", "json", "--detectors", "blockiness", media],
        "silence": [args.avqc, "-q", "-f", "json", "--detectors", "silence", media],
        "pse": [args.avqc, "-q", "-f", "json", "--detectors", "pse", media],
        "color-bars": [args.avqc, "-q", "-f", "json", "--detectors", "color-bars", media],
        "black-borders": [args.avqc, "-q", "-f", "json", "--detectors", "black-borders", media],
        "broadcast-range": [args.avqc, "-q", "-f", "json", "--detectors", "broadcast-range", media],
        "interlace": [args.avqc, "-q", "-f", "json", "--detectors", "interlace", media],
        # Every detector, those off by default too.
        "avqc-all": [args.avqc, "-q", "-f", "json", "--enable", "broadcast-range,interlace,dual-mono", media],
        # Every audio detector on 10 minutes of 48 kHz stereo (audio-only file).
        "audio": [args.avqc, "-q", "-f", "json", audio],
        # Every audio detector, dual-mono (off by default) and the loudness limits and series too.
        "audio-all": [args.avqc, "-q", "-f", "json", "--enable", "dual-mono", "--set", "loudness.max-short-term=-20",
                      "--set", "loudness.max-momentary=-15", "--set", "loudness.series=yes", audio],
        # Issue #13's audio detectors one at a time on the same file.
        "test-tone": [args.avqc, "-q", "-f", "json", "--detectors", "test-tone", audio],
        "dual-mono": [args.avqc, "-q", "-f", "json", "--detectors", "dual-mono", audio],
        "dc-offset": [args.avqc, "-q", "-f", "json", "--detectors", "dc-offset", audio],
        "clicks": [args.avqc, "-q", "-f", "json", "--detectors", "clicks", audio],
        "loudness": [args.avqc, "-q", "-f", "json", "--detectors", "loudness", audio],
        # FFmpeg's blockdetect, for the cost of blockiness; slow, so run once.
        "blockdetect": quiet + ["-an", "-vf", "blockdetect", "-f", "null", "-"],
    }
    once = {"blockdetect"}
    results = {name: [] for name in cases}
    for name, cmd in cases.items():  # warm the page cache once
        if name not in once:
            run(cmd)
    for round_index in range(args.rounds):
        for name, cmd in cases.items():
            if name in once and round_index > 0:
                continue
            wall, rss, cpu, code = run(cmd)
            if cmd[0] == args.avqc and code not in (0, 1):
                sys.exit(f"avqc exited {code}")
            results[name].append((wall, rss, cpu))

    floor_wall = statistics.median(w for w, _, _ in results["decode"])
    floor_rss = max(r for _, r, _ in results["decode"])
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores; input {media}; {args.rounds} rounds interleaved")
    print(f"{'case':16} {'wall s (median)':>16} {'x decode':>9} {'cpu s':>8} {'peak MiB':>9} {'x decode':>9}")
    for name, rows in results.items():
        wall = statistics.median(w for w, _, _ in rows)
        cpu = statistics.median(c for _, _, c in rows)
        rss = max(r for _, r, _ in rows)
        print(f"{name:16} {wall:16.3f} {wall / floor_wall:9.3f} {cpu:8.2f} {rss:9.1f} {rss / floor_rss:9.3f}")
    json_wall = statistics.median(w for w, _, _ in results["avqc"])
    html_wall = statistics.median(w for w, _, _ in results["avqc-html"])
    print(f"html: {html_wall:.3f} s against json {json_wall:.3f} s = {100 * (html_wall / json_wall - 1):+.1f}% wall; "
          f"report {os.path.getsize(os.path.join(OUT, 'bench.html')) / 1024:.0f} KiB")
    audio_wall = statistics.median(w for w, _, _ in results["audio"])
    print(f"audio detectors: {audio_seconds} s of 48 kHz stereo in {audio_wall:.3f} s = {audio_seconds / audio_wall:.0f}x real time")
    for name in ["audio-all", "test-tone", "dual-mono", "dc-offset", "clicks", "loudness"]:
        wall = statistics.median(w for w, _, _ in results[name])
        print(f"{name}: {audio_seconds} s of 48 kHz stereo in {wall:.3f} s = {audio_seconds / wall:.0f}x real time")

    # Ten minutes of 1080p: the HTML report's size, and memory against the 60 s file (issue #15).
    long_video = os.path.join(OUT, "bench-600s-1080p25.mp4")
    generate(long_video, "600 s 1080p25 H.264/AAC with black, freeze and silence", [
        "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=25:d=600",
        "-f", "lavfi", "-i", "aevalsrc='if(between(t,300,305),0,0.3*sin(2*PI*440*t))':s=48000:d=600:c=stereo",
        "-filter_complex",
        "[0:v]split[a][b];[a][b]freezeframes=first=3000:last=3249:replace=3000,"
        "drawbox=color=black:t=fill:enable='between(n,1500,1624)'[v]",
        "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23",
        "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-shortest"])
    long_html = os.path.join(OUT, "bench-600s.html")
    long_json, long_runs = [], []
    for _ in range(args.rounds):  # interleaved, like the rounds above
        long_json.append(run([args.avqc, "-q", "-f", "json", long_video]))
        long_runs.append(run([args.avqc, "-q", "-f", "html", "-o", long_html, long_video]))
    json_median = statistics.median(w for w, _, _, _ in long_json)
    html_median = statistics.median(w for w, _, _, _ in long_runs)
    short_html_rss = max(r for _, r, _ in results["avqc-html"])
    print(f"html, 600 s 1080p ({args.rounds} rounds, medians): {html_median:.2f} s (json {json_median:.2f} s, "
          f"{100 * (html_median / json_median - 1):+.1f}%), report {os.path.getsize(long_html) / 1024:.0f} KiB, "
          f"peak {max(r for _, r, _, _ in long_runs):.1f} MiB (60 s file: {short_html_rss:.1f} MiB)")

    # 24 hours of silence in FLAC: the long audio-only file of issue #10.
    day = os.path.join(OUT, "bench-24h-silence.flac")
    generate(day, "24 h of 44.1 kHz stereo silence, FLAC", [
        "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "86400", "-c:a", "flac"])
    day_decode = run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", day, "-f", "null", "-"])
    day_single = run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-threads", "1", "-i", day,
                      "-f", "null", "-"])
    day_avqc = run([args.avqc, "-q", "-f", "json", day])
    print(f"long audio: 24 h FLAC silence: ffmpeg decode {day_decode[0]:.2f} s (-threads 1: {day_single[0]:.2f} s), "
          f"avqc {day_avqc[0]:.2f} s ({day_avqc[0] / day_decode[0]:.2f}x decode, "
          f"{day_avqc[0] / day_single[0]:.2f}x single-thread decode, {86400 / day_avqc[0]:.0f}x real time, "
          f"peak {day_avqc[1]:.1f} MiB)")

    # The cost of analyzing each file in a worker process (--isolate, the default).
    small = os.path.join(OUT, "bench-small-files")
    tone = os.path.join(small, "tone-000.wav")
    generate(tone, "1 s 48 kHz stereo tone", [
        "-f", "lavfi", "-i", "sine=f=440:r=48000:d=1", "-ac", "2", "-c:a", "pcm_s16le"])
    for index in range(1, 200):
        copy = os.path.join(small, f"tone-{index:03d}.wav")
        if not os.path.exists(copy):
            os.link(tone, copy)
    walls = {}
    for mode in ("--isolate", "--no-isolate"):
        walls[mode] = statistics.median(run([args.avqc, "-q", "-f", "json", mode, small])[0] for _ in range(3))
    per_file = (walls["--isolate"] - walls["--no-isolate"]) / 200 * 1000
    print(f"isolation: 200 one-second files: --isolate {walls['--isolate']:.3f} s, --no-isolate "
          f"{walls['--no-isolate']:.3f} s: {per_file:.2f} ms per file")

    batch(args)
    screen(args)


def batch(args):
    """Files per minute over 16 short files, avqc -j 1 and -j auto against
    ffmpeg -f null run the same way by GNU parallel, and CPU seconds per file
    (user + system of every process, workers included) against ffmpeg's."""
    folder = os.path.join(OUT, "bench-batch-16")
    files = []
    for index in range(16):
        path = os.path.join(folder, f"clip-{index:02d}.mp4")
        first = 25 * (index % 8) + 10
        generate(path, f"10 s 1080p25 H.264/AAC, black from frame {first}", [
            "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=25:d=10",
            "-f", "lavfi", "-i", f"sine=f={220 + 20 * index}:r=48000:d=10",
            "-vf", f"drawbox=color=black:t=fill:enable='between(n,{first},{first + 60})'",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-shortest"])
        files.append(path)
    cores = os.cpu_count() or 1
    ffmpeg = "ffmpeg -hide_banner -loglevel error -nostdin -i {} -f null -"
    cases = {
        "avqc -j 1": [args.avqc, "-q", "-f", "json", "-j", "1", folder],
        "avqc -j auto": [args.avqc, "-q", "-f", "json", "-j", "auto", folder],
        "ffmpeg, parallel -j 1": ["parallel", "-j", "1", ffmpeg, ":::"] + files,
        f"ffmpeg, parallel -j {cores}": ["parallel", "-j", str(cores), ffmpeg, ":::"] + files,
    }
    # ffmpeg's own CPU per file, without GNU parallel's Perl: each file alone.
    def ffmpeg_cpu():
        return sum(run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", f, "-f", "null", "-"])[2]
                   for f in files)
    results = {name: [] for name in cases}
    cpu_floor = []
    for cmd in cases.values():  # warm the page cache
        run(cmd)
    for _ in range(args.rounds):
        for name, cmd in cases.items():
            wall, rss, cpu, code = run(cmd)
            if cmd[0] == args.avqc and code not in (0, 1):
                sys.exit(f"avqc exited {code}")
            results[name].append((wall, cpu))
        cpu_floor.append(ffmpeg_cpu())
    floor_cpu = statistics.median(cpu_floor) / len(files)
    print(f"batch: {len(files)} files of 10 s 1080p25 H.264/AAC, {cores} cores, {args.rounds} rounds interleaved "
          f"(medians); CPU = user + system of every process")
    print(f"{'case':24} {'wall s':>8} {'files/min':>10} {'CPU s/file':>11} {'x ffmpeg CPU':>13}")
    walls = {}
    for name, rows in results.items():
        wall = statistics.median(w for w, _ in rows)
        cpu = statistics.median(c for _, c in rows) / len(files)
        walls[name] = wall
        print(f"{name:24} {wall:8.2f} {60 * len(files) / wall:10.1f} {cpu:11.3f} {cpu / floor_cpu:13.3f}")
    print(f"{'ffmpeg alone, each file':24} {'':8} {'':10} {floor_cpu:11.3f} {1:13.3f}")
    print(f"batch wall: avqc -j 1 / ffmpeg parallel -j 1 = {walls['avqc -j 1'] / walls['ffmpeg, parallel -j 1']:.3f}x; "
          f"avqc -j auto / ffmpeg parallel -j {cores} = "
          f"{walls['avqc -j auto'] / walls[f'ffmpeg, parallel -j {cores}']:.3f}x")


def screen(args):
    """--screen against the full analysis, on the 60 s 1080p file with black
    and freeze and on a clean 60 s 1080p file: wall time, and whether the
    black and freeze spans (times and frames) are identical."""
    import json
    defects = os.path.join(OUT, f"bench-{args.seconds}s-1080p25.mp4")
    make_input(defects, args.seconds)
    clean = os.path.join(OUT, f"bench-{args.seconds}s-1080p25-clean.mp4")
    generate(clean, f"{args.seconds} s 1080p25 H.264/AAC, no defect", [
        "-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=25:d={args.seconds}",
        "-f", "lavfi", "-i", f"sine=f=440:r=48000:d={args.seconds}", "-c:v", "libx264", "-preset", "veryfast",
        "-crf", "23", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-shortest"])
    covered = ("black,freeze,silence,loudness,clipping,audio-dropout,channel-silent,phase-inversion,test-tone,"
               "dc-offset,clicks")
    cases = {}
    for label, media in (("defects", defects), ("clean", clean)):
        cases[f"{label}: decode"] = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", media,
                                     "-f", "null", "-"]
        cases[f"{label}: avqc (default)"] = [args.avqc, "-q", "-f", "json", media]
        cases[f"{label}: avqc (covered set)"] = [args.avqc, "-q", "-f", "json", "--detectors", covered, media]
        cases[f"{label}: avqc --screen"] = [args.avqc, "-q", "-f", "json", "--screen", media]
    results = {name: [] for name in cases}
    for cmd in cases.values():
        run(cmd)
    for _ in range(args.rounds):
        for name, cmd in cases.items():
            wall, rss, cpu, code = run(cmd)
            results[name].append(wall)
    print(f"screen: {args.seconds} s 1080p25 H.264/AAC, {args.rounds} rounds interleaved (median wall s)")
    for label in ("defects", "clean"):
        screen_wall = statistics.median(results[f"{label}: avqc --screen"])
        row = [f"{label:8}"]
        for name in ("decode", "avqc (default)", "avqc (covered set)", "avqc --screen"):
            wall = statistics.median(results[f"{label}: {name}"])
            row.append(f"{name} {wall:.3f}")
        print("  " + ", ".join(row) + f"; speed-up over avqc (default) "
              f"{statistics.median(results[f'{label}: avqc (default)']) / screen_wall:.2f}x, over the covered set "
              f"{statistics.median(results[f'{label}: avqc (covered set)']) / screen_wall:.2f}x, over decode "
              f"{statistics.median(results[f'{label}: decode']) / screen_wall:.2f}x")
    for label, media in (("defects", defects), ("clean", clean)):
        spans = []
        for extra in ([], ["--screen"]):
            out = subprocess.run([args.avqc, "-q", "-f", "json"] + extra + [media], stdout=subprocess.PIPE, text=True)
            report = json.loads(out.stdout)
            spans.append(sorted((d["detector"], d["start"], d["end"], d.get("startFrame"), d.get("endFrame"))
                                for f in report["files"] for d in f["defects"] if d["detector"] in ("black", "freeze")))
        verdict = "identical" if spans[0] == spans[1] else f"DIFFERENT: full {spans[0]}, screen {spans[1]}"
        print(f"  {label}: black and freeze spans, full vs --screen: {verdict} ({len(spans[0])} spans)")


if __name__ == "__main__":
    main()
