"""Install the map's scripts, styles and country outlines from npm into the app's static folder.

``python -m dashboard.assets.vendor [--dest dashboard/ui/static/vendor]`` runs ``npm install`` into
``build/npm`` (skipped when the pinned versions are already there), copies the files the map
loads (see ``dashboard.assets.offline``) and writes ``countries.geojson`` from world-atlas's
TopoJSON.
The folder is rebuilt beside the old one and swapped in, then marked with ``.complete``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from dashboard.assets.offline import COUNTRIES_FILE
from dashboard.assets.topojson import topojson_to_geojson

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DEST = ROOT / "dashboard" / "ui" / "static" / "vendor"
DEFAULT_PREFIX = ROOT / "build" / "npm"
PACKAGES = {"leaflet": "1.9.4", "leaflet.markercluster": "1.5.3", "world-atlas": "2.0.2"}
COPIES = {  # destination under --dest: source under node_modules
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/images": "leaflet/dist/images",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/"
    "leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/"
    "MarkerCluster.Default.css",
    "leaflet.markercluster/MIT-LICENCE.txt": "leaflet.markercluster/MIT-LICENCE.txt",
    "world-atlas/LICENSE": "world-atlas/LICENSE",
}
RESOLUTIONS = ("50m", "110m")
PRECISION = 3  # decimals of a degree (about 100 m), finer than world-atlas's 50m grid
MARKER = ".complete"


class VendorError(RuntimeError):
    pass


def installed_version(prefix: Path, package: str) -> str | None:
    manifest = prefix / "node_modules" / package / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def npm_install(prefix: Path) -> bool:
    """Install the pinned packages unless already present; True when npm ran."""
    if all(installed_version(prefix, name) == version for name, version in PACKAGES.items()):
        return False
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            "npm was not found on PATH. Install Node.js with npm (Debian: apt-get install npm), "
            "then run `python -m dashboard.assets.vendor` again."
        )
    prefix.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
    command = [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(prefix)]
    result = subprocess.run(command + specs, capture_output=True, text=True)
    if result.returncode != 0:
        raise VendorError(f"`{' '.join(command + specs)}` failed:\n{result.stderr.strip()}")
    wrong = {n: installed_version(prefix, n) for n, v in PACKAGES.items()}
    wrong = {n: found for n, found in wrong.items() if found != PACKAGES[n]}
    if wrong:
        raise VendorError(f"npm installed unexpected versions: {wrong}, wanted {PACKAGES}")
    return True


def copy_assets(modules: Path, dest: Path) -> None:
    for target, source in COPIES.items():
        origin, destination = modules / source, dest / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, destination)
        else:
            shutil.copyfile(origin, destination)


def write_countries(modules: Path, dest: Path, resolution: str) -> int:
    """Country outlines as GeoJSON (properties: ``name``); returns the number of countries."""
    source = modules / "world-atlas" / f"countries-{resolution}.json"
    topology = json.loads(source.read_text(encoding="utf-8"))
    geojson = topojson_to_geojson(topology, "countries", precision=PRECISION)
    for feature in geojson["features"]:
        feature["properties"] = {"name": feature["properties"].get("name", "")}
    text = json.dumps(geojson, separators=(",", ":"), ensure_ascii=False)
    (dest / COUNTRIES_FILE).write_text(text, encoding="utf-8")
    return len(geojson["features"])


def build(dest: Path, prefix: Path, resolution: str = "50m") -> int:
    npm_install(prefix)
    modules = prefix / "node_modules"
    staging = dest.with_name(dest.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    copy_assets(modules, staging)
    count = write_countries(modules, staging, resolution)
    stamp = {"packages": PACKAGES, "countries": resolution}
    (staging / MARKER).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(dest, ignore_errors=True)
    staging.rename(dest)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.assets.vendor", description=__doc__)
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="static vendor folder")
    parser.add_argument("--npm-prefix", type=Path, default=DEFAULT_PREFIX, help="npm --prefix")
    parser.add_argument("--resolution", choices=RESOLUTIONS, default="50m", help="outlines")
    args = parser.parse_args(argv)
    try:
        count = build(args.dest, args.npm_prefix, args.resolution)
    except (VendorError, OSError) as error:
        print(f"vendor: {error}", file=sys.stderr)
        return 1
    print(f"vendor: Leaflet, markercluster and {count} country outlines in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
