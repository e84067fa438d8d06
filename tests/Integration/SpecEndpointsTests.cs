using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>The spec served for tools and people: /openapi.yaml as the file is, /openapi.json the same document, /docs.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class SpecEndpointsTests(DefaultServer server)
{
    [Fact]
    public async Task Serves_the_spec_file_as_is()
    {
        using var response = await server.Client.GetAsync("/openapi.yaml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        var spec = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "spec", "openapi.yaml"));
        Assert.Equal(spec, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Serves_the_same_document_as_json_with_typed_values_and_the_create_examples()
    {
        using var response = await server.Client.GetAsync("/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var spec = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3.0.3", (string?)spec["openapi"]);
        Assert.Equal(JsonValueKind.String, spec["info"]!["version"]!.GetValueKind());
        var paths = spec["paths"]!.AsObject().Select(path => path.Key).ToList();
        Assert.Contains("/v1/responses", paths);
        Assert.Contains("/v1/responses/{response_id}", paths);
        Assert.Contains("/v1/models", paths);
        var create = spec["paths"]!["/v1/responses"]!["post"]!;
        Assert.Equal(JsonValueKind.Object, create["responses"]!["200"]!.GetValueKind());
        var examples = create["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.Equal(["plain_text", "items_with_instructions", "streaming", "forced_tool_call"], examples.Select(example => example.Key));
        Assert.True((bool)examples["streaming"]!["value"]!["stream"]!);
        Assert.Equal(256, (int)examples["streaming"]!["value"]!["max_output_tokens"]!);
    }

    [Fact]
    public async Task Renders_the_docs_as_html_from_the_json_spec()
    {
        using var response = await server.Client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        // Scalar resolves the source against the application's root (its page lives at /docs/): /openapi.json.
        Assert.Contains("\"url\":\"openapi.json\"", html, StringComparison.Ordinal);

        // The renderer is served by the server itself, not fetched from a CDN.
        using var script = await server.Client.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task The_docs_page_offers_nothing_that_needs_an_online_service_and_tries_requests_on_this_server()
    {
        var html = await server.Client.GetStringAsync("/docs/");

        // Scalar's AI chat, MCP, hosted deploy/SDK toolbar, telemetry and CDN fonts are all off.
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"mcp\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        var self = server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"\"servers\":[{{\"url\":\"{self}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_have_short_summaries_and_the_introduction_speaks_to_api_callers()
    {
        var spec = JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;

        foreach (var (path, operations) in spec["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (method is not ("get" or "post" or "delete"))
                    continue;
                var summary = (string?)operation!["summary"];
                Assert.False(string.IsNullOrWhiteSpace(summary), $"{method} {path} has no summary");
                Assert.True(summary!.Length <= 40 && !summary.EndsWith('.'), $"{method} {path}: '{summary}' is a sentence, not a title");
            }
        }

        var introduction = (string)spec["info"]!["description"]!;
        Assert.Contains("/v1", introduction, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", introduction, StringComparison.Ordinal);
        Assert.Contains("curl", introduction, StringComparison.Ordinal);
        Assert.DoesNotContain("NSwag", introduction, StringComparison.Ordinal);
    }
}
