# Intern sandbox supervisor: PID 1 of every sandbox container.
#
# Why PID 1: inside a PID namespace the kernel drops SIGKILL and SIGSTOP sent to init by its own
# descendants, so a candidate cannot kill the monitor that measures it; and kill(-1) from here
# reaches every other process in the container, so nothing a run leaves behind survives it.
# The supervisor makes itself non-dumpable, so same-uid candidate processes cannot ptrace it or
# open its file descriptors through /proc.
#
# Protocol (host <-> supervisor, over the container's attached stdin/stdout):
#   request  = one JSON line, optionally followed by "size" raw bytes (a tar for "put")
#   response = one JSON line, followed by the byte payloads whose lengths it announces
# Ops: put (extract a tar under /box), rm (delete paths under /box), run (one program run).
# A run with "stoppable" is a server: while it runs, the host may send {"op": "stop"}, which ends it
# (SIGTERM, then SIGKILL after "stop_grace_ms") and is answered by the run's own reply, status OK.
# The host's stdin closing (the grader went away) makes the supervisor exit, which stops the
# container at once.
import ctypes
import io
import json
import os
import resource
import select
import shutil
import signal
import stat
import sys
import tarfile
import time

BOX = "/box"
IN = sys.stdin.buffer
OUT = sys.stdout.buffer
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def make_undumpable():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except OSError:
        pass


def read_file(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode()
    except OSError:
        return None


class Cgroup:
    """Reads the container's own CPU and OOM counters (cgroup v2, else v1, else nothing)."""

    def __init__(self):
        self.version = "none"
        if read_file("/sys/fs/cgroup/cpu.stat") is not None:
            self.version = "v2"
        elif read_file("/sys/fs/cgroup/cpuacct/cpuacct.usage") is not None:
            self.version = "v1"
            self.v1cpu = "/sys/fs/cgroup/cpuacct/cpuacct.usage"
        elif read_file("/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage") is not None:
            self.version = "v1"
            self.v1cpu = "/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage"

    def cpu_ns(self):
        if self.version == "v2":
            for line in (read_file("/sys/fs/cgroup/cpu.stat") or "").splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) * 1000
        elif self.version == "v1":
            text = read_file(self.v1cpu)
            if text:
                return int(text.strip())
        return None

    def oom_kills(self):
        path = "/sys/fs/cgroup/memory.events" if self.version == "v2" else "/sys/fs/cgroup/memory/memory.oom_control"
        for line in (read_file(path) or "").splitlines():
            if line.startswith("oom_kill "):
                return int(line.split()[1])
        return 0


def box_path(rel):
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if rel.startswith("/") or ".." in parts or not parts:
        raise ValueError("bad path: " + rel)
    return os.path.join(BOX, *parts)


def text(value):
    """File names may hold bytes that are not UTF-8 (kept by Python as lone surrogates): make them printable."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def reply(header, *payloads):
    header = {k: text(v) if isinstance(v, str) else v for k, v in header.items()}
    OUT.write(json.dumps(header).encode() + b"\n")
    for p in payloads:
        OUT.write(p)
    OUT.flush()


def kill_all():
    """Kills every process in the container but this one, reaps them, and frees the shared memory
    they left, which would otherwise outlive the run and eat the next runs' memory."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            break
        reap(block=False)
        time.sleep(0.001)
    reap(block=False)
    free_shared_memory()


def free_shared_memory():
    lines = (read_file("/proc/sysvipc/shm") or "").splitlines()[1:]
    if lines:
        libc = ctypes.CDLL(None, use_errno=True)
        for line in lines:
            libc.shmctl(int(line.split()[1]), 0, None)  # IPC_RMID = 0
    try:
        for name in os.listdir("/dev/shm"):
            path = os.path.join("/dev/shm", name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
    except OSError:
        pass


def reap(block):
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# Every file under /box belongs to the sandbox user, so a run can lock the supervisor out of its
# own paths (chmod 000, a file or link where a directory belongs). These undo that before each op;
# no candidate process is alive by then, so nothing races them.
def reclaim(target):
    path = BOX
    os.chmod(BOX, 0o755)
    for part in os.path.relpath(target, BOX).split(os.sep)[:-1]:
        path = os.path.join(path, part)
        if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
            os.unlink(path)
        elif os.path.isdir(path):
            os.chmod(path, 0o755)


def unlock_tree(top):
    stack = [top]
    while stack:
        path = stack.pop()
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode):
            continue
        os.chmod(path, stat.S_IMODE(st.st_mode) | 0o700)
        stack.extend(e.path for e in os.scandir(path) if e.is_dir(follow_symlinks=False))


def remove(target):
    if os.path.islink(target) or not os.path.isdir(target):
        os.unlink(target)
    else:
        unlock_tree(target)
        shutil.rmtree(target)


def put_member(tar, m):
    target = box_path(m.name)
    reclaim(target)
    if m.isdir():
        if os.path.lexists(target) and (os.path.islink(target) or not os.path.isdir(target)):
            os.unlink(target)
        os.makedirs(target, exist_ok=True)
        os.chmod(target, 0o755)
    elif m.isreg():
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.lexists(target):
            remove(target)
        mode = 0o755 if m.mode & 0o100 else 0o644
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        with os.fdopen(fd, "wb") as f:
            shutil.copyfileobj(tar.extractfile(m), f)
        os.chmod(target, mode)
    else:
        raise ValueError("put accepts regular files and directories only: " + m.name)


class Framed(io.RawIOBase):
    """Exactly `size` bytes of stdin, so that a large put streams through instead of sitting in memory."""

    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.left <= 0:
            return 0
        chunk = IN.read(min(len(buffer), self.left, 1 << 20))
        if not chunk:
            raise EOFError
        buffer[:len(chunk)] = chunk
        self.left -= len(chunk)
        return len(chunk)

    def skip_rest(self):
        while self.left > 0:
            chunk = IN.read(min(self.left, 1 << 20))
            if not chunk:
                raise EOFError
            self.left -= len(chunk)


def op_put(req):
    frame = Framed(int(req["size"]))
    try:
        with tarfile.open(fileobj=io.BufferedReader(frame, 1 << 20), mode="r|") as tar:
            for m in tar:
                put_member(tar, m)
    finally:
        frame.skip_rest()
    reply({"ok": True})


def op_rm(req):
    for rel in req["paths"]:
        target = box_path(rel)
        reclaim(target)
        if os.path.lexists(target):
            remove(target)
    reply({"ok": True})


def pack_outputs(paths, max_bytes, max_entries):
    """Tars the requested paths without following links; the host vets every entry again."""
    total, entries = 0, 0
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:", format=tarfile.PAX_FORMAT) as tar:
        for rel in paths:
            top = box_path(rel)
            if not os.path.lexists(top):
                continue
            reclaim(top)
            walk = [top]
            while walk:
                path = walk.pop()
                st = os.lstat(path)
                entries += 1
                if entries > max_entries:
                    return None, "more than %d files in the outputs" % max_entries
                if stat.S_ISREG(st.st_mode):
                    total += st.st_size
                    if total > max_bytes:
                        return None, "outputs are larger than %d bytes" % max_bytes
                    os.chmod(path, stat.S_IMODE(st.st_mode) | 0o400)
                elif stat.S_ISDIR(st.st_mode):
                    os.chmod(path, stat.S_IMODE(st.st_mode) | 0o700)
                    names = []
                    for entry in os.scandir(path):
                        names.append(entry.name)
                        if entries + len(names) > max_entries:
                            return None, "more than %d files in the outputs" % max_entries
                    walk.extend(os.path.join(path, n) for n in sorted(names, reverse=True))
                tar.add(path, arcname=os.path.relpath(path, BOX), recursive=False)
    return buf.getvalue(), None


def child_setup(req, stdin_path, out_w, err_w, cwd):
    os.setsid()
    for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGXCPU, signal.SIGCHLD, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)
    fd = os.open(stdin_path, os.O_RDONLY)
    os.dup2(fd, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, 65536)
    cpu = int(req["cpu_ms"] / 1000) + 1
    limit(resource.RLIMIT_CPU, cpu, cpu + 1)
    limit(resource.RLIMIT_FSIZE, req["fsize"], req["fsize"])
    limit(resource.RLIMIT_NOFILE, req["nofile"], req["nofile"])
    limit(resource.RLIMIT_CORE, 0, 0)
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    os.chdir(cwd)


def limit(which, soft, hard):
    # Never above the container's own ceiling: raising a hard limit needs a privilege we dropped.
    _, ceiling = resource.getrlimit(which)
    if ceiling != resource.RLIM_INFINITY:
        soft, hard = min(soft, ceiling), min(hard, ceiling)
    resource.setrlimit(which, (soft, hard))


def private_memory_kb():
    """Private resident memory of every process but this one, summed. wait4 only reports the largest
    single process, which misses a program that spreads its memory over forked or detached children."""
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit() or name == "1":
            continue
        fields = (read_file("/proc/%s/statm" % name) or "").split()
        if len(fields) >= 3:
            total += (int(fields[1]) - int(fields[2])) * page_kb
    return total


def file_at_limit(fsize, since):
    """A file written during the run that reached the size limit means a write was refused for size
    (some runtimes, Python among them, ignore SIGXFSZ and fail with EFBIG instead)."""
    seen = 0
    for root in (BOX, "/tmp"):
        for dirpath, _, names in os.walk(root):
            seen += len(names)
            if seen > 20000:
                return None
            for name in names:
                try:
                    st = os.lstat(os.path.join(dirpath, name))
                    if st.st_size >= fsize and st.st_mtime >= since:
                        return os.path.join(dirpath, name)
                except OSError:
                    pass
    return None


def op_run(req, cgroup, wake_r):
    argv = req["argv"]
    if req.get("clear_tmp"):
        for name in os.listdir("/tmp"):
            path = os.path.join("/tmp", name)
            if os.path.isdir(path) and not os.path.islink(path):
                unlock_tree(path)
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
    for rel in req.get("mkdirs") or []:
        target = box_path(rel)
        reclaim(target)
        if os.path.lexists(target):
            remove(target)
        os.makedirs(target)
    cwd = box_path(req.get("cwd") or "work")
    reclaim(cwd)
    os.makedirs(cwd, exist_ok=True)
    stdin_path = box_path(req["stdin"]) if req.get("stdin") else "/dev/null"
    env = {"PATH": PATH, "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8"}
    env.update(req.get("env") or {})
    caps = {1: req["stdout_max"], 2: req["stderr_max"]}
    bufs = {1: bytearray(), 2: bytearray()}
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    cpu0, oom0 = cgroup.cpu_ns(), cgroup.oom_kills()
    start = time.monotonic()
    started_at = time.time()
    pid = os.fork()
    if pid == 0:
        try:
            child_setup(req, stdin_path, out_w, err_w, cwd)
            os.execvpe(argv[0], argv, env)
        except BaseException as e:  # noqa: BLE001 - anything here must end the child
            os.write(2, ("cannot start %s: %s\n" % (argv[0], e)).encode(errors="replace"))
        os._exit(127)
    os.close(out_w)
    os.close(err_w)
    fds = {out_r: 1, err_r: 2}
    verdict, message, status, rusage = None, "", None, None
    wall_limit = req["wall_ms"] / 1000.0
    sampled_kb, next_sample = 0, 0.005
    cpu_limit_ns = req["cpu_ms"] * 1_000_000
    poller = select.poll()
    for fd in list(fds) + [wake_r]:
        poller.register(fd, select.POLLIN)
    stoppable = bool(req.get("stoppable"))
    stop_deadline = None
    if stoppable:
        poller.register(IN.fileno(), select.POLLIN)
    while True:
        if status is None:
            got, st, ru = os.wait4(pid, os.WNOHANG)
            if got == pid:
                status, rusage = st, ru
        if status is not None and not fds:
            break
        elapsed = time.monotonic() - start
        if stop_deadline is not None and elapsed > stop_deadline:
            break  # it ignored SIGTERM: the kill below ends it
        if status is None and elapsed > wall_limit:
            verdict, message = "TLE", "wall time limit of %.3g s exceeded" % wall_limit
            break
        cpu_now = cgroup.cpu_ns()
        if status is None and cpu0 is not None and cpu_now is not None and cpu_now - cpu0 > cpu_limit_ns:
            verdict, message = "TLE", "CPU time limit of %.3g s exceeded" % (req["cpu_ms"] / 1000.0)
            break
        if status is not None:
            # The program is gone but something still holds its pipes: a daemon. Drain and move on.
            drain(fds, bufs, caps)
            break
        if elapsed >= next_sample:
            sampled_kb = max(sampled_kb, private_memory_kb())
            next_sample = elapsed + 0.01
            if sampled_kb * 1024 > req["memory"]:
                verdict, message = "MLE", "memory limit of %d MiB exceeded by the program's processes together" % (req["memory"] >> 20)
                break
        for fd, _ in poller.poll(max(1, min(20, int((wall_limit - elapsed) * 1000)))):
            if fd == wake_r:
                try:
                    os.read(wake_r, 4096)
                except BlockingIOError:
                    pass
                continue
            if stoppable and fd == IN.fileno():
                line = IN.readline()
                poller.unregister(fd)
                if not line:
                    sys.exit(0)  # the grader went away: end the container now
                # Only "stop" can arrive here: the host sends nothing else while a run is going on.
                stop_deadline = elapsed + req.get("stop_grace_ms", 3000) / 1000.0
                try:
                    os.killpg(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                poller.unregister(fd)
                os.close(fd)
                del fds[fd]
                continue
            stream = fds[fd]
            bufs[stream] += chunk
            if len(bufs[stream]) > caps[stream]:
                del bufs[stream][caps[stream]:]
                verdict = "OLE"
                message = "%s is larger than the limit of %d bytes" % ("stdout" if stream == 1 else "stderr", caps[stream])
        if verdict:
            break
    wall = time.monotonic() - start
    # Kill everything at once (not just the main process), so that a forking program cannot race us.
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if status is None:
        _, status, rusage = os.wait4(pid, 0)
    drain(fds, bufs, caps)
    for fd in fds:
        os.close(fd)
    kill_all()
    cpu1 = cgroup.cpu_ns()
    cpu_s = (cpu1 - cpu0) / 1e9 if cpu0 is not None and cpu1 is not None else rusage.ru_utime + rusage.ru_stime
    mem_kb = max(rusage.ru_maxrss, sampled_kb)
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if verdict is None and stop_deadline is not None:
        # However it went down (SIGTERM, exit code, SIGKILL after the grace), it ran until the grader stopped it.
        verdict, message = "OK", "stopped by the grader after %.1f s" % wall
    if verdict is None:
        verdict, message = judge(req, exit_code, sig, mem_kb, cgroup.oom_kills() > oom0, cpu_s)
    if verdict == "RE":
        big = file_at_limit(req["fsize"], started_at)
        if big:
            verdict, message = "OLE", "the file %s reached the size limit of %d bytes" % (big, req["fsize"])
    header = {"status": verdict, "message": message, "exit": exit_code, "signal": sig,
              "cpu_ms": int(cpu_s * 1000), "wall_ms": int(wall * 1000), "mem_kb": mem_kb,
              "stdout": len(bufs[1]), "stderr": len(bufs[2]), "tar": 0, "files_error": None}
    tar = b""
    if req.get("files_out") and verdict == "OK":
        try:
            packed, err = pack_outputs(req["files_out"], req["files_out_max"], req.get("files_out_entries", 10000))
            kind = "OLE"
        except OSError as e:
            packed, err, kind = None, "the output files could not be read: %s" % e, "SV"
        if err:
            header["files_error"] = err
            if verdict == "OK":
                header["status"], header["message"] = kind, err
        else:
            tar = packed
            header["tar"] = len(tar)
    reply(header, bytes(bufs[1]), bytes(bufs[2]), tar)


def drain(fds, bufs, caps):
    for fd, stream in list(fds.items()):
        os.set_blocking(fd, False)
        try:
            while len(bufs[stream]) <= caps[stream]:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                bufs[stream] += chunk
        except BlockingIOError:
            pass
        del bufs[stream][caps[stream]:]


def judge(req, exit_code, sig, mem_kb, oom_killed, cpu_s):
    limit_kb = req["memory"] // 1024
    if oom_killed or mem_kb > limit_kb:
        return "MLE", "memory limit of %d MiB exceeded (peak %d MiB)" % (limit_kb // 1024, mem_kb // 1024)
    if sig == signal.SIGXCPU or cpu_s * 1000 > req["cpu_ms"]:
        return "TLE", "CPU time limit of %.3g s exceeded" % (req["cpu_ms"] / 1000.0)
    if sig == signal.SIGXFSZ:
        return "OLE", "a written file went over the limit of %d bytes" % req["fsize"]
    if sig is not None:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = "unknown"
        return "RE", "killed by signal %d (%s)" % (sig, name)
    if exit_code != 0:
        return "RE", "exit code %d" % exit_code
    return "OK", ""


def main():
    make_undumpable()
    os.umask(0o022)
    cgroup = Cgroup()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    # Python's own SIGINT handler would let a candidate's `kill -INT 1` end the supervisor; every
    # other signal stays at its default, which the kernel never delivers to a namespace's init.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    os.makedirs(os.path.join(BOX, "work"), exist_ok=True)
    reply({"ready": True, "cgroup": cgroup.version, "pid": os.getpid(), "uid": os.getuid()})
    ops = {"put": op_put, "rm": op_rm}
    while True:
        line = IN.readline()
        if not line:
            return
        req = json.loads(line)
        if req["op"] == "stop":
            continue  # a stop that crossed the reply of a server that had already ended
        try:
            if req["op"] == "run":
                op_run(req, cgroup, wake_r)
            else:
                ops[req["op"]](req)
        except (OSError, ValueError, KeyError, tarfile.TarError) as e:
            kill_all()
            reply({"ok": False, "error": "%s: %s" % (type(e).__name__, e), "errno": getattr(e, "errno", None)})


if __name__ == "__main__":
    main()
