using System.Globalization;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>Collects each group's cases: read from the package, or written by its generator in a trusted sandbox.</summary>
internal static class TestCaseSource
{
    private static readonly RunLimits GeneratorLimits = new()
    {
        CpuTime = TimeSpan.FromMinutes(2),
        WallTime = TimeSpan.FromMinutes(3),
        MemoryBytes = 1L << 30,
        StdoutBytes = 1L << 20,
        FileSizeBytes = 512L << 20,
        FilesOutBytes = 1L << 30,
    };

    public static async Task<IReadOnlyList<IReadOnlyList<TestCase>>> LoadAsync(
        TaskDefinition task, GradingSettings settings, ISandboxFactory sandboxes, GeneratedCases generated, CancellationToken ct)
    {
        var result = new List<IReadOnlyList<TestCase>>();
        ISandbox? generatorBox = null;
        string? packageHash = null;
        try
        {
            foreach (var group in task.Groups)
            {
                if (group.Generator is null)
                {
                    result.Add(TestCaseFiles.Load(group.TestsDirectory!));
                    continue;
                }
                var seed = group.Generator.Seed ?? SecretSeed.Derive(settings.DeploymentSecret, task.Slug, group.Name);
                packageHash ??= CaseStore.PackageHash(TaskFiles.ForTrustedSandbox(task.Directory, "task"));
                var key = new GeneratedCases.Key(packageHash, group.Name, seed, group.Generator.Count, string.Join('\0', group.Generator.Command));
                // A served group's case is its server's data, handed over as files: it is never mounted.
                var store = group.Serve is null ? settings : settings with { MountInputsAbove = long.MaxValue };
                var folder = CaseStore.Folder(settings, key);
                // Cases in memory may keep their inputs in the folder: they serve only while it is there.
                var remembered = generated.TryGet(key);
                if (remembered is not null && folder is not null && !CaseStore.MarkUsed(folder))
                {
                    generated.Remove(key);
                    remembered = null;
                }
                if ((remembered ?? (folder is null ? null : CaseStore.TryLoad(store, folder))) is { } known)
                {
                    generated.Add(key, known);
                    result.Add(known);
                    continue;
                }
                generatorBox ??= await StartGeneratorSandboxAsync(task, sandboxes, ct);
                var cases = await GenerateAsync(group, seed, generatorBox, store, folder, ct);
                generated.Add(key, cases);
                result.Add(cases);
            }
        }
        finally
        {
            if (generatorBox is not null)
                await generatorBox.DisposeAsync();
        }
        return result;
    }

    private static async Task<ISandbox> StartGeneratorSandboxAsync(TaskDefinition task, ISandboxFactory sandboxes, CancellationToken ct)
    {
        var box = await sandboxes.StartAsync(new SandboxSpec
        {
            Image = task.CheckerImage,
            MemoryBytes = GeneratorLimits.MemoryBytes,
            WorkDirBytes = 2L << 30,
            Role = "generator",
        }, ct);
        try
        {
            await box.PutFilesAsync(TaskFiles.ForTrustedSandbox(task.Directory, "task"), ct);
            return box;
        }
        catch
        {
            await box.DisposeAsync();
            throw;
        }
    }

    private static async Task<IReadOnlyList<TestCase>> GenerateAsync(TestGroupDefinition group, long seed, ISandbox box,
        GradingSettings settings, string? folder, CancellationToken ct)
    {
        var generator = group.Generator!;
        var outDir = "generated/" + group.Name;
        var run = await box.RunAsync(new RunRequest
        {
            Command = [.. generator.Command, seed.ToString(CultureInfo.InvariantCulture), generator.Count.ToString(CultureInfo.InvariantCulture), "/box/" + outDir],
            WorkingDirectory = "task",
            FilesOut = [outDir],
            Limits = GeneratorLimits,
        }, ct);
        if (run.Status != SandboxStatus.OK)
        {
            // A generator is the task author's code: its failure is the platform's problem, never the applicant's.
            throw new SandboxException($"The generator of group '{group.Name}' failed ({run.Status}: {run.Message}): "
                + System.Text.Encoding.UTF8.GetString(run.Stderr.Span));
        }
        if (folder is not null)
            return await CaseStore.SaveAsync(settings, folder, outDir, run.Files, ct);
        var scratch = Directory.CreateTempSubdirectory("intern-gen-");
        try
        {
            foreach (var file in run.Files)
            {
                // Keep the layout under OUT_DIR: folder cases have input/ and answer/ trees.
                var target = Path.Combine(scratch.FullName, Path.GetRelativePath(outDir, file.Path));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, file.Content.ToArray(), ct);
            }
            var cases = TestCaseFiles.Load(scratch.FullName);
            if (cases.Count == 0)
                throw new SandboxException($"The generator of group '{group.Name}' wrote no test cases.");
            return cases;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
