using Microsoft.Playwright;

namespace Intern.Web.Tests.Site;

/// <summary>
/// The system's Chromium driven by Playwright. A machine without it fails every journey at once with the
/// remedy (./intern test installs it); nothing is downloaded and nothing is skipped.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"Browser tests need Chromium at {Executable}: run `apt-get install -y chromium` (./intern test does).");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
            await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>One site and one browser for all journeys; the journeys run one after another (two cores, one Docker engine).</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<InternSite>, ICollectionFixture<Browser>
{
    public const string Name = "site";
}
