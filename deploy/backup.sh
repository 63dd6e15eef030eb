#!/usr/bin/env bash
# Back up Gongkai into DIR: the database (pg_dump, custom format), MEDIA_ROOT and the published tree
# (PUBLISH_ROOT; it can be rebuilt with `manage.py publish_site`, but a copy restores the web servers at
# once), with a SHA256SUMS file. Run as the gongkai user with its environment loaded:
#
#   set -a; . /etc/gongkai/gongkai.env; set +a; deploy/backup.sh /var/backups/gongkai/$(date +%F)
#
# Restore with deploy/restore.sh (tested: tests/publishing/test_prod_stack_backup.py). See docs/deployment.md.
set -euo pipefail
out="${1:?usage: deploy/backup.sh DIR}"
: "${DATABASE_URL:?DATABASE_URL is not set}" "${MEDIA_ROOT:?MEDIA_ROOT is not set}" "${PUBLISH_ROOT:?PUBLISH_ROOT is not set}"
mkdir -p "$out"
chmod 700 "$out"
pg_dump --format=custom --no-owner --no-privileges --file "$out/db.dump" "$DATABASE_URL"
for name in media published; do
    dir=$([[ $name == media ]] && echo "$MEDIA_ROOT" || echo "$PUBLISH_ROOT")
    mkdir -p "$dir"
    tar --create --gzip --file "$out/$name.tar.gz" --directory "$dir" .
done
(cd "$out" && sha256sum db.dump media.tar.gz published.tar.gz >SHA256SUMS)
echo "backup written to $out"
