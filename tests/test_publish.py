"""Publishing: the deployed bytes are the ones built and audited, and only the deploy job can
write to Pages."""

from __future__ import annotations

import re

import yaml

from .conftest import ROOT


def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())


def test_only_the_deploy_job_may_write_to_pages():
    wf = workflow()
    assert wf["permissions"] == {"contents": "read"}
    for name, job in wf["jobs"].items():
        perms = job.get("permissions", {})
        if name == "deploy":
            assert perms == {"pages": "write", "id-token": "write"}
        else:
            assert "pages" not in perms and "id-token" not in perms, name


def test_pull_requests_never_build_for_pages():
    build = workflow()["jobs"]["build"]
    assert "pull_request" in build["if"] and "refs/heads/main" in build["if"]


def test_the_uploaded_folder_is_the_one_built_and_audited():
    jobs = workflow()["jobs"]
    steps = jobs["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith(
        "actions/upload-pages-artifact"))
    assert "make site" in runs
    assert upload["with"]["path"] == "site"
    assert jobs["deploy"]["needs"] == "build"
    assert all("run" not in s for s in jobs["deploy"]["steps"])  # deploys, builds nothing
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^site:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    build_at = recipe.index("mkdocs build")
    audit_at = recipe.index("factbook audit $(SITE)")
    assert build_at < audit_at
