"""Edge cases placed on purpose, each in a case of its own among random servers. B is a whole UTC
hour; t(m, s, ms) is B + m minutes + s seconds + ms. Each docstring says what the scenario
catches; the known-bad solutions fail exactly the scenarios that name them."""
from cases import background, unreachable_threshold
from traffic import trace
from world import MINUTE, Tree, at

WARN, ERR = "WARNING", "ERROR"


class Scenario:
    def __init__(self, rng):
        self.rng = rng
        self.tree = Tree(rng)
        self.base = at(rng.randint(0, 20), 0)

    def t(self, m, s=0, ms=0):
        return self.base + m * MINUTE + s * 1000 + ms

    def core(self, name, rotations, servers):
        """A group with scripted servers {name: offset in minutes}."""
        self.tree.group(name, rotations)
        for server, offset in servers.items():
            self.tree.server(server, name, offset)

    def series(self, server, first, last, every_s, texts, level="INFO"):
        """Samples from instant first, every every_s seconds, while < last; texts cycle."""
        t, i = first, 0
        while t < last:
            self.tree.sample(server, t, texts[i % len(texts)], level)
            t, i = t + every_s * 1000, i + 1

    def fill(self, rotations, extra, minutes=45, servers=2):
        background(self.tree, self.rng, self.base - 5 * MINUTE + 500, minutes, rotations, servers, extra=extra)


def threshold_equal_over(rng):
    """over 90: 0.9, 0.90, 0.900 and 0.900000 are not above 90 (catches >=)."""
    sc = Scenario(rng)
    sc.core("core", 2, {"gpu-7": 330, "gpu-12": -300})
    for i, (text, level) in enumerate([("0.9", "INFO"), ("0.90", "INFO"), ("0.900", WARN), ("0.900000", "INFO"),
                                       ("0.900001", "INFO"), ("0.899999", "DEBUG"), ("1", "INFO"), ("0.91", "INFO"), ("0.95", ERR)]):
        sc.tree.sample("gpu-7", sc.t(1 + i // 2, 7 + 30 * (i % 2), 250), text, level)
        sc.tree.sample("gpu-12", sc.t(1 + i // 2, 19 + 30 * (i % 2), 875), ["1.0", "0.90", "0.9", "0.97"][i % 4])
    sc.fill([3], ["core"])
    return sc.tree, ["over", "{input}", "90"]


def threshold_equal_alerts(rng):
    """alerts 80: windows whose median is exactly 0.80 raise nothing (catches >=)."""
    sc = Scenario(rng)
    sc.core("core", 3, {"db-12": -300, "db-3": 540})
    sc.series("db-12", sc.t(10, 3, 100), sc.t(22), 20, ["0.8", "0.80", "0.800"])
    sc.series("db-3", sc.t(10, 13, 700), sc.t(22), 20, ["0.80", "0.81"])
    sc.tree.add("db-12", sc.t(13, 11), WARN, "db-pool", "connection pool exhausted", trace(rng))
    sc.tree.add("db-12", sc.t(16, 41, 500), ERR, "api", "unhandled exception in request 5120", trace(rng))
    sc.tree.add("db-3", sc.t(14, 2, 900), WARN, "db-pool", "slow query on orders (2210ms)", trace(rng))
    sc.tree.add("db-3", sc.t(18, 30, 10), ERR, "worker", "job 8812 failed", ["  Traceback (most recent call last):", "  RuntimeError: lost lock"])
    sc.fill([2], ["core"])
    return sc.tree, ["alerts", "{input}", "80"]


def window_edge_medians(rng):
    """Samples exactly on whole minutes belong to [T-5min, T) windows, never (T-5min, T] (catches off-by-one)."""
    sc = Scenario(rng)
    sc.core("core", 2, {"sched-2": -300, "sched-11": 345})
    for m, s, ms, text in [(0, 0, 0, "0.10"), (1, 0, 0, "0.20"), (4, 59, 999, "0.30"), (5, 0, 0, "0.90"),
                           (5, 0, 1, "0.40"), (10, 0, 0, "0.70"), (12, 30, 0, "0.5")]:
        sc.tree.sample("sched-2", sc.t(m, s, ms), text)
    for m, text in [(2, "0.61"), (3, "0.62"), (7, "0.63"), (8, "0.64"), (8, "0.65")]:
        sc.tree.sample("sched-11", sc.t(m), text)
    sc.tree.group("batch", 1)
    sc.tree.server("sched-3", "batch", 0)
    for m in range(13):
        sc.tree.sample("sched-3", sc.t(m), "0.%02d" % rng.randint(10, 99))
    sc.fill([], ["core", "batch"])
    return sc.tree, ["medians", "{input}"]


def window_edge_alerts(rng):
    """An event exactly at T lies in the windows ending after T, not in the one ending at T; a
    sample exactly at T is not in the window ending at T (catches off-by-one)."""
    sc = Scenario(rng)
    sc.core("core", 2, {"api-30": 540})
    for m in range(4):
        sc.tree.sample("api-30", sc.t(m, 13), "0.10")
    sc.series("api-30", sc.t(10), sc.t(14, 51), 10, ["0.99"])
    sc.series("api-30", sc.t(25, 13), sc.t(31), 60, ["0.10"])
    sc.tree.add("api-30", sc.t(5, 0, 1), ERR, "api", "upstream closed the connection")
    sc.tree.add("api-30", sc.t(12, 17), ERR, "worker", "job 3301 failed", trace(rng))
    sc.tree.add("api-30", sc.t(18, 59, 999), WARN, "api", "slow request GET /api/v1/cart took 2511ms")
    sc.tree.add("api-30", sc.t(19), WARN, "cron", "disk usage 91% on /var")
    sc.fill([2], ["core"])
    return sc.tree, ["alerts", "{input}", unreachable_threshold(rng, 50, 89)]


def gap_medians(rng):
    """A server silent for 17 minutes has no rows in between; one with a single sample has five."""
    sc = Scenario(rng)
    sc.core("core", 3, {"cache-21": -420})
    sc.tree.server("cache-4", "core", 60, switches=[(sc.t(15), 120)])
    sc.tree.server("cache-9", "core", 600)
    sc.series("cache-4", sc.t(0, 7, 300), sc.t(8), 15, ["0.31", "0.47", "0.52", "0.29"])
    sc.series("cache-4", sc.t(25, 7, 300), sc.t(35), 15, ["0.66", "0.71", "0.58"])
    sc.tree.sample("cache-9", sc.t(12, 44, 444), "0.77")
    sc.tree.sample("cache-21", sc.t(3, 30, 500), "0.2")
    sc.tree.sample("cache-21", sc.t(8, 30, 500), "0.6")
    sc.fill([4], ["core"])
    return sc.tree, ["medians", "{input}"]


def gap_alerts(rng):
    """An event in a long gap lies only in empty windows: no alert, though the load before was high."""
    sc = Scenario(rng)
    sc.core("core", 2, {"worker-8": -210})
    sc.series("worker-8", sc.t(0, 5), sc.t(6), 12, ["0.97", "0.98", "0.96"])
    sc.series("worker-8", sc.t(25, 5), sc.t(35), 12, ["0.20"])
    sc.tree.add("worker-8", sc.t(3, 3, 3), ERR, "worker", "job 4410 failed", trace(rng))
    sc.tree.add("worker-8", sc.t(9, 30), ERR, "worker", "job 4415 failed", trace(rng))
    sc.tree.add("worker-8", sc.t(15, 30), WARN, "worker", "queue depth 9120 above soft limit", trace(rng))
    sc.tree.add("worker-8", sc.t(24, 30), WARN, "worker", "queue depth 310 above soft limit")
    sc.fill([3], ["core"])
    return sc.tree, ["alerts", "{input}", unreachable_threshold(rng, 85, 92)]


def even_medians(rng):
    """Even counts take the mean of the middle two; samples at any level count; look-alikes do not."""
    sc = Scenario(rng)
    sc.core("core", 2, {"search-5": 540, "search-12": -570})
    sc.tree.sample("search-5", sc.t(0, 10), "0.90")
    sc.tree.sample("search-5", sc.t(0, 40), "0.91")
    for s, text in [(5, "0.1"), (15, "0.2"), (25, "0.3"), (35, "0.45")]:
        sc.tree.sample("search-5", sc.t(10, s), text)
    for s, text, level in [(5, "0.5", "INFO"), (6, "0.50", "INFO"), (7, "0.500", WARN), (8, "0.7", "DEBUG"), (9, "0.2", ERR)]:
        sc.tree.sample("search-5", sc.t(20, s), text, level)
    for s, message in [(10, "cpu_util=0.99 (avg 5m)"), (11, "cpu_util=n/a"), (12, "cpu_util_p95=0.99"), (13, "CPU_UTIL=0.99")]:
        sc.tree.add("search-5", sc.t(20, s), "INFO", "cpu-monitor", message)
    sc.tree.add("search-5", sc.t(20, 14), WARN, "cpu-monitor", "cpu_util=0.99 high")
    sc.tree.add("search-5", sc.t(20, 15), ERR, "api", "threshold check failed", ["    last cpu_util=0.99"])
    sc.series("search-12", sc.t(0, 11, 11), sc.t(30), 30, ["0.41", "0.44", "0.39", "0.5", "0.47"])
    sc.fill([1], ["core"])
    return sc.tree, ["medians", "{input}"]


def several_windows_alerts(rng):
    """An event in five high windows is printed once; ties in instant go by server (bytes), then log order."""
    sc = Scenario(rng)
    sc.core("web", 3, {"web-9": 540, "web-10": -420})
    sc.core("api", 2, {"api-7": 0})
    for server, s in [("web-9", 4), ("web-10", 9), ("api-7", 2)]:
        sc.series(server, sc.t(0, s), sc.t(15), 10, ["0.96", "0.95", "0.97"])
    tie = sc.t(9, 45, 250)
    sc.tree.add("web-9", sc.t(7, 20, 500), WARN, "api", "first of two at one instant", trace(rng))
    sc.tree.add("web-9", sc.t(7, 20, 500), ERR, "api", "second of two at one instant")
    sc.tree.add("web-9", tie, WARN, "worker", "written before web-10 at the same instant")
    sc.tree.add("web-10", tie, ERR, "worker", "printed before web-9 at the same instant", trace(rng))
    sc.tree.add("api-7", tie, ERR, "api", "printed first: api-7 < web-10 < web-9", trace(rng))
    sc.tree.sample("web-9", sc.t(11, 11, 111), "0.99", WARN, trace=["  reported by cpu-monitor v2"])
    sc.fill([1], ["web"])
    return sc.tree, ["alerts", "{input}", unreachable_threshold(rng, 85, 92)]


def rotation_over(rng):
    """12 rotated files (.10 is older than .9), one sample tie across the .10/.9 boundary written
    in two offsets, and an empty app.log (catches reading files in text order)."""
    sc = Scenario(rng)
    sc.core("core", 12, {"stor-2": 540})
    sc.tree.groups["core"].empty_current = True
    sc.series("stor-2", sc.t(-4, 1, 1), sc.t(40), 10, ["0.71", "0.74", "0.69", "0.8"])
    first = sc.tree.sample("stor-2", sc.t(9, 17), "0.72", offset=540)
    sc.tree.sample("stor-2", sc.t(9, 17), "0.73", offset=0)
    sc.tree.end_file(first, 10)
    sc.fill([10, 4], ["core"])
    return sc.tree, ["over", "{input}", unreachable_threshold(rng, 55, 60)]


def offsets_over(rng):
    """Local clocks disagree: order is by instant; a clock set back repeats local times."""
    sc = Scenario(rng)
    sc.core("db", 3, {"db-12": 540, "db-3": 0})
    sc.tree.server("db-7", "db", 120, switches=[(sc.t(10, 0, 500), 60)])
    for server, s in [("db-12", 3), ("db-3", 11), ("db-7", 17)]:
        sc.series(server, sc.t(0, s, 250), sc.t(25), 20, ["0.93", "0.96", "0.91"])
    sc.tree.sample("db-3", sc.t(5, 5, 500), "0.97")
    sc.tree.sample("db-12", sc.t(5, 5, 500), "0.98")
    sc.fill([2, 1], ["db"])
    return sc.tree, ["over", "{input}", unreachable_threshold(rng, 85, 89)]


EDGES = [threshold_equal_over, threshold_equal_alerts, window_edge_medians, window_edge_alerts, gap_medians,
         gap_alerts, even_medians, several_windows_alerts, rotation_over, offsets_over]
