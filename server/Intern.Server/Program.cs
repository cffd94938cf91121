using Intern.Server.Persistence;

var builder = WebApplication.CreateBuilder(args);
var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
builder.Services.AddInternDatabase(database);
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
await app.RunAsync();
