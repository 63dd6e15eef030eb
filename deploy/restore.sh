#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh: the database into DATABASE_URL (an empty database, e.g. after
# `createdb -O gongkai gongkai`), the files into MEDIA_ROOT and PUBLISH_ROOT (emptied first).
# Stop gongkai-web and gongkai-worker before, then run `manage.py migrate` (a no-op on the same release)
# and `manage.py publish_site --check` after. See docs/deployment.md ("Backups").
set -euo pipefail
in="${1:?usage: deploy/restore.sh DIR}"
: "${DATABASE_URL:?DATABASE_URL is not set}" "${MEDIA_ROOT:?MEDIA_ROOT is not set}" "${PUBLISH_ROOT:?PUBLISH_ROOT is not set}"
(cd "$in" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname "$DATABASE_URL" "$in/db.dump"
for name in media published; do
    dir=$([[ $name == media ]] && echo "$MEDIA_ROOT" || echo "$PUBLISH_ROOT")
    mkdir -p "$dir"
    find "$dir" -mindepth 1 -delete
    tar --extract --gzip --file "$in/$name.tar.gz" --directory "$dir"
done
echo "restored from $in"
