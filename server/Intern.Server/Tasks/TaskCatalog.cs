using Intern.Grading.Tasks;

namespace Intern.Server.Tasks;

/// <summary>Section <c>Tasks</c>: where task packages are read from.</summary>
public sealed class TaskOptions
{
    public const string Section = "Tasks";

    /// <summary>Folders whose subfolders holding a task.yaml are task packages; later folders win on the same slug. None configured means ./tasks.</summary>
    // Empty by default: configuration binding appends to a list, so a default entry would always stay in it.
    public List<string> Folders { get; set; } = [];
}

/// <summary>The task packages this server grades, loaded once at start; invalid packages are logged and left out.</summary>
public sealed class TaskCatalog
{
    private readonly Dictionary<string, TaskDefinition> _tasks = new(StringComparer.Ordinal);

    public TaskCatalog(TaskOptions options, ILogger<TaskCatalog> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var folder in (options.Folders.Count > 0 ? options.Folders : ["tasks"]).Where(Directory.Exists))
        {
            foreach (var dir in Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, TaskLoader.FileName))).Order(StringComparer.Ordinal))
            {
                try
                {
                    var task = TaskLoader.Load(dir);
                    _tasks[task.Slug] = task;
                }
                catch (TaskValidationException e)
                {
                    log.LogError("Task package {Directory} is invalid and was left out: {Problems}", dir, string.Join("; ", e.Problems));
                }
            }
        }
    }

    public IReadOnlyCollection<TaskDefinition> All => _tasks.Values;

    /// <summary>The package for a slug when its loaded version matches, otherwise null (a submission for a version this server no longer has).</summary>
    public TaskDefinition? Find(string slug, int version) =>
        _tasks.TryGetValue(slug, out var task) && task.Version == version ? task : null;

    public TaskDefinition? Find(string slug) => _tasks.GetValueOrDefault(slug);
}
