"""The production deployment files agree with each other and with the repository.

No Docker engine runs on the development machines, so this checks the files themselves against
the official odoo:19 image's conventions: HOST/USER/PASSWORD for the database,
/mnt/extra-addons for extra addons, /etc/odoo/odoo.conf for the configuration.
"""

import ast
import configparser
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
OUR_ADDONS = {"aftersales_service", "aftersales_warranty", "aftersales_parts"}


def compose():
    return yaml.safe_load((DOCKER / "docker-compose.yml").read_text())


def odoo_conf():
    parser = configparser.ConfigParser()
    parser.read(DOCKER / "odoo.conf")
    return parser


def bind_mounts(service):
    """{container path: host path} of a service's bind mounts, host paths made absolute."""
    mounts = {}
    for volume in service["volumes"]:
        source, target = volume.split(":")[:2]
        if source.startswith((".", "/")):
            mounts[target] = (DOCKER / source).resolve()
    return mounts


def test_compose_runs_postgres_16_and_odoo_built_on_the_official_image():
    services = compose()["services"]
    assert services["db"]["image"] == "postgres:16"
    build = services["odoo"]["build"]
    dockerfile = (DOCKER / build["context"] / build["dockerfile"]).resolve()
    assert dockerfile == DOCKER / "Dockerfile"
    assert re.search(r"^FROM odoo:19\b", dockerfile.read_text(), re.MULTILINE)


def test_odoo_reaches_the_database_through_the_image_variables():
    services = compose()["services"]
    env = services["odoo"]["environment"]
    assert env["HOST"] == "db"
    assert env["USER"] == services["db"]["environment"]["POSTGRES_USER"]
    assert env["PASSWORD"] == services["db"]["environment"]["POSTGRES_PASSWORD"]


def test_the_mounted_addons_path_holds_our_addons():
    mounts = bind_mounts(compose()["services"]["odoo"])
    host_addons = mounts["/mnt/extra-addons"]
    found = {manifest.parent.name for manifest in host_addons.glob("*/__manifest__.py")}
    assert found >= OUR_ADDONS
    addons_path = odoo_conf()["options"]["addons_path"].split(",")
    assert "/mnt/extra-addons" in addons_path
    assert mounts["/etc/odoo/odoo.conf"] == DOCKER / "odoo.conf"


def test_the_image_holds_every_oca_addon_our_addons_depend_on():
    dockerfile = (DOCKER / "Dockerfile").read_text()
    assert "requirements-oca.txt" in dockerfile
    assert "--target /opt/oca" in dockerfile
    assert "/opt/oca/odoo/addons" in odoo_conf()["options"]["addons_path"]
    pinned = {
        line.split("==")[0].removeprefix("odoo-addon-")
        for line in (ROOT / "requirements-oca.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    for addon in OUR_ADDONS:
        manifest = ast.literal_eval((ROOT / "addons" / addon / "__manifest__.py").read_text())
        oca_depends = {dep for dep in manifest["depends"] if dep in {*pinned, "queue_job"}}
        assert oca_depends <= pinned, addon


def test_several_http_workers_and_the_job_runner():
    options = odoo_conf()["options"]
    assert int(options["workers"]) >= 2
    assert "queue_job" in options["server_wide_modules"].split(",")
    assert options["proxy_mode"] == "True"
    assert odoo_conf()["queue_job"]["channels"].startswith("root:")


def test_filestore_and_database_live_in_volumes():
    spec = compose()
    named = set(spec["volumes"])
    odoo_targets = {v.split(":")[1]: v.split(":")[0] for v in spec["services"]["odoo"]["volumes"]}
    db_targets = {v.split(":")[1]: v.split(":")[0] for v in spec["services"]["db"]["volumes"]}
    assert odoo_targets["/var/lib/odoo"] in named
    assert odoo_conf()["options"]["data_dir"] == "/var/lib/odoo"
    assert db_targets["/var/lib/postgresql/data"] in named
