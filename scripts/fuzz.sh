#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole path (demux -> decode -> detect -> report)
# with libFuzzer and AddressSanitizer. Usage: scripts/fuzz.sh [SECONDS] (default 600).
# Inputs are handed to avqc in memory through a custom AVIOContext. Crashers are
# written to .build-fuzz/crashes/; add each to Fixtures/fuzz-regressions/ so that
# `make test` replays it (BadInputTests.fuzzRegressionsDoNotCrash).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
scratch=.build-fuzz
seeds=$scratch/seeds
corpus=$scratch/corpus
crashes=$scratch/crashes
mkdir -p "$seeds" "$corpus" "$crashes"

AVQC_FUZZ=1 swift build -c release --product avqc-fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -v "Cannot export local symbol" || true
binary=$(AVQC_FUZZ=1 swift build -c release --scratch-path "$scratch" --show-bin-path)/avqc-fuzz
[ -x "$binary" ] || { echo "error: the fuzz target did not build" >&2; exit 1; }

# Small seeds in the containers and codecs avqc meets most (a few KB each).
make_seed() { # name, ffmpeg arguments...
    local name=$1; shift
    [ -s "$seeds/$name" ] || ffmpeg -v error -y "$@" "$seeds/$name"
}
video="testsrc2=s=64x48:r=10:d=0.5"
audio="sine=f=440:r=8000:d=0.5"
make_seed h264-aac.mp4 -f lavfi -i "$video" -f lavfi -i "$audio" -c:v libx264 -c:a aac -shortest
make_seed vp9-opus.webm -f lavfi -i "$video" -f lavfi -i "sine=f=440:r=48000:d=0.5" -c:v libvpx-vp9 -c:a libopus -shortest
make_seed mpeg2-mp2.ts -f lavfi -i "$video" -f lavfi -i "sine=f=440:r=48000:d=0.5" -c:v mpeg2video -c:a mp2 -shortest
make_seed mjpeg-pcm.avi -f lavfi -i "$video" -f lavfi -i "$audio" -c:v mjpeg -c:a pcm_s16le -shortest
make_seed mpeg4-ac3.mkv -f lavfi -i "$video" -f lavfi -i "sine=f=440:r=48000:d=0.5" -c:v mpeg4 -c:a ac3 -shortest
make_seed tone.wav -f lavfi -i "$audio" -c:a pcm_s16le
make_seed tone.flac -f lavfi -i "$audio" -c:a flac
make_seed tone.mp3 -f lavfi -i "sine=f=440:r=22050:d=0.5" -c:a libmp3lame
make_seed tone.ogg -f lavfi -i "$audio" -c:a libvorbis
make_seed theora.ogv -f lavfi -i "$video" -c:v libtheora

echo "fuzzing for $seconds s: $binary"
exec "$binary" "$corpus" "$seeds" -max_total_time="$seconds" -max_len=65536 -timeout=60 -rss_limit_mb=4096 \
    -artifact_prefix="$crashes/" -print_final_stats=1
