using Microsoft.Extensions.Options;

namespace Responses.Server.Host.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>The keys from every source, checked at start (an unreadable keys file stops it), as one ring.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton(provider => new ApiKeyRing(ApiKeySources.Collect(
            provider.GetRequiredService<IOptions<AuthOptions>>().Value,
            provider.GetRequiredService<IConfiguration>()[AuthOptions.KeysVariable])));
        return services;
    }
}
