#!/usr/bin/env python3
"""run-recipes.py --avqc BIN --media DIR: runs the scale-out recipes in
Docs/recipes/ as written, here, with their schedulers' variables set.

For each recipe it runs N shard commands exactly as the recipe states them
(only /media, /reports and the image's avqc are mapped to local paths),
each with the variables its scheduler would set, then the merge, and checks
that the merged JSON report equals one avqc process over the same folder,
byte for byte once run.startedAt, run.wallSeconds and run.commandLine are
taken out. Needs PyYAML (Debian's python3-yaml, so run it with /usr/bin/python3).

What cannot run here is said: the Containerfile needs docker or podman, and
nothing here is a real Kubernetes, Slurm, AWS Batch or GitLab runner."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
RECIPES = os.path.join(os.path.dirname(HERE), "Docs", "recipes")
SCHEDULER_VARIABLES = ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT",
                       "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP",
                       "AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE", "CI_NODE_INDEX", "CI_NODE_TOTAL")


def without_timing(text):
    """The JSON report minus run.startedAt, run.wallSeconds and run.commandLine."""
    report = json.loads(text)
    for key in ("startedAt", "wallSeconds", "commandLine"):
        report.get("run", {}).pop(key, None)
    return json.dumps(report, sort_keys=True)


class Recipe:
    def __init__(self, name, shards, cwd, media, reports, avqc_dir):
        self.name, self.shards, self.cwd = name, shards, cwd
        self.media, self.reports, self.avqc_dir = media, reports, avqc_dir

    def local(self, text):
        return text.replace("/media", self.media).replace("/reports", self.reports)

    def run(self, command, env=None, shell=True):
        environment = {k: v for k, v in os.environ.items() if k not in SCHEDULER_VARIABLES}
        environment["PATH"] = self.avqc_dir + os.pathsep + environment.get("PATH", "")
        environment.update(env or {})
        return subprocess.run(command, shell=shell, cwd=self.cwd, env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def check(recipe, shard_commands, merge_command, merged_json, single_path):
    """Runs the shards and the merge; compares with a single process."""
    for command, env in shard_commands:
        result = recipe.run(command, env)
        if result.returncode != 0:
            return f"shard command failed ({result.returncode}): {command}: {result.stderr.strip()}"
    merge = recipe.run(merge_command)
    if merge.returncode not in (0, 1, 3):
        return f"merge failed ({merge.returncode}): {merge.stderr.strip()}"
    single_json = os.path.join(recipe.reports, "single.json")
    single = recipe.run(["avqc", "-q", "-f", "json", "-o", single_json, single_path], shell=False)
    if merge.returncode != single.returncode:
        return f"merge exited {merge.returncode}, one process {single.returncode}"
    with open(merged_json) as a, open(single_json) as b:
        if without_timing(a.read()) != without_timing(b.read()):
            return "the merged report differs from one process's"
    with open(merged_json) as a:
        files = len(json.load(a)["files"])
    return f"OK: {recipe.shards} shards, {files} files, merged report == one process's, exit {merge.returncode}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--avqc", required=True)
    parser.add_argument("--media", required=True)
    args = parser.parse_args()
    media = os.path.abspath(args.media).rstrip("/")
    work = tempfile.mkdtemp(prefix="avqc-recipes-")
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir)
    os.symlink(os.path.abspath(args.avqc), os.path.join(bindir, "avqc"))
    failures = 0

    def new(name, shards):
        reports = os.path.join(work, name, "reports")
        os.makedirs(reports)
        return Recipe(name, shards, os.path.join(work, name), media, reports, bindir)

    outcomes = []

    # Kubernetes Indexed Job: the container's command + args, JOB_COMPLETION_INDEX 0..completions-1.
    with open(os.path.join(RECIPES, "k8s-indexed-job.yaml")) as f:
        shard_job, merge_job = list(yaml.safe_load_all(f))
    completions = shard_job["spec"]["completions"]
    recipe = new("kubernetes", completions)
    container = shard_job["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["sh", "-c"]
    merge_container = merge_job["spec"]["template"]["spec"]["containers"][0]
    outcomes.append(("k8s-indexed-job.yaml", check(
        recipe, [(recipe.local(container["args"][0]), {"JOB_COMPLETION_INDEX": str(k)}) for k in range(completions)],
        recipe.local(merge_container["args"][0]), os.path.join(recipe.reports, "qc.json"), media)))

    # Slurm: the batch script itself under bash, as sbatch --array=1-3 would run each task.
    with open(os.path.join(RECIPES, "slurm-array.sbatch")) as f:
        script = recipe_text = f.read()
    recipe = new("slurm", 3)
    local_script = os.path.join(recipe.cwd, "array.sbatch")
    with open(local_script, "w") as f:
        f.write(recipe.local(script))
    slurm_env = lambda k: {"SLURM_ARRAY_TASK_ID": str(k), "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "3",
                           "SLURM_ARRAY_TASK_STEP": "1", "SLURM_ARRAY_TASK_COUNT": "3"}
    merge_line = next(line for line in recipe_text.splitlines() if "avqc merge" in line).lstrip("# ").strip()
    merge_line += " --report json=/reports/qc.json"
    outcomes.append(("slurm-array.sbatch", check(
        recipe, [(f"bash {local_script}", slurm_env(k)) for k in range(1, 4)],
        recipe.local(merge_line), os.path.join(recipe.reports, "qc.json"), media)))

    # AWS Batch: containerProperties.command, AWS_BATCH_JOB_ARRAY_INDEX 0..size-1.
    with open(os.path.join(RECIPES, "aws-batch-job-definition.json")) as f:
        definition = json.load(f)
    command = definition["containerProperties"]["command"]
    assert command[:2] == ["sh", "-c"]
    recipe = new("aws-batch", 4)
    outcomes.append(("aws-batch-job-definition.json", check(
        recipe, [(recipe.local(command[2]), {"AWS_BATCH_JOB_ARRAY_INDEX": str(k), "AWS_BATCH_JOB_ARRAY_SIZE": "4"})
                 for k in range(4)],
        recipe.local("avqc merge /reports/shard-*.json -f json -o /reports/qc.json"),
        os.path.join(recipe.reports, "qc.json"), media)))

    # GitLab: the jobs' script lines in the project directory, CI_NODE_INDEX 1..parallel.
    with open(os.path.join(RECIPES, "gitlab-ci.yml")) as f:
        pipeline = yaml.safe_load(f)
    count = pipeline["avqc-shard"]["parallel"]
    recipe = new("gitlab", count)
    os.symlink(media, os.path.join(recipe.cwd, "media"))
    recipe.reports = recipe.cwd
    shard_script = " && ".join(pipeline["avqc-shard"]["script"])
    merge_script = " && ".join(pipeline["avqc-merge"]["script"])
    outcomes.append(("gitlab-ci.yml", check(
        recipe, [(shard_script, {"CI_NODE_INDEX": str(k), "CI_NODE_TOTAL": str(count)}) for k in range(1, count + 1)],
        merge_script, os.path.join(recipe.cwd, "qc.json"), "media/")))

    # GNU parallel: the line from Docs/scale-out.md.
    recipe = new("gnu-parallel", 4)
    with open(os.path.join(os.path.dirname(RECIPES), "scale-out.md")) as f:
        line = next(l.strip() for l in f if l.strip().startswith("parallel ") and "--shard {}/" in l)
    shard = recipe.run(recipe.local(line))
    if shard.returncode > 4:
        outcomes.append(("GNU parallel", f"parallel failed ({shard.returncode}): {shard.stderr.strip()}"))
    else:
        outcomes.append(("GNU parallel", check(
            recipe, [], recipe.local("avqc merge /reports/shard-*.json -f json -o /reports/qc.json"),
            os.path.join(recipe.reports, "qc.json"), media)))

    builder = shutil.which("podman") or shutil.which("docker")
    outcomes.append(("Containerfile", "not run: no docker or podman here" if builder is None else
                     "not run: building an image pulls from registries this check does not reach"))

    for name, outcome in outcomes:
        print(f"{name}: {outcome}")
        if not outcome.startswith(("OK", "not run")):
            failures += 1
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
