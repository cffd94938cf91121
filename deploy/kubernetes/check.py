"""Checks the manifests in this folder without a cluster: YAML that parses, the fields every object needs, and the
promises README.md makes (non-root pods with read-only roots, the socket only in graders, no real secrets).
Run by `./intern test`; exits 1 with one line per problem."""
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
problems = []


def pod_spec(doc):
    spec = doc.get("spec", {})
    if doc["kind"] in ("Deployment", "Job"):
        return spec["template"]["spec"]
    return None


def check_pod(name, pod):
    context = pod.get("securityContext", {})
    if not context.get("runAsNonRoot") or context.get("runAsUser", 0) == 0:
        problems.append(f"{name}: the pod must run as a non-root user")
    if pod.get("automountServiceAccountToken", True):
        problems.append(f"{name}: the pod needs no Kubernetes API token")
    for container in pod["containers"]:
        security = container.get("securityContext", {})
        if security.get("allowPrivilegeEscalation", True) or not security.get("readOnlyRootFilesystem"):
            problems.append(f"{name}/{container['name']}: no privilege escalation and a read-only root, please")
        if container["image"].endswith(":latest") or ":" not in container["image"]:
            problems.append(f"{name}/{container['name']}: pin the image to a version")
        if "env" in container and any("Password" in e["name"] or "Secret" in e["name"] for e in container["env"]):
            problems.append(f"{name}/{container['name']}: secrets come as files, not environment variables")
    sockets = [v for v in pod.get("volumes", []) if v.get("hostPath", {}).get("path") == "/var/run/docker.sock"]
    if sockets and name != "Deployment/intern-grader":
        problems.append(f"{name}: only the graders may mount the Docker socket")
    if name == "Deployment/intern-grader" and not sockets:
        problems.append(f"{name}: graders need the node's Docker socket")


objects = 0
for path in sorted(HERE.glob("*.yaml")):
    try:
        docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: {error}")
        continue
    for doc in docs:
        objects += 1
        for field in ("apiVersion", "kind", "metadata"):
            if field not in doc:
                problems.append(f"{path.name}: an object without {field}")
        name = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
        if doc.get("kind") != "Namespace" and doc.get("metadata", {}).get("namespace") != "intern":
            problems.append(f"{path.name}: {name} is not in the namespace intern")
        if doc.get("kind") == "Secret":
            for key, value in doc.get("stringData", {}).items():
                if not value.startswith("CHANGE-ME"):
                    problems.append(f"{path.name}: {name} holds a value for {key} that looks real")
        pod = pod_spec(doc) if doc.get("kind") else None
        if pod is not None:
            check_pod(name, pod)

for problem in problems:
    print(problem)
print(f"{objects} Kubernetes object(s) checked, {len(problems)} problem(s)", file=sys.stderr)
sys.exit(1 if problems else 0)
