"""Random behaviour of one server: cpu samples (a baseline with bursts of high load), DEBUG/INFO
noise (including messages that look like samples but are not), and WARNING/ERROR events, more of
them during bursts, many with a stack trace."""
from world import MINUTE

PROCESSES = ["api", "worker", "scheduler", "auth", "db-pool", "cache", "cron"]
PATHS = ["/api/v1/orders", "/api/v1/cart", "/api/v1/users", "/healthz", "/api/v2/search", "/static/app.js"]


def compile_template(template):
    """'GET %s/%d 200 %dms' -> (format, kinds): the kinds say what random value each field takes."""
    kinds = []
    for part in template.split("%")[1:]:
        if part.startswith("s"):
            kinds.append("s")
        elif part.startswith("02d"):
            kinds.append(2)
        elif part.startswith("d"):
            kinds.append(5)
    return template, tuple(kinds)


def fill(compiled, rng):
    template, kinds = compiled
    if not kinds:
        return template.replace("%%", "%")
    random = rng.random
    return template % tuple(PATHS[int(random() * len(PATHS))] if k == "s" else int(random() * 100) if k == 2
                            else 1 + int(random() * 99999) for k in kinds)


def value_text(v, rng):
    """cpu_util in thousandths as written by a monitor: '0.42', sometimes '0.420', '0.4' or '1.00'."""
    whole, frac = divmod(v, 1000)
    if frac % 10:
        return "%d.%03d" % (whole, frac)
    if frac % 100:
        return "%d.%02d" % (whole, frac // 10) if rng.random() < 0.85 else "%d.%03d" % (whole, frac)
    forms = ["%d.%d" % (whole, frac // 100), "%d.%d0" % (whole, frac // 100)]
    return rng.choice(forms + ["%d" % whole] if frac == 0 else forms)


def trace(rng):
    kind = rng.randrange(3)
    n = rng.randint(1, 5)
    if kind == 0:
        frames = ['    File "/srv/app/%s.py", line %d, in %s' % (rng.choice(["handlers", "db", "jobs", "auth"]), rng.randint(10, 900),
                                                                rng.choice(["handle", "fetch", "run", "commit"])) for _ in range(n)]
        return ["  Traceback (most recent call last):"] + frames + ["  %s: %s" % (rng.choice(["TimeoutError", "KeyError", "OSError"]), "see above")]
    if kind == 1:
        frames = ["\tat com.shop.%s.%s(%s.java:%d)" % (rng.choice(["orders", "http", "db"]), rng.choice(["Service.load", "Router.dispatch", "Pool.take"]),
                                                   rng.choice(["Service", "Router", "Pool"]), rng.randint(10, 400)) for _ in range(n)]
        return frames + ["\t... %d more" % rng.randint(2, 40)] if rng.random() < 0.5 else frames
    return ["\tgoroutine %d [running]:" % rng.randint(1, 500)] + ["\t\t/src/%s.go:%d" % (rng.choice(["main", "store", "net"]), rng.randint(5, 300)) for _ in range(n)]


def off_minute(t, rng):
    """Random events never sit on a whole minute: window edges are placed only on purpose."""
    return t + 1 + rng.randrange(999) if t % MINUTE == 0 else t


def simulate(tree, server, start, end, profile, bursts=()):
    """Random traffic of one server in [start, end); bursts are (from, to, load in thousandths)."""
    rng = tree.rng
    period = profile["period"]
    base = rng.randint(*profile["base"])
    floor, ceiling = profile.get("walk", (20, 700))

    def load(t):
        for lo, hi, level in bursts:
            if lo <= t < hi:
                return level
        return None

    random = rng.random
    thousandths, lookalikes = profile.get("thousandths", 0.1), profile.get("lookalikes", 0.02)
    jitter = period * 2 // 5
    t = start + int(random() * period)
    while t < end:
        if t % MINUTE == 0:
            t += 1 + int(random() * 999)
        level = load(t) if bursts else None
        if level is None:
            base = min(ceiling, max(floor, base + int(random() * 61) - 30))
            v = base + int(random() * 121) - 60
        else:
            v = level + int(random() * 81) - 40
        v = min(1000, max(0, v))
        if random() >= thousandths:
            v = v // 10 * 10
        severity = "WARNING" if level is not None and v >= 950 and random() < 0.15 else "DEBUG" if random() < 0.05 else "INFO"
        tree.sample(server, t, value_text(v, rng), severity)
        if random() < lookalikes:
            tree.add(server, off_minute(t + 1 + int(random() * 900), rng), "INFO", "cpu-monitor", fill(rng.choice(LOOKALIKES), rng))
        t += period * 4 // 5 + int(random() * jitter)

    noise = profile["noise_per_min"]
    if noise:
        t = start + int(rng.expovariate(noise) * MINUTE)
        while t < end:
            process = PROCESSES[int(random() * len(PROCESSES))]
            level = "DEBUG" if random() < 0.4 else "INFO"
            tree.add(server, off_minute(t, rng), level, process, fill(NOISE[int(random() * len(NOISE))], rng))
            t += 1 + int(rng.expovariate(noise) * MINUTE)

    t = start
    while t < end:
        rate = profile["alerts_per_min"] * (profile.get("burst_factor", 8) if load(t) is not None else 1)
        t += 1 + int(rng.expovariate(rate) * MINUTE)
        if t >= end:
            break
        error = rng.random() < 0.4
        message = fill(rng.choice(ERRORS if error else WARNINGS), rng)
        stack = trace(rng) if rng.random() < profile.get("traces", 0.6) else ()
        tree.add(server, off_minute(t, rng), "ERROR" if error else "WARNING", rng.choice(PROCESSES), message, stack)


LOOKALIKES = [compile_template(t) for t in ["cpu_util=n/a", "cpu_util=0.%02d (avg 5m)", "cpu_util_p95=0.%02d", "CPU_UTIL=0.%02d",
              "mem_util=0.%02d", "cpu_util=0.%02d;", "load average 0.%02d 0.41 0.39"]]
WARNINGS = [compile_template(t) for t in ["slow request GET %s/%d took %dms", "retrying connection to db-primary (attempt %d)",
            "queue depth %d above soft limit", "disk usage above 90%% on /var", "gc pause of %dms"]]
ERRORS = [compile_template(t) for t in ["unhandled exception in request %d", "job %d failed", "connection reset by peer (%d)",
          "payment gateway timeout after %dms", "cannot write checkpoint %d: no space left on device"]]
NOISE = [compile_template(t) for t in [
    "GET %s/%d 200 %dms", "POST %s 201 %dms", "job %d picked from queue q%d", "cache hit ratio=0.%02d",
    "next run of cleanup in %ds", "login ok user=u%d", "pool size=%d idle=%d", "heartbeat %d",
    "request id=%d done", "config reloaded (%d keys)"]]
