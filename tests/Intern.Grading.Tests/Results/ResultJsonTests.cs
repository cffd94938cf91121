using System.Text.Json;
using Intern.Grading.Results;

namespace Intern.Grading.Tests.Results;

public class ResultJsonTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private static GradingResult Full() => new()
    {
        Score = 37.5,
        MaxScore = 100,
        ExecutionTime = 12.25,
        Output = "Build: OK, 1.2 s",
        Tests =
        [
            new TestResult
            {
                Name = "public/01", Number = "01", Group = "public", Score = 25, MaxScore = 25, Output = "$ ./run < 01.in",
                Tags = ["public"], Visibility = "visible", Verdict = TestVerdict.AC, TimeMs = 120, MemoryKb = 10_240,
            },
            new TestResult
            {
                Name = "hidden/big", Number = "big", Group = "hidden", Score = 12.5, MaxScore = 75, Output = "line 1: expected \"6\", got \"7\"",
                Visibility = "after_due_date", Verdict = TestVerdict.WA, TimeMs = 1999, MemoryKb = 65_536,
            },
        ],
        Leaderboard = [new LeaderboardEntry("runtime", 1.25, "asc")],
        Artifacts = [new Artifact("loss curve", "image/png", "plots/loss.png")],
        Metrics = new Dictionary<string, Metric> { ["GFLOP/s"] = new(41.5, "GFLOP/s", 40.9, 42.1) },
        Phases = new Phases { Queued = Start, Started = Start.AddSeconds(2), Built = Start.AddSeconds(4), Tested = Start.AddSeconds(13), Finished = Start.AddSeconds(14) },
        Task = "sum",
        TaskVersion = 3,
    };

    private static JsonElement Json(GradingResult result) => JsonDocument.Parse(ResultJson.Serialize(result)).RootElement;

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Theory]
    [InlineData("score")]
    [InlineData("max_score")]
    [InlineData("execution_time")]
    [InlineData("output")]
    [InlineData("tests")]
    [InlineData("leaderboard")]
    [InlineData("gradable")]
    [InlineData("format_errors")]
    [InlineData("artifacts")]
    [InlineData("metrics")]
    [InlineData("phases")]
    public void The_document_has_each_top_level_field_under_its_snake_case_name(string name)
    {
        Assert.Contains(name, Names(Json(Full())));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("number")]
    [InlineData("score")]
    [InlineData("max_score")]
    [InlineData("status")]
    [InlineData("output")]
    [InlineData("tags")]
    [InlineData("visibility")]
    [InlineData("verdict")]
    [InlineData("time_ms")]
    [InlineData("memory_kb")]
    public void Each_test_has_gradescopes_fields_and_interns_additions(string name)
    {
        Assert.Contains(name, Names(Json(Full()).GetProperty("tests")[0]));
    }

    [Fact]
    public void Leaderboard_entries_have_exactly_name_value_and_order()
    {
        var entry = Json(Full()).GetProperty("leaderboard")[0];

        Assert.Equal(["name", "value", "order"], Names(entry));
        Assert.Equal("runtime", entry.GetProperty("name").GetString());
        Assert.Equal(1.25, entry.GetProperty("value").GetDouble());
        Assert.Equal("asc", entry.GetProperty("order").GetString());
    }

    [Fact]
    public void Values_have_the_json_types_gradescope_expects()
    {
        var json = Json(Full());
        var failed = json.GetProperty("tests")[1];

        Assert.Equal(37.5, json.GetProperty("score").GetDouble());
        Assert.Equal(100, json.GetProperty("max_score").GetDouble());
        Assert.Equal(12.25, json.GetProperty("execution_time").GetDouble());
        Assert.True(json.GetProperty("gradable").GetBoolean());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("format_errors").ValueKind);
        Assert.Equal("WA", failed.GetProperty("verdict").GetString());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("passed", json.GetProperty("tests")[0].GetProperty("status").GetString());
        Assert.Equal("after_due_date", failed.GetProperty("visibility").GetString());
        Assert.Equal(1999, failed.GetProperty("time_ms").GetInt64());
        Assert.Equal(65_536, failed.GetProperty("memory_kb").GetInt64());
    }

    [Fact]
    public void Artifacts_metrics_and_phases_use_snake_case_and_metric_names_keep_their_spelling()
    {
        var json = Json(Full());

        Assert.Equal(["name", "media_type", "path"], Names(json.GetProperty("artifacts")[0]));
        var metric = json.GetProperty("metrics").GetProperty("GFLOP/s");
        Assert.Equal(["value", "unit", "ci_low", "ci_high"], Names(metric));
        Assert.Equal(["queued", "started", "built", "tested", "finished"], Names(json.GetProperty("phases")));
        Assert.Equal(Start, json.GetProperty("phases").GetProperty("queued").GetDateTimeOffset());
    }

    [Fact]
    public void A_platform_error_is_written_only_when_there_is_one()
    {
        Assert.DoesNotContain("error", Names(Json(Full())));
        Assert.Equal("engine lost", Json(Full() with { Error = "engine lost" }).GetProperty("error").GetString());
    }

    [Fact]
    public void A_document_reads_back_as_it_was_written()
    {
        var json = ResultJson.Serialize(Full());

        var read = ResultJson.Deserialize(json);

        Assert.Equal(json, ResultJson.Serialize(read));
        Assert.Equal(TestVerdict.WA, read.Tests[1].Verdict);
        Assert.Equal("failed", read.Tests[1].Status);
        Assert.Equal(Start.AddSeconds(14), read.Phases.Finished);
        Assert.Equal(40.9, read.Metrics["GFLOP/s"].CiLow);
    }

    [Fact]
    public void An_ungradable_result_reads_back_with_its_format_errors()
    {
        var result = new GradingResult { Gradable = false, FormatErrors = ["The file 'run' is missing at the root of the submission."] };

        var read = ResultJson.Deserialize(ResultJson.Serialize(result));

        Assert.False(read.Gradable);
        Assert.Equal(result.FormatErrors, read.FormatErrors);
        Assert.Empty(read.Tests);
    }

    [Theory]
    [InlineData("lone high \uD800 surrogate")]
    [InlineData("lone low \uDC00 surrogate")]
    [InlineData("swapped \uDC00\uD800 pair")]
    [InlineData("controls \u0000\u0001\u0007\u001b[31m\u007f")]
    [InlineData("replacement \uFFFD and \uFFFF")]
    public void Strange_program_output_serializes_to_valid_json(string output)
    {
        var result = Full() with { Output = output, Tests = [Full().Tests[0] with { Output = output }] };

        var json = ResultJson.Serialize(result);

        var read = ResultJson.Deserialize(json);
        Assert.Equal(read.Output, read.Tests[0].Output);
    }

    [Fact]
    public void Control_characters_survive_a_round_trip()
    {
        const string output = "a\u0000b\u001bc\td\r\n";

        var read = ResultJson.Deserialize(ResultJson.Serialize(Full() with { Output = output }));

        Assert.Equal(output, read.Output);
    }

    [Fact]
    public void An_empty_document_cannot_be_read()
    {
        Assert.Throws<JsonException>(() => ResultJson.Deserialize("null"));
    }
}
