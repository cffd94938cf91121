using System.Text.Json;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Grading;

/// <summary>
/// What a served group's checker wrote in one phase: <c>RESULTS_DIR/results.json</c> holding
/// <c>{"steps": [{"name": "upload", "score": 1, "message": "...", "screenshot": "upload.png"}]}</c>,
/// with each screenshot (optional) a file in the same folder.
/// </summary>
public sealed record JourneyReport(IReadOnlyList<StepOutcome> Steps)
{
    public const string FileName = "results.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Wire(List<WireStep?>? Steps);

    private sealed record WireStep(string? Name, double? Score, string? Message, string? Screenshot);

    /// <summary>
    /// Parses one phase's report against the steps the package declares. The checker is the task's code,
    /// so anything malformed (unknown or repeated step, score outside 0..1) throws <see cref="SandboxException"/>.
    /// </summary>
    public static JourneyReport Parse(ReadOnlySpan<byte> json, IReadOnlyCollection<string> declaredSteps)
    {
        Wire wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(json, Json) ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new SandboxException($"The task's checker wrote a {FileName} that is not {{\"steps\": [...]}}: " + e.Message, e);
        }
        var steps = new List<StepOutcome>();
        foreach (var step in wire.Steps ?? throw new SandboxException($"The task's checker wrote a {FileName} without \"steps\"."))
        {
            if (step?.Name is not { } name || !declaredSteps.Contains(name))
                throw new SandboxException($"The task's checker reported the step '{step?.Name}', which task.yaml does not declare.");
            if (steps.Any(s => s.Name == name))
                throw new SandboxException($"The task's checker reported the step '{name}' twice.");
            if (step.Score is not { } score || double.IsNaN(score) || score < 0 || score > 1)
                throw new SandboxException($"The task's checker gave the step '{name}' no score in 0..1.");
            string? screenshot = null;
            if (step.Screenshot is { } path && (screenshot = SandboxPath.Normalize(path)) is null)
                throw new SandboxException($"The task's checker named a screenshot outside its results folder: '{path}'.");
            steps.Add(new StepOutcome(name, score, step.Message ?? "", screenshot));
        }
        return new JourneyReport(steps);
    }
}

/// <summary>One step as the checker judged it; <see cref="Screenshot"/> is relative to its results folder.</summary>
public sealed record StepOutcome(string Name, double Score, string Message, string? Screenshot);
