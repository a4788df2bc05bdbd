#!/usr/bin/env bash
# Makes Docs/images/html-report.png, the README's picture of the HTML report:
# avqc's report of Fixtures/sample.mp4, rendered by headless Chromium.
# Usage: scripts/html-screenshot.sh [AVQC]   (needs chromium: make deps)
set -euo pipefail
cd "$(dirname "$0")/.."
avqc=${1:-$(swift build -c release --show-bin-path)/avqc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$avqc" -q -o "$work/report.html" Fixtures/sample.mp4 || test $? -eq 1
chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --disable-background-networking \
  --window-size=1100,1500 --screenshot="$work/report.png" "file://$work/report.html" 2>/dev/null
mkdir -p Docs/images
cp "$work/report.png" Docs/images/html-report.png
echo "wrote Docs/images/html-report.png"
