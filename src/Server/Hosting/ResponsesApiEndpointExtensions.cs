using System.Net;
using Microsoft.Extensions.Options;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Hosting;

/// <summary>The HTTP pipeline: errors in OpenAI's envelope for every path, then the generated API's controllers.</summary>
public static class ResponsesApiEndpointExtensions
{
    public static WebApplication MapResponsesApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            // Unknown paths, wrong methods and wrong media types answer in the same envelope as everything else.
            var http = context.HttpContext;
            var status = (HttpStatusCode)http.Response.StatusCode;
            var (message, code) = status switch
            {
                HttpStatusCode.NotFound => ($"Invalid URL ({http.Request.Method} {http.Request.Path}).", ErrorTypes.NotFound),
                HttpStatusCode.MethodNotAllowed => ($"Method {http.Request.Method} is not allowed on {http.Request.Path}.", ErrorTypes.MethodNotAllowed),
                HttpStatusCode.UnsupportedMediaType => (
                    $"Unsupported Content-Type '{http.Request.ContentType}'. Send the body as application/json.",
                    ErrorTypes.UnsupportedMediaType),
                _ => ($"The request failed with status {(int)status}.", (string?)null),
            };
            var writer = http.RequestServices.GetRequiredService<ErrorEnvelopeWriter>();
            await writer.WriteAsync(http.Response, status, ErrorEnvelopeWriter.Envelope(ErrorTypes.InvalidRequest, message, null, code), http.RequestAborted);
        });
        app.MapControllers();
        app.MapSpec();
        return app;
    }

    /// <summary>
    /// Loads the model before the first request and says where the server listens and what it serves. A model
    /// that cannot load is one clear log line and a failed exit, not a stack trace at the first request.
    /// </summary>
    public static bool LoadModels(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Responses");
        IModelCatalog catalog;
        try
        {
            catalog = app.Services.GetRequiredService<IModelCatalog>();
        }
        catch (ModelLoadException exception)
        {
            logger.LogCritical("{Message}", exception.Message);
            return false;
        }

        // The model's own load line (id, type, context, folder, time) comes from Inference; this adds where to reach it.
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var models = string.Join(", ", catalog.Models.Select(model => $"'{model.Info.Id}'"));
        // Said once Kestrel has bound the port, so a port in use is never preceded by a claim that it listens.
        app.Lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "Responses API listening on {Url}/v1 (POST {Url}/v1/responses), serving {Models}", server.Url, server.Url, models));
        return true;
    }
}
