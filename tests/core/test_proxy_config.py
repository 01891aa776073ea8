"""The production reverse proxy (deploy/nginx/sharik.conf.template), run for real with Debian's nginx.

The same template the compose file hands to the official nginx image is filled in the same way (only
${SHARIK_*} names), given a self-signed certificate, and put in front of the live test server: HTTP
is redirected to HTTPS, pages come from Django over TLS with the forwarded headers, and uploaded files
are served from the media folder with headers that stop a browser running them.
"""

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from tests.replica_cluster import free_port

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "sharik.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() or shutil.which("openssl") is None, reason="Debian's nginx and openssl needed"
)


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    http_port, https_port = free_port(), free_port()
    media = tmp_path / "media"
    (media / "consultations" / "documents").mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    values = {
        "SHARIK_UPSTREAM": live_server.url.removeprefix("http://"),
        "SHARIK_SERVER_NAME": "localhost",
        "SHARIK_TLS_CERT": str(tmp_path / "fullchain.pem"),
        "SHARIK_TLS_KEY": str(tmp_path / "privkey.pem"),
        "SHARIK_MEDIA_ROOT": str(media),
    }
    # As the nginx image's envsubst with NGINX_ENVSUBST_FILTER=^SHARIK_: nginx's own $variables stay.
    server = re.sub(r"\$\{(SHARIK_\w+)\}", lambda m: values[m[1]], TEMPLATE.read_text())
    assert "${" not in server
    # Loopback ports instead of 80/443 (the IPv6 twins dropped): the locations are what is tested.
    server = re.sub(r"listen \[::\]:\d+[^;]*;", "", server)
    server = server.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    server = server.replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    (tmp_path / "server.conf").write_text(server)
    (tmp_path / "nginx.conf").write_text(
        # As root, nginx's workers would drop to "nobody", who cannot read pytest's private tmp folder.
        ("user root; " if os.geteuid() == 0 else "")
        + f"""daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
        events {{}}
        http {{
          access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
          include /etc/nginx/mime.types;
          include {tmp_path}/server.conf;
        }}"""
    )
    process = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield {
            "http": f"http://127.0.0.1:{http_port}",
            "https": f"https://127.0.0.1:{https_port}",
            "media": media,
        }
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_http_is_redirected_to_https(proxy):
    response = httpx.get(proxy["http"] + "/en/consultations/?q=x", headers={"Host": "localhost"})
    assert response.status_code == 301
    assert response.headers["location"] == "https://localhost/en/consultations/?q=x"


def test_pages_come_from_django_over_tls(proxy, db):
    with httpx.Client(verify=False, headers={"Host": "localhost"}) as client:
        response = client.get(proxy["https"] + "/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"
    assert "nginx/" not in response.headers.get("server", "")  # server_tokens off


def test_uploaded_files_are_served_inert_and_unlisted(proxy):
    folder = proxy["media"] / "consultations" / "documents"
    (folder / "draft.html").write_text("<script>alert(1)</script>")
    with httpx.Client(verify=False, headers={"Host": "localhost"}) as client:
        served = client.get(proxy["https"] + "/media/consultations/documents/draft.html")
        listing = client.get(proxy["https"] + "/media/consultations/documents/")
    assert served.status_code == 200 and served.text == "<script>alert(1)</script>"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in served.headers["content-security-policy"]
    assert listing.status_code == 403
