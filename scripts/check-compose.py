#!/usr/bin/env python3
"""Validates docker-compose.yml without a container engine: YAML syntax, the three services and the server's wiring.
Every environment variable given to the server must be a setting the README documents. Exit 1 on a problem."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
try:
    import yaml
except ImportError:
    print("compose check skipped: PyYAML is not installed")
    sys.exit(0)

problems = []
try:
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
except yaml.YAMLError as error:
    print(f"docker-compose.yml is not valid YAML: {error}")
    sys.exit(1)

services = compose.get("services", {}) if isinstance(compose, dict) else {}
for name in ("postgres", "mailpit", "server"):
    if name not in services:
        problems.append(f"service '{name}' is missing")

server = services.get("server", {})
if server.get("build") not in (".", {"context": "."}):
    problems.append("the server must be built from the repository's Dockerfile")
documented = set(re.findall(r"`([A-Za-z]+__[A-Za-z]+)`", (root / "README.md").read_text()))
for key in (server.get("environment") or {}):
    if "__" in key and key not in documented:
        problems.append(f"server setting {key} is not documented in the README")
for dependency in (server.get("depends_on") or {}):
    if dependency not in services:
        problems.append(f"server depends on unknown service '{dependency}'")
dockerfile = (root / "Dockerfile").read_text()
for needed in ("HEALTHCHECK", "USER app", "AS build"):
    if needed not in dockerfile:
        problems.append(f"Dockerfile lacks {needed}")

for problem in problems:
    print("docker-compose.yml:", problem)
print("compose check: " + ("failed" if problems else "ok"))
sys.exit(1 if problems else 0)
