"""`manage.py nginx_config --root DIR --upstream HOST:PORT [--listen PORT]`: print the nginx configuration.

The output is an http-level file (upstream, map and server blocks) for /etc/nginx/sites-enabled/ or
conf.d/; `gongkai.publishing.nginx` owns what it says. Regenerate it after every upgrade: the dynamic
paths come from the URLconf and the security headers from the app's middleware.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.publishing import nginx


class Command(BaseCommand):
    help = "Print the nginx configuration that serves the published tree and proxies the rest to the app."

    def add_arguments(self, parser):
        parser.add_argument("--root", required=True, type=Path, help="the published tree (PUBLISH_ROOT)")
        parser.add_argument("--upstream", required=True, help="HOST:PORT of gunicorn (or unix:/path.sock)")
        parser.add_argument("--listen", type=int, default=None, help="port (80, or 443 with TLS)")
        parser.add_argument("--server-name", default="_", help="host names of the server block")
        parser.add_argument("--ssl-certificate", type=Path, help="TLS certificate chain (PEM); enables TLS")
        parser.add_argument("--ssl-certificate-key", type=Path, help="TLS private key (PEM)")
        parser.add_argument("--brotli", choices=("auto", "on", "off"), default="auto", help="brotli_static")
        parser.add_argument("--html-max-age", type=int, default=60, help="Cache-Control max-age of pages (s)")
        parser.add_argument(
            "--deny",
            action="append",
            default=[],
            metavar="PREFIX",
            help="answer 404 under this path prefix (repeatable), e.g. --deny /admin/ on an internet-facing server",
        )

    def handle(self, *args, **options):
        cert, key = options["ssl_certificate"], options["ssl_certificate_key"]
        if bool(cert) != bool(key):
            raise CommandError(_("--ssl-certificate and --ssl-certificate-key go together."))
        upstream = options["upstream"]
        if not upstream.startswith("unix:") and not upstream.rpartition(":")[2].isdigit():
            raise CommandError(_("--upstream must be HOST:PORT or unix:/path/to/socket."))
        listen = options["listen"] or (443 if cert else 80)
        brotli = {"auto": None, "on": True, "off": False}[options["brotli"]]
        self.stdout.write(
            nginx.server_config(
                root=options["root"],
                upstream=upstream,
                listen=listen,
                server_name=options["server_name"],
                ssl_certificate=cert,
                ssl_certificate_key=key,
                brotli=brotli,
                html_max_age=options["html_max_age"],
                deny=tuple(p if p.endswith("/") else p + "/" for p in options["deny"]),
            ),
            ending="",
        )
