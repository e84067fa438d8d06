namespace Responses.Server.Api.WebSockets;

public static class WebSocketServiceCollectionExtensions
{
    public static IServiceCollection AddResponsesWebSockets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResponsesWebSocketOptions>()
            .Bind(configuration.GetSection(ResponsesWebSocketOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CreateMessageReader>();
        // Scoped: a turn runs on the upgrade request's services, whatever lifetime the pipeline's parts have.
        services.AddScoped<WebSocketTurns>();
        return services;
    }
}
