# The package's image plus Debian's PyTorch (about 1 GB more), only for `selftest/run.py --torch`,
# which compares the checker's input gradient with torch.autograd. Not a runtime image:
#   docker build -t intern/fgsm-torch -f tasks/fgsm/selftest/torch.Dockerfile tasks/fgsm/selftest
#   docker run --rm --network none -v "$PWD/tasks/fgsm:/task:ro" -w /task intern/fgsm-torch python3 -B selftest/run.py --torch
FROM intern/fgsm

USER root
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update \
 && apt-get install -y --no-install-recommends python3-torch \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
USER 10001:10001
