using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Responses.Server.Storage;

namespace Responses.Server.Observability;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Metrics, health checks and the log format. Call after the store is registered: it is decorated to count.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<RequestRecorder>();
        services.AddSingleton<LiveGauges>();
        CountStore(services);

        services.AddHealthChecks()
            .AddCheck<ModelsHealthCheck>("models", tags: [OperationsEndpointExtensions.ReadyTag])
            .AddCheck<StoreHealthCheck>("store", tags: [OperationsEndpointExtensions.ReadyTag])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [OperationsEndpointExtensions.ReadyTag]);

        services.AddLogFormat(configuration);
        return services;
    }

    /// <summary><c>Logging:Format</c>: text (the default console) or json (one object per line).</summary>
    public static IServiceCollection AddLogFormat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogFormatOptions>()
            .Bind(configuration.GetSection(LogFormatOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IConfigureOptions<ConsoleLoggerOptions>, ConsoleLogFormatSetup>();
        services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            // Machine-read: an unambiguous instant, unless the settings chose a format.
            json.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
            json.UseUtcTimestamp = true;
            // Read by log shippers, never put in a page: "+" and quotes as themselves, not \u002B.
            json.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        return services;
    }

    /// <summary>
    /// Wraps the configured store (AddResponseStore's factory) so saves and deletes are counted. A store registered
    /// another way (a test's stand-in) is left as it is.
    /// </summary>
    private static void CountStore(IServiceCollection services)
    {
        var registered = services.LastOrDefault(service => service.ServiceType == typeof(IResponseStore));
        if (registered?.ImplementationFactory is not { } create)
        {
            return;
        }

        services.Remove(registered);
        services.AddSingleton<IResponseStore>(provider =>
            new MeteredResponseStore((IResponseStore)create(provider), provider.GetRequiredService<ServerMetrics>()));
    }
}
