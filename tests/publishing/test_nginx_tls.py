"""`manage.py nginx_config --ssl-certificate … --ssl-certificate-key …`: a real nginx speaks TLS.

A self-signed certificate is made with `cryptography` (for localhost and 127.0.0.1); nginx runs the
generated configuration in a private prefix and a Python client that trusts only that certificate reads
a published page and a page of the app (proxied) over HTTPS. Skipped without nginx or `cryptography`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import urllib.request
from pathlib import Path

import pytest

from gongkai.publishing import nginx

from .test_nginx_config import _free_port, _generate, _tree

pytestmark = pytest.mark.skipif(
    nginx.nginx_binary() is None, reason="nginx is not installed (apt-get install nginx-light)"
)


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate and key (PEM) for localhost and 127.0.0.1, valid for a day."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def test_the_generated_tls_configuration_serves_pages_over_https(tmp_path, live_server, settings):
    cert, key = _self_signed(tmp_path)
    settings.STATIC_ROOT = tmp_path / "static"
    settings.SECURE_HSTS_SECONDS = 3600  # as in production: the generated TLS server sends HSTS too
    (tmp_path / "static").mkdir()
    root = tmp_path / "site"
    _tree(root)
    port = _free_port()
    upstream = live_server.url.removeprefix("http://").replace("localhost", "127.0.0.1")
    conf = tmp_path / "nginx" / "nginx.conf"
    conf.parent.mkdir()
    server = _generate(root, upstream, port, "--ssl-certificate", str(cert), "--ssl-certificate-key", str(key))
    assert f"listen {port} ssl;" in server
    conf.write_text(nginx.main_config(server, conf.parent))
    process = nginx.start(conf, port, timeout=30)
    try:
        context = ssl.create_default_context(cafile=str(cert))  # trusts this certificate only
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))
        with opener.open(f"https://localhost:{port}/b/xiuwu/", timeout=20) as response:
            assert response.status == 200
            assert response.read() == b"<!doctype html><title>xiuwu</title>"
            assert response.headers["Strict-Transport-Security"] == "max-age=3600"
        with opener.open(f"https://127.0.0.1:{port}/healthz", timeout=20) as response:
            assert response.status == 200  # proxied to the app behind TLS
        with pytest.raises(urllib.error.URLError):  # a client that does not trust it refuses the connection
            urllib.request.urlopen(f"https://localhost:{port}/b/xiuwu/", timeout=20)
    finally:
        process.terminate()
        process.wait(timeout=10)
