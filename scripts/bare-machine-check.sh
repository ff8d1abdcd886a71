#!/usr/bin/env bash
# Proves the e2e browser launches where no browser libraries exist: a minimal Debian (the code sandbox's
# debootstrap base image, no Chromium, no libnspr4/libnss3) with only our Node binary added and the repo
# bind-mounted read-only. It launches the browser tests/e2e/browser.ts picks (the Chromium bundled in
# @sparticuz/chromium) under Playwright and loads a data: URL.
# Needs Docker and the base image: `npm run syllabus -- sandbox build`. Usage: scripts/bare-machine-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
image=$(docker images --format '{{.Repository}}:{{.Tag}}' 'syllabus/python-data-base' | head -n 1)
if [ -z "$image" ]; then echo "no syllabus/python-data-base image: run \`npm run syllabus -- sandbox build\` first" >&2; exit 1; fi
node_binary=$(readlink -f node_modules/node/bin/node)
echo "minimal Debian: $image, Node from $node_binary"
docker run --rm --network none -v "$PWD:/repo:ro" -v "$node_binary:/usr/local/bin/node:ro" -w /repo "$image" bash -c '
  set -e
  if command -v chromium chromium-browser google-chrome >/dev/null; then echo "a system browser exists: not a bare machine" >&2; exit 1; fi
  if ls /usr/lib/x86_64-linux-gnu/libnspr4.so* >/dev/null 2>&1; then echo "libnspr4 is installed: not a bare machine" >&2; exit 1; fi
  echo "no system browser, no libnspr4/libnss3"
  node node_modules/tsx/dist/cli.mjs scripts/launch-e2e-browser.ts
'
