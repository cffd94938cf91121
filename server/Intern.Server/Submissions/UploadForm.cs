using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Intern.Server.Submissions;

/// <summary>
/// An upload's multipart/form-data body, read as it arrives: the <c>file</c> part goes straight to a spool
/// file under the size cap, the other parts are small text fields. ASP.NET's own form reader is not used:
/// it buffers big files to temp files outside the spool directory, which a killed server would leave behind,
/// and its refusals (wrong content type, no file) carry no words for the applicant.
/// </summary>
public sealed class UploadForm : IAsyncDisposable
{
    public const string FileField = "file";

    private const int MaxFieldChars = 1024;

    // Room for the part headers and the text fields next to the largest allowed file.
    private const long FormOverheadBytes = 64 << 10;

    private readonly string _spool;

    private UploadForm(string spool) => _spool = spool;

    /// <summary>The text fields by name (<c>task</c>, and whatever else the form sends).</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>The name the applicant's file had on their machine.</summary>
    public string FileName { get; private set; } = "";

    public FileStream OpenFile() => new(_spool, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    /// <exception cref="IntakeRefusedException">The body is not a form with one file (400, 413 or 415).</exception>
    public static async Task<UploadForm> ReadAsync(HttpRequest request, IntakeOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new IntakeRefusedException("The upload must be a multipart/form-data form", [
                $"The request's content type is '{request.ContentType ?? "missing"}': send multipart/form-data with a 'file' field (the zip) and a 'task' field."],
                StatusCodes.Status415UnsupportedMediaType);
        }
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw Malformed("The multipart/form-data content type names no boundary.");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = options.MaxUploadBytes + FormOverheadBytes;

        var form = new UploadForm(UploadSpool.NewFile(options, "form"));
        var read = false;
        try
        {
            await form.ReadPartsAsync(new MultipartReader(boundary, request.Body), options.MaxUploadBytes, ct);
            read = true;
            return form;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own cap on the whole body, for a form that is mostly not the file.
            throw TooLarge(options.MaxUploadBytes);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw Malformed($"The form could not be read to its end: {e.Message}");
        }
        finally
        {
            if (!read)
                await form.DisposeAsync();
        }
    }

    private async Task ReadPartsAsync(MultipartReader reader, long maxFileBytes, CancellationToken ct)
    {
        var hasFile = false;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                throw Malformed("A part of the form has no 'Content-Disposition: form-data' header.");
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (name == FileField)
            {
                if (hasFile)
                    throw Malformed("The form holds more than one 'file': send one zip (or tar.gz) of your solution folder.");
                hasFile = true;
                FileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                await SpoolAsync(section.Body, maxFileBytes, ct);
            }
            else
            {
                using var text = new StreamReader(section.Body);
                var buffer = new char[MaxFieldChars + 1];
                var length = await text.ReadBlockAsync(buffer, ct);
                if (length > MaxFieldChars)
                    throw Malformed($"The form field '{name}' is longer than {MaxFieldChars} characters.");
                Fields[name] = new string(buffer, 0, length);
            }
        }
        if (!hasFile)
            throw new IntakeRefusedException("The upload has no file", ["The form has no 'file' field: attach the zip (or tar.gz) of your solution folder as 'file'."]);
    }

    private async Task SpoolAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        await using var file = new FileStream(_spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            // Refused as soon as the cap is passed, without reading (or storing) the rest.
            if (total > maxBytes)
                throw TooLarge(maxBytes);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private static IntakeRefusedException TooLarge(long maxBytes) => new("The upload is too large",
        [$"The upload is larger than {maxBytes >> 20} MiB; leave out data sets, build output and dependencies."], StatusCodes.Status413PayloadTooLarge);

    private static IntakeRefusedException Malformed(string problem) => new("The upload is not a well-formed form", [problem]);

    public ValueTask DisposeAsync()
    {
        File.Delete(_spool);
        return ValueTask.CompletedTask;
    }
}
