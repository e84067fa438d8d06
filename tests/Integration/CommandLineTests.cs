using System.Net;
using System.Text.Json.Nodes;
using Responses.Inference.EmbeddedModel;

namespace Responses.Tests.Integration;

/// <summary>The real server process as users start it: help, usage errors, several models, broken model folders.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_switch_and_exits_0()
    {
        var run = await ServerRun.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var name in new[]
        {
            "--model", "--model-id", "--host", "--port", "--store", "--api-key", "--api-keys-file", "--max-concurrency", "--queue",
            "--default-max-output-tokens", "--shutdown-grace", "--log-format", "--list-models", "--version",
        })
        {
            Assert.Contains($"  {name} ", run.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port", "not-a-port")]
    public async Task A_bad_switch_is_one_line_on_stderr_and_exit_code_2(params string[] arguments)
    {
        var run = await ServerRun.RunAsync(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(Lines(run.Error)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Server:Port: The field Port must be between 1 and 65535.", "--port", "70000")]
    // Read by two option types at start (the scheduler takes its batch size from it): still one line, said once.
    [InlineData("Inference:MaxBatchSize must be at least 1", "--Inference:MaxBatchSize", "0")]
    [InlineData("Store:MaxResponses must be at least 1", "--store", "memory", "--Store:MaxResponses", "0")]
    public async Task A_value_out_of_range_is_one_line_naming_the_setting_and_exit_code_2(string named, params string[] arguments)
    {
        var run = await ServerRun.RunAsync(arguments);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Equal(line.IndexOf(named, StringComparison.Ordinal), line.LastIndexOf(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_models_are_served_by_one_server_and_chosen_by_model()
    {
        var folder = new EmbeddedModelWriter().EnsureWritten(Path.Combine(Path.GetTempPath(), "responses-tests", "cli-models"));
        using var server = await ServerChildProcess.StartAsync(
            "--model", folder, "--model-id", "tiny-a", "--model", folder, "--model-id", "tiny-b", "--store", "memory");

        var models = JsonNode.Parse(await server.Client.GetStringAsync("/v1/models"))!["data"]!.AsArray();
        Assert.Equal(["tiny-a", "tiny-b"], models.Select(model => (string?)model!["id"]));

        foreach (var id in new[] { "tiny-a", "tiny-b" })
        {
            using var response = await server.Client.PostAsync("/v1/responses", Api.Json($$"""{"model":"{{id}}","input":"Hi","max_output_tokens":16}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(id, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["model"]);
        }

        using var unknown = await server.Client.PostAsync("/v1/responses", Api.Json("""{"model":"tiny-c","input":"Hi"}"""));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("model_not_found", (string?)error["code"]);
        Assert.Contains("'tiny-a', 'tiny-b'", (string?)error["message"], StringComparison.Ordinal);

        Assert.Contains("Loaded model 'tiny-a'", server.Log, StringComparison.Ordinal);
        Assert.Contains("resident memory +", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_models_under_one_id_stop_the_start_in_one_line()
    {
        var folder = new EmbeddedModelWriter().EnsureWritten(Path.Combine(Path.GetTempPath(), "responses-tests", "cli-models"));

        var run = await ServerRun.RunAsync("--model", folder, "--model-id", "same", "--model", folder, "--model-id", "same");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Two models have the id 'same'", Assert.Single(Lines(run.Error)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "has no genai_config.json")]
    [InlineData("""{"model": {"context_length": """, "is not valid JSON")]
    [InlineData("""{"model": {"context_length": 128, "decoder": {"filename": "model.onnx"}}}""", "has no 'model.onnx'")]
    public async Task A_broken_model_folder_is_one_line_naming_what_is_wrong_and_a_failed_exit(string? genaiConfig, string message)
    {
        var folder = Directory.CreateTempSubdirectory("responses-tests-broken-").FullName;
        try
        {
            if (genaiConfig is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "genai_config.json"), genaiConfig);
            }

            var run = await ServerRun.RunAsync("--model", folder, "--store", "memory");

            Assert.NotEqual(0, run.ExitCode);
            var line = Assert.Single(Lines(run.Error));
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.Contains(message, line, StringComparison.Ordinal);
            Assert.Contains(folder, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
