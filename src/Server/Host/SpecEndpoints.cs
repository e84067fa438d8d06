using Responses.Server.Host.OpenApi;
using Scalar.AspNetCore;

namespace Responses.Server.Host;

/// <summary>The spec for tools and people: GET /openapi.yaml (the file as is), /openapi.json (the same document) and /docs (Scalar).</summary>
public static class SpecEndpoints
{
    public static WebApplication MapSpec(this WebApplication app)
    {
        // Built on first use: a server that is never asked for its spec never parses it.
        var spec = new Lazy<SpecDocument>(() => new SpecDocument());
        app.MapGet("/openapi.yaml", () => Results.Bytes(spec.Value.Yaml, "application/yaml")).ExcludeFromDescription();
        app.MapGet("/openapi.json", () => Results.Bytes(spec.Value.Json, "application/json")).ExcludeFromDescription();
        app.MapScalarApiReference("/docs", (options, http) => options
            .WithTitle("Responses API")
            .WithOpenApiRoutePattern("/openapi.json")
            // The page is read where the server runs, often offline: nothing on it may call an online service
            // (Scalar's AI chat and MCP, its hosted deploy/SDK toolbar, telemetry, fonts from its CDN).
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools()
            .DisableDefaultFonts()
            // The schemas show where they are used; a list of all of them (internal unions included) only adds noise,
            // and a second "Models" entry beside the Models tag.
            .HideModels()
            // "Test Request" goes to the server that served the page, whatever --host and --port it was given,
            // rather than to the spec's default address.
            .AddServer($"{http.Request.Scheme}://{http.Request.Host}", "This server")
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl)
            .WithFeaturedClients(
                new(ScalarTarget.Shell, ScalarClient.Curl),
                new(ScalarTarget.Python, ScalarClient.Requests),
                new(ScalarTarget.Node, ScalarClient.Fetch),
                new(ScalarTarget.CSharp, ScalarClient.HttpClient)));
        return app;
    }
}
