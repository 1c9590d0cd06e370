"""docker-compose.yml runs the portal on more than one machine's worth of processes (issue 18):
MinIO holds the files and publishes no port, two web containers sit behind nginx on the one
published port and never migrate, one beat, the one-shot migration and bucket steps finish
before any portal process starts, and every portal process gets the same storage settings.
(.ci/run validates the file with ``docker-compose config``.)"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PORTAL = {
    name for name, service in SERVICES.items() if service.get("image") == "glab-portal:latest"
}
WEBS = {name for name in PORTAL if "gunicorn" in str(SERVICES[name].get("command", ""))}


def test_two_web_containers_behind_nginx_on_the_one_published_port():
    assert len(WEBS) >= 2
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"nginx"}
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    upstream = re.search(r"upstream glab_web \{(.*?)\}", nginx, re.S).group(1)
    assert set(re.findall(r"server ([\w-]+):8000", upstream)) == WEBS
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in SERVICES["nginx"]["volumes"]


def test_web_containers_never_migrate_and_wait_for_the_one_shot_steps():
    for name in WEBS | {"worker", "beat"}:
        assert "migrate" not in str(SERVICES[name]["command"])
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["storage-init"]["condition"] == "service_completed_successfully"
    assert SERVICES["migrate"]["restart"] == "no" and "migrate" in SERVICES["migrate"]["command"]
    assert SERVICES["storage-init"]["command"] == "python manage.py ensure_storage_bucket"


def test_exactly_one_beat_and_a_worker():
    beats = [name for name in PORTAL if "beat" in str(SERVICES[name].get("command", ""))]
    assert beats == ["beat"] and "deploy" not in SERVICES["beat"]
    assert "worker" in str(SERVICES["worker"]["command"])


def test_files_are_in_minio_which_no_office_pc_reaches():
    assert "ports" not in SERVICES["minio"]
    for name in PORTAL:
        environment = SERVICES[name]["environment"]
        assert environment["STORAGE_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert environment["STORAGE_S3_BUCKET"].startswith("${STORAGE_S3_BUCKET")
        assert not any(
            volume.endswith(":/app/media") for volume in SERVICES[name].get("volumes", [])
        )


def test_the_image_carries_a_postgresql_client_of_the_servers_major_version():
    """manage.py backup / restore run pg_dump and pg_restore inside the portal's image, and
    pg_dump refuses a server newer than itself: the image's client is the compose server's
    major version, from apt.postgresql.org on a named Debian release (not a floating tag)."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    server_major = re.fullmatch(r"postgres:(\d+)(\.\d+)*", SERVICES["postgres"]["image"]).group(1)
    assert re.search(r"^ARG PG_MAJOR=(\d+)$", dockerfile, re.M).group(1) == server_major
    assert '"postgresql-client-${PG_MAJOR}"' in dockerfile
    assert "apt.postgresql.org" in dockerfile and "signed-by=" in dockerfile
    assert re.search(r"^FROM python:3\.\d+-slim-(bookworm|trixie)$", dockerfile, re.M)


def test_metrics_can_be_switched_on_for_every_portal_container():
    for name in PORTAL:
        environment = SERVICES[name]["environment"]
        assert environment["METRICS_TOKEN"] == "${METRICS_TOKEN:-}"
        assert environment["METRICS_ALLOWED_ADDRESSES"] == "${METRICS_ALLOWED_ADDRESSES:-}"
