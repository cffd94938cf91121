using System.Text.RegularExpressions;
using Intern.Grading.Sandbox;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>
/// Reads and validates <c>task.yaml</c>. Every problem is collected, located by file, line and
/// field, and thrown together as a <see cref="TaskValidationException"/>; unknown keys are problems
/// too, so a typo is never silently ignored. The schema, with its defaults:
/// <code>
/// slug: sum                      # required, ^[a-z0-9][a-z0-9-]{0,62}$
/// title: Sum of numbers          # required
/// track: fixture                 # required, free text
/// version: 3                     # required positive integer
/// languages: [python]            # required, non-empty, from python, c, cpp, go, java, rust, javascript
/// image: intern/python           # required: runtime image of candidate code
/// checker_image: intern/python   # default = image: runs program checkers and generators (trusted code)
/// required: [run]                # default [run]: files that must exist at the submission root
/// build:                         # optional; runs only if the submission has the file named by command[0]
///   command: [./build]           # default [./build]
///   limits: {...}                # defaults cpu_time 60s, wall_time 120s, memory 1GiB, stdout 1MiB, stderr 1MiB, file_size 256MiB
/// run:                           # required
///   command: [./run]             # default [./run]; a test's args are appended
///   limits:                      # these defaults
///     {cpu_time: 2s, wall_time: 5s, memory: 256MiB, stdout: 8MiB, stderr: 1MiB, file_size: 32MiB, open_files: 256, files_out: 32MiB}
/// sandbox: {pids: 128, cpus: 1, work_dir: 256MiB, tmp: 64MiB}   # these defaults
/// checker: tokens                # default checker of groups: exact | tokens | float | json | csv, or a mapping
///                                #   {type: float, abs: 1e-6, rel: 1e-6} (abs/rel also for json, csv)
///                                #   {type: program, command: [python3, checker/check.py], image: ...} (image defaults to checker_image)
/// outputs: []                    # files or dirs (relative to the run's work dir) a test writes and the checker receives
/// scoring: {auto: 70, review: 30}   # default {auto: 100, review: 0}; both keys when given; non-negative, sum > 0
/// groups:                        # required, non-empty, names unique
///   - name: public               # ^[a-z0-9][a-z0-9_-]*$
///     visibility: visible        # required: visible | hidden | after_due_date | after_published
///     weight: 30                 # required, > 0: points of this group
///     tests: tests/public        # directory in the package with NAME.in, NAME.ans, optional NAME.args
///     checker: exact             # optional override of the task's checker
///     limits: {wall_time: 10s}   # optional, merged over run.limits
///     command: [ls, -l, models]  # optional: runs instead of run.command (args appended), e.g. when the checker
///                                #   judges submitted files (outputs) and no candidate program needs to run
///     serve:                     # optional: the program is a server judged through its loopback (ServeDefinition);
///       args: [serve, "{port}", "{data}"]   #   appended to the command; default []
///       port: 8000               #   default 8000, 1024..65535
///       phases: 2                #   default 1, 1..5: server starts on the same /box/data, one checker run each
///       steps: [{name: upload, weight: 2}]  # required: one test per step; needs a program checker, one case
///   - name: hidden
///     visibility: after_due_date
///     weight: 70
///     generator:                 # instead of tests (exactly one of the two)
///       command: [python3, generators/gen.py]   # trusted image; SEED COUNT OUT_DIR are appended
///       seed: secret             # required: a non-negative integer, or secret (derived from the deployment's secret)
///       count: 20                # required, 1..1000
/// deadline: {late_penalty_percent_per_day: 10, grace: 15m}   # defaults 0 and 0s
/// </code>
/// Durations are <c>500ms</c>, <c>2s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>; sizes are <c>512B</c>, <c>64KiB</c>,
/// <c>256MiB</c>, <c>1GiB</c> or a whole number of bytes. Numbers, booleans, durations and sizes must not be quoted.
/// </summary>
public static partial class TaskLoader
{
    public const string FileName = "task.yaml";

    public static readonly IReadOnlyList<string> KnownLanguages = ["python", "c", "cpp", "go", "java", "rust", "javascript"];

    private static readonly string[] Keys =
    [
        "slug", "title", "track", "version", "languages", "image", "checker_image", "required", "build", "run",
        "sandbox", "checker", "outputs", "scoring", "groups", "deadline", "precheck", "isolate_cases",
    ];
    private static readonly string[] PrecheckKeys = ["command"];

    public static TaskDefinition Load(string taskDirectory)
    {
        var directory = Path.GetFullPath(taskDirectory);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new TaskValidationException(directory, [new TaskProblem(FileName, 0, "", $"file not found in {directory}")]);
        var reader = new YamlReader(FileName);
        var task = reader.LoadDocument(path) is { } root ? Read(reader, root, directory) : null;
        if (task is null || reader.Problems.Count > 0)
            throw new TaskValidationException(directory, reader.Problems);
        var rubric = RubricLoader.Load(directory);
        if (rubric is not null && RubricLoader.CheckEvidence(rubric, task.Groups.Select(g => g.Name)) is { Count: > 0 } wrong)
            throw new TaskValidationException(directory, [.. wrong.Select(problem => new TaskProblem(Rubric.FileName, 0, "evidence", problem))]);
        return task with { Rubric = rubric };
    }

    private static TaskDefinition? Read(YamlReader r, YamlNode root, string directory)
    {
        if (r.Mapping(root, "", Keys) is not { } m)
            return null;
        const string SlugForm = "lower-case letters, digits and '-', at most 63, starting with a letter or digit";
        var slug = r.Required(m, "slug") is { } s ? Matching(r, s, "slug", SlugPattern(), SlugForm) : null;
        var title = r.Required(m, "title") is { } t ? r.Text(t, "title") : null;
        var track = r.Required(m, "track") is { } k ? r.Text(k, "track") : null;
        var version = r.Required(m, "version") is { } v ? r.Integer(v, "version", 1, int.MaxValue, "a positive integer") : null;
        var languages = r.Required(m, "languages") is { } l ? Languages(r, l) : null;
        var image = r.Required(m, "image") is { } i ? Image(r, i, "image") : null;
        var checkerImage = m["checker_image"] is { } ci ? Image(r, ci, "checker_image") : image;
        var required = m["required"] is { } q ? RelativePaths(r, q, "required") : ["run"];
        var build = m.Has("build") ? StageSection.Stage(r, m["build"]!, "build", "./build", StageSection.BuildDefaults) : null;
        var run = r.Required(m, "run") is { } u ? StageSection.Stage(r, u, "run", "./run", new RunLimits()) : null;
        var sandbox = StageSection.Sandbox(r, m["sandbox"]);
        var checker = m["checker"] is { } c ? CheckerSection.Read(r, c, "checker", checkerImage ?? "") : CheckerSection.Default;
        var outputs = m["outputs"] is { } o ? RelativePaths(r, o, "outputs") : [];
        var scoring = Scoring(r, m["scoring"]);
        var deadline = Deadline(r, m["deadline"]);
        var inherited = new GroupsSection.Inherited(directory, checker ?? CheckerSection.Default, run?.Limits ?? new RunLimits(), checkerImage ?? "");
        var groups = r.Required(m, "groups") is { } g ? GroupsSection.Read(r, g, inherited) : [];
        var isolate = m["isolate_cases"] is { } iso && r.Boolean(iso, "isolate_cases") == true;
        if (isolate && build is not null)
            r.Report(m.KeyLine("isolate_cases"), "isolate_cases", "cannot be combined with a build stage: restoring the work folder before each case would throw the build's output away");
        var precheck = m["precheck"] is { } pc && r.Mapping(pc, "precheck", PrecheckKeys) is { } pm && r.Required(pm, "command") is { } pcmd
            && r.Strings(pcmd, pm.Field("command"), nonEmpty: true) is { } precheckCommand
            ? new PrecheckDefinition(precheckCommand)
            : null;

        if (r.Problems.Count > 0 || slug is null || title is null || track is null || version is null || languages is null
            || image is null || checkerImage is null || required is null || run is null || checker is null || outputs is null)
            return null;
        return new TaskDefinition
        {
            Slug = slug,
            Title = title,
            Track = track,
            Version = (int)version.Value,
            Languages = languages,
            Image = image,
            CheckerImage = checkerImage,
            Required = required,
            Build = build,
            Run = run,
            Sandbox = sandbox,
            DefaultChecker = checker,
            Outputs = outputs,
            Scoring = scoring,
            Groups = groups,
            Deadline = deadline,
            Precheck = precheck,
            IsolateCases = isolate,
            Directory = directory,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    // Image references have no spaces or shell characters; the engine rejects the rest with a clearer message than ours.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/:@-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ImagePattern();
}
