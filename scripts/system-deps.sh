#!/usr/bin/env bash
# Debian packages the tests need: chromium (real-browser tests), poppler-utils (pdftotext,
# pdffonts, pdftoppm), fonts-dejavu-core (fallback glyphs) and hunspell + hunspell-nl (the Dutch
# spelling test, tests/test_language.py); npm only if missing (`kijkverder site` fetches the npm
# package pyodide with `npm pack`; the machine's Node.js usually brings npm, and Debian's npm
# package conflicts with it). Installs only what is missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v hunspell >/dev/null 2>&1 || need+=(hunspell)
[ -e /usr/share/hunspell/nl.dic ] || need+=(hunspell-nl)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
