using Responses.Server.OpenApi;
using Scalar.AspNetCore;

namespace Responses.Server.Hosting;

/// <summary>The spec for tools and people: GET /openapi.yaml (the file as is), /openapi.json (the same document) and /docs (Scalar).</summary>
public static class SpecEndpoints
{
    public static WebApplication MapSpec(this WebApplication app)
    {
        // Built on first use: a server that is never asked for its spec never parses it.
        var spec = new Lazy<SpecDocument>(() => new SpecDocument());
        app.MapGet("/openapi.yaml", () => Results.Bytes(spec.Value.Yaml, "application/yaml")).ExcludeFromDescription();
        app.MapGet("/openapi.json", () => Results.Bytes(spec.Value.Json, "application/json")).ExcludeFromDescription();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Responses API")
            .WithOpenApiRoutePattern("/openapi.json"));
        return app;
    }
}
