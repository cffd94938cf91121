using Intern.Grading.Docker.Sandbox;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// Which sandboxes a sweep removes, decided from what the engine lists (owner label, state, creation time): those of a
/// dead grader on this host, stopped ones no grader removed within an hour wherever their owner ran, and any a day old.
/// </summary>
public sealed class LeftoverSandboxTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Alive = ContainerRemoval.OwnerLabel();
    private static readonly string Dead = $"{Environment.MachineName}:{int.MaxValue - 7}:0";
    private const string Elsewhere = "worker-container-since-replaced:12:345";

    [Theory]
    // This host's graders: judged by whether their process still runs, whatever the state.
    [InlineData("alive", "running", 0.1, false)]
    [InlineData("alive", "exited", 5, false)]
    [InlineData("dead", "running", 0.1, true)]
    [InlineData("dead", "exited", 0.1, true)]
    // Another host's (or a replaced worker container's): running ones are its grader's; stopped ones go after an hour.
    [InlineData("elsewhere", "running", 20, false)]
    [InlineData("elsewhere", "exited", 0.5, false)]
    [InlineData("elsewhere", "created", 0.5, false)]
    [InlineData("elsewhere", "exited", 1.5, true)]
    [InlineData("elsewhere", "created", 2, true)]
    [InlineData("unlabelled", "exited", 2, true)]
    [InlineData("unlabelled", "running", 2, false)]
    // Nothing grades for a day: a sandbox that old is nobody's, even one a live grader on this host owns.
    [InlineData("elsewhere", "running", 25, true)]
    [InlineData("alive", "running", 25, true)]
    public void ASandboxIsRemovedOnlyWhenNoLiveGraderCanOwnIt(string owner, string state, double hoursOld, bool removed)
    {
        var label = owner switch
        {
            "alive" => Alive,
            "dead" => Dead,
            "elsewhere" => Elsewhere,
            _ => null,
        };

        Assert.Equal(removed, ContainerRemoval.IsLeftover(label, state, Now - TimeSpan.FromHours(hoursOld), Now));
    }
}
