"""The large logs of the scale group, written group by group so that the generator's memory stays
bounded whatever the size: only one group's records exist at a time."""
from cases import bursts
from traffic import simulate
from world import MINUTE, OFFSETS, Tree, at

# A monitor sampling every ~2 s: windows of ~150 samples, so that a median computed by scanning a
# server's whole history (the quadratic known-bad) costs far more than one computed per window.
PROFILE = {"period": 2000, "base": (150, 600), "noise_per_min": 20, "alerts_per_min": 0.4, "traces": 0.6, "lookalikes": 0.002}
BYTES_PER_SERVER_MINUTE = 3950  # measured on PROFILE; only sets the span, the size is reported


def write_scale_tree(rng, root, megabytes, groups=8, per_group=5):
    """Writes about `megabytes` MB of logs under root; returns the size in bytes."""
    minutes = max(10, int(megabytes * 1_000_000 / (groups * per_group * BYTES_PER_SERVER_MINUTE)))
    start = at(0, rng.randint(0, 59), rng.randint(0, 59), 250)
    end = start + minutes * MINUTE
    total = 0
    for g in range(groups):
        tree = Tree(rng)
        name = "g%02d" % (g + 1)
        tree.group(name, 12 if g % 2 == 0 else 10 + g % 3)
        servers = []
        for i in range(per_group):
            server = "%s-node%d" % (name, rng.randint(1, 30) * 10 + i)
            tree.server(server, name, rng.choice(OFFSETS), utc_processes=("cron",))
            servers.append(server)
        rng.shuffle(servers)
        for server in servers:
            simulate(tree, server, start, end, PROFILE, bursts(rng, start, end, max(1, minutes // 45)))
        total += tree.write(root)
    return total
