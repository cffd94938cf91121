using Intern.Web.Layout;
using Microsoft.AspNetCore.Components;

namespace Intern.Web.Reviews;

/// <summary>A page for reviewers and admins: others get the not-found page, exactly as for what does not exist.</summary>
public abstract class StaffPage : SignedInPage
{
    [Inject] protected IReviewDesk Desk { get; set; } = default!;

    protected bool IsAdmin => User.IsInRole("admin");

    /// <summary>False (after starting the redirect or the not-found answer) unless a reviewer or admin is signed in.</summary>
    protected bool EnsureStaff(bool adminOnly = false)
    {
        if (!EnsureSignedIn())
            return false;
        if (IsAdmin || (!adminOnly && User.IsInRole("reviewer")))
            return true;
        NotFound();
        return false;
    }
}
