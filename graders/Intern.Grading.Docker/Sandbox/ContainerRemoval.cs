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

    /// <summary>Removes sandboxes whose owner on this host is no longer running. Returns how many.</summary>
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
            if (!c.Labels.TryGetValue(ContainerSpec.LabelOwner, out var owner) || OwnerIsAlive(owner))
                continue;
            await ForceRemoveAsync(docker, c.ID);
            removed++;
        }
        return removed;
    }

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
