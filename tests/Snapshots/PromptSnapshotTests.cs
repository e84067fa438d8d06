using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Responses.Generated;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;
using Responses.Tests.Support;
using Snapshooter.Xunit;

namespace Responses.Tests.Snapshots;

/// <summary>
/// The prompt text the embedded model's chat template renders for a recorded Codex follow-up turn (developer
/// instructions, namespace and function tools, a reasoning item, a function_call and its output): what the model
/// actually reads, locked so that a change to the conversion or the template shows up as a diff.
/// </summary>
public sealed class PromptSnapshotTests
{
    static PromptSnapshotTests()
    {
        if (Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") is null)
        {
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "on");
        }
    }

    [Fact]
    public async Task Codex_follow_up_prompt_text()
    {
        var name = Snapshot.FullName();
        using var factory = new ResponsesServerFactory();
        using var scope = factory.Services.CreateScope();
        var responses = scope.ServiceProvider.GetRequiredService<ResponsesAdapter>();
        var request = JsonSerializer.Deserialize<CreateResponse>(
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "TestData", "codex", "followup-request.json")), TestJson.Read)!;
        request.Model = "responses-tiny-llama";

        var run = ((ResponseProjection)(await responses.PlanAsync(request, held: null, telemetry: null, CancellationToken.None)).Projection).Run;

        Snapshot.Match(run.Generation.Prompt.Text.Split('\n'), name);
    }
}
