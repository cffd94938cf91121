using System.CommandLine;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using Intern.Grading.Tasks;
using Spectre.Console;

namespace Intern.Cli;

/// <summary>`intern grade TASK_DIR SUBMISSION [--json F] [--junit F]`.</summary>
internal static class GradeCommand
{
    public static Command Create()
    {
        var taskDir = new Argument<DirectoryInfo>("task-dir") { Description = "The task package (a folder with task.yaml)." };
        var submission = new Argument<FileSystemInfo>("submission") { Description = "A submission folder, zip, tar or tar.gz." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the result document (results.json format) to this file." };
        var junit = new Option<FileInfo?>("--junit") { Description = "Write JUnit XML to this file." };
        var artifacts = new Option<DirectoryInfo?>("--artifacts") { Description = "Save the artifacts checkers produced (screenshots, plots) in this folder." };
        var secret = GradingOptions.SecretOption();
        var command = new Command("grade", "Grade one submission and print a report. Exit 0 graded, 3 not gradable, 4 platform error.")
        {
            taskDir, submission, json, junit, artifacts, secret,
        };
        command.SetAction(async (parse, ct) =>
        {
            var task = GradingOptions.LoadTask(parse.GetValue(taskDir)!);
            if (task is null)
                return ExitCodes.Usage;
            var result = await GradeAsync(task, parse.GetValue(submission)!.FullName, parse.GetValue(secret), ct);
            ConsoleReport.Print(result);
            await ResultFiles.WriteAsync(result, parse.GetValue(json), parse.GetValue(junit), ct);
            await ResultFiles.WriteArtifactsAsync(result, parse.GetValue(artifacts), ct);
            return result.IsPlatformError ? ExitCodes.PlatformError : result.Gradable ? ExitCodes.Ok : ExitCodes.NotGradable;
        });
        return command;
    }

    public static async Task<GradingResult> GradeAsync(TaskDefinition task, string submissionPath, string? secret, CancellationToken ct,
        IReadOnlySet<string>? skip = null, GeneratedCases? generated = null)
    {
        IReadOnlyList<SandboxFile> files;
        try
        {
            files = await SubmissionArchive.ReadAsync(submissionPath, new ArchiveLimits(), ct);
        }
        catch (SubmissionFormatException e)
        {
            return new GradingResult { Gradable = false, FormatErrors = e.Problems, MaxScore = task.MaxAutoScore, Task = task.Slug, TaskVersion = task.Version, Output = "The submission cannot be graded." };
        }
        if (skip is not null)
            files = [.. files.Where(f => !skip.Contains(f.Path))];
        using var sandboxes = new Grading.Docker.Sandbox.DockerSandboxFactory();
        var grader = new Grader(sandboxes, GradingOptions.Settings(secret), TimeProvider.System, generated);
        return await LiveProgress.RunAsync($"{task.Slug} v{task.Version}", progress => grader.GradeAsync(task, files, progress, ct));
    }
}
