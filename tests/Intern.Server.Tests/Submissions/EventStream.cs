using System.Net;
using System.Text.Json;

namespace Intern.Server.Tests.Submissions;

/// <summary>One server-sent event as a browser's EventSource would see it.</summary>
internal sealed record ServerEvent(string Name, string? Id, JsonElement Data)
{
    public string Status => Data.GetProperty("status").GetString()!;
    public string? Phase => Data.GetProperty("phase").GetString();
    public int Done => Data.GetProperty("done").GetInt32();
}

/// <summary>Reads a submission's status stream (GET /api/submissions/{id}/events) event by event, as the text/event-stream format says.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    /// <summary>Comment lines seen so far (keep-alives).</summary>
    public List<string> Comments { get; } = [];

    public static async Task<EventStream> OpenAsync(HttpClient client, Guid submission)
    {
        var response = await client.GetAsync(new Uri($"/api/submissions/{submission}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<ServerEvent?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? name = null, id = null, data = null;
        while (await _reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                    return new ServerEvent(name ?? "message", id, JsonDocument.Parse(data).RootElement.Clone());
                continue;
            }
            if (line.StartsWith(':'))
                Comments.Add(line[1..].Trim());
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
                id = line["id: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = data is null ? line["data: ".Length..] : data + "\n" + line["data: ".Length..];
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
