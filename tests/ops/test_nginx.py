"""deploy/nginx.conf run by a real nginx: its logs keep no stemcode and no token.

Skipped where nginx is not installed (`apt-get install nginx`), except in CI, where a missing
server fails the test. The app behind it is not running: nginx then answers 502 and writes the
request to its error log too, the worst case.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import servers_required

ROOT = Path(__file__).resolve().parents[2]
HOST = "wijkbudget.example.nl"
CODE = "ABCD-EFGH-JKMN"

pytestmark = pytest.mark.skipif(
    not shutil.which("nginx") and not servers_required(), reason="nginx is not installed"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Nginx:
    def __init__(self, folder: Path, https_port: int, http_port: int) -> None:
        self.folder, self.https_port, self.http_port = folder, https_port, http_port

    def get(self, path: str, *, tls: bool = True) -> http.client.HTTPResponse:
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=context, timeout=10
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def logs(self, requests: int) -> str:
        """All log files, once the access log has a line for each of ``requests``."""
        # nginx writes the access line after the response has gone out: wait for it.
        access = self.folder / "wijkbudget.access.log"
        deadline = time.monotonic() + 10
        while len(access.read_text().splitlines()) < requests:
            assert time.monotonic() < deadline, access.read_text()
            time.sleep(0.05)
        return "\n".join(p.read_text() for p in sorted(self.folder.glob("*.log")))


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Nginx]:
    https_port, http_port, dead_port = _free_port(), _free_port(), _free_port()
    cert, key = _self_signed(tmp_path)
    site = (
        (ROOT / "deploy" / "nginx.conf")
        .read_text(encoding="utf-8")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("/etc/letsencrypt/live/wijkbudget.example.nl/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/wijkbudget.example.nl/privkey.pem", str(key))
        .replace("/var/log/nginx/", f"{tmp_path}/")
        .replace("/opt/wijkbudget/static/", f"{ROOT}/static/")
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{dead_port};")
    )
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(
        f"{kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "main.conf").write_text(
        f"""
        {"user root;" if os.geteuid() == 0 else ""}
        daemon off;
        worker_processes 1;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/main-error.log;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            {temp}
            include {tmp_path}/site.conf;
        }}
        """,
        encoding="utf-8",
    )
    output = tmp_path / "nginx-output.txt"
    with output.open("w") as out:
        process = subprocess.Popen(
            ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "main.conf")],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 10
    while True:
        assert process.poll() is None, output.read_text()
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
    try:
        yield Nginx(tmp_path, https_port, http_port)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_logs_keep_no_stemcode_and_no_token(nginx: Nginx) -> None:
    assert nginx.get(f"/stem?code={CODE}").status == 502
    assert nginx.get(f"/ronde/3/stemmen/helpen?code={CODE}").status == 502
    assert nginx.get("/wachtwoord-herstellen/SECRET-TOKEN-1").status == 502
    assert nginx.get("/meedoen/beijum-beweegt/aangemeld/SECRET-TOKEN-2").status == 502
    assert nginx.get("/meedoen/afmelden/SECRET-TOKEN-3").status == 502
    assert nginx.get("/bevestigen/SECRET-TOKEN-4").status == 502
    redirect = nginx.get(f"/stem?code={CODE}", tls=False)
    assert redirect.status == 301
    assert redirect.headers["Location"] == f"https://{HOST}/stem?code={CODE}"
    assert nginx.get("/meedoen?wijk=beijum").status == 502

    logs = nginx.logs(requests=8)
    assert "ABCD" not in logs and "SECRET-TOKEN" not in logs
    assert '"GET /stem HTTP/1.1" 502' in logs
    assert '"GET /stem HTTP/1.1" 301' in logs
    assert '"GET /ronde/3/stemmen/helpen HTTP/1.1" 502' in logs
    assert "/wachtwoord-herstellen/[redacted]" in logs
    assert "/meedoen/beijum-beweegt/aangemeld/[redacted]" in logs
    # Other query strings stay, and the error log still tells when the app is down.
    assert '"GET /meedoen?wijk=beijum HTTP/1.1" 502' in logs
    assert "connect() failed" in logs


def test_static_files_come_from_disk_with_hsts(nginx: Nginx) -> None:
    response = nginx.get("/static/css/wijkbudget.css")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/css"
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
