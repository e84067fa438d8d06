using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Responses.Inference.Catalog;
using Responses.Server.Api;
using Responses.Server.Api.WebSockets;
using Responses.Server.Host.Auth;
using Responses.Server.Host.Limits;
using Responses.Server.Ids;
using Responses.Server.Observability;
using Responses.Server.Runs;
using Responses.Server.Runs.Background;
using Responses.Server.Runs.Compaction;
using Responses.Server.Runs.EncryptedReasoning;
using Responses.Server.Storage;

namespace Responses.Server.Host;

/// <summary>Everything the server registers, in one place, so Program.cs stays a few lines.</summary>
public static class ResponsesServerServiceCollectionExtensions
{
    public static IServiceCollection AddResponsesServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>()
            .Bind(configuration.GetSection(ServerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddApiKeys(configuration);
        services.AddRequestLimits(configuration);
        services.AddInference(configuration);
        // Before anything that TryAdds a default store: the configured one must win.
        services.AddResponseStore(configuration);
        services.AddOperations(configuration);
        services.AddHostedService<GracefulShutdown>();
        services.AddSingleton<IConfigureOptions<SocketTransportOptions>, SocketBufferLimits>();
        services.AddSingleton<IConfigureOptions<SocketTransportOptions>, InlineSocketScheduling>();
        // Past the grace period, stopped generations still need a moment to write their terminal events.
        services.AddOptions<HostOptions>().Configure<IOptions<ServerOptions>>((host, server) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(server.Value.ShutdownGraceSeconds + 10));

        var json = ApiJson.CreateOptions();
        services.AddSingleton(json);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IIdGenerator, RandomIdGenerator>();
        services.AddSingleton<ErrorEnvelopeWriter>();
        services.AddSingleton<SseEventWriter>();
        services.AddRuns();
        services.AddCompaction(configuration);
        services.AddReasoningSeal(configuration);
        services.AddBackgroundResponses(configuration);
        services.AddResponsesWebSockets(configuration);

        services.AddExceptionHandler<ApiExceptionHandler>();
        // UseExceptionHandler() insists on a fallback writer; ApiExceptionHandler answers every exception first.
        services.AddProblemDetails();

        // The body formatter reads with the configured nesting limit (Limits:MaxJsonDepth).
        services.AddSingleton<IConfigureOptions<MvcOptions>, JsonBodyFormatterSetup>();
        services.AddControllers(mvc =>
            {
                // Validation keys then name the JSON field ("max_output_tokens"), which becomes the error's param.
                mvc.ModelMetadataDetailsProviders.Add(new SystemTextJsonValidationMetadataProvider());
            })
            .AddJsonOptions(mvc => ApiJson.Configure(mvc.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(api =>
            {
                api.InvalidModelStateResponseFactory = context =>
                {
                    var error = ModelStateErrors.ToApiException(context.ModelState);
                    return new ObjectResult(error.Envelope()) { StatusCode = (int)error.Status };
                };
                // Bare 4xx results (415, 404) then reach the status-code page, which writes OpenAI's envelope.
                api.SuppressMapClientErrors = true;
            });
        return services;
    }
}
