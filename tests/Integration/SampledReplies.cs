using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Inference.Engine;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// Sampled replies (temperature 1) with pinned seeds: the same on every run. The embedded model is biased towards
/// ending replies, so some of these end at end-of-sequence well before 400 tokens.
/// </summary>
internal static class SampledReplies
{
    public const int MaxOutputTokens = 400;

    private static readonly string[] Prompts = ["Say hello.", "hi", "What is the time?", "Name a colour.", "Good morning!", "Why?"];

    public static async IAsyncEnumerable<JsonObject> CreateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var factory = new ResponsesServerFactory
        {
            ConfigureTestServices = services =>
            {
                services.RemoveAll<ISeedSource>();
                services.AddSingleton<ISeedSource>(new FixedSeedSource(42));
            },
        };
        using var client = factory.CreateClient();
        foreach (var prompt in Prompts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await client.CreateAsync(
                $$"""{"model":"{{Api.Model}}","input":"{{prompt}}","max_output_tokens":{{MaxOutputTokens}},"temperature":1}""");
        }
    }
}
