using Docker.DotNet;
using Docker.DotNet.Models;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>Removes sandbox containers: one on dispose, and leftovers of graders that crashed.</summary>
internal static class ContainerRemoval
{
    // Not cancellable on purpose: a cancelled grading must still leave no container behind.
    public static Task ForceRemoveAsync(DockerClient docker, string containerId) =>
        RemoveAsync(() => docker.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, CancellationToken.None));

    /// <summary>
    /// Runs <paramref name="remove"/> until the container is gone. A container that stops on its own while the
    /// engine kills it makes the engine answer 500 ("Could not kill running container ..., is not running"):
    /// the container is still there, stopped, and the next try removes it.
    /// </summary>
    internal static async Task RemoveAsync(Func<Task> remove, int attempts = 4)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await remove();
                return;
            }
            catch (DockerContainerNotFoundException)
            {
                return;
            }
            catch (DockerApiException e) when (e.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            catch (DockerApiException e) when (attempt < attempts && e.Message.Contains("is not running", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }

    /// <summary>The owner label: this host and process, so that a sweep can tell a live grader's sandboxes from a dead one's.</summary>
    public static string OwnerLabel() => $"{Environment.MachineName}:{Environment.ProcessId}:{ProcessStart(Environment.ProcessId)}";

    /// <summary>
    /// How long a stopped sandbox of another host's grader is left alone. A live grader removes its stopped sandboxes at
    /// once; one still there after this belongs to a grader that is gone (a worker container that was replaced has a new
    /// host name, so its leftovers could never be judged by their owner).
    /// </summary>
    internal static readonly TimeSpan StoppedElsewhereKept = TimeSpan.FromHours(1);

    /// <summary>How long any sandbox may exist: far beyond the longest grading, so one this old has no grader.</summary>
    internal static readonly TimeSpan AnySandboxKept = TimeSpan.FromDays(1);

    /// <summary>Removes sandboxes that no live grader owns (see <see cref="IsLeftover"/>). Returns how many.</summary>
    public static async Task<int> SweepLeftoversAsync(DockerClient docker, CancellationToken ct)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [ContainerSpec.LabelSandbox + "=1"] = true },
            },
        }, ct);
        var removed = 0;
        foreach (var c in containers)
        {
            if (!IsLeftover(c.Labels.TryGetValue(ContainerSpec.LabelOwner, out var owner) ? owner : null, c.State, c.Created.ToUniversalTime(), TimeProvider.System.GetUtcNow().UtcDateTime))
                continue;
            await ForceRemoveAsync(docker, c.ID);
            removed++;
        }
        return removed;
    }

    /// <summary>
    /// Whether a sandbox is nobody's: its grader on this host is no longer running; or it is stopped (<paramref name="state"/>
    /// other than running, as the engine lists it) and older than <see cref="StoppedElsewhereKept"/>; or it is older than
    /// <see cref="AnySandboxKept"/>. A running sandbox of another host's grader is otherwise left to that grader.
    /// </summary>
    internal static bool IsLeftover(string? owner, string state, DateTime created, DateTime now)
    {
        var age = now - created;
        if (age > AnySandboxKept)
            return true;
        if (owner is not null && IsThisHosts(owner))
            return !OwnerIsAlive(owner);
        return !string.Equals(state, "running", StringComparison.OrdinalIgnoreCase) && age > StoppedElsewhereKept;
    }

    private static bool IsThisHosts(string owner) => owner.Split(':') is [var host, _, _] && host == Environment.MachineName;

    private static bool OwnerIsAlive(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid))
            return true; // another host's sandbox: not ours to judge
        // A recycled pid belongs to a different process: the start time tells them apart.
        return ProcessStart(pid) is { } started && started == parts[2];
    }

    /// <summary>
    /// The kernel's start time of a process (clock ticks since boot, field 22 of /proc/PID/stat): the same
    /// number whichever process reads it, unlike Process.StartTime, which each reader computes afresh.
    /// </summary>
    internal static string? ProcessStart(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are plain.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
