using System.Text.Json;
using System.Text.Json.Serialization;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>The header line the supervisor answers every request with (see supervisor.py).</summary>
internal sealed record SupervisorReply
{
    public bool? Ok { get; init; }
    public bool? Ready { get; init; }
    public string? Error { get; init; }
    public int? Errno { get; init; }
    public string? Cgroup { get; init; }
    public string? Status { get; init; }
    public string? Message { get; init; }
    public int? Exit { get; init; }
    public int? Signal { get; init; }
    public long CpuMs { get; init; }
    public long WallMs { get; init; }
    public long MemKb { get; init; }
    public int Stdout { get; init; }
    public int Stderr { get; init; }
    public int Tar { get; init; }
    public string? FilesError { get; init; }
}

internal static class SupervisorJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
