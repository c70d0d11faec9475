#!/usr/bin/env python3
"""Writes prometheus-rule.yaml, the PrometheusRule for Kubernetes, from alerts.yml (needs PyYAML).

Run after every change to alerts.yml: python3 observability/prometheus/generate-prometheus-rule.py
The build (KubernetesManifestsIntegrationTests) fails while the two differ.
"""
import pathlib

import yaml

here = pathlib.Path(__file__).resolve().parent
rules = yaml.safe_load((here / "alerts.yml").read_text())
resource = {
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "PrometheusRule",
    "metadata": {"name": "telemetry-pipeline", "labels": {"release": "prometheus"}},
    "spec": rules,
}
with open(here / "prometheus-rule.yaml", "w") as out:
    out.write("# GENERATED from alerts.yml by generate-prometheus-rule.py: edit alerts.yml, then run that script.\n")
    yaml.safe_dump(resource, out, sort_keys=False, width=200, allow_unicode=True)
