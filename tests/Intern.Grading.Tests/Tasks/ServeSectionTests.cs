using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

/// <summary>A group's <c>serve</c> mapping: defaults, placeholders, and what the loader refuses.</summary>
public sealed class ServeSectionTests : IDisposable
{
    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    private TempPackage Package(string group) => _package.Write("task.yaml", $$"""
        slug: web
        title: Web
        track: fixture
        version: 1
        languages: [python]
        image: intern/web
        run: {command: [./run]}
        groups:
          - name: journey
            visibility: visible
            weight: 10
            tests: tests/journey
        {{group}}
        """).Write("tests/journey/1.in", "").Write("tests/journey/1.ans", "");

    [Fact]
    public void AServedGroupReadsItsStepsAndReplacesThePlaceholdersInItsArguments()
    {
        Package("""
                checker: {type: program, command: [node, checker/journey.js], image: intern/browser}
                serve:
                  args: [serve, "{port}", "{data}"]
                  port: 8123
                  phases: 2
                  steps: [{name: upload, weight: 3}, {name: restart, weight: 1}]
            """);

        var serve = TaskLoader.Load(_package.Directory).Groups[0].Serve;

        Assert.NotNull(serve);
        Assert.Equal(["serve", "8123", "/box/data"], serve.ServerArgs());
        Assert.Equal(2, serve.Phases);
        Assert.Equal([new ServedStep("upload", 3), new ServedStep("restart", 1)], serve.Steps);
        Assert.Equal(4, serve.TotalWeight);
    }

    [Fact]
    public void PortAndPhasesHaveDefaults()
    {
        Package("""
                checker: {type: program, command: [node, j.js]}
                serve: {steps: [{name: page, weight: 1}]}
            """);

        var serve = TaskLoader.Load(_package.Directory).Groups[0].Serve!;

        Assert.Equal((8000, 1), (serve.Port, serve.Phases));
        Assert.Empty(serve.Args);
        Assert.Null(serve.OptionalExit);
    }

    [Fact]
    public void AnOptionalServerNamesTheExitCodeThatDeclinesIt()
    {
        Package("""
                checker: {type: program, command: [python3, checker/api.py]}
                serve: {optional_exit: 64, steps: [{name: store, weight: 1}]}
            """);

        Assert.Equal(64, TaskLoader.Load(_package.Directory).Groups[0].Serve!.OptionalExit);
    }

    [Theory]
    [InlineData("serve: {steps: [{name: page, weight: 1}]}", "serve", "needs a program checker")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {steps: []}", "serve.steps", "non-empty list")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {steps: [{name: a, weight: 1}, {name: a, weight: 2}]}", "serve.steps[1].name", "duplicate step")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {port: 80, steps: [{name: a, weight: 1}]}", "serve.port", "1024 to 65535")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {phases: 9, steps: [{name: a, weight: 1}]}", "serve.phases", "1 to 5")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {steps: [{name: Bad Name, weight: 1}]}", "serve.steps[0].name", "lower-case")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {steps: [{name: a, weight: 0}]}", "serve.steps[0].weight", "greater than 0")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {stepz: []}", "serve.stepz", "did you mean \"steps\"")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {optional_exit: 0, steps: [{name: a, weight: 1}]}", "serve.optional_exit", "1 to 125")]
    [InlineData("checker: {type: program, command: [j]}\n    serve: {optional_exit: 137, steps: [{name: a, weight: 1}]}", "serve.optional_exit", "1 to 125")]
    public void ABadServeSectionIsRefusedWithItsField(string yaml, string field, string message)
    {
        Package("    " + yaml);

        var error = Assert.Throws<TaskValidationException>(() => TaskLoader.Load(_package.Directory));

        Assert.Contains(error.Problems, p => p.Field == "groups[0]." + field && p.Message.Contains(message, StringComparison.Ordinal));
    }
}
