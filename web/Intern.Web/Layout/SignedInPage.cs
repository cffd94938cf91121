using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Intern.Web.Layout;

/// <summary>A page for signed-in users: signed-out visitors are sent to sign in and brought back afterwards.</summary>
public abstract class SignedInPage : ComponentBase
{
    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [Inject] protected IApplicantPortal Portal { get; set; } = default!;

    protected ClaimsPrincipal User => HttpContext?.User ?? new ClaimsPrincipal();

    protected CancellationToken Aborted => HttpContext?.RequestAborted ?? CancellationToken.None;

    /// <summary>False (after starting the redirect to sign in) when nobody is signed in.</summary>
    protected bool EnsureSignedIn()
    {
        if (User.Identity?.IsAuthenticated == true)
            return true;
        var back = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.NavigateTo($"/signin?returnUrl={Uri.EscapeDataString(back)}");
        return false;
    }

    /// <summary>Answers 404 with the not-found page for what the user may not see, exactly as for what does not exist.</summary>
    protected void NotFound() => Navigation.NotFound();
}
