using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Intern.Server.Reviews;

/// <summary>Section <c>Reviews</c>: how many reviewers a submission gets and when their scores count as disagreeing.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Reviews";

    /// <summary>Reviewers each submission gets, automatically once its round is closed or when an admin assigns a task's submissions at once.</summary>
    [Range(1, 10)]
    public int ReviewersPerSubmission { get; set; } = 2;

    /// <summary>Assign reviewers by themselves once a round's deadline (plus its tasks' grace) has passed; false leaves it to admins.</summary>
    public bool AutoAssign { get; set; } = true;

    /// <summary>How often the server looks for closed rounds whose submissions lack reviewers.</summary>
    public TimeSpan AutoAssignPoll { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rounds that closed longer ago than this are left alone: reviewers who join later are assigned by an admin.</summary>
    public TimeSpan AutoAssignWithin { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Reviews whose totals lie further apart than this many percentage points of the rubric are flagged.</summary>
    [Range(0, 100)]
    public double DisagreementThreshold { get; set; } = 20;

    /// <summary>Largest text file, in bytes, shown in the submission view; larger and binary files are listed only.</summary>
    [Range(1024, 16 << 20)]
    public int MaxShownFileBytes { get; set; } = 256 * 1024;
}

public static class ReviewRegistration
{
    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ReviewOptions>>().Value);
        services.AddSingleton<ReviewAssigner>();
        services.AddSingleton<ReportCache>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewAssigner>());
        return services;
    }
}
