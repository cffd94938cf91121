"""What each generated case holds: random cases per command, edge scenarios placed on purpose, the
large cases of the scale group. Each builder takes a random.Random and returns (Tree, args).

Determinism across seeds matters for the labelled known-bad solutions: a case's shape (commands,
rotation counts, which edges it places) depends only on its index, never on the seed. Random
cases use thresholds with a last decimal digit other than 0 or 5, which no value (at most three
decimals) and no median (a multiple of 0.0005) can equal; scenarios about equality use whole
thresholds on purpose.
"""
from traffic import simulate, trace
from world import MINUTE, OFFSETS, Tree, at

SECOND = 1000
GROUP_NAMES = ["api", "batch", "billing", "cache", "edge-eu", "edge-us", "search", "web", "auth", "media"]
STANDARD = {"period": 10_000, "base": (150, 600), "noise_per_min": 3, "alerts_per_min": 0.15, "traces": 0.6}


def unreachable_threshold(rng, lo, hi):
    return "%d.%d%d" % (rng.randint(lo, hi), rng.randrange(10), rng.choice([1, 2, 3, 4, 6, 7, 8, 9]))


def server_names(rng, group, count, taken):
    names = []
    while len(names) < count:
        style = rng.randrange(3)
        name = ("server%d" % rng.randint(1, 320) if style == 0 else
                "%s-%d" % (group.split("-")[0], rng.randint(1, 40)) if style == 1 else
                "%s%02d" % (group[:2], rng.randint(1, 99)))
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def bursts(rng, start, end, count, level=(880, 990)):
    out = []
    for _ in range(count):
        length = rng.randint(3, 14) * MINUTE + rng.randrange(MINUTE)
        begin = start + rng.randrange(max(1, end - start - length))
        out.append((begin, begin + length, rng.randint(*level)))
    return out


def populate(tree, rng, group, count, start, minutes, profile=STANDARD, burst_count=(0, 2), hot=False):
    """Adds `count` random servers to a group; with hot, the first keeps a high load throughout,
    so that every file of the group holds samples above a low threshold. Returns the plan to simulate."""
    end = start + minutes * MINUTE
    plan = []
    for i, name in enumerate(server_names(rng, group, count, set(tree.servers))):
        offset = rng.choice(OFFSETS)
        switches = [(start + rng.randrange(minutes) * MINUTE + 30_017, rng.choice(OFFSETS))] if rng.random() < 0.2 else ()
        tree.server(name, group, offset, utc_processes=("cron",) if rng.random() < 0.5 else (), switches=switches)
        p = dict(profile, base=(640, 700), walk=(640, 700)) if hot and i == 0 else profile
        plan.append((name, p, bursts(rng, start, end, rng.randint(*burst_count))))
    return plan


def run_plan(tree, rng, plan, start, minutes):
    rng.shuffle(plan)  # creation order decides ties between servers at one instant
    for name, p, b in plan:
        simulate(tree, name, start, start + minutes * MINUTE, p, b)


def background(tree, rng, start, minutes, rotations, servers_per_group, profile=STANDARD, burst_count=(0, 2), hot=(), extra=()):
    """New random groups, one per entry of rotations, plus random servers in the `extra` groups
    that already exist; `hot` lists the indexes (in rotations) of groups that get a hot server."""
    names = [g for g in GROUP_NAMES if g not in tree.groups]
    names = rng.sample(names, len(rotations))
    plan = []
    for index, (group, k) in enumerate(zip(names, rotations)):
        tree.group(group, k)
        plan += populate(tree, rng, group, servers_per_group, start, minutes, profile, burst_count, index in hot)
    for group in extra:
        plan += populate(tree, rng, group, servers_per_group, start, minutes, profile, burst_count)
    run_plan(tree, rng, plan, start, minutes)
    return names


def incident(tree, rng, start, minutes, early=False):
    """A guaranteed alert with a trace: a burst of load ~0.97 and an ERROR in its middle, in the
    first group. Early puts it in the group's oldest files, so that reading them out of order
    always loses it."""
    group = next(iter(tree.groups))
    name = server_names(rng, group, 1, set(tree.servers))[0]
    tree.server(name, group, rng.choice(OFFSETS))
    begin = start + (rng.randint(0, 2) if early else rng.randint(5, max(5, minutes - 15))) * MINUTE + 1234
    simulate(tree, name, start, start + minutes * MINUTE, STANDARD, [(begin, begin + 9 * MINUTE, 975)])
    tree.add(name, begin + 4 * MINUTE + 321, "ERROR", "api", "unhandled exception during incident", trace(rng) + ["  during incident"])


# Shapes of the random cases of each command group, by index: (minutes, rotations, servers per group).
# Indexes 1 and 3 have a group with 10 or more rotated files (.10 sorts before .9 as text).
SHAPES = [(40, [2, 0], 3), (60, [12, 5, 1], 2), (35, [1, 3, 0, 9], 2), (70, [11, 10], 3), (50, [4, 6, 2], 2)]


def random_case(command, index, rng):
    minutes, rotations, per_group = SHAPES[index % len(SHAPES)]
    tree = Tree(rng)
    start = at(rng.randint(0, 20), rng.randint(0, 59), rng.randint(0, 59), 500)
    hot = [i for i, k in enumerate(rotations) if k >= 10]
    background(tree, rng, start, minutes, rotations, per_group, burst_count=(1, 2), hot=hot)
    if command == "over":
        # Low thresholds when rotation order matters, so that every file contributes lines.
        return tree, ["over", "{input}", unreachable_threshold(rng, 55, 60) if hot else unreachable_threshold(rng, 80, 93)]
    if command == "medians":
        return tree, ["medians", "{input}"]
    incident(tree, rng, start, minutes, early=bool(hot))
    return tree, ["alerts", "{input}", unreachable_threshold(rng, 80, 93)]
