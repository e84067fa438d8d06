using Microsoft.Extensions.Options;

namespace Responses.Server.Runs.EncryptedReasoning;

public static class ReasoningServiceCollectionExtensions
{
    /// <summary>The <see cref="ReasoningSeal"/> and its options ("Reasoning").</summary>
    public static IServiceCollection AddReasoningSeal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReasoningOptions>().Bind(configuration.GetSection(ReasoningOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReasoningOptions>, ReasoningOptionsValidator>();
        services.AddSingleton<ReasoningSeal>();
        return services;
    }
}
