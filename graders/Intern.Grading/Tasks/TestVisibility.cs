namespace Intern.Grading.Tasks;

/// <summary>When an applicant may see a test's result; the vocabulary is Gradescope's.</summary>
public enum TestVisibility
{
    Visible,
    Hidden,
    AfterDueDate,
    AfterPublished,
}

public static class TestVisibilityNames
{
    private static readonly Dictionary<string, TestVisibility> ByName = new(StringComparer.Ordinal)
    {
        ["visible"] = TestVisibility.Visible,
        ["hidden"] = TestVisibility.Hidden,
        ["after_due_date"] = TestVisibility.AfterDueDate,
        ["after_published"] = TestVisibility.AfterPublished,
    };

    public static IReadOnlyCollection<string> All => ByName.Keys;

    /// <summary>The snake_case name used in task.yaml and in result documents.</summary>
    public static string ToSnakeCase(this TestVisibility visibility) => visibility switch
    {
        TestVisibility.Visible => "visible",
        TestVisibility.Hidden => "hidden",
        TestVisibility.AfterDueDate => "after_due_date",
        TestVisibility.AfterPublished => "after_published",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, null),
    };

    public static bool TryParse(string name, out TestVisibility visibility) =>
        ByName.TryGetValue(name, out visibility);
}
