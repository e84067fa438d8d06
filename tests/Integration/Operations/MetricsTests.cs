using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Operations;

/// <summary>/metrics after real requests: every counter and histogram moved by what those requests did, no more.</summary>
public sealed class MetricsTests
{
    private const string Model = "model=\"" + Api.Model + "\"";
    private const string Create = "method=\"POST\",route=\"/v1/responses\"";

    [Fact]
    public async Task Requests_tokens_first_token_latency_and_store_counts_move_by_what_the_requests_did()
    {
        // Real time: the histograms' sums must show real durations (the tests' clock stands still).
        using var factory = new ResponsesServerFactory
        {
            ConfigureTestServices = services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(TimeProvider.System);
            },
        };
        using var client = factory.CreateClient();
        var before = await PrometheusText.ScrapeAsync(client);

        var plain = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"Count me.","max_output_tokens":16}""");
        using var streamed = await client.PostResponseAsync($$"""{"model":"{{Api.Model}}","input":"Stream me.","max_output_tokens":20,"stream":true}""");
        var frames = SseFrame.ParseAll(await streamed.Content.ReadAsStringAsync());
        var streamedResponse = frames[^1].Json["response"]!;
        using var unknownModel = await client.PostResponseAsync("""{"model":"no-such-model","input":"Hi"}""");
        using var unknownPath = await client.GetAsync("/v1/nowhere");
        using var deleted = await client.DeleteAsync($"/v1/responses/{(string)plain["id"]!}");
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var after = await PrometheusText.ScrapeAsync(client);
        double Moved(string series) => after[series] - before[series];

        Assert.Equal(2, Moved($"responses_requests_total{{{Create},status=\"200\"}}"));
        Assert.Equal(1, Moved($"responses_requests_total{{{Create},status=\"404\"}}"));
        Assert.Equal(1, Moved("responses_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"));
        Assert.Equal(1, Moved("responses_requests_total{method=\"DELETE\",route=\"/v1/responses/{response_id}\",status=\"200\"}"));
        Assert.Equal(3, Moved($"responses_request_duration_seconds_count{{{Create}}}"));
        Assert.True(Moved($"responses_request_duration_seconds_sum{{{Create}}}") > 0);
        Assert.Equal(3, Moved($"responses_request_duration_seconds_bucket{{{Create},le=\"+Inf\"}}"));

        Assert.Equal(Usage(plain, "input_tokens") + Usage(streamedResponse, "input_tokens"), Moved($"responses_prompt_tokens_total{{{Model}}}"));
        Assert.Equal(Usage(plain, "output_tokens") + Usage(streamedResponse, "output_tokens"), Moved($"responses_generated_tokens_total{{{Model}}}"));
        Assert.Equal(Reasoning(plain) + Reasoning(streamedResponse), Moved($"responses_reasoning_tokens_total{{{Model}}}"));
        Assert.True(before.Has($"responses_cached_tokens_total{{{Model}}}"), "the cached-tokens series exists before any request");
        Assert.Equal(Cached(plain) + Cached(streamedResponse), Moved($"responses_cached_tokens_total{{{Model}}}"));

        // Both generations produced output; the refused one never started, so it has no first token.
        Assert.Equal(2, Moved($"responses_time_to_first_token_seconds_count{{{Model}}}"));
        Assert.True(Moved($"responses_time_to_first_token_seconds_sum{{{Model}}}") > 0);
        Assert.True(
            Moved($"responses_time_to_first_token_seconds_sum{{{Model}}}") <= Moved($"responses_request_duration_seconds_sum{{{Create}}}"),
            "the first token comes before the end of its request");

        Assert.Equal(2, Moved("responses_store_saves_total"));
        Assert.Equal(1, Moved("responses_store_deletes_total"));
        Assert.Equal(1, after["responses_store_available"]);
        Assert.Equal(0, after["responses_active_generations"]);
        Assert.Equal(0, after["responses_queue_length"]);
        Assert.Equal(0, after["responses_generations_paused"]);
    }

    [Fact]
    public async Task Two_servers_in_one_process_count_only_their_own_requests()
    {
        using var counted = new ResponsesServerFactory();
        using var other = new ResponsesServerFactory();
        using var countedClient = counted.CreateClient();
        using var otherClient = other.CreateClient();

        using var response = await otherClient.GetAsync("/v1/models");
        response.EnsureSuccessStatusCode();

        var scrape = await PrometheusText.ScrapeAsync(countedClient);
        Assert.Equal(0, scrape["responses_requests_total{method=\"GET\",route=\"/v1/models\",status=\"200\"}"]);
    }

    private static double Usage(JsonNode response, string field) => (int)response["usage"]![field]!;

    private static double Reasoning(JsonNode response) => (int)response["usage"]!["output_tokens_details"]!["reasoning_tokens"]!;

    private static double Cached(JsonNode response) => (int)response["usage"]!["input_tokens_details"]!["cached_tokens"]!;
}
