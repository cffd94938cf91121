using System.Net;
using Docker.DotNet;
using Intern.Grading.Docker.Sandbox;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// The engine's answers to a forced removal, as a table: gone or being removed ends it, the kill race (a container
/// that stopped on its own while being killed) is tried again, and anything else is the caller's to see.
/// </summary>
public sealed class ContainerRemovalRetryTests
{
    private const string KillRace = """{"message":"Could not kill running container b51b, cannot remove - Container b51b is not running"}""";

    private static Func<Task> Answers(List<int> calls, params Exception?[] answers) => () =>
    {
        calls.Add(calls.Count);
        return answers[Math.Min(calls.Count - 1, answers.Length - 1)] is { } e ? Task.FromException(e) : Task.CompletedTask;
    };

    [Fact]
    public async Task KillRaceIsTriedAgainUntilTheContainerIsRemoved()
    {
        var calls = new List<int>();
        await ContainerRemoval.RemoveAsync(Answers(calls, new DockerApiException(HttpStatusCode.InternalServerError, KillRace), null));
        Assert.Equal(2, calls.Count);
    }

    [Fact]
    public async Task GoneOrAlreadyBeingRemovedEndsAtOnce()
    {
        var calls = new List<int>();
        await ContainerRemoval.RemoveAsync(Answers(calls, new DockerContainerNotFoundException(HttpStatusCode.NotFound, "{}")));
        await ContainerRemoval.RemoveAsync(Answers(calls = [], new DockerApiException(HttpStatusCode.Conflict, "removal of container b51b is already in progress")));
        Assert.Single(calls);
    }

    [Fact]
    public async Task AKillRaceThatNeverEndsAndOtherErrorsReachTheCaller()
    {
        var calls = new List<int>();
        await Assert.ThrowsAsync<DockerApiException>(() => ContainerRemoval.RemoveAsync(Answers(calls, new DockerApiException(HttpStatusCode.InternalServerError, KillRace)), attempts: 3));
        Assert.Equal(3, calls.Count);
        await Assert.ThrowsAsync<DockerApiException>(() => ContainerRemoval.RemoveAsync(Answers(calls = [], new DockerApiException(HttpStatusCode.InternalServerError, "disk full"))));
        Assert.Single(calls);
    }
}
