using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// A request without max_output_tokens (what SDKs and agents send) generates up to the server's default cap, not
/// to the end of the context: that cap is what bounds the memory such a request holds.
/// </summary>
public sealed class OutputBudgetTests
{
    [Fact]
    public async Task Without_max_output_tokens_the_default_cap_applies_and_a_request_may_raise_it()
    {
        using var factory = new ResponsesServerFactory
        {
            Settings = new Dictionary<string, string> { ["Inference:DefaultMaxOutputTokens"] = "40" },
        };
        using var client = factory.CreateClient();

        // Greedy replies of the embedded model never end on their own, so each stops at its budget.
        var capped = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"Go on.","temperature":0}""");
        Assert.Equal("incomplete", (string?)capped["status"]);
        Assert.Equal("max_output_tokens", (string?)capped["incomplete_details"]!["reason"]);
        Assert.Equal(40, (int)capped["usage"]!["output_tokens"]!);
        Assert.Null(capped["max_output_tokens"]); // echoed as the client sent it

        var raised = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"Go on.","temperature":0,"max_output_tokens":300}""");
        Assert.Equal(300, (int)raised["usage"]!["output_tokens"]!);
    }
}
