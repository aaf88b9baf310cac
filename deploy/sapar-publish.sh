#!/bin/sh
# Publishes what editors saved through /admin/: fetches the content repository from the Git host
# and, when it has new commits, builds once and tells the server to serve the new build
# (docs/editing.md). A failed build changes nothing readers see; it is logged, and the next
# commit that fixes it is published by the next run. Run by sapar-publish.timer as user sapar.
set -eu
root=${SAPAR_ROOT:-/srv/sapar}
cd "$root"
git fetch --quiet origin
if [ "$(git rev-parse HEAD)" = "$(git rev-parse '@{upstream}')" ]; then
  exit 0
fi
git merge --quiet --ff-only '@{upstream}'
sapar build --root "$root"
sudo /bin/systemctl reload sapar
