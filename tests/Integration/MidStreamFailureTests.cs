using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Inference;
using Responses.Inference.Catalog;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// A generation that breaks after its stream began, through the real server: the real model, wrapped so that it
/// fails on cue after a few pieces (real inference does not fail on demand).
/// </summary>
public sealed class MidStreamFailureTests : IDisposable
{
    private readonly ResponsesServerFactory factory = new()
    {
        ConfigureTestServices = services =>
        {
            services.RemoveAll<IModelCatalog>();
            services.AddSingleton<IModelCatalog>(sp => new BreakingCatalog(sp.GetRequiredService<ModelCatalog>()));
        },
    };

    private const string Request = $$"""{"model":"{{Api.Model}}","input":"Go on.","max_output_tokens":200,"temperature":0""";

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_stream_that_breaks_ends_with_response_failed_and_its_partial_output()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostResponseAsync(Request + ""","stream":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frames = SseFrame.ParseAll(await response.Content.ReadAsStringAsync());
        Assert.Equal("response.failed", frames[^1].Event);
        Assert.Equal(3, frames.Count(f => f.Event == "response.output_text.delta"));
        Assert.Equal(Enumerable.Range(0, frames.Count), frames.Select(f => (int)f.Json["sequence_number"]!));
        var failed = frames[^1].Json["response"]!;
        Assert.Equal("failed", (string?)failed["status"]);
        Assert.Equal("server_error", (string?)failed["error"]!["code"]);
        Assert.Equal("incomplete", (string?)failed["output"]![0]!["status"]);
        Assert.False(string.IsNullOrEmpty(Api.OutputText(failed)));
    }

    [Fact]
    public async Task A_plain_request_that_breaks_is_a_500_in_the_envelope()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostResponseAsync(Request + "}");

        await Api.AssertErrorAsync(response, HttpStatusCode.InternalServerError, "server_error", null, type: "server_error");
    }

    private sealed class BreakingCatalog(IModelCatalog inner) : IModelCatalog
    {
        public IReadOnlyList<ILanguageModel> Models { get; } = inner.Models.Select(m => (ILanguageModel)new BreaksAfterThreePieces(m)).ToList();

        public ILanguageModel? Find(string id) => Models.FirstOrDefault(m => m.Info.Id == id);
    }

    private sealed class BreaksAfterThreePieces(ILanguageModel inner) : ILanguageModel
    {
        public ModelInfo Info => inner.Info;

        public GenerationActivity Activity => inner.Activity;

        public ModelCapabilities Capabilities => inner.Capabilities;

        public RenderedPrompt Render(ChatPrompt prompt) => inner.Render(prompt);

        public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling) => inner.EstimateMemoryBytes(prompt, sampling);

        public async IAsyncEnumerable<OutputEvent> GenerateAsync(
            RenderedPrompt prompt, SamplingSettings sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pieces = 0;
            await foreach (var output in inner.GenerateAsync(prompt, sampling, cancellationToken))
            {
                if (output is TextDelta && ++pieces > 3)
                {
                    throw new InvalidOperationException("The native session went away.");
                }

                yield return output;
            }
        }
    }
}
