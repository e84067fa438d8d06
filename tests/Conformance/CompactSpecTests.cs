using System.Text;
using System.Text.Json.Nodes;

namespace Responses.Tests.Conformance;

/// <summary>What /v1/responses/compact answers is valid against the spec's CompactResource, and a broken one is not.</summary>
public sealed class CompactSpecTests(InMemoryServer server, SpecFixture spec) : IClassFixture<InMemoryServer>, IClassFixture<SpecFixture>
{
    [Fact]
    public async Task The_compacted_window_is_a_valid_CompactResource()
    {
        using var client = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://localhost") };
        using var response = await client.PostAsync(
            "/v1/responses/compact",
            new StringContent($$"""{"model":"{{KitRun.Model}}","input":[{"role":"user","content":"q"},{"role":"assistant","content":"a"},{"role":"user","content":"q2"}]}""", Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var verdict = spec.Validator.Validate("CompactResource", body);
        Assert.True(verdict.IsValid, verdict.ToString());

        body["output"]![0]!.AsObject().Remove("encrypted_content");
        Assert.False(spec.Validator.Validate("CompactResource", body).IsValid);
    }
}
