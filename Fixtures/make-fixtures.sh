#!/usr/bin/env bash
# Rebuilds the committed fixtures with the ffmpeg CLI. Every defect sits at a
# known frame or sample (see Fixtures/README.md). Deterministic for a given
# FFmpeg build: single-threaded x264, bit-exact flags.
set -euo pipefail
cd "$(dirname "$0")"
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }

# sample.mp4: 12 s, 320x180 at 25 fps, H.264 + AAC stereo 48 kHz.
#   black  : frames 50-124  (2.000 s to 5.000 s)
#   freeze : frames 150-224 (6.000 s to 9.000 s; frame 150 repeated)
#   silence: samples 384000-503999 (8.000 s to 10.500 s), both channels
ff -f lavfi -i "testsrc2=s=320x180:r=25:d=12" \
   -f lavfi -i "aevalsrc='if(between(t,8,10.5-1/96000),0,0.4*sin(2*PI*440*t))|if(between(t,8,10.5-1/96000),0,0.3*sin(2*PI*660*t))':s=48000:d=12" \
   -filter_complex "[0:v]split[a][b];[a][b]freezeframes=first=150:last=224:replace=150,drawbox=color=black:t=fill:enable='between(n,50,124)'[v]" \
   -map "[v]" -map 1:a -c:v libx264 -preset veryfast -crf 26 -threads 1 -pix_fmt yuv420p \
   -c:a aac -b:a 96k -flags:a +bitexact -flags:v +bitexact -fflags +bitexact -movflags +faststart -shortest sample.mp4
echo "wrote $(pwd)/sample.mp4"
